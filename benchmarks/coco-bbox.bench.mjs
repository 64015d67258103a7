// COCO bbox evaluation (all 12 summarize() stats) on a COCO-val-sized synthetic set: 5,000 images,
// 80 non-contiguous categories, ~33k ground-truth boxes (crowd, exact 32²/96² areas), ~150k detections
// with score ties. Targets: <= 1.5 s (median) and <= 1 GB peak RSS (measured in a fresh child process).
// A JSON.parse of the same input and a sort of the scores are timed in the same run as baselines.
// Run: node node_modules/typescript/bin/tsc -b packages/metrics && node benchmarks/coco-bbox.bench.mjs
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { evaluateCoco, mulberry32 } from "@podium/metrics";
import { writeResults } from "./results.mjs";

const IMAGES = 5000;
const ROUNDS = 5;
const TARGET_SECONDS = 1.5;
const TARGET_RSS_MB = 1024;

/** Seeded uniform [0, 1), so every run scores the same data. */
function prng(seed) {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

function makeDataset() {
  const rand = prng(20261128);
  const round2 = (x) => Math.round(x * 100) / 100;
  // COCO's 80 ids out of 1..90 (non-contiguous).
  const skip = new Set([12, 26, 29, 30, 45, 66, 68, 69, 71, 83]);
  const categories = [];
  for (let id = 1; categories.length < 80; id++) if (!skip.has(id)) categories.push({ id, name: `class${id}` });
  const images = [];
  const annotations = [];
  const detections = [];
  for (let i = 0; i < IMAGES; i++) {
    const image = { id: 100000 + i * 13 + (i % 7), width: 640, height: 480 };
    images.push(image);
    const objects = Math.floor(rand() * 14); // ~6.5 per image → ~33k
    for (let o = 0; o < objects; o++) {
      const cat = categories[Math.floor(rand() ** 2 * 80)].id; // skewed like COCO
      const kind = rand();
      let w, h;
      if (kind < 0.03) [w, h] = [32, 32];
      else if (kind < 0.06) [w, h] = [96, 96];
      else {
        const s = Math.exp(rand() * 5.5 + 1.2); // sqrt(area) ~ 3 .. 800
        w = round2(Math.min(630, Math.max(1, s * (0.5 + rand()))));
        h = round2(Math.min(470, Math.max(1, s * (0.5 + rand()))));
      }
      const x = round2(rand() * (640 - w)), y = round2(rand() * (480 - h));
      const crowd = rand() < 0.01 ? 1 : 0;
      annotations.push({ id: annotations.length + 1, image_id: image.id, category_id: cat, bbox: [x, y, w, h], area: w * h, iscrowd: crowd });
      // 0–3 detections near each object, coarse scores so ties are frequent.
      const near = Math.floor(rand() * 4) + (crowd ? 2 : 0);
      for (let d = 0; d < near; d++) {
        const j = () => (rand() - 0.5) * 0.3;
        detections.push({
          image_id: image.id, category_id: rand() < 0.9 ? cat : categories[Math.floor(rand() * 80)].id,
          bbox: [round2(x + w * j()), round2(y + h * j()), round2(w * (1 + j())), round2(h * (1 + j()))],
          score: Math.round(rand() * 100) / 100,
        });
      }
    }
    // Background false positives: bring the total to ~150k.
    const fps = Math.floor(rand() * 42);
    for (let d = 0; d < fps; d++) {
      const w = round2(5 + rand() * 300), h = round2(5 + rand() * 300);
      detections.push({
        image_id: image.id, category_id: categories[Math.floor(rand() ** 2 * 80)].id,
        bbox: [round2(rand() * (640 - w)), round2(rand() * (480 - h)), w, h], score: Math.round(rand() * 50) / 100,
      });
    }
  }
  // Results arrive in no particular image order.
  for (let i = detections.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [detections[i], detections[j]] = [detections[j], detections[i]];
  }
  return { groundTruth: { images, annotations, categories }, detections };
}

const { groundTruth, detections } = makeDataset();

if (process.argv[2] === "--child") {
  // Peak memory of one evaluation in a fresh process (input included, as a real run holds it too).
  const result = evaluateCoco(groundTruth, detections, { iouType: "bbox" });
  process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, AP: result.AP }));
  process.exit(0);
}

function time(fn) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, result };
}

const json = JSON.stringify({ groundTruth, detections });
const scores = Float64Array.from(detections, (d) => d.score);
const runs = { evaluate: [], evaluateCpu: [], parse: [], sort: [] };
let stats;
for (let round = 0; round < ROUNDS + 1; round++) {
  globalThis.gc?.(); // benchmarks/run.mjs passes --expose-gc: start each run from a collected heap
  const e = time(() => evaluateCoco(groundTruth, detections, { iouType: "bbox" }));
  const p = time(() => JSON.parse(json));
  const s = time(() => scores.slice().sort());
  if (stats && e.result.stats.some((v, i) => v !== stats[i])) throw new Error("evaluateCoco is not deterministic");
  stats = e.result.stats;
  if (round > 0) {
    runs.evaluate.push(e.seconds);
    runs.evaluateCpu.push(e.cpuSeconds);
    runs.parse.push(p.seconds);
    runs.sort.push(s.seconds);
  }
}
const child = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child"], { encoding: "utf8" }));
const rssMb = child.maxRssKb / 1024;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const evalS = median(runs.evaluate), parseS = median(runs.parse), sortS = median(runs.sort);
const measurements = [
  { name: "evaluateCoco bbox (12 stats)", unit: "s", median: evalS, best: Math.min(...runs.evaluate), rounds: ROUNDS },
  // CPU time (all threads, GC included) is less disturbed than wall time when other jobs share the cores.
  { name: "evaluateCoco CPU time (user+system)", unit: "s", median: median(runs.evaluateCpu), best: Math.min(...runs.evaluateCpu), rounds: ROUNDS },
  { name: "baseline: JSON.parse of the same input", unit: "s", median: parseS, best: Math.min(...runs.parse), rounds: ROUNDS, bytes: json.length },
  { name: "baseline: Float64Array sort of the scores", unit: "s", median: sortS, best: Math.min(...runs.sort), rounds: ROUNDS },
  { name: "evaluate / JSON.parse", unit: "ratio", median: evalS / parseS },
  { name: "evaluate / score sort", unit: "ratio", median: evalS / sortS },
  { name: "peak RSS, fresh process (input + evaluation)", unit: "MB", median: rssMb },
];
const targets = [
  { name: "evaluateCoco bbox median time", value: evalS, limit: TARGET_SECONDS, unit: "s (<=)", pass: evalS <= TARGET_SECONDS },
  { name: "peak RSS", value: rssMb, limit: TARGET_RSS_MB, unit: "MB (<=)", pass: rssMb <= TARGET_RSS_MB },
];
const dataset = { images: IMAGES, categories: groundTruth.categories.length, groundTruth: groundTruth.annotations.length, detections: detections.length };
console.log(dataset, "AP =", stats[0]);
console.table(measurements.map((m) => ({ ...m, median: m.median.toFixed(4), best: m.best?.toFixed(4) })));
console.table(targets.map((t) => ({ ...t, value: t.value.toFixed(3) })));

writeResults("coco-bbox", { dataset, stats, measurements, targets });
