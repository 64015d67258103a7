/**
 * COCOeval.computeIoU + evaluateImg for one image and one category, for all area ranges at once.
 * Each kept detection gets one outcome per (area range, IoU threshold): true positive, false positive,
 * or ignored — all that accumulate() reads from dtMatches/dtIgnore.
 */
import type { DetectionBatch } from "./detections.js";
import { groundTruthMask, type GroundTruthIndex } from "./ground-truth.js";
import { A, AREA_RANGES, DETECTIONS_PER_CELL, IOU_THRESHOLDS, T } from "./params.js";
import { boxIou, rleIou } from "./rle.js";

export const FALSE_POSITIVE = 0;
export const TRUE_POSITIVE = 1;
export const IGNORED = 2;

/** One (image, category) with at least one detection. */
export interface CellRecord {
  readonly category: number;
  /** Detections given for this image and category, before the cap. */
  readonly given: number;
  /** Kept detections' scores, highest first (stable: ties keep input order). */
  readonly scores: Float64Array;
  /** [(d*A + a)*T + t]: FALSE_POSITIVE, TRUE_POSITIVE or IGNORED. */
  readonly outcomes: Uint8Array;
}

let iouScratch = new Float64Array(1024);
let intScratch = new Int32Array(1024);

/**
 * Detections = `batch.order[from..to)` (one image, one category, in input order); ground truth =
 * the index's sorted positions [gFrom, gTo) of the same image and category (possibly empty).
 */
export function matchCell(gt: GroundTruthIndex, batch: DetectionBatch, category: number, from: number, to: number, gFrom: number, gTo: number, imageIdx: number): CellRecord {
  const score = batch.score;
  const given = to - from;
  const sorted: number[] = new Array(given);
  for (let j = 0; j < given; j++) sorted[j] = batch.order[from + j];
  stableSortByScoreDesc(sorted, score);
  const D = Math.min(given, DETECTIONS_PER_CELL);
  const G = gTo - gFrom;
  const scores = new Float64Array(D);
  for (let d = 0; d < D; d++) scores[d] = score[sorted[d]];
  const outcomes = new Uint8Array(A * T * D);

  if (iouScratch.length < D * G) iouScratch = new Float64Array(D * G * 2);
  const iou = iouScratch;
  if (G > 0) fillIous(gt, batch, sorted, D, gFrom, G, imageIdx, iou);

  // Scratch layout: [gOrder G][gIgnored G][matched G][candStart D+1][cands D*G][detOutside D]
  const need = 3 * G + D + 1 + D * G + D;
  if (intScratch.length < need) intScratch = new Int32Array(need * 2);
  const s = intScratch;
  const O = 0, IG = G, MT = 2 * G, CS = 3 * G, CL = 3 * G + D + 1, OUT = CL + D * G;
  const minThr = IOU_THRESHOLDS[0];

  for (let a = 0; a < A; a++) {
    const lo = AREA_RANGES[a][0], hi = AREA_RANGES[a][1];
    // Ground truth order: not ignored first, each part in input order (argsort mergesort of _ignore).
    let p = 0;
    for (let g = 0; g < G; g++) {
      const q = gFrom + g;
      const ig = gt.crowd[q] || gt.area[q] < lo || gt.area[q] > hi ? 1 : 0;
      s[IG + g] = ig;
      if (!ig) s[O + p++] = g;
    }
    for (let g = 0; g < G; g++) if (s[IG + g]) s[O + p++] = g;
    // Candidates per detection, in ground-truth order: only IoU >= the lowest threshold can ever match,
    // and skipping the others cannot change the greedy loop (its early exit re-triggers on the next one).
    let c = 0;
    for (let d = 0; d < D; d++) {
      s[CS + d] = c;
      const row = d * G;
      for (let r = 0; r < G; r++) {
        const g = s[O + r];
        if (iou[row + g] >= minThr) s[CL + c++] = g;
      }
    }
    s[CS + D] = c;
    for (let d = 0; d < D; d++) {
      const dArea = batch.area[sorted[d]];
      s[OUT + d] = dArea < lo || dArea > hi ? 1 : 0;
    }
    for (let t = 0; t < T; t++) {
      const thr = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
      for (let g = 0; g < G; g++) s[MT + g] = 0;
      for (let d = 0; d < D; d++) {
        let best = thr;
        let m = -1;
        const row = d * G;
        for (let ci = s[CS + d], ce = s[CS + d + 1]; ci < ce; ci++) {
          const g = s[CL + ci];
          if (s[MT + g] && !gt.crowd[gFrom + g]) continue;
          if (m > -1 && !s[IG + m] && s[IG + g]) break;
          const v = iou[row + g];
          if (v < best) continue;
          best = v;
          m = g;
        }
        const outside = s[OUT + d] === 1;
        if (m === -1) {
          outcomes[(d * A + a) * T + t] = outside ? IGNORED : FALSE_POSITIVE;
          continue;
        }
        s[MT + m] = 1;
        // pycocotools records the match as the ground truth's id, and reads id 0 as "unmatched".
        const matched = gt.id[gFrom + m] !== 0;
        if (s[IG + m] || (!matched && outside)) outcomes[(d * A + a) * T + t] = IGNORED;
        else outcomes[(d * A + a) * T + t] = matched ? TRUE_POSITIVE : FALSE_POSITIVE;
      }
    }
  }
  return { category, given, scores, outcomes };
}

function fillIous(gt: GroundTruthIndex, batch: DetectionBatch, sorted: number[], D: number, gFrom: number, G: number, imageIdx: number, iou: Float64Array): void {
  if (gt.iouType === "bbox") {
    const box = batch.box, gbox = gt.box;
    for (let d = 0; d < D; d++) {
      const i4 = 4 * sorted[d];
      const dx = box[i4], dy = box[i4 + 1], dw = box[i4 + 2], dh = box[i4 + 3];
      for (let g = 0; g < G; g++) {
        const q = 4 * (gFrom + g);
        iou[d * G + g] = boxIou(dx, dy, dw, dh, gbox[q], gbox[q + 1], gbox[q + 2], gbox[q + 3], gt.crowd[gFrom + g] === 1);
      }
    }
    return;
  }
  const masks = batch.masks!;
  for (let g = 0; g < G; g++) groundTruthMask(gt, gFrom + g, imageIdx);
  for (let d = 0; d < D; d++) {
    const det = sorted[d];
    const dm = masks[det];
    // rleIou prefilters on the masks' own extents, not on a box the user gave.
    const maskBox = batch.maskBoxes![det];
    for (let g = 0; g < G; g++) {
      iou[d * G + g] = rleIou(dm, gt.masks[gFrom + g]!, gt.crowd[gFrom + g] === 1, maskBox, gt.maskBoxes[gFrom + g]!);
    }
  }
}

/** Descending score, ties in input order (numpy argsort(-score, kind="mergesort")). */
function stableSortByScoreDesc(idx: number[], score: Float64Array): void {
  const n = idx.length;
  if (n <= 24) {
    for (let i = 1; i < n; i++) {
      const v = idx[i];
      const sv = score[v];
      let j = i - 1;
      while (j >= 0 && score[idx[j]] < sv) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = v;
    }
    return;
  }
  idx.sort((p, q) => score[q] - score[p] || p - q);
}
