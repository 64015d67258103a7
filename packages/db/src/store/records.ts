import type { Dataset, Model, Run, RunAttempt } from "../generated/sqlite/client.js";

/** Run lifecycle. Readers outside the queue only ever see `done` runs' results. */
export const RUN_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const TASKS = ["classification", "segmentation", "detection"] as const;
export type Task = (typeof TASKS)[number];

/** Headline metrics copied from `metrics[key].value` into sortable columns (percent, 0-100). */
export const HEADLINE_METRICS = ["top1", "top5", "miou", "ap", "ap50", "map"] as const;
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

/** Every column a leaderboard can sort by. */
export const SORT_KEYS = [...HEADLINE_METRICS, "latencyP50Ms", "latencyP90Ms", "throughput", "peakMemory", "paramCount", "macs"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** One metric with its 95% confidence interval when the evaluator computed one. */
export interface MetricValue {
  readonly value: number;
  readonly ci95?: readonly [number, number];
}
export type MetricsJson = Record<string, MetricValue>;

/** JSON-safe values stored in Json columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const toNumber = (value: bigint | null): number | null => (value === null ? null : Number(value));

export type ModelRecord = Omit<Model, "sizeBytes" | "paramCount"> & { sizeBytes: number; paramCount: number | null };
export function toModelRecord(model: Model): ModelRecord {
  return { ...model, sizeBytes: Number(model.sizeBytes), paramCount: toNumber(model.paramCount) };
}

export type RunRecord = Omit<Run, "peakMemory" | "paramCount" | "status" | "metrics"> & {
  status: RunStatus;
  metrics: MetricsJson | null;
  peakMemory: number | null;
  paramCount: number | null;
};
export function toRunRecord(run: Run): RunRecord {
  return {
    ...run,
    status: run.status as RunStatus,
    metrics: run.metrics as MetricsJson | null,
    peakMemory: toNumber(run.peakMemory),
    paramCount: toNumber(run.paramCount),
  };
}

export type RunAttemptRecord = RunAttempt;

/**
 * A dataset as anyone may see it. Labels appear only for public ground truth; for hidden ground truth they
 * stay in the database for the evaluator (see datasets.labelsForEvaluator) and never leave through here.
 */
export type PublicDataset = Omit<Dataset, "labels" | "classNames" | "groundTruth"> & {
  groundTruth: "public" | "hidden";
  classNames: string[];
  labels: JsonValue | null;
};
export function toPublicDataset(dataset: Dataset): PublicDataset {
  const hidden = dataset.groundTruth === "hidden";
  return {
    ...dataset,
    groundTruth: hidden ? "hidden" : "public",
    classNames: dataset.classNames as string[],
    labels: hidden ? null : ((dataset.labels ?? null) as JsonValue | null),
  };
}
