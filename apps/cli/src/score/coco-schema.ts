import { z } from "zod";

// The shapes `podium score detection` accepts, checked before any scoring so that a malformed file is
// reported by field path. Semantic checks (unknown ids, NaN, RLE sizes) are the evaluator's.
const id = z.number().int("expected an integer id");
const box = z.array(z.number()).length(4, "expected [x, y, width, height]");
const rle = z.object({
  size: z.array(z.number().int().nonnegative()).length(2, "expected [height, width]"),
  counts: z.union([z.string(), z.array(z.number().int().nonnegative())]),
});
const polygons = z.array(z.array(z.number()));
const segmentation = z.union([polygons, rle]);

export const cocoGroundTruthSchema = z.object({
  images: z.array(z.object({ id, width: z.number().int().positive(), height: z.number().int().positive() }).loose()),
  annotations: z.array(
    z
      .object({
        id,
        image_id: id,
        category_id: id,
        bbox: box.optional(),
        area: z.number().nonnegative(),
        iscrowd: z.union([z.literal(0), z.literal(1), z.boolean()]).optional(),
        segmentation: segmentation.optional(),
        ignore: z.union([z.number(), z.boolean()]).optional(),
      })
      .loose(),
  ),
  categories: z.array(z.object({ id, name: z.string() }).loose()).min(1, "expected at least one category"),
}).loose();

export const cocoResultsSchema = z.array(
  z
    .object({
      image_id: id,
      category_id: id,
      score: z.number(),
      bbox: box.optional(),
      segmentation: segmentation.optional(),
    })
    .loose(),
);
