import { bootstrapInterval, SegmentationEvaluator, segmentationConfusion, type LabelMap, type SegmentationState } from "@podium/metrics";
import { RunnerError } from "../errors.js";
import { finiteOrNull, type AdapterState, type MetricValue, type Scored, type TaskAdapter, type TaskMetrics } from "./task-adapter.js";

export interface SegmentationAdapterOptions {
  readonly classes: readonly string[];
  readonly ignoreIndex: number;
  /** Bootstrap resamples over images for the mIoU / aAcc intervals (default 1000) and the PRNG seed (default 0). */
  readonly resamples?: number;
  readonly seed?: number;
}

/** Ground truth and predicted label maps of one image, same size. */
export interface SegmentationPair {
  readonly groundTruth: LabelMap;
  readonly prediction: LabelMap;
}

/**
 * Per-image counts per class: intersection (GT = pred = c), GT pixels of c, predicted pixels of c
 * (pixels with GT = ignore excluded). Summed over any multiset of images they give that multiset's
 * mIoU and aAcc exactly, which is what the bootstrap resamples.
 */
interface ImageCounts {
  readonly position: number;
  readonly intersection: number[];
  readonly groundTruth: number[];
  readonly predicted: number[];
}

interface SegmentationAdapterState {
  readonly evaluator: SegmentationState;
  /** Reduction: union by position; sorted by position. */
  readonly images: ImageCounts[];
}

/** Pixel confusion over the dataset (mmseg rules) plus per-image counts for a seeded bootstrap over images. */
export class SegmentationAdapter implements TaskAdapter<SegmentationPair> {
  readonly task = "semantic-segmentation";
  private readonly evaluator: SegmentationEvaluator;
  private readonly options: Required<SegmentationAdapterOptions>;
  private images = new Map<number, ImageCounts>();

  constructor(options: SegmentationAdapterOptions) {
    this.options = { resamples: 1000, seed: 0, ...options };
    this.evaluator = new SegmentationEvaluator({ numClasses: options.classes.length, ignoreIndex: options.ignoreIndex });
  }

  reset(): void {
    this.evaluator.reset();
    this.images.clear();
  }

  process(batch: readonly Scored<SegmentationPair>[]): void {
    const c = this.options.classes.length;
    for (const { position, sample, prediction } of batch) {
      const { groundTruth, prediction: predicted } = prediction;
      if (groundTruth.length !== predicted.length) {
        throw new RunnerError(`sample ${sample.id}: ground truth has ${groundTruth.length} pixels but the prediction has ${predicted.length}`);
      }
      // One pass over the pixels (the metrics package's histogram, which also checks every value); the
      // image's matrix is then added to the dataset matrix exactly, as a one-image shard state.
      const { ignoreIndex } = this.options;
      const confusion = segmentationConfusion(groundTruth, predicted, { numClasses: c, ignoreIndex });
      this.evaluator.merge({ kind: "segmentation", version: 1, numClasses: c, ignoreIndex, confusion: Array.from(confusion) });
      const counts: ImageCounts = { position, intersection: new Array(c).fill(0), groundTruth: new Array(c).fill(0), predicted: new Array(c).fill(0) };
      for (let g = 0; g < c; g++) {
        for (let p = 0; p < c; p++) {
          const n = confusion[g * c + p];
          counts.groundTruth[g] += n;
          counts.predicted[p] += n;
        }
        counts.intersection[g] = confusion[g * c + g];
      }
      this.images.set(position, counts);
    }
  }

  evaluate(): TaskMetrics {
    const result = this.evaluator.compute({ convention: "mmseg" });
    const images = this.sortedImages();
    const metrics: Record<string, MetricValue> = {
      mIoU: { value: finiteOrNull(result.mIoU), interval: this.bootstrap(images, meanIoU) },
      aAcc: { value: finiteOrNull(result.aAcc), interval: this.bootstrap(images, pixelAccuracy) },
      mAcc: { value: finiteOrNull(result.mAcc) },
      mDice: { value: finiteOrNull(result.mDice) },
      fwIoU: { value: finiteOrNull(result.fwIoU) },
    };
    return {
      metrics,
      details: {
        convention: result.convention,
        images: images.length,
        pixelsCounted: result.pixelsCounted,
        perClass: result.perClass.map((s, i) => ({ class: this.options.classes[i], iou: finiteOrNull(s.iou), acc: finiteOrNull(s.acc), dice: finiteOrNull(s.dice) })),
        confusion: Array.from(result.confusion),
      },
    };
  }

  toState(): AdapterState {
    const { classes, ignoreIndex, resamples, seed } = this.options;
    const state: SegmentationAdapterState = { evaluator: this.evaluator.toState(), images: this.sortedImages() };
    return { task: this.task, options: { classes: [...classes], ignoreIndex, resamples, seed }, state };
  }

  merge(other: AdapterState): void {
    const state = other.state as SegmentationAdapterState;
    if (!Array.isArray(state?.images)) throw new RunnerError("segmentation state has no per-image counts");
    for (const image of state.images) {
      if (this.images.has(image.position)) throw new RunnerError(`segmentation states overlap: both hold the image at position ${image.position}`);
    }
    this.evaluator.merge(state.evaluator);
    for (const image of state.images) this.images.set(image.position, image);
  }

  private sortedImages(): ImageCounts[] {
    return [...this.images.values()].sort((a, b) => a.position - b.position);
  }

  private bootstrap(images: ImageCounts[], statistic: (sums: Sums) => number): MetricValue["interval"] {
    if (images.length === 0) return { lower: null, upper: null, method: "bootstrap", resamples: 0, seed: this.options.seed };
    const c = this.options.classes.length;
    const sums: Sums = { intersection: new Float64Array(c), groundTruth: new Float64Array(c), predicted: new Float64Array(c) };
    const interval = bootstrapInterval(
      images.length,
      (indices) => {
        sums.intersection.fill(0);
        sums.groundTruth.fill(0);
        sums.predicted.fill(0);
        for (const index of indices) {
          const image = images[index];
          for (let k = 0; k < c; k++) {
            sums.intersection[k] += image.intersection[k];
            sums.groundTruth[k] += image.groundTruth[k];
            sums.predicted[k] += image.predicted[k];
          }
        }
        return statistic(sums);
      },
      { resamples: this.options.resamples, seed: this.options.seed },
    );
    return {
      lower: finiteOrNull(interval.lower),
      upper: finiteOrNull(interval.upper),
      method: "bootstrap",
      resamples: interval.resamples,
      seed: interval.seed,
      undefinedResamples: interval.undefinedResamples,
    };
  }
}

interface Sums {
  intersection: Float64Array;
  groundTruth: Float64Array;
  predicted: Float64Array;
}

/** mmseg's mIoU: nanmean over classes of I / U (U = 0 → undefined). */
function meanIoU(s: Sums): number {
  let total = 0;
  let defined = 0;
  for (let k = 0; k < s.intersection.length; k++) {
    const union = s.groundTruth[k] + s.predicted[k] - s.intersection[k];
    if (union > 0) {
      total += s.intersection[k] / union;
      defined++;
    }
  }
  return defined > 0 ? total / defined : Number.NaN;
}

function pixelAccuracy(s: Sums): number {
  let correct = 0;
  let counted = 0;
  for (let k = 0; k < s.intersection.length; k++) {
    correct += s.intersection[k];
    counted += s.groundTruth[k];
  }
  return counted > 0 ? correct / counted : Number.NaN;
}
