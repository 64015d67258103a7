import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatasetManifest, parseModelManifest, type ModelManifestInput } from "@podium/datasets";
import { evaluate, mergeResults, openDatasetAt, readResultFile, type EvalResult } from "@podium/runner";
import { linearClassifier, scaleModel } from "./helpers/onnx-classifier.js";
import { scratchDir } from "./helpers/paths.js";

const dir = scratchDir("bad");
const data = join(dir, "tiles");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 2 classes of 8×8 tiles: dark (class 0) and bright (class 1); a linear model that sums the pixels separates them. */
const weights = new Float32Array(192 * 2);
for (let i = 0; i < 192; i++) {
  weights[i * 2] = -1;
  weights[i * 2 + 1] = 1;
}
const bias = Float32Array.of(96, -96);
const write = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const models = {
  good: () => write("good.onnx", linearClassifier([3, 8, 8], weights, bias)),
  threeClasses: () => write("three.onnx", linearClassifier([3, 8, 8], new Float32Array(192 * 3), new Float32Array(3))),
  nan: () => write("nan.onnx", scaleModel([3, 8, 8], Number.NaN, ["N", 3, 8, 8])),
};
const classification = (model: string, size = 8): ModelManifestInput => ({
  format: "podium-model/1",
  task: "classification",
  model,
  runtime: "onnx",
  metadata: { name: "tiles", architecture: "linear", license: "MIT" },
  preprocessing: { input_size: [3, size, size], crop_mode: "squash", crop_pct: 1 },
  output: { scores: "logits", labels: { space: "tiles" } },
});
const manifest = (input: ModelManifestInput) => parseModelManifest(input, "model.podium.json");

beforeAll(async () => {
  mkdirSync(join(data, "img"), { recursive: true });
  const samples = [];
  for (let i = 0; i < 12; i++) {
    const label = i % 2;
    const level = label ? 200 + i : 30 + i;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: level, g: level, b: level } } }).png().toBuffer();
    writeFileSync(join(data, "img", `t${i}.png`), png);
    samples.push({ id: `t${i}`, image: `img/t${i}.png`, label });
  }
  // A truncated PNG (first half of a valid file) and a JPEG whose bytes after the header are garbage.
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#777" } }).png().toBuffer();
  writeFileSync(join(data, "img", "truncated.png"), png.subarray(0, png.length >> 1));
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#777" } }).jpeg().toBuffer();
  writeFileSync(join(data, "img", "corrupt.jpg"), Buffer.concat([jpeg.subarray(0, 20), Buffer.alloc(200, 0x5a)]));
  samples.splice(3, 0, { id: "truncated", image: "img/truncated.png", label: 0 });
  samples.splice(8, 0, { id: "corrupt", image: "img/corrupt.jpg", label: 1 });
  writeFileSync(join(data, "podium-dataset.json"), JSON.stringify({ format: "podium-dataset/1", name: "tiles", task: "classification", classes: ["dark", "bright"], samples }));
});

const expectOneLine = async (run: Promise<unknown>, pattern: RegExp) => {
  const error = (await run.then(
    () => undefined,
    (e: unknown) => e,
  )) as Error | undefined;
  expect(error, "expected the run to fail").toBeInstanceOf(Error);
  expect(error!.message).not.toContain("\n");
  expect(error!.message).toMatch(pattern);
};

describe("bad images follow onBadImage", () => {
  it("skip: the run completes and every skipped image is recorded with its reason", async () => {
    const result = await evaluate({ modelPath: models.good(), manifest: manifest(classification("good.onnx")), dataset: await openDatasetAt(data), onBadImage: "skip", batchSize: 4 });
    expect(result.selection.samplesScored).toBe(12);
    expect(result.problems.skippedImages.map((s) => [s.position, s.id])).toEqual([
      [3, "truncated"],
      [8, "corrupt"],
    ]);
    for (const s of result.problems.skippedImages) expect(s.reason.length).toBeGreaterThan(0);
    expect(result.metrics.top1.value).toBe(1);
  });

  it("fail (default): a one-line error naming the image", async () => {
    await expectOneLine(evaluate({ modelPath: models.good(), manifest: manifest(classification("good.onnx")), dataset: await openDatasetAt(data) }), /truncated\.png: /);
  });
});

