import { resolve } from "node:path";
import { detectModel } from "../detect-format.js";
import { readTfjsModel } from "../tfjs/read-tfjs-model.js";
import { resolveOpenOptions, type EngineInfo, type ModelDescription, type OpenOptions } from "../types.js";
import { runInSandbox, type SandboxLimits } from "../sandbox/run-in-sandbox.js";
import { hostFingerprint, sha256Files, type RunFingerprint } from "./fingerprint.js";
import { GpuMemoryMonitor } from "./gpu-memory-monitor.js";
import type { LatencyPassResult, PassOptions } from "./passes.js";
import type { NonFiniteCounts } from "./non-finite.js";
import type { ShapeOverrides } from "./synthetic-feeds.js";

export interface BenchmarkOptions extends SandboxLimits {
  open?: OpenOptions;
  batch?: number;
  shapes?: ShapeOverrides;
  warmup?: number;
  minQueries?: number;
  minDurationMs?: number;
  maxQueries?: number;
  throughputMinRuns?: number;
  throughputMinDurationMs?: number;
  /** Skip the separate memory pass (one child process instead of two). */
  skipMemoryPass?: boolean;
}

export interface BenchmarkReport {
  model: string;
  format: ModelDescription["format"];
  fingerprint: RunFingerprint;
  engine: EngineInfo;
  description: ModelDescription;
  inputShapes: Record<string, number[]>;
  coldStart: LatencyPassResult["coldStart"];
  latency: LatencyPassResult["latency"];
  throughput: LatencyPassResult["throughput"];
  memory: {
    peakRssBytes: number | null;
    /** Peak used GPU memory during the memory pass (device-wide), baseline before it; null without nvidia-smi. */
    gpu: { peakMiB: number; baselineMiB: number; samples: number } | null;
  };
  nonFinite: NonFiniteCounts;
}

function modelFiles(entry: string, format: "onnx" | "tfjs", open: OpenOptions): string[] {
  if (format === "onnx") return [entry];
  return [entry, ...readTfjsModel(entry, resolveOpenOptions(open)).weightFiles];
}

/**
 * Benchmarks a model in two sandboxed child processes: a latency pass (cold start, single-stream latency
 * with LoadGen's early-stopping p90, offline throughput at `batch`) and a memory pass (peak RSS, GPU memory
 * polled from outside). Each child has the time and memory limits in `options`.
 */
export async function benchmarkModel(path: string, options: BenchmarkOptions = {}): Promise<BenchmarkReport> {
  const open = options.open ?? {};
  resolveOpenOptions(open); // reject bad options before spawning anything
  const detected = detectModel(path);
  const entry = resolve(detected.entry);
  const pass: PassOptions = {
    open,
    batch: options.batch ?? 1,
    shapes: options.shapes ?? {},
    warmup: options.warmup ?? 5,
    minQueries: options.minQueries ?? 100,
    minDurationMs: options.minDurationMs ?? 2000,
    maxQueries: options.maxQueries ?? 100_000,
    throughputMinRuns: options.throughputMinRuns ?? 10,
    throughputMinDurationMs: options.throughputMinDurationMs ?? 2000,
  };
  if (!Number.isInteger(pass.batch) || pass.batch < 1) throw new RangeError(`batch must be a positive integer, got ${pass.batch}`);
  const limits: SandboxLimits = { timeoutMs: options.timeoutMs, memoryLimitMb: options.memoryLimitMb, entry: options.entry };

  const latency = (await runInSandbox({ task: "latency", path: entry, pass }, limits)).value;

  let peakRssBytes: number | null = null;
  let gpu: BenchmarkReport["memory"]["gpu"] = null;
  if (!options.skipMemoryPass) {
    const monitor = new GpuMemoryMonitor();
    const polling = hostFingerprint().gpus.length > 0 && monitor.start();
    try {
      peakRssBytes = (await runInSandbox({ task: "memory", path: entry, pass }, limits)).value.peakRssBytes;
    } finally {
      if (polling) gpu = monitor.stop() ?? null;
    }
  }

  const host = hostFingerprint();
  return {
    model: entry,
    format: latency.description.format,
    fingerprint: {
      modelSha256: sha256Files(modelFiles(entry, detected.format, open)),
      engine: latency.info.engine,
      engineVersion: latency.info.version,
      backend: latency.info.backend,
      ...host,
    },
    engine: latency.info,
    description: latency.description,
    inputShapes: latency.inputShapes,
    coldStart: latency.coldStart,
    latency: latency.latency,
    throughput: latency.throughput,
    memory: { peakRssBytes, gpu },
    nonFinite: latency.nonFinite,
  };
}
