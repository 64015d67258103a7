import { describe, it, expect } from "vitest";
import { decodeYoloGrid, detectionsToObjects, MetricInputError, type YoloGridLevel } from "@podium/metrics";

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * A 2×2 grid, stride 8, anchors [10, 20] and [30, 5], 2 classes. Only anchor 0 at (row 1, col 0) and
 * anchor 1 at (row 0, col 1) have objectness above 0.5; every logit is chosen so its sigmoid is a round number.
 */
const H = 2, W = 2, A = 2, C = 2, F = 5 + C;
const anchors: [number, number][] = [[10, 20], [30, 5]];
function logical(channel: number, row: number, col: number): number {
  const a = Math.floor(channel / F), field = channel % F;
  if (a === 0 && row === 1 && col === 0) return [0, logit(0.75), Math.log(2), 0, logit(0.8), logit(0.2), logit(0.9)][field];
  if (a === 1 && row === 0 && col === 1) return [logit(0.25), 0, 0, Math.log(4), logit(0.6), logit(0.5), logit(0.1)][field];
  return field === 4 ? -20 : 0.3;
}
function tensor(layout: "NCHW" | "NHWC", value: (c: number, r: number, x: number) => number = logical): Float32Array {
  const out = new Float32Array(A * F * H * W);
  for (let c = 0; c < A * F; c++) for (let r = 0; r < H; r++) for (let x = 0; x < W; x++) {
    out[layout === "NCHW" ? (c * H + r) * W + x : (r * W + x) * A * F + c] = value(c, r, x);
  }
  return out;
}
const level = (output: Float32Array): YoloGridLevel => ({ output, gridHeight: H, gridWidth: W, stride: 8, anchors });

// By hand: anchor 0 at (1, 0): x = (0 + .5)·8 = 4, y = (1 + .75)·8 = 14, w = 2·10 = 20, h = 1·20 = 20 → (−6, 4, 14, 24),
// scores .8·.2 = .16 and .8·.9 = .72. Anchor 1 at (0, 1): x = (1 + .25)·8 = 10, y = .5·8 = 4, w = 30, h = 4·5 = 20
// → (−5, −6, 25, 14), scores .6·.5 = .3 and .6·.1 = .06. Row-major cells, so (0, 1) comes before (1, 0).
const expected = [
  { box: [-5, -6, 25, 14], score: 0.3, classId: 0 },
  { box: [-5, -6, 25, 14], score: 0.06, classId: 1 },
  { box: [-6, 4, 14, 24], score: 0.16, classId: 0 },
  { box: [-6, 4, 14, 24], score: 0.72, classId: 1 },
];

function expectDetections(actual: ReturnType<typeof detectionsToObjects>, wanted: typeof expected): void {
  expect(actual.length).toBe(wanted.length);
  actual.forEach((d, i) => {
    expect(d.classId).toBe(wanted[i].classId);
    expect(Math.abs(d.score - wanted[i].score)).toBeLessThan(1e-6);
    d.box.forEach((v, k) => expect(Math.abs(v - wanted[i].box[k])).toBeLessThan(1e-5));
  });
}

describe("decodeYoloGrid", () => {
  it("decodes a hand-computed 2×2 grid in NCHW", () => {
    const d = decodeYoloGrid([level(tensor("NCHW"))], { numClasses: C, layout: "NCHW", objectnessThreshold: 0.5 });
    expectDetections(detectionsToObjects(d), expected);
    expect(d.boxes).toBeInstanceOf(Float32Array);
    expect(d.classIds).toBeInstanceOf(Int32Array);
  });

  it("gives the same result from the NHWC layout", () => {
    const d = decodeYoloGrid([level(tensor("NHWC"))], { numClasses: C, layout: "NHWC", objectnessThreshold: 0.5 });
    expectDetections(detectionsToObjects(d), expected);
  });

  it("reads already-sigmoided tx, ty, objectness and classes, keeping tw, th raw", () => {
    const activated = tensor("NCHW", (c, r, x) => {
      const field = c % F, v = logical(c, r, x);
      return field === 2 || field === 3 ? v : 1 / (1 + Math.exp(-v));
    });
    const d = decodeYoloGrid([level(activated)], { numClasses: C, layout: "NCHW", objectnessThreshold: 0.5, activated: true });
    expectDetections(detectionsToObjects(d), expected);
  });

  it("applies the score threshold strictly and can keep the best class only", () => {
    const base = { numClasses: C, layout: "NCHW" as const, objectnessThreshold: 0.5 };
    const above = decodeYoloGrid([level(tensor("NCHW"))], { ...base, scoreThreshold: 0.16 });
    expect(Array.from(above.scores, (s) => Math.round(s * 100))).toEqual([30, 72]);
    const best = decodeYoloGrid([level(tensor("NCHW"))], { ...base, multiLabel: false });
    expectDetections(detectionsToObjects(best), [expected[0], expected[3]]);
  });

  it("keeps every anchor with objectness above the default threshold 0", () => {
    const d = decodeYoloGrid([level(tensor("NCHW"))], { numClasses: C, layout: "NCHW" });
    expect(d.count).toBe(H * W * A * C);
  });

  it("decodes several levels in order, each with its own stride", () => {
    const fine = { ...level(tensor("NCHW")), stride: 4 };
    const d = decodeYoloGrid([level(tensor("NCHW")), fine], { numClasses: C, layout: "NCHW", objectnessThreshold: 0.5 });
    expect(d.count).toBe(8);
    // Anchor 0 at (1, 0) on stride 4: x = .5·4 = 2, y = 1.75·4 = 7, w = h = 20 → (−8, −3, 12, 17).
    expect(Array.from(d.boxes.subarray(4 * 6, 4 * 7))).toEqual([-8, -3, 12, 17]);
  });

  it("rejects a tensor whose length does not match the stated shape, in one line", () => {
    const short = tensor("NCHW").subarray(1);
    const run = () => decodeYoloGrid([level(short)], { numClasses: C, layout: "NCHW" });
    expect(run).toThrow(MetricInputError);
    expect(run).toThrow("level 0 output (NCHW): expected 56 values for shape [14, 2, 2], got 55");
  });

  it("rejects NaN in the outputs", () => {
    const bad = tensor("NCHW");
    bad[17] = NaN;
    expect(() => decodeYoloGrid([level(bad)], { numClasses: C, layout: "NCHW" })).toThrow(/flat index 17 is NaN/);
  });

  it("rejects bad options", () => {
    const out = tensor("NCHW");
    expect(() => decodeYoloGrid([level(out)], { numClasses: 0, layout: "NCHW" })).toThrow(MetricInputError);
    expect(() => decodeYoloGrid([{ ...level(out), anchors: [] }], { numClasses: C, layout: "NCHW" })).toThrow(/no anchors/);
    expect(() => decodeYoloGrid([level(out)], { numClasses: C, layout: "NWHC" as "NCHW" })).toThrow(/layout/);
  });
});
