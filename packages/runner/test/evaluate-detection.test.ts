import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseModelManifest } from "@podium/datasets";
import { evaluateCoco, evaluateVoc, type CocoDetection, type CocoGroundTruth } from "@podium/metrics";
import { evaluate, mergeResults, openDatasetAt } from "@podium/runner";
import { constantModel } from "./helpers/onnx-classifier.js";
import { mergeable, scratchDir } from "./helpers/paths.js";

const dir = scratchDir("det");
const root = join(dir, "coco");
const modelPath = join(dir, "constant.onnx");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Hand-made ground truth on three images of different sizes; category ids 1 and 3 (not 0-based, not contiguous).
const images = [
  { id: 7, width: 64, height: 48, file_name: "a.png" },
  { id: 9, width: 80, height: 60, file_name: "b.png" },
  { id: 12, width: 40, height: 40, file_name: "c.png" },
];
const box = (x: number, y: number, w: number, h: number) => ({ bbox: [x, y, w, h], area: w * h, iscrowd: 0 });
const annotations = [
  { id: 1, image_id: 7, category_id: 1, ...box(8, 6, 24, 18) },
  { id: 2, image_id: 7, category_id: 3, ...box(36, 20, 20, 20) },
  { id: 3, image_id: 9, category_id: 1, ...box(10, 7.5, 30, 22.5) },
  { id: 4, image_id: 12, category_id: 3, ...box(22, 20, 16, 16) },
  { id: 5, image_id: 12, category_id: 1, ...box(2, 2, 10, 10) },
];
const categories = [
  { id: 1, name: "cat" },
  { id: 3, name: "dog" },
];
// The "detector": the same four rows (x1, y1, x2, y2 in 32×32 input pixels, score, model class) for every image.
const rows = [
  [4, 4, 16, 16, 0.9, 0],
  [18, 13, 28, 24, 0.8, 1],
  [2, 2, 30, 30, 0.3, 0],
  [20, 18, 31, 31, 0.6, 1],
];

beforeAll(async () => {
  mkdirSync(join(root, "annotations"), { recursive: true });
  mkdirSync(join(root, "val"), { recursive: true });
  for (const image of images) await sharp({ create: { width: image.width, height: image.height, channels: 3, background: "#6a8" } }).png().toFile(join(root, "val", image.file_name));
  writeFileSync(join(root, "annotations", "instances_val.json"), JSON.stringify({ images, annotations, categories }));
  writeFileSync(modelPath, constantModel([1, 3, 32, 32], "dets", [1, 4, 6], Float32Array.from(rows.flat())));
});

const manifest = () =>
  parseModelManifest(
    {
      format: "podium-model/1",
      task: "detection",
      model: "constant.onnx",
      runtime: "onnx",
      metadata: { name: "constant", architecture: "none", license: "MIT" },
      preprocessing: { input_size: [3, 32, 32], crop_mode: "squash", crop_pct: 1 },
      output: {
        head: { type: "decoded", output: "dets", columns: ["x1", "y1", "x2", "y2", "score", "class"], box_format: "xyxy", coordinates: "input-pixels" },
        labels: { space: "pets", classes: ["cat", "dog"], to_dataset: "by-name" },
      },
    },
    "constant.podium.json",
  );

/** What the runner must produce: each row scaled back by W/32, H/32 (squash), clipped, as COCO xywh. */
function expectedDetections(): CocoDetection[] {
  return images.flatMap((image) =>
    rows.map(([x1, y1, x2, y2, score, cls]) => {
      // Squash resize: input = original · (32 / W), so original = input / (32 / W).
      const sx = 32 / image.width;
      const sy = 32 / image.height;
      const f = Math.fround;
      const [a, b, c, d] = [Math.min(image.width, f(x1) / sx), Math.min(image.height, f(y1) / sy), Math.min(image.width, f(x2) / sx), Math.min(image.height, f(y2) / sy)];
      return { image_id: image.id, category_id: cls === 0 ? 1 : 3, bbox: [a, b, c - a, d - b], score: f(score) };
    }),
  );
}

