import type { DetectionHead, ImageTransform } from "@podium/datasets";
import type { Outputs, Tensor } from "@podium/engines";
import {
  decodeDistributionHead,
  decodeYoloGrid,
  nonMaxSuppression,
  type Detections,
} from "@podium/metrics";
import { RunnerError } from "../errors.js";

/** A detection in ORIGINAL image pixels: COCO [x, y, width, height], with the model's class index. */
export interface ImageDetection {
  readonly bbox: [number, number, number, number];
  readonly score: number;
  readonly modelClass: number;
}

function output(outputs: Outputs, name: string): Tensor {
  const tensor = outputs[name];
  if (!tensor) throw new RunnerError(`the model has no output '${name}' (manifest output.head); it has ${Object.keys(outputs).join(", ")}`);
  return tensor;
}

/** Rows of sample n of an [N, …] tensor. */
function sampleSlice(tensor: Tensor, n: number): ArrayLike<number> {
  const per = tensor.data.length / tensor.dims[0];
  return (tensor.data as Float32Array).subarray(n * per, (n + 1) * per);
}

/**
 * The head's candidates for sample n of the batch, in model-input pixels, after the head's NMS:
 * already-decoded rows (CenterNet-style `columns`, or separate boxes/scores/classes tensors), YOLOv3
 * grids, or a GFL/NanoDet distribution head (decoders and NMS from @podium/metrics).
 */
export function decodeHead(head: DetectionHead, outputs: Outputs, n: number, input: { width: number; height: number }, numClasses: number | undefined): Detections {
  let candidates: Detections;
  if (head.type === "decoded") candidates = decodeDecoded(head, outputs, n, input);
  else if (head.type === "yolo-grid") {
    const anchorsPerCell = head.anchors[0].length;
    const levels = head.outputs.map((name, i) => {
      const tensor = output(outputs, name);
      const [gh, gw] = [input.height / head.strides[i], input.width / head.strides[i]];
      return { tensor, gh, gw, i };
    });
    const first = levels[0].tensor;
    // NCHW when dim 1 holds the anchors × (5 + C) channels, NHWC when the last dim does.
    const nchw = first.dims.length === 4 && first.dims[2] === levels[0].gh && first.dims[3] === levels[0].gw;
    const channels = nchw ? first.dims[1] : first.dims[first.dims.length - 1];
    const classes = numClasses ?? channels / anchorsPerCell - 5;
    candidates = decodeYoloGrid(
      levels.map(({ tensor, gh, gw, i }) => ({ output: sampleSlice(tensor, n), gridHeight: gh, gridWidth: gw, stride: head.strides[i], anchors: head.anchors[i] })),
      { numClasses: classes, layout: nchw ? "NCHW" : "NHWC", activated: head.activated, scoreThreshold: head.nms.score_threshold },
    );
  } else {
    const levels = head.score_outputs.map((name, i) => {
      const scores = output(outputs, name);
      const boxes = output(outputs, head.box_outputs[i]);
      return {
        scores: sampleSlice(scores, n),
        boxes: sampleSlice(boxes, n),
        gridHeight: Math.ceil(input.height / head.strides[i]),
        gridWidth: Math.ceil(input.width / head.strides[i]),
        stride: head.strides[i],
      };
    });
    const scoresTensor = output(outputs, head.score_outputs[0]);
    candidates = decodeDistributionHead(levels, {
      numClasses: numClasses ?? scoresTensor.dims[scoresTensor.dims.length - 1],
      regMax: head.reg_max,
      cellCenterOffset: head.center_offset,
      layout: "NHWC",
      scoresActivated: head.scores_activated,
      scoreThreshold: head.nms.score_threshold,
    });
  }
  const nms = head.nms;
  if (!nms) return candidates;
  return nonMaxSuppression(candidates, {
    iouThreshold: nms.iou_threshold,
    scoreThreshold: nms.score_threshold,
    maxDetections: nms.max_detections,
    mode: nms.class_agnostic ? "agnostic" : "class-wise",
  });
}