describe("model outputs and ground truth that do not fit", () => {
  it("NaN outputs name the output and the sample", async () => {
    await expectOneLine(
      evaluate({ modelPath: models.nan(), manifest: manifest(classification("nan.onnx")), dataset: await openDatasetAt(data), onBadImage: "skip" }),
      /model output 'y' is NaN for sample t0/,
    );
  });

  it("a model with a different label space", async () => {
    await expectOneLine(
      evaluate({ modelPath: models.threeClasses(), manifest: manifest(classification("three.onnx")), dataset: await openDatasetAt(data), onBadImage: "skip" }),
      /outputs 3 classes \(tiles\) but the dataset has 2/,
    );
  });

  it("a label mapping that leaves a dataset class unreachable", async () => {
    const input = classification("three.onnx");
    const m = manifest({ ...input, output: { scores: "logits", labels: { space: "tiles3", to_dataset: [0, 0, -1] } } } as ModelManifestInput);
    await expectOneLine(evaluate({ modelPath: models.threeClasses(), manifest: m, dataset: await openDatasetAt(data), onBadImage: "skip" }), /no model class maps to dataset class 1 \('bright'\)/);
  });

  it("an output of the wrong shape", async () => {
    const m = manifest(classification("nan.onnx"));
    const scale = join(dir, "identity.onnx");
    writeFileSync(scale, scaleModel([3, 8, 8], 1, ["N", 3, 8, 8]));
    await expectOneLine(evaluate({ modelPath: scale, manifest: m, dataset: await openDatasetAt(data), onBadImage: "skip" }), /outputs 192 classes/);
  });

  it("preprocessing that does not make the model's input", async () => {
    await expectOneLine(
      evaluate({ modelPath: models.good(), manifest: manifest(classification("good.onnx", 16)), dataset: await openDatasetAt(data) }),
      /model input 'x' is \[N, 3, 8, 8\] but the manifest's preprocessing makes \[N, 3, 16, 16\]/,
    );
  });

  it("a model task the dataset has no ground truth for", async () => {
    const m = manifest({ ...classification("good.onnx"), task: "semantic-segmentation", output: { kind: "logits", labels: { space: "x" } } } as ModelManifestInput);
    await expectOneLine(evaluate({ modelPath: models.good(), manifest: m, dataset: await openDatasetAt(data) }), /is a semantic-segmentation model but dataset 'tiles' holds classification ground truth/);
  });

  it("a label map whose size differs from its image, and one with out-of-range labels", async () => {
    const root = join(dir, "seg");
    mkdirSync(join(root, "images"), { recursive: true });
    mkdirSync(join(root, "labels"), { recursive: true });
    writeFileSync(join(root, "classes.txt"), "background\nfg\n");
    await sharp({ create: { width: 8, height: 8, channels: 3, background: "#888" } }).png().toFile(join(root, "images", "a.png"));
    const gray = (w: number, h: number, value: number) => sharp(Buffer.alloc(w * h, value), { raw: { width: w, height: h, channels: 1 } }).toColourspace("b-w").png();
    await gray(6, 8, 1).toFile(join(root, "labels", "a.png"));
    // A segmenter stand-in: y = x·1 read as 3-channel NCHW logits (argmax over RGB of a gray image = class 0).
    const model = join(dir, "seg.onnx");
    writeFileSync(model, scaleModel([3, 8, 8], 1, ["N", 3, 8, 8]));
    const m = manifest({
      ...classification("seg.onnx"),
      task: "semantic-segmentation",
      output: { kind: "logits", labels: { space: "x", to_dataset: [0, 1, 1] } },
    } as ModelManifestInput);
    await expectOneLine(evaluate({ modelPath: model, manifest: m, dataset: await openDatasetAt(root) }), /sample a: label map is 6×8 but its image is 8×8/);
    await gray(8, 8, 7).toFile(join(root, "labels", "a.png"));
    await expectOneLine(evaluate({ modelPath: model, manifest: m, dataset: await openDatasetAt(root) }), /a\.png: label 7 at pixel \(0, 0\) is out of range for 2 classes/);
  });
});

describe("merge refuses results that are not shards of one run", () => {
  let shards: EvalResult[];
  beforeAll(async () => {
    const m = manifest(classification("good.onnx"));
    const modelPath = models.good();
    shards = [];
    for (const index of [0, 1]) shards.push(await evaluate({ modelPath, manifest: m, dataset: await openDatasetManifest(join(data, "podium-dataset.json")), onBadImage: "skip", shard: { index, count: 2 } }));
  });
  const named = (results: EvalResult[]) => results.map((result, i) => ({ file: `/x/shard${i}.json`, result }));

  it("merges the complete set, skipped images included", () => {
    const merged = mergeResults(named(shards));
    expect(merged.problems.skippedImages.map((s) => s.id)).toEqual(["truncated", "corrupt"]);
    expect(merged.selection.samplesScored).toBe(12);
  });

  it("a missing shard, a repeated shard, another model, another dataset", () => {
    expect(() => mergeResults(named([shards[0]]))).toThrow(/shards 1\/2 missing/);
    expect(() => mergeResults(named([shards[0], shards[0]]))).toThrow(/shard1\.json: shard 0\/2 is also in shard0\.json/);
    const otherModel = structuredClone(shards[1]);
    otherModel.runs[0].fingerprint.modelSha256 = "0".repeat(64);
    expect(() => mergeResults(named([shards[0], otherModel]))).toThrow(/shard1\.json: model sha256 differs/);
    const otherData = { ...structuredClone(shards[1]), dataset: { ...shards[1].dataset, checksum: "sha256:00" } };
    expect(() => mergeResults(named([shards[0], otherData]))).toThrow(/shard1\.json: dataset checksum differs/);
  });

  it("malformed files are one-line errors naming the file", async () => {
    const notJson = join(dir, "broken.json");
    writeFileSync(notJson, "{ not json");
    await expect(readResultFile(notJson)).rejects.toThrow(/broken\.json: not valid JSON/);
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ ...shards[0], metrics: "high" }));
    await expect(readResultFile(wrong)).rejects.toThrow(/wrong\.json: not a podium eval result: metrics: /);
    const tampered = structuredClone(shards[1]);
    (tampered.state.state as { confusion: number[] }).confusion[0] = 0.5;
    expect(() => mergeResults(named([shards[0], tampered]))).toThrow(/shard1\.json: classification state holds a non-count value 0\.5/);
  });
});
