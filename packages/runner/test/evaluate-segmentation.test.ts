import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseModelManifest, preprocessImage, readLabelMap, type Dataset } from "@podium/datasets";
import { openModel } from "@podium/engines";
import { evaluate, mergeResults, openDatasetAt } from "@podium/runner";
import { cachedModel, mergeable, scratchDir } from "./helpers/paths.js";
import { writeSegmentationFolder } from "./helpers/segmentation-data.js";
import { readFileSync } from "node:fs";

const dir = scratchDir("seg");
const data = join(dir, "scenes");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => writeSegmentationFolder(data));

/** The two cached MediaPipe TF.js segmenters: a sigmoid person mask and 2-class logits, both NHWC. */
const models = [
  { name: "selfie", file: cachedModel("selfie/selfie.json"), size: [256, 256], kind: "probabilities" as const },
  { name: "meet", file: cachedModel("meet/meet.json"), size: [144, 256], kind: "logits" as const },
];

const manifestFor = (m: (typeof models)[number]) =>
  parseModelManifest(
    {
      format: "podium-model/1",
      task: "semantic-segmentation",
      model: m.file,
      runtime: "tfjs-graph",
      metadata: { name: m.name, architecture: "MediaPipe", license: "unknown" },
      preprocessing: { input_size: [3, ...m.size], crop_mode: "squash", crop_pct: 1, layout: "NHWC", mean: [0, 0, 0], std: [1, 1, 1] },
      output: { kind: m.kind, layout: "NHWC", labels: { space: "person", classes: ["background", "person"] } },
    },
    `${m.name}.podium.json`,
  );

/** mmseg mIoU computed here from scratch: engine on each preprocessed image, threshold/argmax, nearest upsampling. */
async function referenceMiou(m: (typeof models)[number], dataset: Dataset): Promise<number> {
  const manifest = manifestFor(m);
  const engine = await openModel(m.file);
  const [h, w] = m.size;
  const inter = [0, 0];
  const gtCount = [0, 0];
  const predCount = [0, 0];
  try {
    for await (const sample of dataset.samples()) {
      const { tensor } = await preprocessImage(sample.image, manifest.preprocessing);
      const inputName = engine.describe().inputs[0].name;
      const out = Object.values(await engine.run({ [inputName]: { data: tensor, dims: [1, h, w, 3] } }))[0];
      const gt = readLabelMap(readFileSync((sample.target as { labelMap: { path: string } }).labelMap.path), "gt");
      for (let y = 0; y < gt.height; y++) {
        const oy = Math.min(h - 1, Math.floor(((y + 0.5) * h) / gt.height));
        for (let x = 0; x < gt.width; x++) {
          const g = gt.labels[y * gt.width + x];
          if (g === 255) continue;
          const ox = Math.min(w - 1, Math.floor(((x + 0.5) * w) / gt.width));
          const o = oy * w + ox;
          const p = m.kind === "probabilities" ? (out.data[o] >= 0.5 ? 1 : 0) : out.data[2 * o + 1] > out.data[2 * o] ? 1 : 0;
          gtCount[g]++;
          predCount[p]++;
          if (p === g) inter[g]++;
        }
      }
    }
  } finally {
    await engine.dispose();
  }
  const ious = [0, 1].map((c) => inter[c] / (gtCount[c] + predCount[c] - inter[c]));
  return (ious[0] + ious[1]) / 2;
}

describe.skipIf(!models.every((m) => existsSync(m.file)))("evaluate() on semantic segmentation with the cached MediaPipe models", () => {
  for (const m of models) {
    it(`${m.name}: mIoU equals a from-scratch computation; shards merge to the one-shot result`, async () => {
      const dataset = await openDatasetAt(data);
      expect(dataset.task).toBe("semantic-segmentation");
      const manifest = manifestFor(m);
      const whole = await evaluate({ modelPath: m.file, manifest, dataset, workers: 1, bootstrap: { resamples: 200, seed: 7 } });
      expect(whole.metrics.mIoU.value).toBeCloseTo(await referenceMiou(m, dataset), 12);
      expect(whole.selection.samplesScored).toBe(5);
      expect(whole.metrics.mIoU.interval).toMatchObject({ method: "bootstrap", resamples: 200, seed: 7 });
      const { lower, upper } = whole.metrics.mIoU.interval!;
      expect(lower!).toBeLessThanOrEqual(upper!);
      expect(whole.runs[0].fingerprint.engine.engine).toBe("tensorflow.js");
      const shards = [];
      for (const index of [0, 1]) shards.push(await evaluate({ modelPath: m.file, manifest, dataset, workers: 1, shard: { index, count: 2 }, bootstrap: { resamples: 200, seed: 7 } }));
      const merged = mergeResults(shards.map((result, i) => ({ file: `s${i}.json`, result })));
      expect(mergeable(merged)).toBe(mergeable(whole));
    });
  }
});
