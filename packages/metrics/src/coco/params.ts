/**
 * COCOeval's default parameters for bbox/segm, computed with the same float operations as numpy so
 * thresholds compare bit-for-bit (np.linspace: i*step + start, last element set to stop).
 */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

export const IOU_THRESHOLDS: Float64Array = linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1);
export const RECALL_THRESHOLDS: Float64Array = linspace(0, 1, Math.round((1 - 0) / 0.01) + 1);
export const MAX_DETECTIONS: readonly number[] = [1, 10, 100];
/** Per image per category, only this many top-scoring detections are matched (maxDets[-1]). */
export const DETECTIONS_PER_CELL = 100;
export const AREA_RANGE_LABELS = ["all", "small", "medium", "large"] as const;
export type AreaRangeLabel = (typeof AREA_RANGE_LABELS)[number];
/** [lo, hi] pairs, both bounds inclusive (pycocotools tests `area < lo || area > hi` for "outside"). */
export const AREA_RANGES: readonly (readonly [number, number])[] = [
  [0, 1e10],
  [0, 32 ** 2],
  [32 ** 2, 96 ** 2],
  [96 ** 2, 1e10],
];

export const T = IOU_THRESHOLDS.length;
export const R = RECALL_THRESHOLDS.length;
export const A = AREA_RANGES.length;
export const M = MAX_DETECTIONS.length;

/** np.spacing(1): keeps tp / (tp + fp) defined when both are 0. */
export const EPS = 2 ** -52;
