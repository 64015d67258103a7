/**
 * MLPerf LoadGen's early-stopping estimate for single-stream latency percentiles (mlcommons/inference,
 * loadgen/early_stopping.cc and results.cc `PerformanceSummary::EarlyStopping`).
 *
 * Treat each query as a Bernoulli trial: "overlatency" with probability 1 − p for the target percentile p.
 * The probability of seeing t or fewer overlatency queries among h + t, if the true percentile were exactly
 * at the bound (minus tolerance d), is the binomial CDF
 *     odds(h, t) = Σ_{x=0..t} C(h+t, x) (p−d)^(h+t−x) (1−p+d)^x   ( = BetaRegularized[p−d, h, 1+t] ).
 * minPassing(t) is the smallest h with odds(h, t) < 1 − c (confidence c). LoadGen then needs at least
 * minPassing(1) + 1 queries, and with N queries finds the largest t for which N ≥ minPassing(t) + t:
 * it may discard the t − 1 slowest queries, and reports the latency of rank N − t (0-based, ascending)
 * as a conservative upper bound on the p-th percentile. LoadGen's defaults: c = 0.99, d = 0.
 */

/** Binomial CDF evaluated in log space so (p−d)^(h+t) cannot underflow for long runs. */
export function earlyStoppingOdds(h: number, t: number, p: number, d: number): number {
  const q = p - d;
  const n = h + t;
  const logQ = Math.log(q);
  const logNotQ = Math.log(1 - q);
  let logTerm = n * logQ; // x = 0: q^n
  let maxLog = logTerm;
  const logs = [logTerm];
  for (let x = 0; x < t; x++) {
    // C(n, x+1)/C(n, x) = (n − x)/(x + 1); each step trades one q for one (1 − q).
    logTerm += Math.log((n - x) / (x + 1)) + logNotQ - logQ;
    logs.push(logTerm);
    if (logTerm > maxLog) maxLog = logTerm;
  }
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - maxLog);
  return Math.exp(maxLog + Math.log(sum));
}

/** Smallest h with odds(h, t, p, d) < 1 − c. odds falls as h grows, so bracket by doubling then bisect. */
export function minPassingQueries(t: number, p: number, d = 0, c = 0.99): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`percentile must be in (0, 1), got ${p}`);
  if (!(c > 0 && c < 1)) throw new RangeError(`confidence must be in (0, 1), got ${c}`);
  if (!(d >= 0 && d < p)) throw new RangeError(`tolerance must be in [0, percentile), got ${d}`);
  const target = 1 - c;
  let lo = 1;
  let hi = 2;
  while (earlyStoppingOdds(hi, t, p, d) >= target) hi *= 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (earlyStoppingOdds(mid, t, p, d) < target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface EarlyStoppingEstimate {
  /** Whether enough queries ran (LoadGen: at least minPassing(1) + 1). */
  enough: boolean;
  queries: number;
  minimumQueries: number;
  targetPercentile: number;
  confidence: number;
  tolerance: number;
  /** How many of the slowest queries the estimate may discard (LoadGen's t − 1). */
  discarded: number;
  /** 0-based rank in the ascending latencies that was reported, and the percentile that rank is. */
  rank: number;
  percentileUsed: number;
  /** Latency at that rank (same unit as the input); null when not enough queries. */
  value: number | null;
}

/** `latencies` in any unit; they are sorted here (a copy). */
export function earlyStoppingEstimate(latencies: ArrayLike<number>, p = 0.9, c = 0.99, d = 0): EarlyStoppingEstimate {
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  const minimumQueries = minPassingQueries(1, p, d, c) + 1;
  const base = { queries: n, minimumQueries, targetPercentile: p, confidence: c, tolerance: d };
  if (n < minimumQueries) return { ...base, enough: false, discarded: 0, rank: -1, percentileUsed: Number.NaN, value: null };
  // LoadGen scans i = 2, 3, … for the first i with N < minPassing(i) + i and takes t = i − 1. minPassing(i) + i
  // grows with i and exceeds N by i = N at the latest, so bisection finds the same i in O(log N) steps
  // (a linear scan costs minutes at 100k queries).
  let lo = 2;
  let hi = Math.max(2, n);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (n < minPassingQueries(mid, p, d, c) + mid) hi = mid;
    else lo = mid + 1;
  }
  const t = lo - 1;
  const rank = n - t;
  return { ...base, enough: true, discarded: t - 1, rank, percentileUsed: rank / n, value: sorted[rank]! };
}

/** LoadGen's percentile convention: the sample at index floor(N·p) of the ascending latencies. */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  return sortedAscending[Math.min(n - 1, Math.floor(n * p))]!;
}
