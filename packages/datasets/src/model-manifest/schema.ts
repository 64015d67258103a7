import { z } from "zod";
import { preprocessingSchema } from "../preprocess/config.js";

const name = z.string({ error: "a non-empty string" }).min(1, { error: "a non-empty string" });
const outputName = name.describe("model output tensor name");
const positiveInts = z.array(z.number().int().positive(), { error: "an array of positive integers" }).min(1, { error: "at least one positive integer" });

/**
 * How model class indices relate to the dataset's classes. `to_dataset`: "identity" (same order),
 * "by-name" (match `classes` to the dataset's class names), or an explicit list: entry i is the
 * dataset class index (classification, segmentation) or category id (COCO) of model class i, −1 for
 * a class the dataset does not have.
 */
export const labelSpaceSchema = z.strictObject({
  space: name.describe('e.g. "imagenet-1k", "coco-80", "voc-20", "fashion-mnist"'),
  classes: z.array(z.string(), { error: "an array of class names" }).optional(),
  to_dataset: z
    .union([z.literal("identity"), z.literal("by-name"), z.array(z.number().int().min(-1))], {
      error: '"identity", "by-name" or an array of integers (−1 = not in the dataset)',
    })
    .default("identity"),
  /** Model index of a background class that is dropped before scoring (e.g. 0 in 21-class VOC segmenters). */
  background_index: z.number().int().min(0).optional(),
});

const classificationOutput = z.strictObject({
  output: outputName.optional(),
  scores: z.enum(["logits", "probabilities"], { error: '"logits" or "probabilities"' }),
  labels: labelSpaceSchema,
});

const nmsSchema = z.strictObject({
  iou_threshold: z.number().gt(0).lte(1).default(0.6),
  score_threshold: z.number().min(0).lte(1).default(0.001),
  max_detections: z.number().int().positive().default(100),
  class_agnostic: z.boolean().default(false),
});

const boxFormat = z.enum(["xyxy", "xywh", "cxcywh"], { error: '"xyxy", "xywh" or "cxcywh"' });
const boxSpace = z.enum(["input-pixels", "normalised"], { error: '"input-pixels" or "normalised"' });

/** Boxes the graph already decodes (e.g. CenterNet: [1,100,6] = x1,y1,x2,y2,score,class). */
const decodedHead = z.strictObject({
  type: z.literal("decoded"),
  /** One tensor with a row per detection, `columns` naming what each column holds… */
  output: outputName.optional(),
  columns: z.array(z.enum(["x1", "y1", "x2", "y2", "cx", "cy", "w", "h", "x", "y", "score", "class", "ignore"])).optional(),
  /** …or separate tensors. */
  outputs: z.strictObject({ boxes: outputName, scores: outputName, classes: outputName.optional(), count: outputName.optional() }).optional(),
  box_format: boxFormat,
  coordinates: boxSpace,
  nms: nmsSchema.optional(),
});

/** YOLOv3-style grids: per stride, anchors × (4 box + 1 objectness + classes). */
const yoloHead = z.strictObject({
  type: z.literal("yolo-grid"),
  outputs: z.array(outputName).min(1),
  strides: positiveInts,
  /** Anchors in input pixels, one list of [w, h] per stride. */
  anchors: z.array(z.array(z.tuple([z.number().positive(), z.number().positive()])).min(1)),
  /** Whether the graph already applied sigmoid to xy/objectness/classes. */
  activated: z.boolean().default(false),
  nms: nmsSchema.default({ iou_threshold: 0.45, score_threshold: 0.001, max_detections: 100, class_agnostic: false }),
});

/** GFL/NanoDet distribution head: per side a softmax over reg_max + 1 bins, expectation × stride. */
const distributionHead = z.strictObject({
  type: z.literal("distribution"),
  score_outputs: z.array(outputName).min(1),
  box_outputs: z.array(outputName).min(1),
  strides: positiveInts,
  reg_max: z.number().int().positive(),
  /** Anchor point within a cell: 0 (NanoDet: x·stride) or 0.5 ((x + 0.5)·stride). */
  center_offset: z.union([z.literal(0), z.literal(0.5)], { error: "0 or 0.5" }),
  scores_activated: z.boolean().default(true),
  nms: nmsSchema.default({ iou_threshold: 0.6, score_threshold: 0.05, max_detections: 100, class_agnostic: false }),
});

const detectionOutput = z.strictObject({
  head: z.discriminatedUnion("type", [decodedHead, yoloHead, distributionHead], {
    error: '"decoded", "yolo-grid" or "distribution"',
  }),
  labels: labelSpaceSchema,
});

const segmentationOutput = z.strictObject({
  output: outputName.optional(),
  kind: z.enum(["logits", "probabilities", "label-map"], { error: '"logits", "probabilities" or "label-map"' }),
  layout: z.enum(["NCHW", "NHWC"]).default("NCHW"),
  /** Input pixels per output pixel (1 = full resolution; 4, 8, 16… are upsampled bilinearly). */
  output_stride: z.number().int().positive().default(1),
  labels: labelSpaceSchema,
});

const instanceOutput = detectionOutput.extend({
  masks: z.strictObject({
    output: outputName,
    /** "per-detection": [N, h, w] mask probabilities aligned with the boxes, pasted into each box. */
    kind: z.enum(["per-detection", "full-image"]),
    threshold: z.number().gt(0).lt(1).default(0.5),
  }),
});

const metadataSchema = z.strictObject({
  name,
  architecture: name.describe("architecture family, e.g. ResNet, NanoDet"),
  year: z.number({ error: "a year as a number" }).int().min(1980).max(2100).optional(),
  paper_url: z.url({ error: "a URL" }).optional(),
  license: name.describe("SPDX id or 'unknown'"),
  source: z.string().optional(),
  notes: z.string().optional(),
});

const common = {
  format: z.literal("podium-model/1", { error: 'the literal "podium-model/1"' }),
  /** Model file, relative to the manifest's folder. */
  model: name,
  runtime: z.enum(["onnx", "tfjs-graph", "tfjs-layers"], { error: '"onnx", "tfjs-graph" or "tfjs-layers"' }),
  metadata: metadataSchema,
  preprocessing: preprocessingSchema,
};

export const modelManifestSchema = z.discriminatedUnion(
  "task",
  [
    z.strictObject({ ...common, task: z.literal("classification"), output: classificationOutput }),
    z.strictObject({ ...common, task: z.literal("detection"), output: detectionOutput }),
    z.strictObject({ ...common, task: z.literal("semantic-segmentation"), output: segmentationOutput }),
    z.strictObject({ ...common, task: z.literal("instance-segmentation"), output: instanceOutput }),
  ],
  { error: 'one of "classification", "detection", "semantic-segmentation", "instance-segmentation"' },
);

export type ModelManifest = z.output<typeof modelManifestSchema>;
export type ModelManifestInput = z.input<typeof modelManifestSchema>;
export type LabelSpace = z.output<typeof labelSpaceSchema>;
export type DetectionHead = z.output<typeof detectionOutput>["head"];
