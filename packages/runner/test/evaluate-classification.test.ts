import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFashionMnist, parseModelManifest, type ModelManifest } from "@podium/datasets";
import { wilsonInterval } from "@podium/metrics";
import { evaluate, mergeResults, type Progress } from "@podium/runner";
import { fashionManifest, nearestMeanOnnx } from "./helpers/fashion.js";
import { mergeable, scratchDir } from "./helpers/paths.js";

const LIMIT = 1500;
const dir = scratchDir("cls");
const modelPath = join(dir, "nearest-mean.onnx");
let manifest: ModelManifest;
/** rank of the true class per sample, computed by running onnxruntime directly on x/255 (no runner code). */
let referenceRanks: number[];

beforeAll(async () => {
  writeFileSync(modelPath, await nearestMeanOnnx());
  manifest = parseModelManifest(fashionManifest("nearest-mean.onnx"), "nearest-mean.podium.json");
  const dataset = await openFashionMnist();
  const pixels = new Float32Array(LIMIT * 784);
  const labels: number[] = [];
  let n = 0;
  for await (const sample of dataset.samples()) {
    if (n >= LIMIT) break;
    const data = (sample.image as { data: Uint8Array }).data;
    for (let i = 0; i < 784; i++) pixels[n * 784 + i] = data[i] / 255;
    labels.push((sample.target as { label: number }).label);
    n++;
  }
  const session = await ort.InferenceSession.create(modelPath);
  const out = await session.run({ x: new ort.Tensor("float32", pixels, [LIMIT, 1, 28, 28]) });
  const logits = out.logits.data as Float32Array;
  await session.release();
  referenceRanks = labels.map((label, i) => {
    const row = logits.subarray(i * 10, i * 10 + 10);
    // Rank = classes scoring strictly higher, plus ties at a lower index (the evaluator's tie rule).
    let rank = 0;
    for (let c = 0; c < 10; c++) if (row[c] > row[label] || (row[c] === row[label] && c < label)) rank++;
    return rank;
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("evaluate() on Fashion-MNIST with a real ONNX classifier", () => {
  it("top-1/top-5 equal a direct onnxruntime run, with Wilson intervals", async () => {
    const progress: Progress[] = [];
    const result = await evaluate({ modelPath, manifest, dataset: await openFashionMnist(), limit: LIMIT, batchSize: 64, onProgress: (p) => progress.push(p) });
    const top1 = referenceRanks.filter((r) => r < 1).length;
    const top5 = referenceRanks.filter((r) => r < 5).length;
    expect(top1 / LIMIT).toBeGreaterThan(0.5); // a real classifier, not chance (0.1)
    expect(result.selection.samplesScored).toBe(LIMIT);
    expect(result.metrics.top1.value).toBe(top1 / LIMIT);
    expect(result.metrics.top5.value).toBe(top5 / LIMIT);
    const w = wilsonInterval(top1, LIMIT);
    expect(result.metrics.top1.interval).toEqual({ lower: w.lower, upper: w.upper, method: "wilson" });
    expect(result.task).toBe("classification");
    expect(result.dataset.name).toBe("fashion-mnist-test");
    expect(result.runs[0].fingerprint.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.runs[0].fingerprint.datasetChecksum).toMatch(/^sha256:/);
    expect(result.runs[0].performance.latency.batches).toBe(Math.ceil(LIMIT / 64) - 1); // first batch is warm-up
    expect(result.runs[0].performance.throughput).toBeGreaterThan(0);
    expect(result.runs[0].performance.peakRssBytes).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ done: LIMIT, total: LIMIT, skipped: 0 });
    expect(result.problems).toEqual({ skippedImages: [], nonFinite: { logits: { nan: 0, inf: 0 } } });
  });

  it("--limit scores exactly the first N samples whatever the batch size", async () => {
    const a = await evaluate({ modelPath, manifest, dataset: await openFashionMnist(), limit: 203, batchSize: 17, workers: 0 });
    const b = await evaluate({ modelPath, manifest, dataset: await openFashionMnist(), limit: 203, batchSize: 64 });
    expect(a.selection.samplesScored).toBe(203);
    expect(a.metrics.top1.value).toBe(referenceRanks.slice(0, 203).filter((r) => r === 0).length / 203);
    expect(mergeable(a)).toBe(mergeable(b));
  });

  it("shards merged give exactly the one-shot result (metrics, intervals, state)", async () => {
    const options = { modelPath, manifest, limit: 700, batchSize: 32 };
    const whole = await evaluate({ ...options, dataset: await openFashionMnist() });
    const shards = [];
    for (const index of [2, 0, 1]) shards.push(await evaluate({ ...options, dataset: await openFashionMnist(), shard: { index, count: 3 } }));
    expect(shards.map((s) => s.selection.samplesScored)).toEqual([233, 234, 233]);
    const merged = mergeResults(shards.map((result, i) => ({ file: `shard${i}.json`, result })));
    expect(mergeable(merged)).toBe(mergeable(whole));
    expect(merged.selection.shards).toEqual([0, 1, 2].map((index) => ({ index, count: 3 })));
    expect(merged.runs).toHaveLength(3);
  });
});
