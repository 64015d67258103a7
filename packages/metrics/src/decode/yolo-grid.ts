import { MetricInputError } from "../errors.js";
import { sigmoid } from "./activations.js";
import { DetectionsBuilder, type Detections } from "./detections.js";
import { requirePositiveInteger, requirePositiveNumber, requireTensor, requireThreshold } from "./validate.js";

/** One output level of a YOLOv3-style anchor head (one batch element). */
export interface YoloGridLevel {
  /**
   * A·(5+C) channels per cell, each anchor's block ordered tx, ty, tw, th, objectness, class 0 … C−1.
   * NCHW: shape [A·(5+C), H, W]; NHWC: shape [H, W, A·(5+C)].
   */
  readonly output: ArrayLike<number>;
  readonly gridHeight: number;
  readonly gridWidth: number;
  /** Input pixels per grid cell at this level (e.g. 32, 16, 8). */
  readonly stride: number;
  /** Anchor [width, height] pairs in input pixels, for this level's stride. */
  readonly anchors: ReadonlyArray<readonly [number, number]>;
}

export interface YoloGridOptions {
  readonly numClasses: number;
  readonly layout: "NCHW" | "NHWC";
  /** true when tx, ty, objectness and class scores already went through a sigmoid in the model (tw, th stay raw). */
  readonly activated?: boolean;
  /** Keep an anchor only if objectness > this (darknet's `objectness <= thresh → skip`). Default 0. */
  readonly objectnessThreshold?: number;
  /** Keep a (box, class) only if objectness·classProb > this. Default 0. */
  readonly scoreThreshold?: number;
  /** true (default): one detection per class above the threshold, as darknet and mmdet do; false: best class only. */
  readonly multiLabel?: boolean;
}

/**
 * YOLOv3 decoding: x = (col + σ(tx))·stride, y = (row + σ(ty))·stride, w = e^tw·anchorW, h = e^th·anchorH,
 * score = σ(objectness)·σ(class logit). Thresholds are strict (> t), as in darknet, ultralytics and mmdet.
 * Returns candidates in level, row, column, anchor, class order; run `nonMaxSuppression` on them next.
 */
export function decodeYoloGrid(levels: readonly YoloGridLevel[], options: YoloGridOptions): Detections {
  const { numClasses, layout } = options;
  requirePositiveInteger(numClasses, "numClasses");
  if (layout !== "NCHW" && layout !== "NHWC") throw new MetricInputError(`layout must be "NCHW" or "NHWC", got ${String(layout)}`);
  const objectnessThreshold = options.objectnessThreshold ?? 0;
  const scoreThreshold = options.scoreThreshold ?? 0;
  requireThreshold(objectnessThreshold, "objectnessThreshold");
  requireThreshold(scoreThreshold, "scoreThreshold");
  const activate = options.activated === true ? (x: number) => x : sigmoid;
  const multiLabel = options.multiLabel ?? true;
  const fields = 5 + numClasses;
  const builder = new DetectionsBuilder();

  levels.forEach((level, levelIndex) => {
    const name = `level ${levelIndex}`;
    const { output, gridHeight: H, gridWidth: W, stride, anchors } = level;
    requirePositiveInteger(H, `${name} gridHeight`);
    requirePositiveInteger(W, `${name} gridWidth`);
    requirePositiveNumber(stride, `${name} stride`);
    if (anchors.length === 0) throw new MetricInputError(`${name}: no anchors given`);
    anchors.forEach(([aw, ah], a) => {
      requirePositiveNumber(aw, `${name} anchor ${a} width`);
      requirePositiveNumber(ah, `${name} anchor ${a} height`);
    });
    const channels = anchors.length * fields;
    requireTensor(output, layout === "NCHW" ? [channels, H, W] : [H, W, channels], `${name} output (${layout})`);
    const cells = H * W;
    // Flat index of channel c at cell: NCHW strides channels by H·W, NHWC keeps a cell's channels adjacent.
    const channelStep = layout === "NCHW" ? cells : 1;

    for (let row = 0; row < H; row++) {
      for (let col = 0; col < W; col++) {
        const cell = row * W + col;
        const cellBase = layout === "NCHW" ? cell : cell * channels;
        for (let a = 0; a < anchors.length; a++) {
          const at = (field: number) => output[cellBase + (a * fields + field) * channelStep];
          const objectness = activate(at(4));
          if (!(objectness > objectnessThreshold)) continue;
          const cx = (col + activate(at(0))) * stride;
          const cy = (row + activate(at(1))) * stride;
          const w = Math.exp(at(2)) * anchors[a][0];
          const h = Math.exp(at(3)) * anchors[a][1];
          const x1 = cx - w / 2, y1 = cy - h / 2, x2 = cx + w / 2, y2 = cy + h / 2;
          if (multiLabel) {
            for (let c = 0; c < numClasses; c++) {
              const score = objectness * activate(at(5 + c));
              if (score > scoreThreshold) builder.push(x1, y1, x2, y2, score, c);
            }
          } else {
            let best = 0;
            let bestProb = -Infinity;
            for (let c = 0; c < numClasses; c++) {
              const p = activate(at(5 + c));
              if (p > bestProb) (bestProb = p), (best = c);
            }
            const score = objectness * bestProb;
            if (score > scoreThreshold) builder.push(x1, y1, x2, y2, score, best);
          }
        }
      }
    }
  });
  return builder.build();
}
