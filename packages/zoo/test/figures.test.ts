import { describe, it, expect } from "vitest";
import { inspectLayersTopology } from "@podium/graph";
import { architectureInfo, architectureTopology } from "@podium/zoo";

describe("zoo MACs and activation memory", () => {
  it.each(["alexnet", "vgg16", "vgg19", "googlenet", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "mobilenet_v2"])(
    "%s: MACs at 224² agree with torchvision's published GMACs (facts file) within 0.5%",
    (name) => {
      const published = architectureInfo(name).facts.gmacs!;
      const macs = inspectLayersTopology(architectureTopology(name)).totals.macs / 1e9;
      expect(Math.abs(macs - published) / published).toBeLessThan(0.005);
    },
  );

  it("VGG-16 forward activations per image follow CS231n's per-layer table (input, conv, pool and FC outputs)", () => {
    // CS231n "VGGNet in detail": [224,224,3] input, then per layer the output volume; ReLU runs in place.
    const table = [
      224 * 224 * 3,
      224 * 224 * 64, 224 * 224 * 64, 112 * 112 * 64,
      112 * 112 * 128, 112 * 112 * 128, 56 * 56 * 128,
      56 * 56 * 256, 56 * 56 * 256, 56 * 56 * 256, 28 * 28 * 256,
      28 * 28 * 512, 28 * 28 * 512, 28 * 28 * 512, 14 * 14 * 512,
      14 * 14 * 512, 14 * 14 * 512, 14 * 14 * 512, 7 * 7 * 512,
      4096, 4096, 1000,
    ];
    const floats = table.reduce((a, b) => a + b, 0);
    const report = inspectLayersTopology(architectureTopology("vgg16"));
    expect(report.totals.activationBytes).toBe(floats * 4);
    expect(floats).toBe(15_237_608); // ≈ 61 MB at float32: CS231n's "24M × 4 bytes ≈ 93MB" total is not the sum of its own table
    const batched = inspectLayersTopology(architectureTopology("vgg16"), { batch: 8 });
    expect(batched.totals.activationBytes).toBe(floats * 4 * 8);
  });
});
