import { MetricInputError } from "../errors.js";
import { binomialHalfCdf, chiSquare1Survival } from "./special.js";

/** Below this many discordant pairs the exact binomial test is used; at or above it, chi-square. */
export const MCNEMAR_EXACT_BELOW = 25;

export interface McNemarResult {
  /** Samples model A got right and model B got wrong. */
  readonly b: number;
  /** Samples model A got wrong and model B got right. */
  readonly c: number;
  /**
   * "exact": two-sided binomial test of min(b, c) in b + c trials at p = 1/2, p = min(1, 2·P(X <= min(b, c)))
   *   (statsmodels mcnemar(exact=True)); statistic = min(b, c).
   * "chi-square": (|b − c| − 1)² / (b + c) with Edwards' continuity correction, p from chi-square with one
   *   degree of freedom (statsmodels mcnemar(exact=False, correction=True)).
   */
  readonly method: "exact" | "chi-square";
  readonly statistic: number;
  readonly pValue: number;
}

/** McNemar's test from the discordant counts; `exactBelow` switches between the two methods (see McNemarResult). */
export function mcnemarFromCounts(b: number, c: number, exactBelow: number = MCNEMAR_EXACT_BELOW): McNemarResult {
  for (const [name, value] of [["b", b], ["c", c]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new MetricInputError(`McNemar count ${name} must be a non-negative integer, got ${value}`);
  }
  const n = b + c;
  if (n < exactBelow) {
    const smaller = Math.min(b, c);
    const pValue = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(smaller, n));
    return { b, c, method: "exact", statistic: smaller, pValue };
  }
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  return { b, c, method: "chi-square", statistic, pValue: chiSquare1Survival(statistic) };
}

/**
 * Paired McNemar test between two models' per-sample correctness, matched by sample id.
 * Both maps must hold exactly the same ids: a sample scored by one model only cannot be paired.
 */
export function mcnemarTest(
  correctA: ReadonlyMap<string, boolean>,
  correctB: ReadonlyMap<string, boolean>,
  exactBelow: number = MCNEMAR_EXACT_BELOW,
): McNemarResult {
  if (correctA.size !== correctB.size) {
    throw new MetricInputError(`McNemar needs the same samples for both models, got ${correctA.size} and ${correctB.size}`);
  }
  let b = 0;
  let c = 0;
  for (const [id, a] of correctA) {
    const other = correctB.get(id);
    if (other === undefined) throw new MetricInputError(`McNemar: sample "${id}" was scored for the first model only`);
    if (a && !other) b++;
    else if (!a && other) c++;
  }
  return mcnemarFromCounts(b, c, exactBelow);
}
