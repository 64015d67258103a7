// The evaluation runner against the bare engine, measured in this run:
//  1. throughput: evaluate() end to end (read JPEG → preprocess in a worker thread → batch → engine →
//     decode → evaluator) vs engine.run on the same tensors made beforehand, same model, batch and
//     engine threads. Model: PP-OCRv4's text detector (DBNet, real weights, ~compute-heavy at 320²)
//     scored as 2-class segmentation (text / background) on synthetic text images. Target ≥ 90%.
//  2. peak RSS independent of dataset size: evaluate() in child processes on N and 10·N images
//     (PP-OCR's direction classifier, 2 classes); target: peak RSS ratio within 10%.
//  3. preprocessing throughput per core (one worker thread, nothing else running), reported.
// Run: npx tsc -b packages/runner && node benchmarks/runner-throughput.bench.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { openDatasetManifest, parseModelManifest, preprocessStream, resolvePreprocessing } from "@podium/datasets";
import { openModel } from "@podium/engines";
import { evaluate } from "@podium/runner";
import { fetchModels, modelEntryPath } from "../scripts/fetch-models.mjs";

const BATCH = 4;
const THREADS = 1; // engine intra-op threads; the preprocessing worker gets the other core
// evaluate() opens the model in its own engine thread (same device and intra-op threads as the bare
// engine here); preprocessing workers on the remaining cores, as evaluate() does by default.
const PREPROCESS_WORKERS = Math.max(1, availableParallelism() - 1);
const THROUGHPUT_IMAGES = 96;
const ROUNDS = 5;
const RSS_SMALL = 150;
const RSS_FACTOR = 10;

const detManifest = (model) =>
  parseModelManifest(
    {
      format: "podium-model/1",
      task: "semantic-segmentation",
      model,
      runtime: "onnx",
      metadata: { name: "PP-OCRv4 det", architecture: "DBNet", license: "Apache-2.0" },
      preprocessing: { input_size: [3, 320, 320], crop_mode: "squash", crop_pct: 1, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resampler: "sharp" },
      output: { kind: "probabilities", layout: "NCHW", labels: { space: "text", classes: ["background", "text"] } },
    },
    "ppocr-det.podium.json",
  );
const clsManifest = (model) =>
  parseModelManifest(
    {
      format: "podium-model/1",
      task: "classification",
      model,
      runtime: "onnx",
      metadata: { name: "PP-OCR direction", architecture: "MobileNetV3", license: "Apache-2.0" },
      preprocessing: { input_size: [3, 48, 192], crop_mode: "squash", crop_pct: 1, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], resampler: "sharp" },
      output: { scores: "probabilities", labels: { space: "direction", classes: ["0", "180"] } },
    },
    "ppocr-cls.podium.json",
  );

