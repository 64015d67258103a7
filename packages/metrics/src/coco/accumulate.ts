/**
 * COCOeval.accumulate: per category, all images' kept detections (image order, then per-image rank)
 * sorted by score with a stable sort, cumulative TP/FP per IoU threshold, precision made monotone from
 * the right and read at the recall thresholds with searchsorted(side="left").
 */
import type { GroundTruthIndex } from "./ground-truth.js";
import { FALSE_POSITIVE, TRUE_POSITIVE, type CellRecord } from "./match-cell.js";
import { A, EPS, M, MAX_DETECTIONS, R, RECALL_THRESHOLDS, T } from "./params.js";

export interface Accumulated {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
}

/** `cellsByImage[i]`: the cells of image i (sorted image order); undefined = no detections there. */
export function accumulate(gt: GroundTruthIndex, cellsByImage: readonly (readonly CellRecord[] | undefined)[]): Accumulated {
  const K = gt.categoryIds.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const byCategory: CellRecord[][] = Array.from({ length: K }, () => []);
  for (const cells of cellsByImage) if (cells) for (const c of cells) byCategory[c.category].push(c);

  let tpBuf = new Float64Array(1024);
  let fpBuf = new Float64Array(1024);
  let prBuf = new Float64Array(1024);
  for (let k = 0; k < K; k++) {
    let anyGroundTruth = false;
    for (let a = 0; a < A; a++) if (gt.nonIgnored[k * A + a] > 0) anyGroundTruth = true;
    if (!anyGroundTruth) continue; // npig == 0 everywhere: precision and recall stay -1
    const cells = byCategory[k];
    let n = 0;
    for (const c of cells) n += c.scores.length;
    const scores = new Float64Array(n);
    const rank = new Uint8Array(n);
    const raw = new Uint8Array(A * T * n);
    let pos = 0;
    for (const c of cells) {
      const D = c.scores.length;
      scores.set(c.scores, pos);
      for (let d = 0; d < D; d++) rank[pos + d] = d;
      for (let at = 0; at < A * T; at++) raw.set(c.outcomes.subarray(at * D, at * D + D), at * n + pos);
      pos += D;
    }
    // Concatenation order is (image, rank); the tie-break on it makes any sort equal to numpy's mergesort.
    const order = new Uint32Array(n);
    for (let j = 0; j < n; j++) order[j] = j;
    order.sort((p, q) => scores[q] - scores[p] || p - q);
    const sortedRank = new Uint8Array(n);
    const outcomes = new Uint8Array(A * T * n);
    for (let j = 0; j < n; j++) {
      const o = order[j];
      sortedRank[j] = rank[o];
      for (let at = 0; at < A * T; at++) outcomes[at * n + j] = raw[at * n + o];
    }
    if (tpBuf.length < n) {
      tpBuf = new Float64Array(n * 2);
      fpBuf = new Float64Array(n * 2);
      prBuf = new Float64Array(n * 2);
    }
    for (let a = 0; a < A; a++) {
      const npig = gt.nonIgnored[k * A + a];
      if (npig === 0) continue;
      for (let mi = 0; mi < M; mi++) {
        const maxDet = MAX_DETECTIONS[mi];
        for (let t = 0; t < T; t++) {
          const base = (a * T + t) * n;
          let nd = 0, tp = 0, fp = 0;
          for (let j = 0; j < n; j++) {
            if (sortedRank[j] >= maxDet) continue;
            const code = outcomes[base + j];
            if (code === TRUE_POSITIVE) tp++;
            else if (code === FALSE_POSITIVE) fp++;
            tpBuf[nd] = tp;
            fpBuf[nd] = fp;
            nd++;
          }
          recall[((t * K + k) * A + a) * M + mi] = nd ? tpBuf[nd - 1] / npig : 0;
          for (let i = 0; i < nd; i++) prBuf[i] = tpBuf[i] / (fpBuf[i] + tpBuf[i] + EPS);
          for (let i = nd - 1; i > 0; i--) if (prBuf[i] > prBuf[i - 1]) prBuf[i - 1] = prBuf[i];
          let i = 0;
          for (let r = 0; r < R; r++) {
            const thr = RECALL_THRESHOLDS[r];
            while (i < nd && tpBuf[i] / npig < thr) i++;
            precision[(((t * R + r) * K + k) * A + a) * M + mi] = i < nd ? prBuf[i] : 0;
          }
        }
      }
    }
  }
  return { precision, recall };
}
