import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { BenchmarkReport } from "@podium/engines";
import { benchCommand } from "../../../apps/cli/src/commands/bench.js";
import { UserError } from "../../../apps/cli/src/command.js";
import { alwaysNanModel } from "./helpers/onnx-writer.js";
import { tempDir } from "./helpers/paths.js";
import { realModels } from "./helpers/real-models.js";

let cls: string;
let nanFile: string;
beforeAll(async () => {
  cls = (await realModels(["ppocr-cls"]))["ppocr-cls"]!;
  nanFile = join(tempDir(), "nan.onnx");
  writeFileSync(nanFile, alwaysNanModel());
}, 600_000);

async function capture(argv: string[]): Promise<string> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    expect(await benchCommand.run(argv)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

const quick = ["--duration", "0.2", "--queries", "64"];

describe("podium bench", () => {
  it("--json prints one JSON object with latency, early stopping, throughput, memory and fingerprint", async () => {
    const out = await capture([cls, "--json", "--batch", "2", "--threads", "1", "--device", "cpu", "--input-shape", "x=1x3x48x192", ...quick]);
    expect(out.trim().split("\n")).toHaveLength(1);
    const report = JSON.parse(out) as BenchmarkReport;
    expect(report.engine).toMatchObject({ engine: "onnxruntime-node", backend: "cpu", threads: 1, fallbacks: [] });
    expect(report.inputShapes).toEqual({ x: [2, 3, 48, 192] });
    expect(report.latency.queries).toBeGreaterThanOrEqual(64);
    const { p50Ms, p90Ms, p99Ms, minMs, maxMs } = report.latency;
    expect(minMs).toBeLessThanOrEqual(p50Ms);
    expect(p50Ms).toBeLessThanOrEqual(p90Ms);
    expect(p90Ms).toBeLessThanOrEqual(p99Ms);
    expect(p99Ms).toBeLessThanOrEqual(maxMs);
    expect(report.latency.earlyStopping.enough).toBe(true);
    expect(report.latency.earlyStopping.value!).toBeGreaterThanOrEqual(p90Ms);
    expect(report.throughput.batch).toBe(2);
    expect(report.throughput.itemsPerSecond).toBeCloseTo((2 * 1000) / report.throughput.msPerBatch, 6);
    expect(report.coldStart.totalMs).toBeCloseTo(report.coldStart.openMs + report.coldStart.firstRunMs, 6);
    expect(report.memory.peakRssBytes).toBeGreaterThan(20 * 2 ** 20);
    expect(report.fingerprint).toMatchObject({
      modelSha256: "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640",
      engine: "onnxruntime-node",
      engineVersion: "1.30.0",
      backend: "cpu",
      node: process.version,
    });
    expect(report.fingerprint.cpu.cores).toBeGreaterThan(0);
    expect(report.nonFinite).toEqual({ "softmax_0.tmp_0": { nan: 0, inf: 0 } });
  }, 120_000);

  it("prints readable tables and warns about NaN outputs", async () => {
    const out = await capture([nanFile, "--device", "cpu", ...quick]);
    expect(out).toMatch(/early-stopping p90\s+\d+\.\d+ ms \(rank \d+ of \d+, i\.e\. p\d+\.\d; \d+ slowest discarded; 99% confidence\)/);
    expect(out).toMatch(/peak host RSS\s+\d+\.\d MiB/);
    expect(out).toContain("WARNING non-finite outputs: y: 8 NaN, 0 Inf");
  }, 120_000);

  it("refuses a bad model with a one-line error naming the file", async () => {
    const bad = join(tempDir(), "bad.onnx");
    writeFileSync(bad, Uint8Array.from([0x0a, 0xff, 0x01]));
    const error = await benchCommand.run([bad, ...quick]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(new RegExp(`^${bad.replace(/[.]/g, "\\.")}: not (a valid )?(an )?ONNX model`));
  });

  it("refuses a batch the model cannot take, before timing anything", async () => {
    const selfie = (await realModels(["selfie"])).selfie!;
    const error = await benchCommand.run([selfie, "--batch", "2", ...quick]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`${selfie}: input 'input_1' has a fixed batch of 1; batch 2 is not possible for this model`);
  }, 60_000);

  it("rejects bad flags with a UserError", async () => {
    await expect(benchCommand.run([cls, "--batch", "0"])).rejects.toThrow(/--batch must be ≥ 1, got 0/);
    await expect(benchCommand.run([cls, "--device", "tpu"])).rejects.toThrow(/--device must be one of auto\|cpu\|cuda\|webgpu/);
  });

  it("--arch benchmarks an untrained zoo architecture as a TF.js layers model", async () => {
    const report = JSON.parse(await capture(["--arch", "lenet5", "--json", "--batch", "4", ...quick])) as BenchmarkReport;
    expect(report.model).toBe("--arch lenet5 (untrained, seed 0)");
    expect(report.format).toBe("tfjs-layers");
    expect(report.engine.backend).toBe("wasm");
    expect(report.inputShapes).toEqual({ [report.description.inputs[0]!.name]: [4, 32, 32, 1] });
    expect(report.throughput.batch).toBe(4);
    await expect(benchCommand.run(["--arch", "nope"])).rejects.toThrow(/^--arch: unknown architecture 'nope'/);
  }, 120_000);
});
