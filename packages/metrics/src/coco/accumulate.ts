/**
 * COCOeval.accumulate: per category, all images' kept detections (image order, then per-image rank)
 * sorted by score with a stable sort, cumulative TP/FP per IoU threshold, precision made monotone from
 * the right and read at the recall thresholds with searchsorted(side="left").
 */
import type { GroundTruthIndex } from "./ground-truth.js";
import { FALSE_POSITIVE, IGNORED, TRUE_POSITIVE, type CellRecord } from "./match-cell.js";
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
  let codeBuf = new Uint8Array(1024);
  let firstAt = new Int32Array(1024);
  const need = new Int32Array(R);
  const position = new Int32Array(R);
  for (let k = 0; k < K; k++) {
    let anyGroundTruth = false;
    for (let a = 0; a < A; a++) if (gt.nonIgnored[k * A + a] > 0) anyGroundTruth = true;
    if (!anyGroundTruth) continue; // npig == 0 everywhere: precision and recall stay -1
    const cells = byCategory[k];
    let n = 0;
    for (const c of cells) n += c.scores.length;
    const scores = new Float64Array(n);
    const rank = new Uint8Array(n);
    const cellOf = new Int32Array(n);
    const AT = A * T;
    let pos = 0;
    for (let ci = 0; ci < cells.length; ci++) {
      const cs = cells[ci].scores;
      for (let d = 0; d < cs.length; d++) {
        scores[pos] = cs[d];
        rank[pos] = d;
        cellOf[pos++] = ci;
      }
    }
    // Concatenation order is (image, rank); the tie-break on it makes any sort equal to numpy's mergesort.
    const order = new Uint32Array(n);
    for (let j = 0; j < n; j++) order[j] = j;
    order.sort((p, q) => scores[q] - scores[p] || p - q);
    // Gathered in sorted order and transposed to [area*T + threshold][position], so the passes below read contiguously.
    const sortedRank = new Uint8Array(n);
    const outcomes = new Uint8Array(AT * n);
    for (let j = 0; j < n; j++) {
      const o = order[j];
      const d = rank[o];
      sortedRank[j] = d;
      const co = cells[cellOf[o]].outcomes;
      for (let at = 0, src = d * AT; at < AT; at++) outcomes[at * n + j] = co[src + at];
    }
    let maxGt = 0;
    for (let a = 0; a < A; a++) maxGt = Math.max(maxGt, gt.nonIgnored[k * A + a]);
    if (firstAt.length < Math.max(n, maxGt) + 1) firstAt = new Int32Array((Math.max(n, maxGt) + 1) * 2);
    if (tpBuf.length < n) {
      tpBuf = new Float64Array(n * 2);
      fpBuf = new Float64Array(n * 2);
      codeBuf = new Uint8Array(n * 2);
    }
    // Per maxDets, the sorted positions whose per-image rank is below it (each image's top m).
    const kept: Int32Array[] = MAX_DETECTIONS.map((maxDet) => {
      let c = 0;
      for (let j = 0; j < n; j++) if (sortedRank[j] < maxDet) c++;
      const list = new Int32Array(c);
      c = 0;
      for (let j = 0; j < n; j++) if (sortedRank[j] < maxDet) list[c++] = j;
      return list;
    });
    for (let a = 0; a < A; a++) {
      const npig = gt.nonIgnored[k * A + a];
      if (npig === 0) continue;
      // rc = tp / npig is non-decreasing in tp, so "rc >= recall threshold r" is "tp >= need[r]":
      // searchsorted(rc, recThrs, "left") becomes the first position where tp reaches need[r].
      for (let r = 0, c = 0; r < R; r++) {
        while (c / npig < RECALL_THRESHOLDS[r]) c++;
        need[r] = c;
      }
      for (let mi = 0; mi < M; mi++) {
        const list = kept[mi];
        const nd = list.length;
        for (let t = 0; t < T; t++) {
          const base = (a * T + t) * n;
          let tp = 0, fp = 0;
          for (let i = 0; i < nd; i++) {
            const code = outcomes[base + list[i]];
            codeBuf[i] = code;
            if (code === TRUE_POSITIVE) firstAt[++tp] = i;
            else if (code === FALSE_POSITIVE) fp++;
            tpBuf[i] = tp;
            fpBuf[i] = fp;
          }
          recall[((t * K + k) * A + a) * M + mi] = nd ? tp / npig : 0;
          const out = (t * R * K + k) * A * M + a * M + mi; // + r * K * A * M
          const stride = K * A * M;
          for (let rr = 0; rr < R; rr++) position[rr] = need[rr] === 0 ? 0 : need[rr] <= tp ? firstAt[need[rr]] : nd;
          let r = R - 1;
          for (; r >= 0 && position[r] >= nd; r--) precision[out + r * stride] = 0;
          // numpy's right-to-left "if pr[i] > pr[i-1]: pr[i-1] = pr[i]" is a running maximum from the right
          // (all pr >= 0, so starting from 0 changes nothing). An ignored entry repeats its predecessor's
          // pr (or 0 at the start), and positions read are true positives, so ignored entries can be skipped.
          let best = 0;
          for (let i = nd - 1; i >= 0 && r >= 0; i--) {
            if (codeBuf[i] !== IGNORED) {
              const p = tpBuf[i] / (fpBuf[i] + tpBuf[i] + EPS);
              if (p > best) best = p;
            }
            while (r >= 0 && position[r] === i) precision[out + r-- * stride] = best;
          }
        }
      }
    }
  }
  return { precision, recall };
}
