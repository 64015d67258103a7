import { openModel } from "../open-model.js";
import type { Engine, EngineInfo, Feeds, ModelDescription, OpenOptions } from "../types.js";
import { earlyStoppingEstimate, percentile, type EarlyStoppingEstimate } from "./early-stopping.js";
import { countNonFinite, type NonFiniteCounts } from "./non-finite.js";
import { syntheticFeeds, type ShapeOverrides } from "./synthetic-feeds.js";

export interface PassOptions {
  open: OpenOptions;
  batch: number;
  shapes: ShapeOverrides;
  warmup: number;
  /** Single-stream: run at least this many queries and at least this long (LoadGen-style minimums). */
  minQueries: number;
  minDurationMs: number;
  maxQueries: number;
  /** Offline: batches run back to back for at least this long / this many. */
  throughputMinRuns: number;
  throughputMinDurationMs: number;
}

export interface LatencyPassResult {
  info: EngineInfo;
  description: ModelDescription;
  inputShapes: Record<string, number[]>;
  coldStart: { openMs: number; firstRunMs: number; totalMs: number };
  latency: {
    queries: number;
    p50Ms: number;
    p90Ms: number;
    p99Ms: number;
    meanMs: number;
    minMs: number;
    maxMs: number;
    /** LoadGen's early-stopping p90 bound; its `value` is in milliseconds. */
    earlyStopping: EarlyStoppingEstimate;
  };
  throughput: { batch: number; runs: number; itemsPerSecond: number; msPerBatch: number };
  nonFinite: NonFiniteCounts;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * The harness's timing loop (exported so benchmarks can compare it with a bare session.run loop): each query
 * is engine.run timed with hrtime, back to back, until both minimums are met. Returns milliseconds.
 */
export async function timeRuns(engine: Engine, feeds: Feeds, minRuns: number, minDurationMs: number, maxRuns: number): Promise<number[]> {
  const times: number[] = [];
  const start = nowMs();
  while (times.length < maxRuns && (times.length < minRuns || nowMs() - start < minDurationMs)) {
    const t0 = process.hrtime.bigint();
    await engine.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

/**
 * Runs in a fresh process (the sandbox child), so session creation + first run is a true cold start.
 * Warm-up runs are excluded from every figure. Single-stream is batch 1 (as in MLPerf); offline runs the
 * requested batch back to back.
 */
export async function latencyPass(path: string, options: PassOptions): Promise<LatencyPassResult> {
  const t0 = nowMs();
  const engine = await openModel(path, options.open);
  const t1 = nowMs();
  try {
    const description = engine.describe();
    const single = syntheticFeeds(description, 1, options.shapes);
    // Built before any timing so an impossible batch (a model with a fixed batch of 1) fails at once.
    const batched = options.batch === 1 ? single : syntheticFeeds(description, options.batch, options.shapes);
    const first = await engine.run(single);
    const t2 = nowMs();
    const nonFinite = countNonFinite(first);
    for (let i = 0; i < options.warmup; i++) await engine.run(single);

    const latencies = await timeRuns(engine, single, options.minQueries, options.minDurationMs, options.maxQueries);
    const sorted = Float64Array.from(latencies).sort();
    const early = earlyStoppingEstimate(sorted, 0.9, 0.99, 0);

    if (batched !== single) for (let i = 0; i < Math.max(1, Math.min(options.warmup, 3)); i++) await engine.run(batched);
    const batchTimes = await timeRuns(engine, batched, options.throughputMinRuns, options.throughputMinDurationMs, Number.MAX_SAFE_INTEGER);
    const batchTotalMs = batchTimes.reduce((a, b) => a + b, 0);

    return {
      info: engine.info,
      description,
      inputShapes: Object.fromEntries(Object.entries(batched).map(([name, feed]) => [name, feed.dims])),
      coldStart: { openMs: t1 - t0, firstRunMs: t2 - t1, totalMs: t2 - t0 },
      latency: {
        queries: latencies.length,
        p50Ms: percentile(sorted, 0.5),
        p90Ms: percentile(sorted, 0.9),
        p99Ms: percentile(sorted, 0.99),
        meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
        minMs: sorted[0]!,
        maxMs: sorted[sorted.length - 1]!,
        earlyStopping: early,
      },
      throughput: {
        batch: options.batch,
        runs: batchTimes.length,
        itemsPerSecond: (options.batch * batchTimes.length * 1000) / batchTotalMs,
        msPerBatch: batchTotalMs / batchTimes.length,
      },
      nonFinite,
    };
  } finally {
    await engine.dispose();
  }
}

export interface MemoryPassResult {
  peakRssBytes: number;
  runs: number;
}

/** A separate process from the latency pass, so its peak RSS is the model's alone and timing is not perturbed. */
export async function memoryPass(path: string, options: PassOptions): Promise<MemoryPassResult> {
  const engine = await openModel(path, options.open);
  try {
    const feeds = syntheticFeeds(engine.describe(), options.batch, options.shapes);
    const runs = 3;
    for (let i = 0; i < runs; i++) await engine.run(feeds);
    // maxRSS is in kilobytes (getrusage ru_maxrss).
    return { peakRssBytes: process.resourceUsage().maxRSS * 1024, runs };
  } finally {
    await engine.dispose();
  }
}
