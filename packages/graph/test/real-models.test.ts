import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inspectGraphModel, inspectOnnx } from "@podium/graph";

// Real models fetched by the engines package into <repo>/.cache/models (not committed). Absent → the test is skipped
// and its name says why.
const cache = (path: string) => fileURLToPath(new URL(`../../../.cache/models/${path}`, import.meta.url));
const missing = (path: string) => (existsSync(cache(path)) ? "" : ` (SKIPPED: ${cache(path)} absent; fetch the models with the engines package first)`);

interface Manifest {
  weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string }[] }[];
}

function inspectTfjs(dir: string) {
  const json = JSON.parse(readFileSync(cache(`${dir}/${dir}.json`), "utf8")) as Manifest;
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => readFileSync(cache(`${dir}/${p}`)));
  const report = inspectGraphModel(json, { weightData: new Uint8Array(Buffer.concat(shards)), source: `${dir}.json` });
  const floatElements = json.weightsManifest.flatMap((g) => g.weights).filter((w) => w.dtype === "float32").reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  return { report, floatElements };
}

// Output shapes as documented in shared/notes/models-and-data.md.
const TFJS = {
  nanodet: [[1, 2704, 44], [1, 2704, 80], [1, 676, 44], [1, 676, 80], [1, 169, 44], [1, 169, 80]],
  centernet: [[1, 100, 6]],
  selfie: [[1, 256, 256, 1]],
  meet: [[1, 144, 256, 2]],
} as const;

describe("real TF.js graph models", () => {
  for (const [name, shapes] of Object.entries(TFJS)) {
    const reason = missing(`${name}/${name}.json`);
    it.skipIf(reason !== "")(`${name}: every node inferred, documented output shapes, params = float weights of the manifest${reason}`, () => {
      const { report, floatElements } = inspectTfjs(name);
      expect(report.unknownOps).toEqual([]);
      expect(report.totals.macsComplete).toBe(true);
      expect(report.outputs.map((o) => o.shape).sort()).toEqual(shapes.map((s) => [...s]).sort());
      expect(report.totals.params).toBe(floatElements);
      expect(report.totals.macs).toBeGreaterThan(0);
    });
  }
});

describe("real PP-OCR ONNX models (weights as Constant nodes)", () => {
  const det = "ppocr-det/ch_PP-OCRv4_det_infer.onnx";
  const cls = "ppocr-cls/ch_ppocr_mobile_v2.0_cls_infer.onnx";
  it.skipIf(missing(det) !== "")(`PP-OCRv4 det at 640²: fully inferred, [1, 1, 640, 640] probability map${missing(det)}`, () => {
    const report = inspectOnnx(readFileSync(cache(det)), { inputSize: [640, 640] });
    expect(report.unknownOps).toEqual([]);
    expect(report.outputs[0].shape).toEqual([1, 1, 640, 640]);
    const half = inspectOnnx(readFileSync(cache(det)), { inputSize: [320, 320] });
    expect(half.totals.params).toBe(report.totals.params);
    // Convolutional: MACs scale with the pixel count, except the SE blocks' 1×1 convs on pooled features (constant).
    const ratio = report.totals.macs / half.totals.macs;
    expect(ratio).toBeGreaterThan(3.99);
    expect(ratio).toBeLessThanOrEqual(4);
  });
  it.skipIf(missing(cls) !== "")(`PP-OCR direction classifier at 48×192: [1, 2]; without --input-size its MACs are incomplete${missing(cls)}`, () => {
    const report = inspectOnnx(readFileSync(cache(cls)), { inputSize: [48, 192] });
    expect(report.unknownOps).toEqual([]);
    expect(report.outputs[0].shape).toEqual([1, 2]);
    expect(report.totals.params).toBeGreaterThan(100_000);
    expect(inspectOnnx(readFileSync(cache(cls))).totals.macsComplete).toBe(false);
  });
});
