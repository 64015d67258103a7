/** COCO instances-format ground truth and loadRes-format detections, as users hand them to us. */

/** Polygons of one object: flat [x0, y0, x1, y1, …] arrays, in pixels. */
export type CocoPolygons = readonly (readonly number[])[];
/** RLE with `counts` as pycocotools' compressed string or as plain run lengths (uncompressed). */
export interface CocoRleObject {
  readonly size: readonly [number, number] | readonly number[];
  readonly counts: string | readonly number[];
}
export type CocoSegmentation = CocoPolygons | CocoRleObject;

export interface CocoImage {
  readonly id: number;
  readonly width: number;
  readonly height: number;
}

export interface CocoAnnotation {
  readonly id: number;
  readonly image_id: number;
  readonly category_id: number;
  /** [x, y, width, height]; required for iouType "bbox". */
  readonly bbox?: readonly number[];
  /** Decides the area range (small/medium/large) the object belongs to, as in pycocotools. */
  readonly area: number;
  readonly iscrowd?: number | boolean;
  /** Required for iouType "segm". */
  readonly segmentation?: CocoSegmentation;
  /** Accepted but, as in pycocotools, overridden by `iscrowd` (COCOeval._prepare overwrites it). */
  readonly ignore?: number | boolean;
}

export interface CocoCategory {
  readonly id: number;
  readonly name: string;
}

export interface CocoGroundTruth {
  readonly images: readonly CocoImage[];
  readonly annotations: readonly CocoAnnotation[];
  readonly categories: readonly CocoCategory[];
}

/**
 * One result in pycocotools' loadRes list format: a box, a mask, or both. As loadRes derives them, the
 * detection's area (for the area-range rule) is the box's w*h when a box is given — even for iouType
 * "segm" (loadRes' bbox branch) — else the mask's pixel count; a mask-only result gets the mask's extent
 * as its box, and a box-only result evaluated as "segm" gets the box's polygon as its mask.
 */
export interface CocoDetection {
  readonly image_id: number;
  readonly category_id: number;
  readonly score: number;
  readonly bbox?: readonly number[];
  readonly segmentation?: CocoSegmentation;
}

export type CocoIouType = "bbox" | "segm";

export interface CocoOptions {
  readonly iouType: CocoIouType;
}

export interface CocoCategoryResult {
  readonly categoryId: number;
  readonly name: string;
  readonly AP: number;
  readonly AP50: number;
  readonly AP75: number;
  readonly APs: number;
  readonly APm: number;
  readonly APl: number;
  readonly AR100: number;
  /** Ground-truth annotations of this category, crowd included. */
  readonly numGroundTruth: number;
  /** Detections given for this category (before the 100-per-image cap). */
  readonly numDetections: number;
}

export interface CocoResult {
  /** COCOeval.summarize() order: AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl; -1 where undefined. */
  readonly stats: number[];
  readonly AP: number;
  readonly AP50: number;
  readonly AP75: number;
  readonly APs: number;
  readonly APm: number;
  readonly APl: number;
  readonly AR1: number;
  readonly AR10: number;
  readonly AR100: number;
  readonly ARs: number;
  readonly ARm: number;
  readonly ARl: number;
  readonly perCategory: CocoCategoryResult[];
  /** COCOeval.eval['precision'], C order [iou][recall][category][area][maxDets]; -1 where undefined. */
  readonly precision: Float64Array;
  readonly precisionDims: readonly [number, number, number, number, number];
  /** COCOeval.eval['recall'], C order [iou][category][area][maxDets]. */
  readonly recall: Float64Array;
  readonly recallDims: readonly [number, number, number, number];
  readonly iouThresholds: Float64Array;
  readonly recallThresholds: Float64Array;
  readonly maxDetections: readonly number[];
  readonly areaRanges: readonly string[];
  readonly categoryIds: readonly number[];
}
