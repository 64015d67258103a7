import { loadLabelMap, type Dataset, type ImageTransform, type ModelManifest, type Sample } from "@podium/datasets";
import type { Outputs, Tensor } from "@podium/engines";
import type { CocoDetection, CocoGroundTruth } from "@podium/metrics";
import { ClassificationAdapter } from "./adapters/classification.js";
import { CocoAdapter } from "./adapters/coco.js";
import { VocAdapter, type VocImage } from "./adapters/voc.js";
import { SegmentationAdapter } from "./adapters/segmentation.js";
import type { AdapterState, Scored, TaskAdapter } from "./adapters/task-adapter.js";
import { classificationScores } from "./decode/classification.js";
import { labelMapping } from "./decode/label-mapping.js";
import { labelMapToGroundTruth, outputLabelMaps, segmentationModelClasses } from "./decode/segmentation.js";
import { decodeHead, toImageDetections } from "./decode/detection.js";
import { RunnerError } from "./errors.js";

/** A preprocessed sample waiting for inference: where it sits in the dataset and how its pixels were moved. */
export interface BatchItem {
  readonly position: number;
  readonly sample: Sample;
  readonly transform: ImageTransform;
}

/** One task's decoder (model outputs → predictions) in front of its adapter (predictions → metrics). */
export interface TaskPipeline {
  readonly adapter: TaskAdapter<unknown>;
  decode(outputs: Outputs, batch: readonly BatchItem[]): Promise<Scored<unknown>[]>;
}

export interface PipelineOptions {
  readonly bootstrap?: { readonly resamples?: number; readonly seed?: number };
  /** The run's --limit: detection ground truth covers exactly the selected images (all shards). */
  readonly limit?: number;
}

function pickOutput(outputs: Outputs, name: string | undefined): [string, Tensor] {
  if (name !== undefined) {
    const tensor = outputs[name];
    if (!tensor) throw new RunnerError(`the model has no output '${name}' (manifest output.output); it has ${Object.keys(outputs).join(", ")}`);
    return [name, tensor];
  }
  const [first] = Object.entries(outputs);
  if (!first) throw new RunnerError("the model produced no outputs");
  return first;
}

/** Builds the decoder + adapter for a model manifest's task on a dataset, or says why they do not fit. */
export async function createTaskPipeline(manifest: ModelManifest, dataset: Dataset, options: PipelineOptions = {}): Promise<TaskPipeline> {
  if (manifest.task !== dataset.task) {
    throw new RunnerError(`the model is a ${manifest.task} model but dataset '${dataset.name}' holds ${dataset.task} ground truth`);
  }
  if (manifest.task === "classification") return classificationPipeline(manifest, dataset);
  if (manifest.task === "semantic-segmentation") return segmentationPipeline(manifest, dataset, options);
  if (manifest.task === "detection") return detectionPipeline(manifest, dataset, options);
  throw new RunnerError(`the runner does not evaluate ${manifest.task} models yet (classification, semantic-segmentation and COCO detection)`);
}

function classificationPipeline(manifest: Extract<ModelManifest, { task: "classification" }>, dataset: Dataset): TaskPipeline {
  const adapter = new ClassificationAdapter({ classes: dataset.classes });
  let mapping: Int32Array | undefined;
  return {
    adapter: adapter as TaskAdapter<unknown>,
    async decode(outputs, batch) {
      const [name, tensor] = pickOutput(outputs, manifest.output.output);
      const modelClasses = tensor.dims.slice(1).reduce((a, b) => a * b, 1);
      mapping ??= labelMapping(manifest.output.labels, modelClasses, dataset.classes, `model output '${name}'`);
      const rows = classificationScores(tensor, batch.length, mapping, dataset.classes.length, name);
      return batch.map((item, i) => ({ position: item.position, sample: item.sample, prediction: rows[i] }));
    },
  };
}

