// Preprocessing throughput: a 500×375 photo-like JPEG → timm eval transform (shorter side 256, centre
// crop 224, ImageNet mean/std, NCHW float32). Compares, in this run, against a bare sharp baseline
// (decode + resize 256 + extract 224 to raw RGB, nothing else), so the ratio survives noisy machines.
// Run: npx tsc -b packages/datasets && node packages/datasets/benchmarks/preprocess-throughput.bench.mjs [images]
import { availableParallelism } from "node:os";
import sharp from "sharp";
import { preprocessStream, preprocessImage, PreprocessPool } from "@podium/datasets";

const N = Number(process.argv[2] ?? 200);
const config = { input_size: [3, 224, 224], interpolation: "bilinear", crop_pct: 0.875, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

async function photoJpeg() {
  const width = 500;
  const height = 375;
  const raw = Buffer.alloc(width * height * 3);
  let state = 12345;
  for (let i = 0; i < raw.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const p = Math.floor(i / 3);
    const x = p % width;
    const y = Math.floor(p / width);
    raw[i] = (128 + 90 * Math.sin(x / 37 + (i % 3)) * Math.cos(y / 23) + (state % 20)) & 255;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

const bytes = await photoJpeg();
const source = { kind: "encoded", name: "bench.jpg", bytes };
const samples = Array.from({ length: N }, (_, i) => ({ id: String(i), image: source, target: { task: "classification", label: 0 } }));

async function time(label, fn) {
  await fn(Math.min(20, N)); // warm-up
  const start = performance.now();
  await fn(N);
  const seconds = (performance.now() - start) / 1000;
  return { label, imagesPerSecond: N / seconds, msPerImage: (seconds * 1000) / N };
}

const results = [];
sharp.concurrency(1);
results.push(
  await time("baseline: sharp decode+resize+extract, 1 at a time, 1 libvips thread", async (n) => {
    for (let i = 0; i < n; i++) await sharp(bytes).resize(341, 256, { kernel: "linear" }).extract({ left: 58, top: 16, width: 224, height: 224 }).raw().toBuffer();
  }),
);
results.push(
  await time("pil resampler, main thread, 1 at a time", async (n) => {
    for (let i = 0; i < n; i++) await preprocessImage(source, config);
  }),
);
results.push(
  await time("sharp resampler, main thread, 1 at a time", async (n) => {
    for (let i = 0; i < n; i++) await preprocessImage(source, { ...config, resampler: "sharp" });
  }),
);
const cores = availableParallelism();
const pool = new PreprocessPool(cores);
results.push(
  await time(`pil resampler, preprocessStream, ${cores} workers`, async (n) => {
    for await (const r of preprocessStream(samples.slice(0, n), config, { workers: pool })) if (r.kind !== "tensor") throw new Error(r.reason);
  }),
);
await pool.close();
sharp.concurrency(0);

console.table(results.map((r) => ({ run: r.label, "images/s": r.imagesPerSecond.toFixed(1), "ms/image": r.msPerImage.toFixed(2) })));
const [base, pil] = results;
console.log(`pil pipeline per core costs ${(pil.msPerImage / base.msPerImage).toFixed(2)}× the bare sharp baseline; ${cores} cores; load average ${(await import("node:os")).loadavg().map((v) => v.toFixed(2)).join(" ")}`);
