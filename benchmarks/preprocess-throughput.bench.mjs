// Preprocessing throughput: a 500×375 photo-like JPEG → timm eval transform (shorter side 256, centre
// crop 224, ImageNet mean/std, NCHW float32). Compares, in this run, against a bare sharp baseline
// (decode + resize 256 + extract 224 to raw RGB, nothing else), so the ratio survives noisy machines.
// Run: npm run bench -- preprocess   (or, after a build: node benchmarks/preprocess-throughput.bench.mjs [images])
import { writeResults } from "./results.mjs";
import { availableParallelism, loadavg } from "node:os";
import sharp from "sharp";
import { preprocessStream, preprocessImage, PreprocessPool } from "@podium/datasets";

const N = Number(process.argv[2] ?? 350);
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

/** Variants run interleaved, round after round, so a burst of load on the shared machine hits them all. */
async function measure(variants, rounds, perRound) {
  for (const v of variants) await v.fn(10); // warm-up (JIT, sharp, worker start)
  const times = variants.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < variants.length; i++) {
      const start = performance.now();
      await variants[i].fn(perRound);
      times[i].push((performance.now() - start) / perRound);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return variants.map((v, i) => ({ label: v.label, msPerImage: median(times[i]), best: Math.min(...times[i]) }));
}

sharp.concurrency(1);
const cores = availableParallelism();
const pool = new PreprocessPool(cores);
const variants = [
  {
    label: "baseline: sharp decode+resize+extract, 1 at a time, 1 libvips thread",
    fn: async (n) => {
      for (let i = 0; i < n; i++) await sharp(bytes).resize(341, 256, { kernel: "linear" }).extract({ left: 58, top: 16, width: 224, height: 224 }).raw().toBuffer();
    },
  },
  {
    label: "pil resampler, main thread, 1 at a time",
    fn: async (n) => {
      for (let i = 0; i < n; i++) await preprocessImage(source, config);
    },
  },
  {
    label: "sharp resampler, main thread, 1 at a time",
    fn: async (n) => {
      for (let i = 0; i < n; i++) await preprocessImage(source, { ...config, resampler: "sharp" });
    },
  },
  {
    label: `pil resampler, preprocessStream, ${cores} workers (wall time per image)`,
    fn: async (n) => {
      for await (const r of preprocessStream(samples.slice(0, n), config, { workers: pool })) if (r.kind !== "tensor") throw new Error(r.reason);
    },
  },
];
const results = await measure(variants, 7, Math.max(10, Math.floor(N / 7)));
await pool.close();

console.table(results.map((r) => ({ run: r.label, "images/s (median)": (1000 / r.msPerImage).toFixed(1), "ms/image (median)": r.msPerImage.toFixed(2), "ms/image (best)": r.best.toFixed(2) })));
const [base, pil] = results;
console.log(`pil pipeline on one core costs ${(pil.msPerImage / base.msPerImage).toFixed(2)}× the bare sharp baseline (median rounds; best rounds ${(pil.best / base.best).toFixed(2)}×); ${cores} cores; load average ${loadavg().map((v) => v.toFixed(2)).join(" ")}`);

// Reported, not gated: the issue asks for preprocessing throughput per core to be known, not for a figure.
writeResults("preprocess-throughput", {
  measurements: results.map((r) => ({ name: r.label, imagesPerSecond: 1000 / r.msPerImage, msPerImageMedian: r.msPerImage, msPerImageBest: r.best })),
  targets: [],
});
