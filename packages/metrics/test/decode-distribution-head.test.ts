import { describe, it, expect } from "vitest";
import { decodeDistributionHead, MetricInputError, type DistributionHeadLevel } from "@podium/metrics";

const H = 2, W = 2, cells = H * W, C = 3, regMax = 7, bins = regMax + 1, stride = 16;

/** Logits whose softmax is exactly one-hot in float64: e^(0 − 1000) underflows to 0. */
function oneHot(sideBins: readonly number[]): number[] {
  return sideBins.flatMap((hot) => Array.from({ length: bins }, (_, k) => (k === hot ? 1000 : 0)));
}

/** Builds a level from per-cell class scores and box logits, in either layout. */
function level(layout: "NHWC" | "NCHW", scoreOf: (cell: number) => number[], boxOf: (cell: number) => number[]): DistributionHeadLevel {
  const scores = new Float64Array(cells * C);
  const boxes = new Float64Array(cells * 4 * bins);
  for (let cell = 0; cell < cells; cell++) {
    scoreOf(cell).forEach((v, c) => (scores[layout === "NHWC" ? cell * C + c : c * cells + cell] = v));
    boxOf(cell).forEach((v, ch) => (boxes[layout === "NHWC" ? cell * 4 * bins + ch : ch * cells + cell] = v));
  }
  return { scores, boxes, gridHeight: H, gridWidth: W, stride };
}

// Only cell 1 = (row 0, col 1) scores above 0.5; its sides are one-hot at bins left 2, top 1, right 3, bottom 0.
const scoreOf = (cell: number) => (cell === 1 ? [0.1, 0.9, 0.7] : [0.2, 0.3, 0.1]);
const boxOf = (cell: number) => (cell === 1 ? oneHot([2, 1, 3, 0]) : oneHot([1, 1, 1, 1]));

describe("decodeDistributionHead", () => {
  it("turns one-hot bins into exactly bin × stride from the NanoDet centre (col, row)·stride", () => {
    const d = decodeDistributionHead([level("NHWC", scoreOf, boxOf)], { numClasses: C, regMax, cellCenterOffset: 0, layout: "NHWC", scoresActivated: true, scoreThreshold: 0.5 });
    // Centre (16, 0); distances 2·16, 1·16, 3·16, 0 → (−16, −16, 64, 0).
    expect(d.count).toBe(2);
    expect(Array.from(d.boxes)).toEqual([-16, -16, 64, 0, -16, -16, 64, 0]);
    expect(Array.from(d.classIds)).toEqual([1, 2]);
    expect(Array.from(d.scores)).toEqual([Math.fround(0.9), Math.fround(0.7)]);
  });

  it("uses the YOLOv8 centre (col + .5, row + .5)·stride when asked", () => {
    const d = decodeDistributionHead([level("NHWC", scoreOf, boxOf)], { numClasses: C, regMax, cellCenterOffset: 0.5, layout: "NHWC", scoresActivated: true, scoreThreshold: 0.5, multiLabel: false });
    expect(d.count).toBe(1);
    expect(Array.from(d.boxes)).toEqual([-8, -8, 72, 8]);
    expect(d.classIds[0]).toBe(1);
  });

  it("gives the same result from channel-major (NCHW) outputs", () => {
    const options = { numClasses: C, regMax, cellCenterOffset: 0, scoresActivated: true, scoreThreshold: 0.5 };
    const a = decodeDistributionHead([level("NHWC", scoreOf, boxOf)], { ...options, layout: "NHWC" });
    const b = decodeDistributionHead([level("NCHW", scoreOf, boxOf)], { ...options, layout: "NCHW" });
    expect(b).toEqual(a);
  });

  it("takes the softmax expectation of spread-out bins", () => {
    // Uniform logits: expectation (0 + … + 7)/8 = 3.5. Logits 0 and ln 3 on bins 0, 1 (others −1000): 0.75.
    const twoBins = [0, Math.log(3), ...Array(bins - 2).fill(-1000)];
    const box = [...Array(bins).fill(5), ...twoBins, ...Array(bins).fill(0), ...oneHot([4])];
    const d = decodeDistributionHead([level("NHWC", (cell) => (cell === 0 ? [3, -3, -3] : [-3, -3, -3]), () => box)], { numClasses: C, regMax, cellCenterOffset: 0, layout: "NHWC", scoreThreshold: 0.5 });
    expect(d.count).toBe(1);
    const [x1, y1, x2, y2] = d.boxes;
    expect(x1).toBeCloseTo(-3.5 * stride, 5);
    expect(y1).toBeCloseTo(-0.75 * stride, 5);
    expect(x2).toBeCloseTo(3.5 * stride, 5);
    expect(y2).toBe(4 * stride);
    // Raw class logits go through a sigmoid unless scoresActivated.
    expect(d.scores[0]).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
  });

  it("decodes levels in order with their own strides", () => {
    const coarse = { ...level("NHWC", scoreOf, boxOf), stride: 32 };
    const d = decodeDistributionHead([level("NHWC", scoreOf, boxOf), coarse], { numClasses: C, regMax, cellCenterOffset: 0, layout: "NHWC", scoresActivated: true, scoreThreshold: 0.5 });
    expect(d.count).toBe(4);
    expect(Array.from(d.boxes.subarray(8, 12))).toEqual([-32, -32, 128, 0]);
  });

  it("rejects wrong lengths and NaN with one-line errors", () => {
    const good = level("NHWC", scoreOf, boxOf);
    const options = { numClasses: C, regMax, cellCenterOffset: 0, layout: "NHWC" as const };
    const shortBoxes = () => decodeDistributionHead([{ ...good, boxes: good.boxes.slice(0, -1) }], options);
    expect(shortBoxes).toThrow(MetricInputError);
    expect(shortBoxes).toThrow("level 0 boxes (NHWC): expected 128 values for shape [4, 32], got 127");
    expect(() => decodeDistributionHead([good], { ...options, regMax: 8 })).toThrow("expected 144 values for shape [4, 36], got 128");
    const nan = Float64Array.from(good.scores);
    nan[5] = NaN;
    expect(() => decodeDistributionHead([{ ...good, scores: nan }], options)).toThrow(/level 0 scores \(NHWC\): value at flat index 5 is NaN/);
    expect(() => decodeDistributionHead([good], { ...options, cellCenterOffset: NaN })).toThrow(/cellCenterOffset/);
  });
});
