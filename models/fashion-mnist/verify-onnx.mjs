// Checks each exported Fashion-MNIST model with onnxruntime-node, independently of PyTorch: the file's sha256
// matches training-summary.json, and its top-1/top-5 on the 10k committed test images equal what training measured.
// Run from the repository root: node models/fashion-mnist/verify-onnx.mjs
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import ort from "onnxruntime-node";

const modelsDir = new URL("./", import.meta.url);
const testDir = new URL("../../datasets/fashion-mnist/", import.meta.url);
const summary = JSON.parse(readFileSync(new URL("training-summary.json", modelsDir), "utf8"));

function readIdx(name, expectedMagic) {
  const url = new URL(name, testDir);
  const bytes = gunzipSync(readFileSync(url));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) throw new Error(`${url.pathname}: IDX magic ${magic}, expected ${expectedMagic}`);
  const ndim = magic & 0xff;
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, data: bytes.subarray(4 + 4 * ndim) };
}

const images = readIdx("t10k-images-idx3-ubyte.gz", 0x0803);
const labels = readIdx("t10k-labels-idx1-ubyte.gz", 0x0801).data;
const [count, height, width] = images.dims;
const pixels = height * width;

// Same float32 arithmetic as the training script: x/255, then (x - mean) / std.
function normalise(mean, std) {
  const out = new Float32Array(count * pixels);
  const m = Math.fround(mean);
  const s = Math.fround(std);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.fround(Math.fround(Math.fround(images.data[i] / 255) - m) / s);
  }
  return out;
}

let failures = 0;
const batch = 1000;
for (const [arch, trained] of Object.entries(summary.models)) {
  const manifest = JSON.parse(readFileSync(new URL(`${arch}.model.json`, modelsDir), "utf8"));
  const onnxBytes = readFileSync(new URL(manifest.model, modelsDir));
  const sha256 = createHash("sha256").update(onnxBytes).digest("hex");
  const input = normalise(manifest.preprocessing.mean[0], manifest.preprocessing.std[0]);
  const session = await ort.InferenceSession.create(onnxBytes);
  const started = performance.now();
  let top1 = 0;
  let top5 = 0;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const tensor = new ort.Tensor("float32", input.subarray(start * pixels, (start + n) * pixels), [n, 1, height, width]);
    const { logits } = await session.run({ input: tensor });
    const classes = logits.dims[1];
    for (let i = 0; i < n; i++) {
      const row = logits.data.subarray(i * classes, (i + 1) * classes);
      const target = labels[start + i];
      // Rank of the true class: how many logits beat it; an exact tie goes to the lower index (argmax convention).
      let rank = 0;
      for (let c = 0; c < classes; c++) {
        if (row[c] > row[target] || (row[c] === row[target] && c < target)) rank++;
      }
      if (rank === 0) top1++;
      if (rank < 5) top5++;
    }
  }
  const ms = performance.now() - started;
  const ok = sha256 === trained.onnx_sha256 && top1 === trained.test_correct_top1;
  if (!ok) failures++;
  console.log(
    `${ok ? "ok  " : "FAIL"} ${arch}: onnxruntime top-1 ${(top1 / count).toFixed(4)} top-5 ${(top5 / count).toFixed(4)} ` +
      `(${top1}/${count}; PyTorch ${trained.test_correct_top1}/${count}, top-5 ${trained.test_top5.toFixed(4)}) ` +
      `sha256 ${sha256 === trained.onnx_sha256 ? "matches" : "DIFFERS"}, ${onnxBytes.length} bytes, ${ms.toFixed(0)} ms`,
  );
}
process.exit(failures === 0 ? 0 : 1);
