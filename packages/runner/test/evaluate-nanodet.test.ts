import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseModelManifest, preprocessImage } from "@podium/datasets";
import { openModel } from "@podium/engines";
import { decodeDistributionHead, evaluateCoco, nonMaxSuppression, type CocoDetection, type CocoGroundTruth } from "@podium/metrics";
import { evaluate, mergeResults, openDatasetAt } from "@podium/runner";
import { cachedModel, mergeable, scratchDir } from "./helpers/paths.js";

const model = cachedModel("nanodet/nanodet.json");
const dir = scratchDir("nanodet");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Synthetic scenes with hand-made boxes (category 1 of 80 placeholder categories, ids 1..80).
const images = [
  { id: 1, width: 320, height: 240, file_name: "a.jpg" },
  { id: 2, width: 256, height: 320, file_name: "b.jpg" },
];
const categories = Array.from({ length: 80 }, (_, i) => ({ id: i + 1, name: `c${i + 1}` }));
const annotations = [
  { id: 1, image_id: 1, category_id: 1, bbox: [100, 40, 90, 180], area: 90 * 180, iscrowd: 0 },
  { id: 2, image_id: 2, category_id: 1, bbox: [60, 80, 120, 200], area: 120 * 200, iscrowd: 0 },
];
const STRIDES = [8, 16, 32];

beforeAll(async () => {
  mkdirSync(join(dir, "annotations"), { recursive: true });
  mkdirSync(join(dir, "val"), { recursive: true });
  for (const [i, image] of images.entries()) {
    const [x, y, w, h] = annotations[i].bbox;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${image.width}" height="${image.height}"><rect width="100%" height="100%" fill="#c9d6b8"/>
      <circle cx="${x + w / 2}" cy="${y + h * 0.15}" r="${w * 0.25}" fill="#d9a27f"/><rect x="${x}" y="${y + h * 0.3}" width="${w}" height="${h * 0.7}" rx="12" fill="#384a6b"/></svg>`;
    await sharp(Buffer.from(svg)).jpeg().toFile(join(dir, "val", image.file_name));
  }
  writeFileSync(join(dir, "annotations", "instances_val.json"), JSON.stringify({ images, annotations, categories }));
});

const manifest = () =>
  parseModelManifest(
    {
      format: "podium-model/1",
      task: "detection",
      model,
      runtime: "tfjs-graph",
      metadata: { name: "NanoDet", architecture: "NanoDet", license: "unknown" },
      preprocessing: { input_size: [3, 416, 416], crop_mode: "squash", crop_pct: 1 },
      output: {
        head: {
          type: "distribution",
          score_outputs: ["Identity", "Identity_1", "Identity_2"],
          box_outputs: ["Identity_3", "Identity_4", "Identity_5"],
          strides: STRIDES,
          reg_max: 10,
          center_offset: 0,
        },
        labels: { space: "coco-80" },
      },
    },
    "nanodet.podium.json",
  );

/** The same evaluation written out directly: engine → metrics' decoder and NMS → undo the squash → evaluateCoco. */
async function direct() {
  const m = manifest();
  const engine = await openModel(model);
  const detections: CocoDetection[] = [];
  try {
    for (const image of images) {
      const { tensor, transform } = await preprocessImage({ kind: "file", path: join(dir, "val", image.file_name) }, m.preprocessing);
      const out = await engine.run({ [engine.describe().inputs[0].name]: { data: tensor, dims: [1, 3, 416, 416] } });
      const levels = STRIDES.map((stride, i) => ({
        scores: out[["Identity", "Identity_1", "Identity_2"][i]].data as Float32Array,
        boxes: out[["Identity_3", "Identity_4", "Identity_5"][i]].data as Float32Array,
        gridHeight: 416 / stride,
        gridWidth: 416 / stride,
        stride,
      }));
      const candidates = decodeDistributionHead(levels, { numClasses: 80, regMax: 10, cellCenterOffset: 0, layout: "NHWC", scoresActivated: true, scoreThreshold: 0.05 });
      const kept = nonMaxSuppression(candidates, { iouThreshold: 0.6, scoreThreshold: 0.05, maxDetections: 100 });
      for (let k = 0; k < kept.count; k++) {
        const b = Array.from(kept.boxes.subarray(4 * k, 4 * k + 4));
        const x1 = Math.min(image.width, Math.max(0, b[0] / transform.scaleX));
        const y1 = Math.min(image.height, Math.max(0, b[1] / transform.scaleY));
        const x2 = Math.min(image.width, Math.max(0, b[2] / transform.scaleX));
        const y2 = Math.min(image.height, Math.max(0, b[3] / transform.scaleY));
        detections.push({ image_id: image.id, category_id: kept.classIds[k] + 1, bbox: [x1, y1, x2 - x1, y2 - y1], score: kept.scores[k] });
      }
    }
  } finally {
    await engine.dispose();
  }
  return { count: detections.length, result: evaluateCoco({ images, annotations, categories } as unknown as CocoGroundTruth, detections, { iouType: "bbox" }) };
}

describe.skipIf(!existsSync(model))("evaluate() with the cached NanoDet (distribution head, TF.js)", () => {
  it("equals the directly decoded evaluation; shards merge exactly", async () => {
    const dataset = await openDatasetAt(join(dir, "annotations", "instances_val.json"));
    const whole = await evaluate({ modelPath: model, manifest: manifest(), dataset, workers: 1, bootstrap: { resamples: 20 } });
    const reference = await direct();
    expect(reference.count).toBeGreaterThan(0);
    expect(whole.details.stats).toEqual(reference.result.stats.map((v) => (v < 0 ? null : v)));
    const perCategory = whole.details.perCategory as { numDetections: number }[];
    expect(perCategory.reduce((n, c) => n + c.numDetections, 0)).toBe(reference.count);
    const shards = [];
    for (const index of [0, 1]) shards.push(await evaluate({ modelPath: model, manifest: manifest(), dataset, workers: 1, shard: { index, count: 2 }, bootstrap: { resamples: 20 } }));
    expect(mergeable(mergeResults(shards.map((result, i) => ({ file: `s${i}.json`, result }))))).toBe(mergeable(whole));
  });
});
