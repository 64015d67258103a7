import { MetricInputError } from "../errors.js";
import type { Detections } from "./detections.js";
import { requireThreshold } from "./validate.js";

export interface NmsOptions {
  /** A box is suppressed when its IoU with a kept, higher-ranked box is > this (strict, as torchvision.ops.nms). */
  readonly iouThreshold: number;
  /** "class-wise" (default): boxes only suppress boxes of their own class (torchvision batched_nms); "agnostic": any class. */
  readonly mode?: "class-wise" | "agnostic";
  /** Drop detections with score ≤ this before anything else. Default: keep all. */
  readonly scoreThreshold?: number;
  /** Keep only the k highest-scoring candidates (over all classes) before suppression. Default: all. */
  readonly preNmsTopK?: number;
  /** Most detections returned overall, highest scores first. Default: all survivors. */
  readonly maxDetections?: number;
}

/** Intersection over union of boxes i and j (x1, y1, x2, y2, no +1 pixel); 0 when the union is empty. */
export function boxIoU(boxes: ArrayLike<number>, i: number, j: number): number {
  const ax1 = boxes[4 * i], ay1 = boxes[4 * i + 1], ax2 = boxes[4 * i + 2], ay2 = boxes[4 * i + 3];
  const bx1 = boxes[4 * j], by1 = boxes[4 * j + 1], bx2 = boxes[4 * j + 2], by2 = boxes[4 * j + 3];
  const w = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const h = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy NMS. Candidates are ranked by score, ties by their row order in `detections` (a stable sort, as
 * torchvision's), so the result is deterministic. Returns the survivors in rank order.
 */
export function nonMaxSuppression(detections: Detections, options: NmsOptions): Detections {
  const { iouThreshold } = options;
  requireThreshold(iouThreshold, "iouThreshold");
  const mode = options.mode ?? "class-wise";
  if (mode !== "class-wise" && mode !== "agnostic") throw new MetricInputError(`NMS mode must be "class-wise" or "agnostic", got ${String(mode)}`);
  const maxDetections = options.maxDetections ?? Infinity;
  const preNmsTopK = options.preNmsTopK ?? Infinity;
  for (const [name, value] of [["maxDetections", maxDetections], ["preNmsTopK", preNmsTopK]] as const) {
    if (value !== Infinity && !(Number.isInteger(value) && value >= 0)) throw new MetricInputError(`${name} must be a non-negative integer, got ${value}`);
  }
  const { boxes, scores, classIds, count } = detections;
  if (boxes.length !== 4 * count || scores.length !== count || classIds.length !== count) {
    throw new MetricInputError(`detections: expected ${4 * count} box values, ${count} scores and ${count} class ids, got ${boxes.length}, ${scores.length}, ${classIds.length}`);
  }
  for (let i = 0; i < count; i++) {
    if (Number.isNaN(scores[i])) throw new MetricInputError(`detections: score ${i} is NaN`);
  }
  for (let i = 0; i < 4 * count; i++) {
    if (Number.isNaN(boxes[i])) throw new MetricInputError(`detections: box ${i >> 2} has a NaN coordinate`);
  }

  let ranked: number[] = [];
  const threshold = options.scoreThreshold;
  if (threshold !== undefined) requireThreshold(threshold, "scoreThreshold");
  for (let i = 0; i < count; i++) if (threshold === undefined || scores[i] > threshold) ranked.push(i);
  // Array.prototype.sort is stable (ES2019), so equal scores keep their row order.
  ranked.sort((a, b) => scores[b] - scores[a]);
  if (ranked.length > preNmsTopK) ranked = ranked.slice(0, preNmsTopK);

  // Suppression only happens within a group (one class, or everything), so each group runs alone: n_c² work instead of n².
  const groups = new Map<number, number[]>();
  ranked.forEach((index, rank) => {
    const key = mode === "agnostic" ? 0 : classIds[index];
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(rank);
  });
  const keptRanks: number[] = [];
  for (const group of groups.values()) {
    const suppressed = new Uint8Array(group.length);
    let keptInGroup = 0;
    for (let a = 0; a < group.length && keptInGroup < maxDetections; a++) {
      if (suppressed[a]) continue;
      keptRanks.push(group[a]);
      keptInGroup++;
      const i = ranked[group[a]];
      for (let b = a + 1; b < group.length; b++) {
        if (!suppressed[b] && boxIoU(boxes, i, ranked[group[b]]) > iouThreshold) suppressed[b] = 1;
      }
    }
  }
  keptRanks.sort((a, b) => a - b);
  const keep = keptRanks.slice(0, Math.min(keptRanks.length, maxDetections)).map((rank) => ranked[rank]);
  return selectDetections(detections, keep);
}

/** The rows `indices` of `detections`, in that order. */
export function selectDetections(detections: Detections, indices: readonly number[]): Detections {
  const n = indices.length;
  const boxes = new Float32Array(4 * n);
  const scores = new Float32Array(n);
  const classIds = new Int32Array(n);
  indices.forEach((src, dst) => {
    boxes.set(detections.boxes.subarray(4 * src, 4 * src + 4), 4 * dst);
    scores[dst] = detections.scores[src];
    classIds[dst] = detections.classIds[src];
  });
  return { count: n, boxes, scores, classIds };
}
