import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { inspectOnnx, parseOnnx } from "@podium/graph";

const modelPath = (name: string) => new URL(`../../../models/torchvision/${name}.onnx`, import.meta.url);

// torchvision's published figures (weights meta `_ops` in GMACs at 224², `num_params`), as in /work/shared/facts.
const PUBLISHED = {
  resnet18: { gmacs: 1.814, params: 11_689_512 },
  googlenet: { gmacs: 1.498, params: 6_624_904 },
  mobilenet_v2: { gmacs: 0.301, params: 3_504_872 },
} as const;

describe.each(Object.entries(PUBLISHED))("torchvision %s exported graph-only", (name, published) => {
  const bytes = readFileSync(modelPath(name));
  const report = inspectOnnx(bytes, { source: `${name}.onnx` });

  it("infers every node (no unknown ops) and the logits shape", () => {
    expect(report.unknownOps).toEqual([]);
    expect(report.layers.every((l) => l.outputShape !== null)).toBe(true);
    expect(report.outputs[0].shape).toEqual([1, 1000]);
    expect(report.totals.macsComplete).toBe(true);
  });

  it("MACs agree with torchvision's published figure within 1%", () => {
    expect(Math.abs(report.totals.macs / 1e9 - published.gmacs) / published.gmacs).toBeLessThan(0.01);
  });

  it("params equal the float elements of the initializers, and trainable params equal torchvision's count", () => {
    const model = parseOnnx(bytes);
    const floatElements = model.initializers.filter((t) => t.dataType === 1).reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
    expect(model.initializers.every((t) => t.storage === "external")).toBe(true);
    expect(report.totals.params).toBe(floatElements);
    expect(report.totals.trainableParams).toBe(published.params);
  });

  it("--batch scales MACs and activations linearly; params do not change", () => {
    const batched = inspectOnnx(bytes, { batch: 4 });
    expect(batched.totals.macs).toBe(report.totals.macs * 4);
    expect(batched.totals.activationBytes).toBe(report.totals.activationBytes * 4);
    expect(batched.totals.params).toBe(report.totals.params);
  });
});

describe("torchvision resnet18 at another input size", () => {
  it("--input-size 448 quadruples the conv MACs (the fc layer stays the same)", () => {
    const bytes = readFileSync(modelPath("resnet18"));
    const full = inspectOnnx(bytes);
    const large = inspectOnnx(bytes, { inputSize: [448, 448] });
    const fc = 512 * 1000;
    expect(large.totals.macs - fc).toBe((full.totals.macs - fc) * 4);
    expect(large.outputs[0].shape).toEqual([1, 1000]);
  });
});