/** A podium-dataset/1 folder of `count` synthetic text-line images (+ label maps for segmentation). */
async function makeDataset(root, count, { width, height, segmentation }) {
  mkdirSync(join(root, "img"), { recursive: true });
  const samples = [];
  for (let i = 0; i < count; i++) {
    const words = ["podium", "benchmark", "runner", "Fashion", "MNIST", "detector"];
    const text = `${words[i % 6]} ${i} ${words[(i * 7) % 6]}`;
    const y = Math.round(height * (0.3 + 0.4 * ((i % 5) / 5)));
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f1ea"/><text x="${width * 0.08}" y="${y}" font-size="${Math.round(height * 0.18)}" font-family="sans-serif" fill="#1d1d1d">${text}</text></svg>`;
    await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toFile(join(root, "img", `${i}.jpg`));
    const sample = { id: String(i), image: `img/${i}.jpg` };
    if (segmentation) {
      const labels = Buffer.alloc(width * height, 0);
      const top = Math.max(0, y - Math.round(height * 0.16));
      for (let r = top; r < Math.min(height, y + 4); r++) labels.fill(1, r * width + Math.round(width * 0.08), r * width + Math.round(width * 0.85));
      await sharp(labels, { raw: { width, height, channels: 1 } }).toColourspace("b-w").png().toFile(join(root, "img", `${i}.png`));
      sample.mask = `img/${i}.png`;
    } else sample.label = i % 2;
    samples.push(sample);
  }
  const task = segmentation ? "semantic-segmentation" : "classification";
  writeFileSync(join(root, "podium-dataset.json"), JSON.stringify({ format: "podium-dataset/1", name: `synthetic-${count}`, task, classes: segmentation ? ["background", "text"] : ["0", "180"], samples }));
  return join(root, "podium-dataset.json");
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Child mode: one evaluate() run, then print its peak RSS. */
if (process.argv[2] === "--child-rss") {
  const [, , , datasetPath, modelPath] = process.argv;
  // Besides the process peak (getrusage), the largest RSS seen after a full GC every 10th batch: memory
  // actually retained, which is what would grow with N (without the GC, V8 grows its heap lazily).
  let sampledPeak = 0;
  let batches = 0;
  const onProgress = () => {
    if (++batches % 10 !== 0) return;
    globalThis.gc?.();
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  };
  const result = await evaluate({ modelPath, manifest: clsManifest(modelPath), dataset: await openDatasetManifest(datasetPath), batchSize: 16, workers: 1, engine: { device: "cpu", threads: 1 }, onProgress });
  process.stdout.write(JSON.stringify({ peakRssBytes: result.runs[0].performance.peakRssBytes, sampledPeakRssBytes: sampledPeak, samples: result.selection.samplesScored }));
  process.exit(0);
}

await fetchModels(["ppocr-det", "ppocr-cls"], () => {});
const detPath = modelEntryPath("ppocr-det");
const clsPath = modelEntryPath("ppocr-cls");
const scratch = mkdtempSync(join(tmpdir(), "podium-runner-bench-"));
try {
  // 1. Throughput.
  const detDataset = await makeDataset(join(scratch, "det"), THROUGHPUT_IMAGES, { width: 480, height: 360, segmentation: true });
  const manifest = detManifest(detPath);
  const preprocessing = resolvePreprocessing(manifest.preprocessing);
  const tensors = [];
  for await (const record of preprocessStream((await openDatasetManifest(detDataset)).samples(), preprocessing, { workers: 0 })) tensors.push(record.tensor);
  const engine = await openModel(detPath, { device: "cpu", threads: THREADS });
  const input = engine.describe().inputs[0].name;
  const per = tensors[0].length;
  const batches = [];
  for (let i = 0; i < tensors.length; i += BATCH) {
    const rows = tensors.slice(i, i + BATCH);
    const data = new Float32Array(rows.length * per);
    rows.forEach((t, j) => data.set(t, j * per));
    batches.push({ [input]: { data, dims: [rows.length, 3, 320, 320] } });
  }
  const bare = [];
  const runner = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Bare engine: same warm-up rule as the runner (first batch untimed).
    await engine.run(batches[0]);
    const t0 = performance.now();
    let images = 0;
    for (const feeds of batches.slice(1)) {
      await engine.run(feeds);
      images += feeds[input].dims[0];
    }
    bare.push(images / ((performance.now() - t0) / 1000));
    const result = await evaluate({ modelPath: detPath, manifest, dataset: await openDatasetManifest(detDataset), batchSize: BATCH, workers: PREPROCESS_WORKERS, engine: { device: "cpu", threads: THREADS }, bootstrap: { resamples: 100 } });
    runner.push(result.runs[0].performance.throughput);
  }
  await engine.dispose();
  const bareIps = median(bare);
  const runnerIps = median(runner);
  // Rounds alternate bare / runner, so each ratio compares runs seconds apart (the machine is shared).
  const pairedRatios = runner.map((r, i) => r / bare[i]);
  const throughputRatio = median(pairedRatios);
  console.log(`throughput (PP-OCRv4 det 320², batch ${BATCH}, ${THREADS} engine thread, ${PREPROCESS_WORKERS} preprocessing worker threads):`);
  console.log(`  bare engine on pre-made tensors: ${bare.map((v) => v.toFixed(2)).join(", ")} img/s (median ${bareIps.toFixed(2)})`);
  console.log(`  evaluate() end to end:          ${runner.map((v) => v.toFixed(2)).join(", ")} img/s (median ${runnerIps.toFixed(2)})`);
  console.log(`  per-round ratios ${pairedRatios.map((r) => (r * 100).toFixed(1)).join(", ")}%; median ${(throughputRatio * 100).toFixed(1)}% (target ≥ 90%)`);

  // 2. Peak RSS vs dataset size, each in a fresh child process.
  const small = await makeDataset(join(scratch, "cls-small"), RSS_SMALL, { width: 192, height: 48, segmentation: false });
  const large = await makeDataset(join(scratch, "cls-large"), RSS_SMALL * RSS_FACTOR, { width: 192, height: 48, segmentation: false });
  const child = (dataset) => JSON.parse(execFileSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child-rss", dataset, clsPath], { encoding: "utf8" }));
  const rssSmall = child(small);
  const rssLarge = child(large);
  const rssRatio = rssLarge.peakRssBytes / rssSmall.peakRssBytes;
  const mib = (b) => (b / 2 ** 20).toFixed(1);
  console.log(`peak RSS (PP-OCR direction classifier, child processes): ${rssSmall.samples} images ${mib(rssSmall.peakRssBytes)} MiB, ${rssLarge.samples} images ${mib(rssLarge.peakRssBytes)} MiB, ratio ${rssRatio.toFixed(3)} (target ≤ 1.10); largest RSS after a GC ${mib(rssSmall.sampledPeakRssBytes)} vs ${mib(rssLarge.sampledPeakRssBytes)} MiB`);

  // 3. Preprocessing throughput per core: one worker thread, JPEG 480×360 → 320² float32, nothing else running.
  let count = 0;
  const t0 = performance.now();
  for await (const record of preprocessStream((await openDatasetManifest(detDataset)).samples(), preprocessing, { workers: 1, concurrency: 4 })) if (record.kind === "tensor") count++;
  const perCore = count / ((performance.now() - t0) / 1000);
  console.log(`preprocessing: ${perCore.toFixed(1)} img/s per core (JPEG 480×360 → 3×320×320 float32, sharp resampler, 1 worker thread)`);

  const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, "runner-throughput.json"),
    JSON.stringify(
      {
        name: "runner-throughput",
        measurements: { bareImagesPerSecond: bare, runnerImagesPerSecond: runner, rssSmall, rssLarge, preprocessImagesPerSecondPerCore: perCore },
        targets: [
          { name: "evaluate() throughput / bare engine", value: throughputRatio, limit: 0.9, unit: "ratio ≥", pass: throughputRatio >= 0.9 },
          { name: `peak RSS ${RSS_FACTOR}× images / 1×`, value: rssRatio, limit: 1.1, unit: "ratio ≤", pass: rssRatio <= 1.1 },
        ],
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
