import type { Sample } from "@podium/datasets";

/** A metric's value with its 95% interval; `null` where the value is undefined (JSON has no NaN). */
export interface MetricValue {
  readonly value: number | null;
  readonly interval?: {
    readonly lower: number | null;
    readonly upper: number | null;
    readonly method: "wilson" | "bootstrap";
    /** Bootstrap only: resamples, seed, and resamples whose statistic was undefined. */
    readonly resamples?: number;
    readonly seed?: number;
    readonly undefinedResamples?: number;
  };
}

export interface TaskMetrics {
  /** Headline numbers (top1, mIoU, AP…), each with its interval where one is defined. */
  readonly metrics: Record<string, MetricValue>;
  /** Task-specific breakdowns (per class, confusion); plain JSON. */
  readonly details: Record<string, unknown>;
}

/** One scored item: its position in the dataset's canonical order, the sample, and the decoded prediction. */
export interface Scored<P> {
  readonly position: number;
  readonly sample: Sample;
  readonly prediction: P;
}

/** JSON form of an adapter: enough to rebuild it (`options`) and its mergeable state. */
export interface AdapterState {
  readonly task: string;
  readonly options: Record<string, unknown>;
  readonly state: unknown;
}

/**
 * detectron2's DatasetEvaluator for one task, plus torchmetrics-style toState/merge so shards combine:
 * reset() → process() batch by batch → evaluate(). A new task plugs in by implementing this and a
 * decoder that turns model outputs into its prediction type `P`.
 */
export interface TaskAdapter<P> {
  readonly task: string;
  reset(): void;
  process(batch: readonly Scored<P>[]): void;
  evaluate(): TaskMetrics;
  toState(): AdapterState;
  /** Folds another shard's state in; throws a one-line error when options differ or shards overlap. */
  merge(state: AdapterState): void;
}

/** NaN and ±Infinity become null so results survive JSON unchanged. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