function segmentationPipeline(manifest: Extract<ModelManifest, { task: "semantic-segmentation" }>, dataset: Dataset, options: PipelineOptions): TaskPipeline {
  const out = manifest.output;
  let ignoreIndex: number | undefined;
  let adapter: SegmentationAdapter | undefined;
  let mapping: Int32Array | undefined | null;
  // The ignore index comes with the ground truth; the adapter is made once the first sample shows it.
  const adapterFor = (index: number) => {
    if (ignoreIndex !== undefined && index !== ignoreIndex) throw new RunnerError(`dataset '${dataset.name}' mixes ignore indices ${ignoreIndex} and ${index}`);
    ignoreIndex = index;
    adapter ??= new SegmentationAdapter({ classes: dataset.classes, ignoreIndex: index, ...options.bootstrap });
    return adapter;
  };
  const lazy: TaskAdapter<unknown> = {
    task: "semantic-segmentation",
    reset: () => adapter?.reset(),
    process: (batch) => {
      if (batch.length) (adapter ?? adapterFor(255)).process(batch as Scored<never>[]);
    },
    evaluate: () => (adapter ?? adapterFor(255)).evaluate(),
    toState: () => (adapter ?? adapterFor(255)).toState(),
    merge: (state: AdapterState) => adapterFor(Number(state.options.ignoreIndex)).merge(state),
  };
  return {
    adapter: lazy,
    async decode(outputs, batch) {
      const [name, tensor] = pickOutput(outputs, out.output);
      const decodeOptions = { kind: out.kind, layout: out.layout, outputName: name };
      if (mapping === undefined) {
        const modelClasses = segmentationModelClasses(tensor, decodeOptions);
        mapping = modelClasses === undefined ? null : labelMapping(out.labels, modelClasses, dataset.classes, `model output '${name}'`);
      }
      const maps = outputLabelMaps(tensor, batch.length, decodeOptions);
      const scored: Scored<unknown>[] = [];
      for (let i = 0; i < batch.length; i++) {
        const { sample, transform, position } = batch[i];
        if (sample.target.task !== "semantic-segmentation") throw new RunnerError(`sample ${sample.id}: ground truth is ${sample.target.task}, not semantic-segmentation`);
        adapterFor(sample.target.ignoreIndex);
        const gt = await loadLabelMap(sample.target.labelMap, dataset.classes.length, sample.target.ignoreIndex);
        const prediction = labelMapToGroundTruth(maps[i], transform, gt.width, gt.height, mapping ?? undefined, sample.id);
        scored.push({ position, sample, prediction: { groundTruth: gt.labels, prediction } });
      }
      return scored;
    },
  };
}

/** COCO box ground truth of the selected images (every shard builds the same one). */
async function cocoGroundTruth(dataset: Dataset, limit: number | undefined): Promise<CocoGroundTruth> {
  const categories = (dataset as Dataset & { categories?: { id: number; name: string }[] }).categories;
  if (!categories) throw new RunnerError(`dataset '${dataset.name}' has no COCO categories: the runner scores detection on COCO-format ground truth only (VOC boxes are not wired yet)`);
  const images: CocoGroundTruth["images"][number][] = [];
  const annotations: CocoGroundTruth["annotations"][number][] = [];
  let position = 0;
  for await (const sample of dataset.samples()) {
    if (limit !== undefined && position >= limit) break;
    position++;
    const target = sample.target;
    if (target.task !== "detection" || !("format" in target) || target.format !== "coco") throw new RunnerError(`sample ${sample.id}: ground truth is not COCO boxes`);
    const { width, height } = sample.image as { width?: number; height?: number };
    if (!width || !height) throw new RunnerError(`sample ${sample.id}: COCO image without width/height`);
    images.push({ id: target.imageId, width, height });
    for (const a of target.annotations) annotations.push({ id: a.id, image_id: a.image_id, category_id: a.category_id, bbox: [...a.bbox], area: a.area, iscrowd: a.iscrowd });
  }
  return { images, annotations, categories: categories.map((c) => ({ id: c.id, name: c.name })) };
}

/**
 * VOC-style box ground truth (VOC folders, podium-dataset manifests): VocEvaluator. Boxes are in VOC's
 * 1-based inclusive pixel convention; a detection with pixel-edge corners (x1, y1, x2, y2) is written
 * as (x1 + 1, y1 + 1, x2, y2), which is py-faster-rcnn's `+ 1` on 0-based inclusive indices.
 */
function vocPipeline(manifest: Extract<ModelManifest, { task: "detection" }>, dataset: Dataset, options: PipelineOptions): TaskPipeline {
  const adapter = new VocAdapter({ classes: dataset.classes, ...options.bootstrap });
  const { head, labels } = manifest.output;
  const input = { width: manifest.preprocessing.input_size[2], height: manifest.preprocessing.input_size[1] };
  const numClasses = labels.classes?.length;
  let mapping: Int32Array | undefined;
  return {
    adapter: adapter as TaskAdapter<unknown>,
    async decode(outputs, batch) {
      return batch.map(({ position, sample, transform }, n) => {
        const target = sample.target;
        if (target.task !== "detection" || !("objects" in target)) throw new RunnerError(`sample ${sample.id}: ground truth is not boxes`);
        const detections = decodeHead(head, outputs, n, input, numClasses);
        mapping ??= labelMapping(labels, numClasses ?? dataset.classes.length, dataset.classes, "model detections");
        const image: VocImage = {
          imageId: sample.id,
          groundTruth: target.objects.map((o) => ({ name: o.className, bbox: [...o.box], difficult: o.difficult })),
          detections: toImageDetections(detections, transform).flatMap((d) => {
            if (d.modelClass >= mapping!.length) throw new RunnerError(`sample ${sample.id}: detection class ${d.modelClass} is outside the model's ${mapping!.length} classes`);
            const cls = mapping![d.modelClass];
            const [x, y, w, h] = d.bbox;
            return cls < 0 ? [] : [{ className: dataset.classes[cls], score: d.score, bbox: [x + 1, y + 1, x + w, y + h] }];
          }),
        };
        return { position, sample, prediction: image };
      });
    },
  };
}

