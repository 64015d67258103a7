import { MetricInputError } from "../errors.js";

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal (scipy.stats.norm.ppf(0.975)). */
export const Z_95 = 1.959963984540054;

export interface ProportionInterval {
  readonly successes: number;
  readonly trials: number;
  /** successes / trials (NaN when trials = 0). */
  readonly proportion: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Wilson score interval for a binomial proportion (statsmodels' proportion_confint(method="wilson")).
 * Unlike the normal approximation it stays inside [0, 1] and is not degenerate at 0 or n successes.
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): ProportionInterval {
  if (!Number.isInteger(trials) || trials < 0) throw new MetricInputError(`trials must be a non-negative integer, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new MetricInputError(`successes must be an integer in 0..${trials}, got ${successes}`);
  }
  if (!(z > 0) || !Number.isFinite(z)) throw new MetricInputError(`z must be a positive finite number, got ${z}`);
  if (trials === 0) return { successes, trials, proportion: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // At p = 0 or 1 the exact bound is 0 or 1; the formula gives it up to rounding, so pin it.
  const lower = successes === 0 ? 0 : Math.max(0, centre - halfWidth);
  const upper = successes === trials ? 1 : Math.min(1, centre + halfWidth);
  return { successes, trials, proportion: p, lower, upper };
}
