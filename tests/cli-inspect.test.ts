import { writeFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOneLineFailure, podium, repoRoot } from "./helpers.js";

const inspect = (args: string[]) => {
  const result = podium(["inspect", ...args, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
};

describe("podium inspect", () => {
  it("--arch alexnet: the lecture's figure, conv layers hold the compute and FC layers the parameters", () => {
    const report = inspect(["--arch", "alexnet"]);
    expect(report.totals.trainableParams).toBe(61_100_840);
    const conv = report.byKind.find((k: { kind: string }) => k.kind === "conv");
    const linear = report.byKind.find((k: { kind: string }) => k.kind === "linear");
    expect(conv.macs / report.totals.macs).toBeGreaterThan(0.9);
    expect(linear.params / report.totals.params).toBeGreaterThan(0.95);
    const table = podium(["inspect", "--arch", "alexnet"]).stdout;
    expect(table).toMatch(/dense_1\s+Dense\s+\[1, 4096\]\s+37,752,832/);
    expect(table).toContain("MACs: multiply-accumulates");
  });

  it("--arch vgg16: activation memory per image, with its convention stated", () => {
    const report = inspect(["--arch", "vgg16"]);
    expect(report.totals.trainableParams).toBe(138_357_544);
    // 15,237,608 float32 values: input + every conv/pool/FC output, ReLU in place (CS231n's table).
    expect(report.totals.activationBytes).toBe(15_237_608 * 4);
    expect(podium(["inspect", "--arch", "vgg16"]).stdout).toMatch(/activations\s+60\.95 MB forward/);
  });

  it("torchvision ONNX exports agree with torchvision's published MACs within 1%", () => {
    const published: Record<string, [number, number]> = {
      resnet18: [1.814e9, 11_689_512],
      googlenet: [1.498e9, 6_624_904],
      mobilenet_v2: [0.301e9, 3_504_872],
    };
    for (const [name, [macs, params]] of Object.entries(published)) {
      const report = inspect([join(repoRoot, "models/torchvision", `${name}.onnx`)]);
      expect(Math.abs(report.totals.macs - macs) / macs, name).toBeLessThan(0.01);
      expect(report.totals.trainableParams, name).toBe(params);
      expect(report.unknownOps, name).toEqual([]);
    }
  });

  it("--batch scales activations and MACs, not params", () => {
    const one = inspect(["--arch", "resnet18"]);
    const four = inspect(["--arch", "resnet18", "--batch", "4"]);
    expect(four.totals.macs).toBe(one.totals.macs * 4);
    expect(four.totals.params).toBe(one.totals.params);
  });

  it("refuses a file that is not a model, in one line naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "podium-inspect-"));
    const bogus = join(dir, "bogus.onnx");
    writeFileSync(bogus, "definitely not protobuf");
    expect(expectOneLineFailure(podium(["inspect", bogus]))).toMatch(/bogus\.onnx: .*ONNX/);
    const truncated = join(dir, "truncated.onnx");
    const bytes = readFileSync(join(repoRoot, "models/torchvision/resnet18.onnx"));
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    expect(expectOneLineFailure(podium(["inspect", truncated]))).toMatch(/truncated\.onnx: /);
    expect(expectOneLineFailure(podium(["inspect", "--arch", "nosuchnet"]))).toMatch(/nosuchnet/);
  });
});