async function detectionPipeline(manifest: Extract<ModelManifest, { task: "detection" }>, dataset: Dataset, options: PipelineOptions): Promise<TaskPipeline> {
  if (!(dataset as { categories?: unknown }).categories) return vocPipeline(manifest, dataset, options);
  const groundTruth = await cocoGroundTruth(dataset, options.limit);
  const categoryIds = groundTruth.categories.map((c) => c.id);
  const adapter = new CocoAdapter({ groundTruth, ...options.bootstrap });
  const { head, labels } = manifest.output;
  const input = { width: manifest.preprocessing.input_size[2], height: manifest.preprocessing.input_size[1] };
  const numClasses = labels.classes?.length;
  // Model class → COCO category id; an explicit to_dataset list holds category ids (see the manifest schema).
  let toCategory: Int32Array | undefined;
  const categoryOf = (modelClasses: number) => {
    if (toCategory) return toCategory;
    if (Array.isArray(labels.to_dataset)) {
      const indexOfId = new Map(categoryIds.map((id, i) => [id, i]));
      const asIndices = labels.to_dataset.map((id, i) => {
        if (id < 0) return -1;
        const index = indexOfId.get(id);
        if (index === undefined) throw new RunnerError(`output.labels.to_dataset[${i}] = ${id} is not a category id of dataset '${dataset.name}'`);
        return index;
      });
      const mapping = labelMapping({ ...labels, to_dataset: asIndices }, modelClasses, dataset.classes, "model detections");
      toCategory = mapping.map((i) => (i < 0 ? -1 : categoryIds[i]));
    } else {
      toCategory = labelMapping(labels, modelClasses, dataset.classes, "model detections").map((i) => (i < 0 ? -1 : categoryIds[i]));
    }
    return toCategory;
  };
  return {
    adapter: adapter as TaskAdapter<unknown>,
    async decode(outputs, batch) {
      return batch.map(({ position, sample, transform }, n) => {
        const target = sample.target as { imageId: number };
        const declared = sample.image as { width?: number; height?: number };
        if (declared.width !== transform.originalWidth || declared.height !== transform.originalHeight) {
          throw new RunnerError(`sample ${sample.id}: the annotations say ${declared.width}×${declared.height} but the image is ${transform.originalWidth}×${transform.originalHeight}`);
        }
        const detections = decodeHead(head, outputs, n, input, numClasses);
        const modelClasses = numClasses ?? detections.classIds.reduce((a, b) => Math.max(a, b + 1), dataset.classes.length);
        const mapping = categoryOf(modelClasses);
        const prediction: CocoDetection[] = [];
        for (const d of toImageDetections(detections, transform)) {
          if (d.modelClass >= mapping.length) throw new RunnerError(`sample ${sample.id}: detection class ${d.modelClass} is outside the model's ${mapping.length} classes`);
          const category = mapping[d.modelClass];
          if (category >= 0) prediction.push({ image_id: target.imageId, category_id: category, bbox: d.bbox, score: d.score });
        }
        return { position, sample, prediction };
      });
    },
  };
}

/** Rebuilds an adapter from a result's state (podium merge). */
export function adapterFromState(state: AdapterState): TaskAdapter<unknown> {
  if (state.task === "detection-voc") {
    const { classes, resamples, seed } = state.options as { classes: string[]; resamples?: number; seed?: number };
    return new VocAdapter({ classes, resamples, seed }) as TaskAdapter<unknown>;
  }
  if (state.task === "detection") {
    const { groundTruth, resamples, seed } = state.options as { groundTruth: CocoGroundTruth; resamples?: number; seed?: number };
    return new CocoAdapter({ groundTruth, resamples, seed }) as TaskAdapter<unknown>;
  }
  const classes = state.options.classes;
  if (!Array.isArray(classes) || !classes.every((c) => typeof c === "string")) throw new RunnerError("state.options.classes must be an array of class names");
  if (state.task === "classification") {
    const topK = state.options.topK as number[] | undefined;
    return new ClassificationAdapter({ classes, topK }) as TaskAdapter<unknown>;
  }
  if (state.task === "semantic-segmentation") {
    const { ignoreIndex, resamples, seed } = state.options as { ignoreIndex: number; resamples?: number; seed?: number };
    return new SegmentationAdapter({ classes, ignoreIndex, resamples, seed }) as TaskAdapter<unknown>;
  }
  throw new RunnerError(`cannot merge results of task '${state.task}'`);
}
