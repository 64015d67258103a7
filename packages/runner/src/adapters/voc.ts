import { bootstrapInterval, VocEvaluator, type VocDetectionInput, type VocGroundTruthObject, type VocState } from "@podium/metrics";
import { finiteOrNull, type AdapterState, type MetricValue, type Scored, type TaskAdapter, type TaskMetrics } from "./task-adapter.js";

export interface VocAdapterOptions {
  readonly classes: readonly string[];
  /** Bootstrap resamples over images for the mAP interval (default 200) and seed (default 0). */
  readonly resamples?: number;
  readonly seed?: number;
}

/** One image's ground truth and detections in VOC's 1-based inclusive pixel convention. */
export interface VocImage {
  readonly imageId: string;
  readonly groundTruth: readonly VocGroundTruthObject[];
  readonly detections: readonly VocDetectionInput[];
}

/**
 * PASCAL VOC box AP (voc_eval.py semantics, @podium/metrics VocEvaluator): `mAP` is VOC2010+'s
 * all-point AP, `mAP11` VOC2007's 11-point AP. The mAP interval is a seeded bootstrap over images
 * (VocEvaluator.computeForImages scores a resampled multiset).
 */
export class VocAdapter implements TaskAdapter<VocImage> {
  readonly task = "detection-voc";
  private readonly options: Required<VocAdapterOptions>;
  private readonly evaluator: VocEvaluator;

  constructor(options: VocAdapterOptions) {
    this.options = { resamples: 200, seed: 0, ...options };
    this.evaluator = new VocEvaluator({ classes: options.classes });
  }

  reset(): void {
    this.evaluator.reset();
  }

  process(batch: readonly Scored<VocImage>[]): void {
    for (const { prediction } of batch) this.evaluator.update(prediction.imageId, prediction.groundTruth, prediction.detections);
  }

  evaluate(): TaskMetrics {
    const result = this.evaluator.compute();
    const ids = this.evaluator.toState().images.map((image) => image.id);
    const interval = ids.length
      ? bootstrapInterval(ids.length, (indices) => this.evaluator.computeForImages(Array.from(indices, (i) => ids[i])).mAPAllPoint ?? Number.NaN, {
          resamples: this.options.resamples,
          seed: this.options.seed,
        })
      : undefined;
    const metrics: Record<string, MetricValue> = {
      mAP: {
        value: result.mAPAllPoint,
        interval: interval
          ? { lower: finiteOrNull(interval.lower), upper: finiteOrNull(interval.upper), method: "bootstrap", resamples: interval.resamples, seed: interval.seed, undefinedResamples: interval.undefinedResamples }
          : { lower: null, upper: null, method: "bootstrap", resamples: 0, seed: this.options.seed },
      },
      mAP11: { value: result.mAP11Point },
    };
    return { metrics, details: { iouThreshold: result.iouThreshold, images: result.images, perClass: result.perClass } };
  }

  toState(): AdapterState {
    const { classes, resamples, seed } = this.options;
    return { task: this.task, options: { classes: [...classes], resamples, seed }, state: { evaluator: this.evaluator.toState() } };
  }

  merge(other: AdapterState): void {
    this.evaluator.merge((other.state as { evaluator: VocState }).evaluator);
  }
}
