import { describe, it, expect } from "vitest";
import { formatReport, inspectLayersTopology, summarizeByKind } from "@podium/graph";
import { architectureTopology } from "@podium/zoo";

describe("the lecture's AlexNet and VGG-16 figures (what `podium inspect --arch` prints)", () => {
  it("AlexNet: conv layers hold the compute, FC layers hold the parameters", () => {
    const report = inspectLayersTopology(architectureTopology("alexnet"));
    const [conv, linear] = summarizeByKind(report);
    expect(conv.params).toBe(2_469_696);
    expect(linear.params).toBe(58_631_144); // facts file: "58.6M of 61.1M"
    expect(linear.params / report.totals.params).toBeGreaterThan(0.95);
    expect(conv.macs / report.totals.macs).toBeGreaterThan(0.9);
    const text = formatReport(report);
    expect(text).toMatch(/^conv\s+5\s+2,469,696\s+4\.0%\s+655\.57 M\s+91\.8%/m);
    expect(text).toMatch(/^linear\s+3\s+58,631,144\s+96\.0%\s+58\.62 M\s+8\.2%/m);
    expect(text).toMatch(/^\s*12\s+dense_1\s+Dense\s+\[1, 4096\]\s+37,752,832\s+61\.8%\s+37\.75 M\s+5\.3%/m);
  });

  it("VGG-16: per-layer activation memory, largest in the first conv block", () => {
    const report = inspectLayersTopology(architectureTopology("vgg16"));
    const text = formatReport(report);
    expect(text).toMatch(/conv_1\s+Conv2D\s+\[1, 224, 224, 64\]\s+1,792\s+0\.0%\s+86\.70 M\s+0\.6%\s+12\.85 MB/);
    expect(text).toMatch(/^activations\s+60\.95 MB forward at batch 1 \(60\.95 MB per image/m);
  });
});
