import { z } from "zod";

const relativePath = z.string({ error: "a path relative to the manifest's folder" }).min(1, { error: "a path relative to the manifest's folder" });
const classRef = z.union([z.number().int().min(0), z.string().min(1)], { error: "a class index or a class name" });

const box = z.strictObject({
  class: classRef,
  box: z.tuple([z.number(), z.number(), z.number(), z.number()], { error: "4 numbers" }),
  difficult: z.boolean().default(false),
});

const sample = z.strictObject({
  /** Unique id; defaults to the image path. */
  id: z.string().min(1).optional(),
  image: relativePath,
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /** classification */
  label: classRef.optional(),
  /** detection */
  boxes: z.array(box).optional(),
  /** semantic segmentation: single-channel label-map PNG */
  mask: relativePath.optional(),
});

/**
 * `podium-dataset/1`: a JSON manifest for datasets in no standard layout. Paths are relative to the
 * manifest's folder and may not leave it. One sample per image, ground truth by task: `label`
 * (classification), `boxes` (detection; `box_format` "xyxy" or "xywh", pixel coordinates), or `mask`
 * (semantic segmentation; value = class index, `ignore_index` not scored).
 */
export const datasetManifestSchema = z.strictObject({
  format: z.literal("podium-dataset/1", { error: 'the literal "podium-dataset/1"' }),
  name: z.string({ error: "a dataset name" }).min(1, { error: "a dataset name" }),
  task: z.enum(["classification", "detection", "semantic-segmentation"], { error: '"classification", "detection" or "semantic-segmentation"' }),
  classes: z.array(z.string().min(1), { error: "an array of class names" }).min(1, { error: "at least one class name" }),
  box_format: z.enum(["xyxy", "xywh"], { error: '"xyxy" or "xywh"' }).default("xyxy"),
  ignore_index: z.number().int().min(0).max(65535).default(255),
  samples: z.array(sample, { error: "an array of samples" }).min(1, { error: "at least one sample" }),
});

export type DatasetManifest = z.output<typeof datasetManifestSchema>;
