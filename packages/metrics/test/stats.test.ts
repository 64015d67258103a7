import { describe, it, expect } from "vitest";
import {
  wilsonInterval,
  mcnemarFromCounts,
  mcnemarTest,
  bootstrapInterval,
  quantile,
  mulberry32,
  chiSquare1Survival,
  MetricInputError,
  Z_95,
} from "@podium/metrics";

const close = (actual: number, wanted: number, tol = 1e-12) => expect(Math.abs(actual - wanted)).toBeLessThanOrEqual(tol);

describe("Wilson score interval (values from the formula in numpy, z = norm.ppf(0.975))", () => {
  it("uses scipy's z", () => expect(Z_95).toBe(1.959963984540054));

  it("matches reference values", () => {
    const cases: Array<[number, number, number, number]> = [
      [7, 20, 0.18119182410108206, 0.5671457233147638],
      [761, 1000, 0.7336003718062974, 0.7864020602642429],
    ];
    for (const [k, n, lower, upper] of cases) {
      const r = wilsonInterval(k, n);
      close(r.lower, lower);
      close(r.upper, upper);
      expect(r.proportion).toBe(k / n);
    }
  });

  it("is pinned to 0 at zero successes and to 1 at n successes, with a non-degenerate other side", () => {
    const zero = wilsonInterval(0, 10);
    expect(zero.lower).toBe(0);
    close(zero.upper, 0.2775327998628892);
    const all = wilsonInterval(10, 10);
    expect(all.upper).toBe(1);
    close(all.lower, 0.7224672001371107);
    close(wilsonInterval(1, 1).lower, 0.20654931437723745);
  });

  it("is NaN for no trials and rejects impossible counts", () => {
    expect(Number.isNaN(wilsonInterval(0, 0).lower)).toBe(true);
    expect(() => wilsonInterval(11, 10)).toThrow(MetricInputError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(/successes/);
    expect(() => wilsonInterval(-1, 10)).toThrow(MetricInputError);
  });
});

describe("McNemar (references: scipy.stats.binomtest and chi2.sf)", () => {
  it("uses the exact binomial test below 25 discordant pairs", () => {
    const r = mcnemarFromCounts(3, 9);
    expect(r.method).toBe("exact");
    expect(r.statistic).toBe(3);
    close(r.pValue, 0.14599609375, 1e-15);
    close(mcnemarFromCounts(0, 24).pValue, 1.1920928955078125e-7, 1e-20);
    expect(mcnemarFromCounts(5, 5).pValue).toBe(1);
    expect(mcnemarFromCounts(12, 12).pValue).toBe(1);
    expect(mcnemarFromCounts(0, 0)).toMatchObject({ method: "exact", pValue: 1 });
  });

  it("uses chi-square with continuity correction from 25 discordant pairs", () => {
    const cases: Array<[number, number, number, number]> = [
      [10, 30, 9.025, 0.002663119259138558],
      [40, 25, 3.0153846153846153, 0.08247788747320971],
      [100, 150, 9.604, 0.0019415397850404208],
    ];
    for (const [b, c, statistic, p] of cases) {
      const r = mcnemarFromCounts(b, c);
      expect(r.method).toBe("chi-square");
      close(r.statistic, statistic);
      close(r.pValue, p, 1e-14);
      expect(r).toMatchObject({ b, c });
    }
  });

  it("the exact/chi-square switch is configurable", () => {
    expect(mcnemarFromCounts(10, 30, 100).method).toBe("exact");
    expect(mcnemarFromCounts(3, 9, 0).method).toBe("chi-square");
  });

  it("chi-square survival matches scipy on both branches of the incomplete gamma", () => {
    close(chiSquare1Survival(1e-6), 0.9992021155721779, 1e-14);
    close(chiSquare1Survival(0.7), 0.40278369424647564, 1e-14);
    close(chiSquare1Survival(1.4), 0.23672357063785393, 1e-14);
    close(chiSquare1Survival(3.841458820694124), 0.04999999999999989, 1e-14);
    close(chiSquare1Survival(50), 1.537459794428033e-12, 1e-24);
    expect(chiSquare1Survival(0)).toBe(1);
  });

  it("pairs per-sample correctness by id and counts discordant samples", () => {
    const a = new Map([["x", true], ["y", true], ["z", false], ["w", false]]);
    const b = new Map([["w", true], ["z", false], ["y", false], ["x", true]]);
    expect(mcnemarTest(a, b)).toMatchObject({ b: 1, c: 1, method: "exact", pValue: 1 });
    expect(() => mcnemarTest(a, new Map([["x", true]]))).toThrow(/same samples/);
    expect(() => mcnemarTest(new Map([["x", true]]), new Map([["q", true]]))).toThrow(/"x"/);
  });
});

describe("bootstrap percentile interval", () => {
  it("quantile interpolates like numpy.percentile", () => {
    expect(quantile([1, 2, 4, 8, 16], 0.025)).toBeCloseTo(1.1, 14);
    expect(quantile([1, 2, 4, 8, 16], 0.975)).toBeCloseTo(15.2, 14);
  });

  it("mulberry32 is deterministic and spreads over uint32", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(new Set(xs).size).toBe(1000);
    const mean = xs.reduce((s, x) => s + x / 2 ** 32, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  const values = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 1 : 0) + i / 1000);
  const mean = (indices: Int32Array) => indices.reduce((s, i) => s + values[i], 0) / indices.length;

  it("is reproducible for a seed, differs across seeds, and brackets the statistic", () => {
    const one = bootstrapInterval(values.length, mean, { seed: 7, resamples: 500 });
    const two = bootstrapInterval(values.length, mean, { seed: 7, resamples: 500 });
    const other = bootstrapInterval(values.length, mean, { seed: 8, resamples: 500 });
    expect(one).toEqual(two);
    expect(other.lower).not.toBe(one.lower);
    const full = values.reduce((s, v) => s + v, 0) / values.length;
    expect(one.lower).toBeLessThan(full);
    expect(one.upper).toBeGreaterThan(full);
    // The interval of a mean shrinks like 1/sqrt(n): compare with the normal-theory width.
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - full) ** 2, 0) / values.length);
    const normalWidth = (2 * 1.96 * sd) / Math.sqrt(values.length);
    expect((one.upper - one.lower) / normalWidth).toBeGreaterThan(0.8);
    expect((one.upper - one.lower) / normalWidth).toBeLessThan(1.2);
  });

  it("draws every index in range and counts undefined resamples", () => {
    let seenMax = -1;
    let seenMin = Infinity;
    const r = bootstrapInterval(5, (idx) => {
      for (const i of idx) {
        seenMax = Math.max(seenMax, i);
        seenMin = Math.min(seenMin, i);
      }
      return idx.includes(0) ? Number.NaN : idx[0];
    }, { resamples: 200, seed: 1 });
    expect(seenMin).toBe(0);
    expect(seenMax).toBe(4);
    expect(r.undefinedResamples).toBeGreaterThan(0);
    expect(r.undefinedResamples).toBeLessThan(200);
    expect(r.lower).toBeGreaterThanOrEqual(1);
    expect(r.upper).toBeLessThanOrEqual(4);
  });

  it("rejects bad options", () => {
    expect(() => bootstrapInterval(0, mean)).toThrow(MetricInputError);
    expect(() => bootstrapInterval(3, mean, { confidence: 1 })).toThrow(/confidence/);
    expect(() => bootstrapInterval(3, mean, { seed: -1 })).toThrow(/seed/);
  });
});