describe("evaluate() on COCO detection (decoded head)", () => {
  it("all 12 COCO stats equal evaluateCoco on the expected boxes; shards merge exactly", async () => {
    const dataset = await openDatasetAt(join(root, "annotations", "instances_val.json"));
    expect(dataset.task).toBe("detection");
    const whole = await evaluate({ modelPath, manifest: manifest(), dataset, batchSize: 1, workers: 1, bootstrap: { resamples: 50, seed: 3 } });
    const gt = { images, annotations, categories } as unknown as CocoGroundTruth;
    const expected = evaluateCoco(gt, expectedDetections(), { iouType: "bbox" });
    expect(expected.AP).toBeGreaterThan(0);
    expect(whole.details.stats).toEqual(expected.stats.map((v) => (v < 0 ? null : v)));
    expect(whole.metrics.AP.value).toBe(expected.AP);
    expect(whole.metrics.AP.interval).toMatchObject({ method: "bootstrap", resamples: 50, seed: 3 });
    const { lower, upper } = whole.metrics.AP.interval!;
    expect(lower!).toBeLessThanOrEqual(upper!);
    const shards = [];
    for (const index of [0, 1]) shards.push(await evaluate({ modelPath, manifest: manifest(), dataset, batchSize: 1, workers: 1, shard: { index, count: 2 }, bootstrap: { resamples: 50, seed: 3 } }));
    const merged = mergeResults(shards.map((result, i) => ({ file: `s${i}.json`, result })));
    expect(mergeable(merged)).toBe(mergeable(whole));
  });

  it("annotations whose image size differs from the image file", async () => {
    const wrong = join(root, "annotations", "instances_wrong.json");
    writeFileSync(wrong, JSON.stringify({ images: images.map((i) => (i.id === 9 ? { ...i, width: 81 } : i)), annotations, categories }));
    const dataset = await openDatasetAt(wrong, { images: join(root, "val") });
    await expect(evaluate({ modelPath, manifest: manifest(), dataset, workers: 0 })).rejects.toThrow(/sample 9: the annotations say 81×60 but the image is 80×60/);
  });
});

describe("evaluate() on VOC-style boxes (podium-dataset manifest → VocEvaluator)", () => {
  it("mAP equals evaluateVoc on the expected boxes; shards merge exactly", async () => {
    const vocRoot = join(dir, "voc");
    mkdirSync(join(vocRoot, "img"), { recursive: true });
    const samples = [];
    for (const image of images) {
      await sharp({ create: { width: image.width, height: image.height, channels: 3, background: "#6a8" } }).png().toFile(join(vocRoot, "img", image.file_name));
      const boxes = annotations
        .filter((a) => a.image_id === image.id)
        .map((a) => ({ class: a.category_id === 1 ? "cat" : "dog", box: [a.bbox[0] + 1, a.bbox[1] + 1, a.bbox[0] + a.bbox[2], a.bbox[1] + a.bbox[3]], difficult: a.id === 5 }));
      samples.push({ id: `im${image.id}`, image: `img/${image.file_name}`, boxes });
    }
    writeFileSync(join(vocRoot, "podium-dataset.json"), JSON.stringify({ format: "podium-dataset/1", name: "pets", task: "detection", classes: ["cat", "dog"], samples }));
    const dataset = await openDatasetAt(vocRoot);
    const whole = await evaluate({ modelPath, manifest: manifest(), dataset, batchSize: 1, workers: 1, bootstrap: { resamples: 50 } });
    const expected = evaluateVoc(
      samples.map((s, i) => ({
        imageId: s.id,
        groundTruth: s.boxes.map((b) => ({ name: b.class, bbox: b.box as [number, number, number, number], difficult: b.difficult })),
        detections: expectedDetections()
          .filter((d) => d.image_id === images[i].id)
          .map((d) => {
            const [x, y, w, h] = d.bbox!;
            return { className: d.category_id === 1 ? "cat" : "dog", score: d.score, bbox: [x + 1, y + 1, x + w, y + h] as [number, number, number, number] };
          }),
      })),
      { classes: ["cat", "dog"] },
    );
    expect(expected.mAPAllPoint).toBeGreaterThan(0);
    expect(whole.metrics.mAP.value).toBe(expected.mAPAllPoint);
    expect(whole.metrics.mAP11.value).toBe(expected.mAP11Point);
    expect(whole.metrics.mAP.interval).toMatchObject({ method: "bootstrap", resamples: 50 });
    const shards = [];
    for (const index of [1, 0]) shards.push(await evaluate({ modelPath, manifest: manifest(), dataset, batchSize: 1, workers: 1, shard: { index, count: 2 }, bootstrap: { resamples: 50 } }));
    expect(mergeable(mergeResults(shards.map((result, i) => ({ file: `s${i}.json`, result }))))).toBe(mergeable(whole));
  });
});

