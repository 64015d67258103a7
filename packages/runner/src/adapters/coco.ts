import { bootstrapInterval, CocoEvaluator, type CocoDetection, type CocoGroundTruth, type CocoState } from "@podium/metrics";
import { finiteOrNull, type AdapterState, type MetricValue, type Scored, type TaskAdapter, type TaskMetrics } from "./task-adapter.js";

export interface CocoAdapterOptions {
  /** Ground truth of every image in the selection (all shards): boxes only. */
  readonly groundTruth: CocoGroundTruth;
  /** Bootstrap resamples over images for the AP interval (default 100: each one re-accumulates COCOeval) and seed (0). */
  readonly resamples?: number;
  readonly seed?: number;
}

const undefinedIfNegative = (v: number) => (v < 0 ? null : finiteOrNull(v));

/**
 * COCO box AP (pycocotools semantics, @podium/metrics CocoEvaluator). The AP interval is a seeded
 * bootstrap over images: a resample is a multiset of images, scored by renaming each draw to a fresh
 * image id (ground truth and the image's already-matched detections copied), so no image is matched
 * again — only accumulation is redone.
 */
export class CocoAdapter implements TaskAdapter<CocoDetection[]> {
  readonly task = "detection";
  private readonly options: Required<CocoAdapterOptions>;
  private readonly evaluator: CocoEvaluator;

  constructor(options: CocoAdapterOptions) {
    this.options = { resamples: 100, seed: 0, ...options };
    this.evaluator = new CocoEvaluator(options.groundTruth, { iouType: "bbox" });
  }

  reset(): void {
    this.evaluator.reset();
  }

  process(batch: readonly Scored<CocoDetection[]>[]): void {
    const detections = batch.flatMap((item) => item.prediction);
    if (detections.length) this.evaluator.update(detections);
  }

  evaluate(): TaskMetrics {
    const result = this.evaluator.compute();
    const metrics: Record<string, MetricValue> = { AP: { value: undefinedIfNegative(result.AP), interval: this.bootstrapAP() } };
    for (const name of ["AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100"] as const) metrics[name] = { value: undefinedIfNegative(result[name]) };
    return {
      metrics,
      details: {
        stats: result.stats.map(undefinedIfNegative),
        perCategory: result.perCategory.map((c) => ({
          categoryId: c.categoryId,
          name: c.name,
          AP: undefinedIfNegative(c.AP),
          AP50: undefinedIfNegative(c.AP50),
          numGroundTruth: c.numGroundTruth,
          numDetections: c.numDetections,
        })),
      },
    };
  }

  toState(): AdapterState {
    const { groundTruth, resamples, seed } = this.options;
    return { task: this.task, options: { groundTruth, resamples, seed }, state: { evaluator: this.evaluator.toState() } };
  }

  merge(other: AdapterState): void {
    this.evaluator.merge((other.state as { evaluator: CocoState }).evaluator);
  }

  private bootstrapAP(): MetricValue["interval"] {
    const gt = this.options.groundTruth;
    const images = [...gt.images].sort((a, b) => a.id - b.id);
    if (images.length === 0) return { lower: null, upper: null, method: "bootstrap", resamples: 0, seed: this.options.seed };
    const annotationsByImage = new Map<number, CocoGroundTruth["annotations"][number][]>();
    for (const a of gt.annotations) annotationsByImage.set(a.image_id, [...(annotationsByImage.get(a.image_id) ?? []), a]);
    const cellsByImage = new Map(this.evaluator.toState().images.map((image) => [image.imageId, image.cells]));
    const interval = bootstrapInterval(
      images.length,
      (indices) => {
        const drawnImages: CocoGroundTruth["images"][number][] = [];
        const annotations: CocoGroundTruth["annotations"][number][] = [];
        const stateImages: CocoState["images"][number][] = [];
        indices.forEach((index, draw) => {
          const image = images[index];
          const id = draw + 1;
          drawnImages.push({ id, width: image.width, height: image.height });
          for (const a of annotationsByImage.get(image.id) ?? []) annotations.push({ ...a, id: annotations.length + 1, image_id: id });
          const cells = cellsByImage.get(image.id);
          if (cells) stateImages.push({ imageId: id, cells });
        });
        const resampled = new CocoEvaluator({ images: drawnImages, annotations, categories: gt.categories }, { iouType: "bbox" });
        const { groundTruth } = resampled.toState();
        resampled.merge({ kind: "coco", version: 1, iouType: "bbox", groundTruth, images: stateImages });
        const ap = resampled.compute().AP;
        return ap < 0 ? Number.NaN : ap;
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
