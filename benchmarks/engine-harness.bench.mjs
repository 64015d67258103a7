// Harness overhead: the p50 that `podium bench` reports (engine.run through @podium/engines, timed by its own
// loop) against a bare onnxruntime `session.run` loop on the same model and the same input tensor.
// Interleaved in small blocks in one process so machine noise hits both alike. Target: within 2%.
// Model: PP-OCRv4 text detector (fetched by scripts/fetch-models.mjs), input 1×3×160×160.
// Run: npx tsc -b packages/engines && node benchmarks/engine-harness.bench.mjs
import { writeResults } from "./results.mjs";
import { cpus, loadavg } from "node:os";
import * as ort from "onnxruntime-node";
import { openModel, percentile, syntheticFeeds, timeRuns } from "@podium/engines";
import { fetchModels } from "../scripts/fetch-models.mjs";

const ROUNDS = 60;
const BLOCK = 5;
const WARMUP = 10;
const TARGET = 0.02;
const shape = [1, 3, 160, 160];

const { "ppocr-det": modelPath } = await fetchModels(["ppocr-det"], () => {});
const options = { device: "cpu", threads: 1, graphOptimization: "all" };
const engine = await openModel(modelPath, options);
const feeds = syntheticFeeds(engine.describe(), 1, { x: shape });
const session = await ort.InferenceSession.create(modelPath, { executionProviders: ["cpu"], intraOpNumThreads: 1, graphOptimizationLevel: "all" });
const bareFeeds = { x: new ort.Tensor("float32", feeds.x.data, shape) };

async function bareRuns(count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await session.run(bareFeeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

for (let i = 0; i < WARMUP; i++) {
  await engine.run(feeds);
  await session.run(bareFeeds);
}
const harness = [];
const bare = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first so neither always follows the other.
  if (round % 2 === 0) {
    harness.push(...(await timeRuns(engine, feeds, BLOCK, 0, BLOCK)));
    bare.push(...(await bareRuns(BLOCK)));
  } else {
    bare.push(...(await bareRuns(BLOCK)));
    harness.push(...(await timeRuns(engine, feeds, BLOCK, 0, BLOCK)));
  }
}
await engine.dispose();
await session.release();

const sortAsc = (xs) => Float64Array.from(xs).sort();
const h = sortAsc(harness);
const b = sortAsc(bare);
const ratio = percentile(h, 0.5) / percentile(b, 0.5);
const measurements = [
  { name: "harness engine.run p50", unit: "ms", value: percentile(h, 0.5), p90: percentile(h, 0.9), queries: h.length },
  { name: "baseline: bare session.run p50", unit: "ms", value: percentile(b, 0.5), p90: percentile(b, 0.9), queries: b.length },
  { name: "harness / bare p50", unit: "ratio", value: ratio },
];
const targets = [{ name: "harness p50 within 2% of bare session.run", value: Math.abs(ratio - 1), limit: TARGET, unit: "|ratio − 1| (<=)", pass: Math.abs(ratio - 1) <= TARGET }];
console.log(`model ${modelPath}, input ${shape.join("×")}, 1 thread, ${ROUNDS} interleaved rounds of ${BLOCK}`);
console.table(measurements.map((m) => ({ ...m, value: m.value.toFixed(4), p90: m.p90?.toFixed(4) })));
// Other work on the machine decides whether 2 threads can help; the load average makes a miss readable.
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores`);
console.table(targets.map((t) => ({ ...t, value: t.value.toFixed(4) })));
writeResults("engine-harness", { model: modelPath, input: shape, measurements, targets });
