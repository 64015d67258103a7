/**
 * The contract every evaluator in this package follows (torchmetrics' Metric, in typed arrays):
 * a state that starts empty, `update()` batch by batch, `toState()` to plain JSON, `merge()` another
 * shard's state, `compute()` the result. Any split of the data merged back gives exactly the one-shot
 * result: states hold sums of integers (exact in float64 up to 2^53) or per-item records keyed by a
 * stable id, never running means.
 */
export interface SerializedState {
  /** Evaluator kind, e.g. "classification", "segmentation", "coco", "voc". */
  readonly kind: string;
  /** Format version of this state, bumped on incompatible changes. */
  readonly version: number;
}

export interface Evaluator<Update extends unknown[], Result, State extends SerializedState> {
  update(...input: Update): void;
  compute(): Result;
  reset(): void;
  /** JSON-safe snapshot (numbers, strings, arrays, plain objects only). */
  toState(): State;
  /** Fold another shard's state into this one; throws StateMergeError when options differ. */
  merge(other: State): void;
}

/** How a state field reduces across shards, declared beside the field (torchmetrics' dist_reduce_fx). */
export type Reduction = "sum" | "concat" | "union-by-key";

/** Element-wise exact sum of count arrays (integers below 2^53). */
export function addInto(target: Float64Array, source: ArrayLike<number>): void {
  if (target.length !== source.length) throw new RangeError(`cannot add arrays of length ${source.length} into ${target.length}`);
  for (let i = 0; i < target.length; i++) target[i] += source[i];
}
