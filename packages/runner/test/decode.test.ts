import { describe, expect, it } from "vitest";
import type { ImageTransform } from "@podium/datasets";
import { RunnerError } from "@podium/runner";
import { classificationScores } from "../src/decode/classification.js";
import { labelMapping } from "../src/decode/label-mapping.js";
import { labelMapToGroundTruth, outputLabelMaps } from "../src/decode/segmentation.js";

const tensor = (dims: number[], values: number[]) => ({ dtype: "float32", dims, data: Float32Array.from(values) });

describe("label mapping", () => {
  it("by name, with a background class dropped", () => {
    const labels = { space: "voc-21", classes: ["background", "cat", "dog", "car"], to_dataset: "by-name" as const, background_index: 0 };
    expect(Array.from(labelMapping(labels, 4, ["dog", "cat"], "out"))).toEqual([-1, 1, 0, -1]);
  });
  it("explicit lists must reach every dataset class", () => {
    expect(() => labelMapping({ space: "s", to_dataset: [0, 0, -1] }, 3, ["a", "b"], "out")).toThrow(/no model class maps to dataset class 1 \('b'\)/);
    expect(() => labelMapping({ space: "s", to_dataset: [0, 5] }, 2, ["a", "b"], "out")).toThrow(/to_dataset\[1\] = 5 is not a dataset class/);
    expect(() => labelMapping({ space: "s", to_dataset: "identity" }, 3, ["a", "b"], "out")).toThrow(RunnerError);
  });
});

describe("classification scores", () => {
  it("several model classes on one dataset class keep the highest score", () => {
    const mapping = Int32Array.from([1, 0, 1, -1]);
    const rows = classificationScores(tensor([2, 4], [0.1, 0.5, 0.9, 7, -3, -1, -2, 0]), 2, mapping, 2, "logits");
    expect(rows.map((r) => Array.from(r))).toEqual([
      [0.5, Math.fround(0.9)],
      [-1, -2],
    ].map((r) => r.map(Math.fround)));
  });
  it("refuses an output that is not [N, C]", () => {
    expect(() => classificationScores(tensor([2, 2, 2], new Array(8).fill(0)), 2, Int32Array.from([0, 1]), 2, "y")).toThrow(/has shape \[2, 2, 2\], expected \[2, 2\]/);
  });
});

describe("segmentation decoding", () => {
  // 2 classes, 2×3 map; class 1 wins where its score is higher; ties go to class 0.
  const c0 = [1, 0, 5, 0, 2, 2];
  const c1 = [0, 1, 4, 3, 2, 9];
  it("argmax over channels in NCHW and NHWC agree", () => {
    const nchw = outputLabelMaps(tensor([1, 2, 2, 3], [...c0, ...c1]), 1, { kind: "logits", layout: "NCHW", outputName: "y" });
    const nhwc = outputLabelMaps(tensor([1, 2, 3, 2], c0.flatMap((v, i) => [v, c1[i]])), 1, { kind: "logits", layout: "NHWC", outputName: "y" });
    expect(Array.from(nchw[0].labels)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(nhwc[0].labels)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(nchw[0]).toMatchObject({ width: 3, height: 2 });
  });
  it("one probability channel is thresholded at 0.5", () => {
    const maps = outputLabelMaps(tensor([1, 1, 1, 4], [0.49, 0.5, 0.51, 0]), 1, { kind: "probabilities", layout: "NCHW", outputName: "y" });
    expect(Array.from(maps[0].labels)).toEqual([0, 1, 1, 0]);
  });
  it("a GT pixel takes the output cell its centre maps to, through a center crop", () => {
    // Original 8×4 image; resized to 4×2 (scale 0.5) and center-cropped to 2×2 (offset −1, 0): input x = 0.5·x − 1.
    const transform: ImageTransform = { originalWidth: 8, originalHeight: 4, inputWidth: 2, inputHeight: 2, scaleX: 0.5, scaleY: 0.5, offsetX: -1, offsetY: 0 };
    const map = { width: 2, height: 2, labels: Int32Array.from([0, 1, 2, 3]) };
    const out = labelMapToGroundTruth(map, transform, 8, 4, undefined, "s");
    // x centres 0.5..7.5 → input 0.5·(x+0.5) − 1 = −0.75, −0.25, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75 → cells 0,0,0,0,1,1,1,1 (clamped).
    // y centres → input 0.25, 0.75, 1.25, 1.75 → rows 0,0,1,1.
    expect(Array.from(out)).toEqual([
      ...[0, 0, 0, 0, 1, 1, 1, 1],
      ...[0, 0, 0, 0, 1, 1, 1, 1],
      ...[2, 2, 2, 2, 3, 3, 3, 3],
      ...[2, 2, 2, 2, 3, 3, 3, 3],
    ]);
    expect(() => labelMapToGroundTruth(map, transform, 8, 5, undefined, "s")).toThrow(/sample s: label map is 8×5 but its image is 8×4/);
    expect(() => labelMapToGroundTruth(map, transform, 8, 4, Int32Array.from([0, 1, -1, 1]), "s")).toThrow(/predicted model class 2 has no dataset class/);
  });
});
