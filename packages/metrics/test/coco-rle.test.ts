import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  MetricInputError, rleArea, rleDecode, rleEncode, rleFromCounts, rleFromPolygons, rleFromString, rleIou, rleMerge,
  rleToBbox, rleToString, segmentationToRle,
} from "@podium/metrics";

const maskArb = fc
  .record({ h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }) })
  .chain(({ h, w }) => fc.tuple(fc.constant(h), fc.constant(w), fc.uint8Array({ min: 0, max: 1, minLength: h * w, maxLength: h * w }), fc.uint8Array({ min: 0, max: 1, minLength: h * w, maxLength: h * w })));

describe("RLE masks", () => {
  // Golden strings from cocoapi's maskApi.c (rleFrPoly + rleMerge + rleToString, commit 8c9bcc3) compiled as-is.
  it.each([
    [20, 20, [[0, 0, 10, 0, 10, 10, 0, 10]], "0::00000000000000000X6"],
    [24, 20, [[1.3, 2.7, 15.2, 4.4, 7.9, 18.1]], "c12f03M2N2N3M2OO0N2N2N2N2O1Nf3"],
    [8, 10, [[-3, -2, 12, -2, 12, -2, 12, 9.5, -3, 9.5]], "0`2"],
    [16, 16, [[2, 2, 8, 2, 8, 8, 2, 8], [5, 5, 12, 5, 12, 12, 5, 12]], "R16:00004L0003M000000k1"],
  ])("rasterises polygons like maskApi.c (%ix%i)", (h, w, polys, expected) => {
    expect(rleToString(rleFromPolygons(polys, h, w))).toBe(expected);
  });

  it("string form round-trips arbitrary run lengths", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { minLength: 1, maxLength: 30 }), (runs) => {
        const total = runs.reduce((s, r) => s + r, 0);
        const rle = rleFromCounts(runs, 1, total);
        const back = rleFromString(rleToString(rle), 1, total);
        expect(Array.from(back.counts)).toEqual(runs);
      }),
    );
  });

  it("area, bbox, merge and IoU agree with brute force on materialised masks", () => {
    fc.assert(
      fc.property(maskArb, fc.boolean(), ([h, w, ma, mb], crowd) => {
        const a = rleEncode(ma, h, w), b = rleEncode(mb, h, w);
        expect(Array.from(rleDecode(a))).toEqual(Array.from(ma));
        let inter = 0, union = 0, areaA = 0;
        let xs = w, ys = h, xe = -1, ye = -1;
        for (let p = 0; p < h * w; p++) {
          if (ma[p] && mb[p]) inter++;
          if (ma[p] || mb[p]) union++;
          if (ma[p]) {
            areaA++;
            const x = Math.floor(p / h), y = p % h;
            xs = Math.min(xs, x); xe = Math.max(xe, x); ys = Math.min(ys, y); ye = Math.max(ye, y);
          }
        }
        expect(rleArea(a)).toBe(areaA);
        expect(rleToBbox(a)).toEqual(areaA ? [xs, ys, xe - xs + 1, ye - ys + 1] : [0, 0, 0, 0]);
        const expectedIou = inter === 0 ? 0 : inter / (crowd ? areaA : union);
        expect(rleIou(a, b, crowd)).toBe(expectedIou);
        const merged = rleMerge([a, b]);
        expect(Array.from(rleDecode(merged))).toEqual(Array.from(ma, (v, i) => (v || mb[i] ? 1 : 0)));
        expect(Array.from(merged.counts)).toEqual(Array.from(rleEncode(rleDecode(merged), h, w).counts));
      }),
      { numRuns: 300 },
    );
  });

  it("accepts uncompressed RLE equal to its compressed form", () => {
    const s = rleFromString("c12f03M2N2N3M2OO0N2N2N2N2O1Nf3", 24, 20);
    const u = segmentationToRle({ size: [24, 20], counts: Array.from(s.counts) }, 24, 20, "x");
    expect(rleToString(u)).toBe("c12f03M2N2N3M2OO0N2N2N2N2O1Nf3");
  });

  it("rejects malformed input with one-line errors", () => {
    const bad = (f: () => unknown, pattern: RegExp) => {
      expect(f).toThrow(MetricInputError);
      expect(f).toThrow(pattern);
    };
    bad(() => rleFromString("0::0000 0", 20, 20), /outside '0'..'o'/);
    bad(() => rleFromString("0::00000000000000000X", 20, 20), /ends inside a value/);
    bad(() => rleFromString("0::00000000000000000X6", 20, 21), /counts cover 400 pixels/);
    bad(() => segmentationToRle({ size: [20, 20], counts: "0::00000000000000000X6" }, 480, 640, "detection 3"), /^detection 3: RLE size \[20, 20\] differs/);
    bad(() => segmentationToRle([[1, 2, 3, 4, 5]], 10, 10, "detection 0"), /5 coordinates/);
    bad(() => segmentationToRle([[1, 2, 3, 4]], 10, 10, "detection 0"), /at least 6/);
  });
});
