import { z } from "zod";

/**
 * The result file `podium eval` writes (format "podium-eval-result/1"). Documented field by field in
 * packages/runner/README.md. Numbers that are undefined (NaN) are null. `state` is the task adapter's
 * mergeable state: `podium merge` folds the states of all shards and recomputes `metrics` from it.
 */
const nullableNumber = z.number().nullable();

const interval = z.object({
  lower: nullableNumber,
  upper: nullableNumber,
  method: z.enum(["wilson", "bootstrap"]),
  resamples: z.number().int().optional(),
  seed: z.number().int().optional(),
  undefinedResamples: z.number().int().optional(),
});

const metricValue = z.object({ value: nullableNumber, interval: interval.optional() });

const latency = z.object({
  /** Batches timed (warm-up batches excluded). */
  batches: z.number().int().min(0),
  warmupBatches: z.number().int().min(0),
  batchSize: z.number().int().positive(),
  /** Engine time per batch (engine.run only), milliseconds. */
  meanMs: nullableNumber,
  p50Ms: nullableNumber,
  p90Ms: nullableNumber,
  p99Ms: nullableNumber,
});

export const performanceSchema = z.object({
  latency,
  /** Images per second through the whole pipeline (read → preprocess → engine → decode → evaluator), warm-up excluded. */
  throughput: nullableNumber,
  /** Images per second of engine time alone (timed batches). */
  engineThroughput: nullableNumber,
  /** Process peak resident set size (getrusage maxrss), bytes. */
  peakRssBytes: z.number().int().min(0),
  wallSeconds: z.number().min(0),
  preprocessWorkers: z.number().int().min(0),
});

export const fingerprintSchema = z.object({
  modelFile: z.string(),
  modelSha256: z.string(),
  datasetName: z.string(),
  datasetChecksum: z.string(),
  /** The model manifest's preprocessing, fully defaulted (the config the tensors were made with). */
  preprocessing: z.record(z.string(), z.unknown()),
  engine: z.object({ engine: z.string(), version: z.string(), backend: z.string(), threads: z.number().optional() }),
  versions: z.record(z.string(), z.string()),
  host: z.object({
    cpu: z.object({ model: z.string(), cores: z.number() }),
    memoryBytes: z.number(),
    gpus: z.array(z.object({ name: z.string(), driver: z.string(), memoryTotalMiB: z.number() })),
    os: z.string(),
    node: z.string(),
  }),
});

export const problemsSchema = z.object({
  /** Images skipped under --on-bad-image skip, with the reason (one line each). */
  skippedImages: z.array(z.object({ position: z.number().int(), id: z.string(), reason: z.string() })),
  /** Infinite values seen per model output (NaN fails the run). */
  nonFinite: z.record(z.string(), z.object({ nan: z.number().int(), inf: z.number().int() })),
});

/** The model's cost, counted from its file at batch 1 (null where the inspector could not count it). */
export const modelProfileSchema = z.object({
  params: z.number().int().nullable(),
  trainableParams: z.number().int().nullable(),
  macs: z.number().nullable(),
  activationBytes: z.number().nullable(),
  /** Ops the inspector could not infer shapes through (MACs after them are not counted). */
  unknownOps: z.array(z.string()),
  /** What is counted (the inspector's conventions). */
  counted: z.string(),
  /** Why there is no profile, when the file could not be inspected at all. */
  error: z.string().nullable(),
});

export const evalResultSchema = z.object({
  format: z.literal("podium-eval-result/1"),
  task: z.string(),
  model: z.object({ name: z.string(), architecture: z.string(), manifestTask: z.string(), profile: modelProfileSchema.optional() }),
  dataset: z.object({ name: z.string(), checksum: z.string(), size: z.number().int() }),
  /** Samples considered: the first `limit` of the dataset (null: all), of which shard i of n (position mod n). */
  selection: z.object({
    limit: z.number().int().nullable(),
    shards: z.array(z.object({ index: z.number().int(), count: z.number().int() })),
    samplesScored: z.number().int(),
  }),
  metrics: z.record(z.string(), metricValue),
  details: z.record(z.string(), z.unknown()),
  problems: problemsSchema,
  /** One entry per run that produced this result: one, or one per merged shard. */
  runs: z.array(z.object({ shard: z.object({ index: z.number().int(), count: z.number().int() }), performance: performanceSchema, fingerprint: fingerprintSchema })),
  state: z.object({ task: z.string(), options: z.record(z.string(), z.unknown()), state: z.unknown() }),
});

export type EvalResult = z.infer<typeof evalResultSchema>;
export type RunPerformance = z.infer<typeof performanceSchema>;
export type RunFingerprintRecord = z.infer<typeof fingerprintSchema>;
export type RunProblems = z.infer<typeof problemsSchema>;
export type ModelProfile = z.infer<typeof modelProfileSchema>;
