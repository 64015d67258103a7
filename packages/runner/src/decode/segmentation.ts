import type { ImageTransform } from "@podium/datasets";
import type { Tensor } from "@podium/engines";
import { RunnerError } from "../errors.js";

export interface SegmentationDecodeOptions {
  readonly kind: "logits" | "probabilities" | "label-map";
  readonly layout: "NCHW" | "NHWC";
  readonly outputName: string;
}

/** A predicted label map at the model's output resolution, in model class indices. */
export interface OutputLabelMap {
  readonly width: number;
  readonly height: number;
  readonly labels: Int32Array;
}

/**
 * Per-sample label maps from a segmentation head: argmax over channels for logits/probabilities (one
 * channel: a foreground score, ≥ 0.5 for probabilities, ≥ 0 for logits), or class indices as given for a
 * label-map output. Ties go to the lower class, like numpy's argmax.
 */
export function outputLabelMaps(tensor: Tensor, count: number, options: SegmentationDecodeOptions): OutputLabelMap[] {
  const { dims, data } = tensor;
  const name = options.outputName;
  let channels: number;
  let height: number;
  let width: number;
  if (dims.length === 3) {
    if (options.kind !== "label-map") throw new RunnerError(`model output '${name}' has shape [${dims.join(", ")}]: ${options.kind} need a channel axis`);
    [channels, height, width] = [1, dims[1], dims[2]];
  } else if (dims.length === 4) {
    [channels, height, width] = options.layout === "NCHW" ? [dims[1], dims[2], dims[3]] : [dims[3], dims[1], dims[2]];
  } else {
    throw new RunnerError(`model output '${name}' has shape [${dims.join(", ")}], expected a ${options.layout} segmentation map`);
  }
  if (dims[0] < count) throw new RunnerError(`model output '${name}' holds ${dims[0]} maps for a batch of ${count}`);
  if (options.kind === "label-map" && channels !== 1) throw new RunnerError(`model output '${name}' has ${channels} channels; a label-map output has 1`);
  const plane = height * width;
  const maps: OutputLabelMap[] = [];
  for (let n = 0; n < count; n++) {
    const labels = new Int32Array(plane);
    const base = n * plane * channels;
    // Element (pixel p, channel k) of sample n: NCHW at base + k·plane + p, NHWC at base + p·channels + k.
    const pixelStride = options.layout === "NCHW" ? 1 : channels;
    const channelStride = options.layout === "NCHW" ? plane : 1;
    if (options.kind !== "label-map" && channels === 1) {
      const threshold = options.kind === "probabilities" ? 0.5 : 0;
      for (let p = 0; p < plane; p++) labels[p] = (data[base + p] as number) >= threshold ? 1 : 0;
      maps.push({ width, height, labels });
      continue;
    }
    for (let p = 0; p < plane; p++) {
      const at = base + p * pixelStride;
      if (options.kind === "label-map") {
        const value = Number(data[at]);
        if (!Number.isInteger(value) || value < 0) throw new RunnerError(`model output '${name}' holds ${value} at pixel ${p} of sample ${n}, not a class index`);
        labels[p] = value;
      } else if (channels === 1) {
        labels[p] = Number(data[at]) >= (options.kind === "probabilities" ? 0.5 : 0) ? 1 : 0;
      } else {
        let best = 0;
        let bestScore = Number(data[at]);
        for (let k = 1; k < channels; k++) {
          const score = Number(data[at + k * channelStride]);
          if (score > bestScore) {
            best = k;
            bestScore = score;
          }
        }
        labels[p] = best;
      }
    }
    maps.push({ width, height, labels });
  }
  return maps;
}

/** Number of model classes a segmentation output distinguishes (a single foreground channel means 2). */
export function segmentationModelClasses(tensor: Tensor, options: SegmentationDecodeOptions): number | undefined {
  if (options.kind === "label-map") return undefined;
  const channels = tensor.dims.length === 4 ? (options.layout === "NCHW" ? tensor.dims[1] : tensor.dims[3]) : 1;
  return channels === 1 ? 2 : channels;
}

/**
 * Resamples an output label map onto the ground truth's pixel grid, undoing the preprocessing geometry:
 * each GT pixel centre is mapped into model-input coordinates (ImageTransform), then to the output cell
 * containing it (nearest; output stride = input size / output size), clamped at the borders (pixels a
 * center crop cut away take the nearest predicted pixel). Model classes are mapped to dataset classes.
 */
export function labelMapToGroundTruth(
  map: OutputLabelMap,
  transform: ImageTransform,
  gtWidth: number,
  gtHeight: number,
  mapping: Int32Array | undefined,
  sampleId: string,
): Uint8Array | Uint16Array {
  if (gtWidth !== transform.originalWidth || gtHeight !== transform.originalHeight) {
    throw new RunnerError(
      `sample ${sampleId}: label map is ${gtWidth}×${gtHeight} but its image is ${transform.originalWidth}×${transform.originalHeight}`,
    );
  }
  const strideX = transform.inputWidth / map.width;
  const strideY = transform.inputHeight / map.height;
  const columns = new Int32Array(gtWidth);
  for (let x = 0; x < gtWidth; x++) columns[x] = clamp(Math.floor(((x + 0.5) * transform.scaleX + transform.offsetX) / strideX), map.width);
  // 8-bit maps take the evaluator's histogram fast path.
  const classes = mapping ? mapping.length : map.labels.reduce((a, b) => Math.max(a, b), 0) + 1;
  const out = classes <= 256 ? new Uint8Array(gtWidth * gtHeight) : new Uint16Array(gtWidth * gtHeight);
  for (let y = 0; y < gtHeight; y++) {
    const row = clamp(Math.floor(((y + 0.5) * transform.scaleY + transform.offsetY) / strideY), map.height) * map.width;
    for (let x = 0; x < gtWidth; x++) {
      const modelClass = map.labels[row + columns[x]];
      let label = modelClass;
      if (mapping) {
        if (modelClass >= mapping.length) throw new RunnerError(`sample ${sampleId}: predicted class ${modelClass} is outside the model's ${mapping.length} classes`);
        label = mapping[modelClass];
        if (label < 0) throw new RunnerError(`sample ${sampleId}: predicted model class ${modelClass} has no dataset class (output.labels.to_dataset)`);
      }
      out[y * gtWidth + x] = label;
    }
  }
  return out;
}

function clamp(value: number, size: number): number {
  return value < 0 ? 0 : value >= size ? size - 1 : value;
}
