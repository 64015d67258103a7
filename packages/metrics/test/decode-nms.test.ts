import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { nonMaxSuppression, boxIoU, MetricInputError, type Detections } from "@podium/metrics";

function dets(rows: [x1: number, y1: number, x2: number, y2: number, score: number, classId: number][]): Detections {
  return {
    count: rows.length,
    boxes: Float32Array.from(rows.flatMap((r) => r.slice(0, 4))),
    scores: Float32Array.from(rows.map((r) => r[4])),
    classIds: Int32Array.from(rows.map((r) => r[5])),
  };
}
const rowsOf = (d: Detections) => Array.from({ length: d.count }, (_, i) => [...d.boxes.subarray(4 * i, 4 * i + 4), d.scores[i], d.classIds[i]]);

// B overlaps A with IoU 90/110 ≈ .82; C is B's box in another class; D is far away.
const A = [0, 0, 10, 10, 0.9, 0] as [number, number, number, number, number, number];
const B = [1, 0, 11, 10, 0.8, 0] as typeof A;
const Cc = [1, 0, 11, 10, 0.7, 1] as typeof A;
const D = [50, 50, 60, 60, 0.5, 0] as typeof A;

describe("nonMaxSuppression", () => {
  it("computes IoU without the +1 pixel convention", () => {
    expect(boxIoU([0, 0, 10, 10, 1, 0, 11, 10], 0, 1)).toBe(90 / 110);
    expect(boxIoU([0, 0, 1, 1, 1, 0, 2, 1], 0, 1)).toBe(0);
    expect(boxIoU([0, 0, 0, 0, 0, 0, 0, 0], 0, 1)).toBe(0);
  });

  it("suppresses an overlapping box of the same class and keeps other classes (class-wise)", () => {
    const kept = nonMaxSuppression(dets([A, B, Cc, D]), { iouThreshold: 0.5 });
    expect(rowsOf(kept)).toEqual([A, Cc, D].map((r) => [...r.slice(0, 4), Math.fround(r[4]), r[5]]));
  });

  it("suppresses across classes in agnostic mode", () => {
    const kept = nonMaxSuppression(dets([A, B, Cc, D]), { iouThreshold: 0.5, mode: "agnostic" });
    expect(Array.from(kept.scores)).toEqual([0.9, 0.5].map(Math.fround));
  });

  it("suppresses only when IoU is strictly above the threshold", () => {
    // IoU of (0,0,3,1) and (1,0,4,1) is exactly 2/4.
    const pair = dets([[0, 0, 3, 1, 0.9, 0], [1, 0, 4, 1, 0.8, 0]]);
    expect(nonMaxSuppression(pair, { iouThreshold: 0.5 }).count).toBe(2);
    expect(nonMaxSuppression(pair, { iouThreshold: 0.49 }).count).toBe(1);
  });

  it("breaks score ties by input order, so the earlier row wins", () => {
    const first = [0, 0, 10, 10, 0.6, 3] as typeof A;
    const second = [0, 0, 10, 9, 0.6, 3] as typeof A;
    expect(rowsOf(nonMaxSuppression(dets([first, second]), { iouThreshold: 0.5 }))[0].slice(0, 4)).toEqual([0, 0, 10, 10]);
    expect(rowsOf(nonMaxSuppression(dets([second, first]), { iouThreshold: 0.5 }))[0].slice(0, 4)).toEqual([0, 0, 10, 9]);
    // Tied survivors come out in input order too.
    const far = [100, 100, 110, 110, 0.6, 1] as typeof A;
    expect(rowsOf(nonMaxSuppression(dets([far, first]), { iouThreshold: 0.5 })).map((r) => r[5])).toEqual([1, 3]);
  });

  it("applies scoreThreshold, preNmsTopK and maxDetections", () => {
    const all = dets([D, B, A, Cc]);
    expect(Array.from(nonMaxSuppression(all, { iouThreshold: 0.5, maxDetections: 2 }).scores)).toEqual([0.9, 0.7].map(Math.fround));
    // Top-2 before NMS leaves A and B; B is suppressed, so C and D never get a chance.
    expect(Array.from(nonMaxSuppression(all, { iouThreshold: 0.5, preNmsTopK: 2 }).scores)).toEqual([Math.fround(0.9)]);
    expect(Array.from(nonMaxSuppression(all, { iouThreshold: 0.5, scoreThreshold: 0.7 }).scores)).toEqual([Math.fround(0.9)]);
    expect(nonMaxSuppression(all, { iouThreshold: 0.5, maxDetections: 0 }).count).toBe(0);
  });

  it("rejects bad input", () => {
    expect(() => nonMaxSuppression(dets([A]), { iouThreshold: NaN })).toThrow(MetricInputError);
    expect(() => nonMaxSuppression(dets([A]), { iouThreshold: 0.5, maxDetections: 1.5 })).toThrow(/maxDetections/);
    expect(() => nonMaxSuppression({ ...dets([A]), count: 2 }, { iouThreshold: 0.5 })).toThrow("detections: expected 8 box values, 2 scores and 2 class ids, got 4, 1, 1");
    const nan = dets([A, B]);
    nan.scores[1] = NaN;
    expect(() => nonMaxSuppression(nan, { iouThreshold: 0.5 })).toThrow(/score 1 is NaN/);
  });

  it("matches the textbook greedy algorithm on random boxes with coarse (tied) scores", () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.constantFrom(0.3, 0.5, 0.7), fc.boolean(), fc.integer({ min: 1, max: 12 }), (rows, iouThreshold, agnostic, maxDetections) => {
        const input = dets(rows.map(([x, y, w, h, s, c]) => [x, y, x + w, y + h, s / 5, c]));
        // Reference: walk candidates best-first (stable), keep one unless a kept box of its group overlaps it too much.
        const order = Array.from({ length: input.count }, (_, i) => i).sort((a, b) => input.scores[b] - input.scores[a] || a - b);
        const kept: number[] = [];
        for (const i of order) {
          if (kept.length === maxDetections) break;
          if (kept.some((k) => (agnostic || input.classIds[k] === input.classIds[i]) && boxIoU(input.boxes, k, i) > iouThreshold)) continue;
          kept.push(i);
        }
        const actual = nonMaxSuppression(input, { iouThreshold, mode: agnostic ? "agnostic" : "class-wise", maxDetections });
        expect(rowsOf(actual)).toEqual(kept.map((i) => rowsOf(input)[i]));
      }),
      { numRuns: 300 },
    );
  });
});
