import { MetricInputError, StateMergeError } from "../errors.js";
import type { Evaluator, SerializedState } from "../state.js";
import { ConfusionAccumulator, pixelConfusion, type LabelMap } from "./confusion.js";
import { scoreConfusion, type SegmentationConvention, type SegmentationResult } from "./scores.js";

export interface SegmentationOptions {
  readonly numClasses: number;
  /** GT value whose pixels are not counted (default 255). */
  readonly ignoreIndex?: number;
}

export interface SegmentationComputeOptions {
  readonly convention?: SegmentationConvention;
}

export interface SegmentationState extends SerializedState {
  readonly kind: "segmentation";
  readonly version: 1;
  readonly numClasses: number;
  readonly ignoreIndex: number;
  /** Row-major numClasses × numClasses pixel counts, rows = GT (reduction: sum). */
  readonly confusion: number[];
}

/**
 * Semantic-segmentation evaluator: one pixel confusion matrix over the whole dataset (never a mean of
 * per-image scores), scored under mmseg's or detectron2's rules.
 */
export class SegmentationEvaluator
  implements Evaluator<[groundTruth: LabelMap, prediction: LabelMap], SegmentationResult, SegmentationState>
{
  readonly numClasses: number;
  readonly ignoreIndex: number;
  private readonly accumulator: ConfusionAccumulator;

  constructor(options: SegmentationOptions) {
    const { numClasses, ignoreIndex = 255 } = options;
    checkSegmentationOptions(numClasses, ignoreIndex);
    this.numClasses = numClasses;
    this.ignoreIndex = ignoreIndex;
    this.accumulator = new ConfusionAccumulator(numClasses, ignoreIndex);
  }

  /** Adds one image (or batch) of label maps of equal length. */
  update(groundTruth: LabelMap, prediction: LabelMap): void {
    this.accumulator.add(groundTruth, prediction);
  }

  compute(options: SegmentationComputeOptions = {}): SegmentationResult {
    return scoreSegmentationConfusion(this.accumulator.matrix(), this.numClasses, options.convention ?? "mmseg");
  }

  reset(): void {
    this.accumulator.reset();
  }

  toState(): SegmentationState {
    return {
      kind: "segmentation",
      version: 1,
      numClasses: this.numClasses,
      ignoreIndex: this.ignoreIndex,
      confusion: Array.from(this.accumulator.matrix()),
    };
  }

  merge(other: SegmentationState): void {
    if (other?.kind !== "segmentation" || other.version !== 1) {
      throw new StateMergeError(`cannot merge a ${String(other?.kind)} v${String(other?.version)} state into a segmentation v1 evaluator`);
    }
    if (other.numClasses !== this.numClasses || other.ignoreIndex !== this.ignoreIndex) {
      throw new StateMergeError(
        `cannot merge segmentation states with different options (numClasses ${other.numClasses} vs ${this.numClasses}, ignoreIndex ${other.ignoreIndex} vs ${this.ignoreIndex})`,
      );
    }
    if (!Array.isArray(other.confusion) || other.confusion.length !== this.numClasses * this.numClasses) {
      throw new StateMergeError(`segmentation state confusion must hold ${this.numClasses * this.numClasses} counts`);
    }
    for (const count of other.confusion) {
      if (!Number.isSafeInteger(count) || count < 0) throw new StateMergeError(`segmentation state holds a non-count value ${count}`);
    }
    this.accumulator.addMatrix(other.confusion);
  }
}

function checkSegmentationOptions(numClasses: number, ignoreIndex: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 65536) {
    throw new MetricInputError(`numClasses must be an integer in 1..65536, got ${numClasses}`);
  }
  if (!Number.isInteger(ignoreIndex)) throw new MetricInputError(`ignoreIndex must be an integer, got ${ignoreIndex}`);
  if (ignoreIndex >= 0 && ignoreIndex < numClasses) {
    throw new MetricInputError(`ignoreIndex ${ignoreIndex} is a class id (numClasses ${numClasses})`);
  }
}

/** One image's pixel confusion matrix (see SegmentationEvaluator for the rules), for per-image records. */
export function segmentationConfusion(groundTruth: LabelMap, prediction: LabelMap, options: SegmentationOptions): Float64Array {
  const { numClasses, ignoreIndex = 255 } = options;
  checkSegmentationOptions(numClasses, ignoreIndex);
  return pixelConfusion(groundTruth, prediction, numClasses, ignoreIndex);
}

/** Scores a numClasses × numClasses confusion matrix (rows = GT), e.g. the sum over a bootstrap resample. */
export function scoreSegmentationConfusion(
  confusion: ArrayLike<number>,
  numClasses: number,
  convention: SegmentationConvention = "mmseg",
): SegmentationResult {
  if (confusion.length !== numClasses * numClasses) {
    throw new MetricInputError(`confusion matrix holds ${confusion.length} counts, ${numClasses}² = ${numClasses * numClasses} expected`);
  }
  if (convention !== "mmseg" && convention !== "detectron2") {
    throw new MetricInputError(`unknown segmentation convention "${String(convention)}" (expected "mmseg" or "detectron2")`);
  }
  return scoreConfusion(Float64Array.from(confusion), numClasses, convention);
}

/** One-call form: scores a list of (ground truth, prediction) label-map pairs. */
export function evaluateSegmentation(
  pairs: Iterable<readonly [groundTruth: LabelMap, prediction: LabelMap]>,
  options: SegmentationOptions & SegmentationComputeOptions,
): SegmentationResult {
  const evaluator = new SegmentationEvaluator(options);
  for (const [groundTruth, prediction] of pairs) evaluator.update(groundTruth, prediction);
  return evaluator.compute(options);
}
