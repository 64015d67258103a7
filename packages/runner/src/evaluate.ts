import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import {
  PreprocessPool,
  preprocessStream,
  resolvePreprocessing,
  type Dataset,
  type ModelManifest,
  type ResolvedPreprocessing,
  type Sample,
} from "@podium/datasets";
import { openModel, percentile, type Engine, type OpenOptions, type Outputs, type TypedArray } from "@podium/engines";
import { RunnerError } from "./errors.js";
import { EngineThreadStartError, openEngineThread } from "./engine-thread.js";
import { runFingerprint } from "./fingerprint.js";
import { profileModel } from "./model-profile.js";
import type { Progress } from "./progress.js";
import type { EvalResult, RunPerformance, RunProblems } from "./result-schema.js";
import { inShard, WHOLE, type Shard } from "./shard.js";
import { createTaskPipeline, type BatchItem, type PipelineOptions } from "./task-pipeline.js";

export interface EvaluateOptions {
  /** ONNX file or TF.js model (folder or model.json). */
  readonly modelPath: string;
  readonly manifest: ModelManifest;
  readonly dataset: Dataset;
  /** Score only the first `limit` samples of the dataset (applied before sharding). */
  readonly limit?: number;
  /** Score only shard i of n: samples whose position (after `limit`) is ≡ i mod n. */
  readonly shard?: Shard;
  /** Samples per engine call (default 8; a model with a fixed batch dimension uses that). */
  readonly batchSize?: number;
  /** Engine options (device, threads…), or an engine already open on `modelPath` (left open). */
  readonly engine?: OpenOptions | Engine;
  /** Run the model in a worker thread (default true when `engine` is options): see engine-thread.ts. */
  readonly engineThread?: boolean;
  readonly onBadImage?: "skip" | "fail";
  /** Preprocessing worker threads (default: max(cores, min(batch, 8)); 0 = on the main thread). */
  readonly workers?: number;
  /** Batches run before timing starts (they are scored). Default 1. */
  readonly warmupBatches?: number;
  readonly bootstrap?: PipelineOptions["bootstrap"];
  /** Called after every batch (and skipped image); the progress bar and the worker's DB reporter use it. */
  readonly onProgress?: (progress: Progress) => void;
}

type Positioned = Sample & { readonly position: number };

async function* selectSamples(dataset: Dataset, limit: number | undefined, shard: Shard): AsyncGenerator<Positioned> {
  let position = 0;
  for await (const sample of dataset.samples()) {
    if (limit !== undefined && position >= limit) break;
    if (inShard(position, shard)) yield { ...sample, position };
    position++;
  }
}

function isEngine(value: OpenOptions | Engine | undefined): value is Engine {
  return typeof (value as Engine | undefined)?.run === "function";
}

/** [per-sample dims] the preprocessing produces, in the model's layout. */
function sampleDims(p: ResolvedPreprocessing): number[] {
  return p.layout === "NCHW" ? [p.channels, p.height, p.width] : [p.height, p.width, p.channels];
}

/**
 * Scores a model on a dataset, like detectron2's inference_on_dataset: samples are read lazily,
 * preprocessed in worker threads ahead of inference (a bounded window, so memory does not grow with the
 * dataset), batched, run, decoded by the model manifest and fed to the task's evaluator. Warm-up batches
 * are scored but not timed. Throws a RunnerError (one line) for input that cannot be scored; never
 * returns a partial result.
 */
