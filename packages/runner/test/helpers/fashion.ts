import { openFashionMnist, type Sample } from "@podium/datasets";
import { linearClassifier } from "./onnx-classifier.js";

/**
 * A nearest-class-mean classifier for 28×28 Fashion-MNIST inputs in 0–1 units, as one linear layer:
 * score_c = x·μ_c − |μ_c|²/2 (argmax = nearest mean in Euclidean distance). The means are taken from
 * the first `fit` test images, so it is a real, imperfect classifier (~70% top-1), not a fixture.
 * These are its weights ([784 × 10] row-major) and biases.
 */
export async function nearestMeanWeights(fit = 2000): Promise<{ weights: Float32Array; bias: Float32Array }> {
  const dataset = await openFashionMnist();
  const sums = Array.from({ length: 10 }, () => new Float64Array(784));
  const counts = new Float64Array(10);
  let n = 0;
  for await (const sample of dataset.samples()) {
    if (n++ >= fit) break;
    const { data } = (sample as Sample).image as { data: Uint8Array };
    const label = (sample.target as { label: number }).label;
    counts[label]++;
    for (let i = 0; i < 784; i++) sums[label][i] += data[i] / 255;
  }
  const weights = new Float32Array(784 * 10);
  const bias = new Float32Array(10);
  for (let c = 0; c < 10; c++) {
    let norm = 0;
    for (let i = 0; i < 784; i++) {
      const mean = sums[c][i] / counts[c];
      weights[i * 10 + c] = mean;
      norm += mean * mean;
    }
    bias[c] = -norm / 2;
  }
  return { weights, bias };
}

/** That classifier as an ONNX model (input [N,1,28,28]). */
export async function nearestMeanOnnx(fit = 2000): Promise<Uint8Array> {
  const { weights, bias } = await nearestMeanWeights(fit);
  return linearClassifier([1, 28, 28], weights, bias);
}

export const fashionManifest = (model: string) => ({
  format: "podium-model/1",
  task: "classification",
  model,
  runtime: "onnx",
  metadata: { name: "nearest-mean", architecture: "linear", license: "MIT" },
  preprocessing: { input_size: [1, 28, 28], mean: [0], std: [1], crop_pct: 1, crop_mode: "squash" },
  output: { scores: "logits", labels: { space: "fashion-mnist" } },
});
