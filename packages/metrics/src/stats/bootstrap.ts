import { MetricInputError } from "../errors.js";
import { mulberry32 } from "./prng.js";

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  readonly resamples?: number;
  /** Central coverage of the interval (default 0.95). */
  readonly confidence?: number;
  /** Seed of the PRNG (uint32, default 0): the same seed gives the same interval on every machine. */
  readonly seed?: number;
}

export interface BootstrapInterval {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  /** Resamples whose statistic was NaN or infinite (e.g. no class left with ground truth); left out of the quantiles. */
  readonly undefinedResamples: number;
}

/**
 * Percentile bootstrap interval of any statistic over `itemCount` items (images, samples).
 * Each resample draws `itemCount` indices with replacement; `statistic` receives them (an Int32Array it
 * must not keep) and returns the statistic of that resample, e.g. mIoU of the summed per-image confusion
 * matrices. Quantiles interpolate linearly between order statistics, like numpy.percentile's default.
 * Index draws are floor(u · n) with u a 32-bit uniform: the bias is below n / 2^32.
 */
export function bootstrapInterval(
  itemCount: number,
  statistic: (indices: Int32Array) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(itemCount) || itemCount < 1) throw new MetricInputError(`bootstrap needs at least one item, got ${itemCount}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new MetricInputError(`bootstrap resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new MetricInputError(`bootstrap confidence must be in (0, 1), got ${confidence}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new MetricInputError(`bootstrap seed must be a uint32, got ${seed}`);
  const next = mulberry32(seed);
  const indices = new Int32Array(itemCount);
  const values: number[] = [];
  let undefinedResamples = 0;
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < itemCount; i++) indices[i] = Math.floor((next() / 4294967296) * itemCount);
    const value = statistic(indices);
    if (Number.isFinite(value)) values.push(value);
    else undefinedResamples++;
  }
  if (values.length === 0) return { lower: Number.NaN, upper: Number.NaN, confidence, resamples, seed, undefinedResamples };
  values.sort((x, y) => x - y);
  const alpha = 1 - confidence;
  return {
    lower: quantile(values, alpha / 2),
    upper: quantile(values, 1 - alpha / 2),
    confidence,
    resamples,
    seed,
    undefinedResamples,
  };
}

/** numpy.percentile(sorted, 100·q) with the default linear interpolation. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}