export async function evaluate(options: EvaluateOptions): Promise<EvalResult> {
  const { manifest, dataset } = options;
  const shard = options.shard ?? WHOLE;
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) throw new RunnerError(`limit must be a positive integer, got ${options.limit}`);
  const preprocessing = resolvePreprocessing(manifest.preprocessing);
  const pipeline = await createTaskPipeline(manifest, dataset, options);
  const engine = isEngine(options.engine)
    ? options.engine
    : options.engineThread === false
      ? await openModel(options.modelPath, options.engine)
      : await openEngineThread(options.modelPath, options.engine).catch((error: unknown) => {
          // No built @podium/engines to load in a thread (e.g. tests run before a build): run in process.
          if (error instanceof EngineThreadStartError) return openModel(options.modelPath, options.engine as OpenOptions | undefined);
          throw error;
        });
  const ownEngine = !isEngine(options.engine);
  let pool: PreprocessPool | undefined;
  try {
    const fingerprint = await runFingerprint({
      modelPath: options.modelPath,
      datasetName: dataset.name,
      datasetChecksum: dataset.checksum,
      preprocessing,
      engine: engine.info,
    });
    // Counted before the timed loop: inspection is not part of the run's latency.
    const profile = profileModel(options.modelPath, [preprocessing.height, preprocessing.width]);
    const input = engine.describe().inputs[0];
    if (!input) throw new RunnerError(`${options.modelPath}: the model declares no inputs`);
    const perSample = sampleDims(preprocessing);
    const declared = input.shape.slice(1);
    if (input.shapeKnown !== false && (declared.length !== perSample.length || declared.some((d, i) => typeof d === "number" && d !== perSample[i]))) {
      throw new RunnerError(
        `model input '${input.name}' is [${input.shape.join(", ")}] but the manifest's preprocessing makes [N, ${perSample.join(", ")}] (${preprocessing.layout})`,
      );
    }
    const fixedBatch = typeof input.shape[0] === "number" ? input.shape[0] : undefined;
    const batchSize = fixedBatch ?? options.batchSize ?? 8;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RunnerError(`batch size must be a positive integer, got ${batchSize}`);
    const sampleLength = perSample.reduce((a, b) => a * b, 1);
    // The engine has its own thread (and ORT its own pool): preprocessing gets the other cores. More workers
    // than that only take CPU from the engine (measured on 2 cores: 4 workers cost ~6% throughput vs 1).
    const workers = options.workers ?? Math.max(1, availableParallelism() - 1);
    if (workers > 0) pool = new PreprocessPool(workers);
    const warmupBatches = options.warmupBatches ?? 1;

    const selectionSize = Math.min(dataset.size, options.limit ?? Infinity);
    const total = Math.max(0, Math.ceil((selectionSize - shard.index) / shard.count));
    const problems: RunProblems = { skippedImages: [], nonFinite: {} };
    const batchMs: number[] = [];
    let batchesRun = 0;
    let done = 0;
    let scored = 0;
    let timedImages = 0;
    let timedStart: number | undefined;
    let timedEnd: number | undefined;
    const started = performance.now();

    const report = () => {
      if (!options.onProgress) return;
      const elapsed = timedStart === undefined ? undefined : (performance.now() - timedStart) / 1000;
      const rate = elapsed && timedImages > 0 ? timedImages / elapsed : undefined;
      options.onProgress({ done, total, skipped: problems.skippedImages.length, imagesPerSecond: rate, etaSeconds: rate ? Math.max(0, total - done) / rate : undefined });
    };

    // Batch k + 1 is handed to the engine (its own thread) before batch k is decoded and scored on this
    // thread, so the engine never waits for the evaluator. `inflight` chains each batch's engine result and
    // scoring in batch order; at most two batches are in flight.
    let inflight: Promise<void> = Promise.resolve();
    let lastEngineEnd = 0;
    let failure: { error: unknown } | undefined;
    const newFeed = (rows: number) => (preprocessing.dtype === "uint8" ? new Uint8Array(rows * sampleLength) : new Float32Array(rows * sampleLength));
    const runBatch = async (items: { item: BatchItem; tensor: Float32Array | Uint8Array }[]) => {
      if (failure) throw failure.error;
      const rows = fixedBatch ?? items.length;
      // A fresh buffer per batch: an engine thread takes ownership of (transfers) its feeds.
      const data = newFeed(rows);
      items.forEach(({ tensor }, i) => data.set(tensor, i * sampleLength));
      const dispatched = performance.now();
      const running = engine.run({ [input.name]: { data: data as TypedArray, dims: [rows, ...perSample] } });
      const batch = items.map((x) => x.item);
      const previous = inflight;
      inflight = (async () => {
        const outputs = await running;
        // The engine runs batches one after another: this one started when it was sent or when the previous
        // one finished, whichever was later. That is its engine time, without the queueing.
        const end = performance.now();
        const elapsed = end - Math.max(dispatched, lastEngineEnd);
        lastEngineEnd = end;
        await previous;
        checkFinite(outputs, batch, problems);
        pipeline.adapter.process(await pipeline.decode(outputs, batch));
        batchesRun++;
        done += items.length;
        scored += items.length;
        if (batchesRun > warmupBatches) {
          batchMs.push(elapsed);
          timedImages += items.length;
          timedEnd = performance.now();
        } else if (batchesRun === warmupBatches) {
          timedStart = performance.now();
        }
        report();
      })();
      // A failure stops the run at the next batch (and surfaces where `inflight` is awaited).
      inflight.catch((error: unknown) => (failure ??= { error }));
      // Warm-up batches are scored before the next batch runs, so timing starts after them completely.
      if (timedStart === undefined) await inflight;
      else await previous;
    };

    if (warmupBatches === 0) timedStart = performance.now();
    const stream = preprocessStream(selectSamples(dataset, options.limit, shard), preprocessing, {
      workers: pool ?? 0,
      onBadImage: options.onBadImage ?? "fail",
      concurrency: Math.max(2 * batchSize, 2 * (pool?.size ?? 1)),
    });
    let pending: { item: BatchItem; tensor: Float32Array | Uint8Array }[] = [];
    for await (const record of stream) {
      const sample = record.sample;
      if (record.kind === "skipped") {
        problems.skippedImages.push({ position: sample.position, id: sample.id, reason: record.reason });
        done++;
        report();
        continue;
      }
      pending.push({ item: { position: sample.position, sample, transform: record.transform }, tensor: record.tensor });
      if (pending.length === batchSize) {
        await runBatch(pending);
        pending = [];
      }
    }
    if (pending.length) await runBatch(pending);
    await inflight;

    const metrics = pipeline.adapter.evaluate();
    const sorted = [...batchMs].sort((a, b) => a - b);
    const engineMs = batchMs.reduce((a, b) => a + b, 0);
    const timedSeconds = timedStart !== undefined && timedEnd !== undefined ? (timedEnd - timedStart) / 1000 : 0;
    const performanceRecord: RunPerformance = {
      latency: {
        batches: batchMs.length,
        warmupBatches: Math.min(warmupBatches, batchesRun),
        batchSize,
        meanMs: sorted.length ? engineMs / sorted.length : null,
        p50Ms: sorted.length ? percentile(sorted, 0.5) : null,
        p90Ms: sorted.length ? percentile(sorted, 0.9) : null,
        p99Ms: sorted.length ? percentile(sorted, 0.99) : null,
      },
      throughput: timedSeconds > 0 ? timedImages / timedSeconds : null,
      engineThroughput: engineMs > 0 ? timedImages / (engineMs / 1000) : null,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      wallSeconds: (performance.now() - started) / 1000,
      preprocessWorkers: pool?.size ?? 0,
    };
    return {
      format: "podium-eval-result/1",
      task: manifest.task,
      model: { name: manifest.metadata.name, architecture: manifest.metadata.architecture, manifestTask: manifest.task, profile },
      dataset: { name: dataset.name, checksum: dataset.checksum, size: dataset.size },
      selection: { limit: options.limit ?? null, shards: [{ ...shard }], samplesScored: scored },
      metrics: metrics.metrics,
      details: metrics.details,
      problems,
      runs: [{ shard: { ...shard }, performance: performanceRecord, fingerprint }],
      state: pipeline.adapter.toState(),
    };
  } finally {
    await pool?.close();
    if (ownEngine) await engine.dispose();
  }
}

/** NaN anywhere fails the run (no score can be given to it); infinities are counted and reported. */
function checkFinite(outputs: Outputs, batch: readonly BatchItem[], problems: RunProblems): void {
  for (const [name, tensor] of Object.entries(outputs)) {
    const data = tensor.data;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) continue;
    let inf = 0;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v !== v) {
        const perSample = data.length / Math.max(1, tensor.dims[0] ?? 1);
        const row = Math.floor(i / perSample);
        const where = batch[row] ? `sample ${batch[row].sample.id}` : `padding row ${row}`;
        throw new RunnerError(`model output '${name}' is NaN for ${where} (value ${i % perSample} of its ${perSample}); the model cannot be scored on this input`);
      }
      if (v === Infinity || v === -Infinity) inf++;
    }
    const counts = (problems.nonFinite[name] ??= { nan: 0, inf: 0 });
    counts.inf += inf;
  }
}
