import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { earlyStoppingEstimate, minPassingQueries, percentile } from "@podium/engines";

/** Exact binomial CDF with BigInt rationals: P(X ≤ t), X ~ Bin(h + t, 1 − q), q = num/den. */
function exactOddsBelow(h: number, t: number, num: bigint, den: bigint, threshold: [bigint, bigint]): boolean {
  const n = BigInt(h + t);
  let sum = 0n;
  let choose = 1n;
  for (let x = 0n; x <= BigInt(t); x++) {
    if (x > 0n) choose = (choose * (n - x + 1n)) / x;
    sum += choose * num ** (n - x) * (den - num) ** x;
  }
  // sum / den^n < threshold[0] / threshold[1]
  return sum * threshold[1] < threshold[0] * den ** n;
}

function exactMinPassing(t: number): number {
  for (let h = 1; ; h++) if (exactOddsBelow(h, t, 9n, 10n, [1n, 100n])) return h;
}

describe("LoadGen early stopping", () => {
  it("needs 64 queries for a p90 bound at 99% confidence, as LoadGen's single-stream minimum", () => {
    expect(minPassingQueries(1, 0.9, 0, 0.99)).toBe(63);
    expect(earlyStoppingEstimate(new Array(63).fill(1)).enough).toBe(false);
    expect(earlyStoppingEstimate(new Array(64).fill(1)).enough).toBe(true);
  });

  it("matches an exact rational binomial computation of the minimum passing counts", () => {
    for (let t = 1; t <= 25; t++) expect(minPassingQueries(t, 0.9, 0, 0.99), `t=${t}`).toBe(exactMinPassing(t));
  });

  it("reports the latency at rank N − t with LoadGen's t, found from the exact passing counts", () => {
    const latencies = Array.from({ length: 500 }, (_, i) => 500 - i); // 1..500 in reverse
    const estimate = earlyStoppingEstimate(latencies);
    // LoadGen: t = (first i ≥ 2 with N < minPassing(i) + i) − 1.
    let i = 2;
    while (500 >= exactMinPassing(i) + i) i++;
    const t = i - 1;
    expect(estimate.discarded).toBe(t - 1);
    expect(estimate.rank).toBe(500 - t);
    expect(estimate.value).toBe(500 - t + 1); // ascending 1..500: rank r holds r + 1
    expect(estimate.percentileUsed).toBeCloseTo((500 - t) / 500, 12);
  });

  it("finds the same t as LoadGen's linear scan, and handles 100k queries", () => {
    for (const n of [64, 65, 100, 137, 1000, 2500]) {
      let t = 1;
      for (let i = 2; i < n + 1; i++) {
        if (n < minPassingQueries(i, 0.9, 0, 0.99) + i) {
          t = i - 1;
          break;
        }
      }
      expect(earlyStoppingEstimate(Array.from({ length: n }, (_, i) => i)).discarded, `N=${n}`).toBe(t - 1);
    }
    const big = earlyStoppingEstimate(Float64Array.from({ length: 100_000 }, (_, i) => i));
    expect(big.percentileUsed).toBeGreaterThan(0.9);
    expect(big.percentileUsed).toBeLessThan(0.91);
  });

  it("is never below the plain p90 (a conservative bound)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e3, noNaN: true }), { minLength: 64, maxLength: 400 }), (xs) => {
        const sorted = Float64Array.from(xs).sort();
        const estimate = earlyStoppingEstimate(xs);
        expect(estimate.value!).toBeGreaterThanOrEqual(percentile(sorted, 0.9));
      }),
      { numRuns: 50 },
    );
  });

  it("uses LoadGen's percentile index floor(N·p)", () => {
    const sorted = Float64Array.from({ length: 10 }, (_, i) => i);
    expect(percentile(sorted, 0.5)).toBe(5);
    expect(percentile(sorted, 0.9)).toBe(9);
    expect(percentile(sorted, 0.99)).toBe(9);
  });
});
