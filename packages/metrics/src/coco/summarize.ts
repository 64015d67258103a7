/** COCOeval.summarize: means over the entries > -1 of slices of precision/recall, numpy's summation order. */
import type { Accumulated } from "./accumulate.js";
import { A, AREA_RANGE_LABELS, IOU_THRESHOLDS, M, MAX_DETECTIONS, R, T, type AreaRangeLabel } from "./params.js";

/** numpy's pairwise summation of a contiguous float64 array (np.add.reduce). */
function pairwiseSum(a: Float64Array, from: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[from + i];
    return res;
  }
  if (n <= 128) {
    const r = [a[from], a[from + 1], a[from + 2], a[from + 3], a[from + 4], a[from + 5], a[from + 6], a[from + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[from + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[from + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
}

/** np.mean(s[s > -1]), or -1 when nothing is defined. */
function meanDefined(values: Float64Array, count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (values[i] > -1) values[n++] = values[i];
  if (n === 0) return -1;
  // np.add.reduce runs its pairwise inner loop over buffer-sized chunks (8192) and adds the chunks in order.
  let sum = 0;
  for (let i = 0; i < n; i += 8192) sum += pairwiseSum(values, i, Math.min(8192, n - i));
  return sum / n;
}

export interface SummaryQuery {
  readonly ap: boolean;
  /** IoU threshold (matched exactly like `iouThr == p.iouThrs`), or undefined for all. */
  readonly iouThr?: number;
  readonly area: AreaRangeLabel;
  readonly maxDets: number;
  /** One category index, or undefined for all. */
  readonly category?: number;
}

export function summarizeOne(acc: Accumulated, K: number, q: SummaryQuery, scratch: Float64Array): number {
  const a = AREA_RANGE_LABELS.indexOf(q.area);
  const m = MAX_DETECTIONS.indexOf(q.maxDets);
  if (a < 0 || m < 0) return -1;
  const ts: number[] = [];
  for (let t = 0; t < T; t++) if (q.iouThr === undefined || IOU_THRESHOLDS[t] === q.iouThr) ts.push(t);
  const k0 = q.category ?? 0, k1 = q.category === undefined ? K : q.category + 1;
  let c = 0;
  for (const t of ts) {
    if (q.ap) {
      for (let r = 0; r < R; r++) for (let k = k0; k < k1; k++) scratch[c++] = acc.precision[(((t * R + r) * K + k) * A + a) * M + m];
    } else {
      for (let k = k0; k < k1; k++) scratch[c++] = acc.recall[((t * K + k) * A + a) * M + m];
    }
  }
  return meanDefined(scratch, c);
}

export const STAT_NAMES = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"] as const;
export type StatName = (typeof STAT_NAMES)[number];

export const STAT_QUERIES: Record<StatName, Omit<SummaryQuery, "category">> = {
  AP: { ap: true, area: "all", maxDets: 100 },
  AP50: { ap: true, iouThr: 0.5, area: "all", maxDets: 100 },
  AP75: { ap: true, iouThr: 0.75, area: "all", maxDets: 100 },
  APs: { ap: true, area: "small", maxDets: 100 },
  APm: { ap: true, area: "medium", maxDets: 100 },
  APl: { ap: true, area: "large", maxDets: 100 },
  AR1: { ap: false, area: "all", maxDets: 1 },
  AR10: { ap: false, area: "all", maxDets: 10 },
  AR100: { ap: false, area: "all", maxDets: 100 },
  ARs: { ap: false, area: "small", maxDets: 100 },
  ARm: { ap: false, area: "medium", maxDets: 100 },
  ARl: { ap: false, area: "large", maxDets: 100 },
};