describe("evaluate() with a YOLOv3-grid head", () => {
  it("decodes an NCHW grid back to image pixels (exact box → AP 1)", async () => {
    const yoloRoot = join(dir, "yolo");
    mkdirSync(join(yoloRoot, "annotations"), { recursive: true });
    mkdirSync(join(yoloRoot, "val"), { recursive: true });
    await sharp({ create: { width: 64, height: 48, channels: 3, background: "#345" } }).png().toFile(join(yoloRoot, "val", "y.png"));
    // Input 32×32, stride 16 → 2×2 grid, one 16×16 anchor, 2 classes: channels tx, ty, tw, th, obj, c0, c1.
    // Cell (row 0, col 1): σ(0) = 0.5 → centre (24, 8), size 16 → input box [16, 0, 32, 16] → image (×2, ×1.5) [32, 0, 64, 24].
    const grid = new Float32Array(7 * 2 * 2).fill(-20); // objectness σ(−20) ≈ 2e−9: below the score threshold
    const at = (channel: number, row: number, col: number) => channel * 4 + row * 2 + col;
    for (const c of [0, 1, 2, 3]) grid[at(c, 0, 1)] = 0;
    grid[at(4, 0, 1)] = 5;
    grid[at(5, 0, 1)] = 3;
    grid[at(6, 0, 1)] = -3;
    writeFileSync(join(yoloRoot, "yolo.onnx"), constantModel([1, 3, 32, 32], "grid", [1, 7, 2, 2], grid));
    writeFileSync(
      join(yoloRoot, "annotations", "instances_val.json"),
      JSON.stringify({ images: [{ id: 1, width: 64, height: 48, file_name: "y.png" }], annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [32, 0, 32, 24], area: 768, iscrowd: 0 }], categories }),
    );
    const m = parseModelManifest(
      {
        ...JSON.parse(JSON.stringify(manifest())),
        model: "yolo.onnx",
        output: {
          head: { type: "yolo-grid", outputs: ["grid"], strides: [16], anchors: [[[16, 16]]] },
          labels: { space: "pets", classes: ["cat", "dog"], to_dataset: "by-name" },
        },
      },
      "yolo.podium.json",
    );
    const result = await evaluate({ modelPath: join(yoloRoot, "yolo.onnx"), manifest: m, dataset: await openDatasetAt(join(yoloRoot, "annotations", "instances_val.json")), workers: 0 });
    const perCategory = result.details.perCategory as { name: string; AP: number | null; numDetections: number }[];
    expect(perCategory).toMatchObject([
      { name: "cat", numDetections: 1 },
      { name: "dog", AP: null, numDetections: 1 },
    ]);
    // (1 up to the metrics package's float summation: 0.9999999999999998)
    expect(perCategory[0].AP).toBeCloseTo(1, 12);
    expect(result.metrics.AP.value).toBeCloseTo(1, 12);
    expect(result.metrics.AP50.value).toBeCloseTo(1, 12);
  });
});
