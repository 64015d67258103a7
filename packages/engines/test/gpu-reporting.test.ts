import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchmarkModel, queryGpus } from "@podium/engines";
import { divModel } from "./helpers/onnx-writer.js";
import { tempDir } from "./helpers/paths.js";

// No GPU here: a stand-in `nvidia-smi` on PATH answers the two queries the harness makes, so the fingerprint
// and the memory-pass polling are exercised end to end. What a real driver prints is not verified by this.
const fakeSmi = `#!/bin/sh
case "$*" in
  *name,driver_version,memory.total*) echo "NVIDIA H100 80GB HBM3, 550.54.15, 81559" ;;
  *memory.used*) printf '512\n3000\n'; while true; do sleep 0.02; echo 1024; done ;;
  *) exit 1 ;;
esac
`;

describe("GPU facts come from nvidia-smi when it is present", () => {
  const originalPath = process.env.PATH;
  let model: string;
  beforeAll(() => {
    const bin = tempDir("podium-fake-smi-");
    writeFileSync(join(bin, "nvidia-smi"), fakeSmi);
    chmodSync(join(bin, "nvidia-smi"), 0o755);
    process.env.PATH = `${bin}:${originalPath}`;
    model = join(tempDir(), "div.onnx");
    writeFileSync(model, divModel());
  });
  afterAll(() => {
    process.env.PATH = originalPath;
  });

  it("reads name, driver and memory into the fingerprint", () => {
    expect(queryGpus()).toEqual([{ name: "NVIDIA H100 80GB HBM3", driver: "550.54.15", memoryTotalMiB: 81559 }]);
  });

  it("polls used memory during the separate memory pass and reports peak and baseline", async () => {
    const report = await benchmarkModel(model, { open: { device: "cpu" }, minQueries: 64, minDurationMs: 0, throughputMinRuns: 2, throughputMinDurationMs: 0, warmup: 1 });
    expect(report.fingerprint.gpus).toEqual([{ name: "NVIDIA H100 80GB HBM3", driver: "550.54.15", memoryTotalMiB: 81559 }]);
    expect(report.memory.gpu).toMatchObject({ peakMiB: 3000, baselineMiB: 512 });
    expect(report.memory.gpu!.samples).toBeGreaterThan(1);
  }, 60_000);
});

describe("without nvidia-smi", () => {
  it("reports no GPUs rather than failing", () => {
    const originalPath = process.env.PATH;
    process.env.PATH = tempDir("podium-empty-path-");
    try {
      expect(queryGpus()).toEqual([]);
    } finally {
      process.env.PATH = originalPath;
    }
  });
});
