import { z } from "zod";

const id = z.number({ error: "an integer id" }).int({ error: "an integer id" });
const box = z.tuple([z.number(), z.number(), z.number().min(0), z.number().min(0)], { error: "[x, y, width, height] with width, height ≥ 0" });

/** The parts of a COCO instances file (`instances_val2017.json`) that evaluation needs; extra fields pass. */
export const cocoInstancesSchema = z.looseObject({
  images: z.array(z.looseObject({ id, file_name: z.string({ error: "a file name" }).min(1), width: z.number().int().positive(), height: z.number().int().positive() }), {
    error: "an array of images",
  }),
  annotations: z.array(
    z.looseObject({
      id,
      image_id: id,
      category_id: id,
      bbox: box,
      area: z.number({ error: "a number (area)" }).min(0),
      iscrowd: z.union([z.literal(0), z.literal(1)], { error: "0 or 1" }).default(0),
      segmentation: z.unknown().optional(),
    }),
    { error: "an array of annotations" },
  ),
  categories: z.array(z.looseObject({ id, name: z.string({ error: "a category name" }), supercategory: z.string().optional() }), { error: "an array of categories" }).min(1, {
    error: "at least one category",
  }),
});

export type CocoInstances = z.output<typeof cocoInstancesSchema>;