function decodeDecoded(head: Extract<DetectionHead, { type: "decoded" }>, outputs: Outputs, n: number, input: { width: number; height: number }): Detections {
  const rowsOut: number[] = [];
  const sx = head.coordinates === "normalised" ? input.width : 1;
  const sy = head.coordinates === "normalised" ? input.height : 1;
  const push = (a: number, b: number, c: number, d: number, score: number, cls: number) => {
    let [x1, y1, x2, y2] = [a, b, c, d];
    if (head.box_format === "xywh") [x2, y2] = [a + c, b + d];
    else if (head.box_format === "cxcywh") [x1, y1, x2, y2] = [a - c / 2, b - d / 2, a + c / 2, b + d / 2];
    if (!Number.isInteger(cls) || cls < 0) throw new RunnerError(`decoded detection class ${cls} is not a class index`);
    rowsOut.push(x1 * sx, y1 * sy, x2 * sx, y2 * sy, score, cls);
  };
  if (head.output) {
    const columns = head.columns;
    if (!columns) throw new RunnerError(`manifest output.head: "output" needs "columns"`);
    const tensor = output(outputs, head.output);
    const width = tensor.dims[tensor.dims.length - 1];
    if (width !== columns.length) throw new RunnerError(`model output '${head.output}' has ${width} values per detection but output.head.columns names ${columns.length}`);
    const rows = sampleSlice(tensor, n);
    const at = (name: string) => columns.indexOf(name as (typeof columns)[number]);
    const corner = at("x1") >= 0;
    const keys = corner ? ["x1", "y1", "x2", "y2"] : at("cx") >= 0 ? ["cx", "cy", "w", "h"] : ["x", "y", "w", "h"];
    const index = keys.map(at);
    const scoreAt = at("score");
    const classAt = at("class");
    if (index.some((i) => i < 0) || scoreAt < 0 || classAt < 0) throw new RunnerError(`output.head.columns must name the box (${keys.join(", ")}), "score" and "class"`);
    for (let r = 0; r < rows.length / width; r++) {
      const row = (i: number) => rows[r * width + i];
      push(row(index[0]), row(index[1]), row(index[2]), row(index[3]), row(scoreAt), Math.round(row(classAt)));
    }
  } else {
    const names = head.outputs!;
    const boxes = sampleSlice(output(outputs, names.boxes), n);
    const scoresTensor = output(outputs, names.scores);
    const scores = sampleSlice(scoresTensor, n);
    const count = boxes.length / 4;
    const limit = names.count ? Number(sampleSlice(output(outputs, names.count), n)[0]) : count;
    const classes = names.classes ? sampleSlice(output(outputs, names.classes), n) : undefined;
    const perRow = scores.length / count;
    for (let r = 0; r < Math.min(count, limit); r++) {
      const box = [boxes[4 * r], boxes[4 * r + 1], boxes[4 * r + 2], boxes[4 * r + 3]] as const;
      if (classes) push(...box, scores[r * perRow], Math.round(Number(classes[r])));
      else for (let c = 0; c < perRow; c++) push(...box, scores[r * perRow + c], c);
    }
  }
  const count = rowsOut.length / 6;
  const boxes = new Float32Array(4 * count);
  const scores = new Float32Array(count);
  const classIds = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    boxes.set(rowsOut.slice(6 * i, 6 * i + 4), 4 * i);
    scores[i] = rowsOut[6 * i + 4];
    classIds[i] = rowsOut[6 * i + 5];
  }
  return { count, boxes, scores, classIds };
}

/** Undoes the preprocessing geometry: input (x, y) = original (x, y) · scale + offset; boxes are clipped to the image. */
export function toImageDetections(detections: Detections, transform: ImageTransform): ImageDetection[] {
  const { originalWidth: w, originalHeight: h } = transform;
  const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const out: ImageDetection[] = [];
  for (let i = 0; i < detections.count; i++) {
    const x1 = clip((detections.boxes[4 * i] - transform.offsetX) / transform.scaleX, w);
    const y1 = clip((detections.boxes[4 * i + 1] - transform.offsetY) / transform.scaleY, h);
    const x2 = clip((detections.boxes[4 * i + 2] - transform.offsetX) / transform.scaleX, w);
    const y2 = clip((detections.boxes[4 * i + 3] - transform.offsetY) / transform.scaleY, h);
    out.push({ bbox: [x1, y1, x2 - x1, y2 - y1], score: detections.scores[i], modelClass: detections.classIds[i] });
  }
  return out;
}

