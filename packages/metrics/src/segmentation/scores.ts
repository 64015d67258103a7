/**
 * Which reference tool's rules decide the classes a mean runs over.
 * - "mmseg" (mmsegmentation's IoUMetric): per-class I/U, I/label, 2I/(label+pred) are NaN where the
 *   denominator is 0 and the means are nanmeans; a class absent from the GT but predicted has IoU 0 and counts.
 * - "detectron2" (SemSegEvaluator): only classes present in the GT have IoU, accuracy and Dice; the rest are NaN.
 * aAcc (detectron2's pAcc) and fwIoU do not depend on the convention.
 */
export type SegmentationConvention = "mmseg" | "detectron2";

export interface SegmentationClassScores {
  readonly iou: number;
  readonly acc: number;
  readonly dice: number;
}

export interface SegmentationResult {
  readonly convention: SegmentationConvention;
  readonly mIoU: number;
  readonly mAcc: number;
  /** Correct pixels / counted pixels (detectron2 calls it pAcc). */
  readonly aAcc: number;
  /** Σ IoU_c · label_c / Σ label_c over classes with an IoU (detectron2's fwIoU). */
  readonly fwIoU: number;
  readonly mDice: number;
  /** NaN where a score is undefined under the convention. */
  readonly perClass: readonly SegmentationClassScores[];
  /** Pixels counted (GT not the ignore index). */
  readonly pixelsCounted: number;
  /** numClasses × numClasses, row-major, rows = ground truth, columns = prediction. */
  readonly confusion: Float64Array;
}

export function scoreConfusion(confusion: Float64Array, numClasses: number, convention: SegmentationConvention): SegmentationResult {
  const n = numClasses;
  const label = new Float64Array(n);
  const predicted = new Float64Array(n);
  let total = 0;
  let correct = 0;
  for (let g = 0; g < n; g++) {
    for (let p = 0; p < n; p++) {
      const count = confusion[g * n + p];
      label[g] += count;
      predicted[p] += count;
      total += count;
    }
    correct += confusion[g * n + g];
  }
  const perClass: SegmentationClassScores[] = [];
  let weightedIoU = 0;
  let weight = 0;
  for (let c = 0; c < n; c++) {
    const intersection = confusion[c * n + c];
    const union = label[c] + predicted[c] - intersection;
    const defined = convention === "detectron2" ? label[c] > 0 : true;
    const iou = defined && union > 0 ? intersection / union : Number.NaN;
    const acc = defined && label[c] > 0 ? intersection / label[c] : Number.NaN;
    const dice = defined && label[c] + predicted[c] > 0 ? (2 * intersection) / (label[c] + predicted[c]) : Number.NaN;
    perClass.push({ iou, acc, dice });
    if (!Number.isNaN(iou)) {
      weightedIoU += iou * label[c];
      weight += label[c];
    }
  }
  return {
    convention,
    mIoU: nanMean(perClass.map((s) => s.iou)),
    mAcc: nanMean(perClass.map((s) => s.acc)),
    aAcc: total > 0 ? correct / total : Number.NaN,
    fwIoU: weight > 0 ? weightedIoU / weight : Number.NaN,
    mDice: nanMean(perClass.map((s) => s.dice)),
    perClass,
    pixelsCounted: total,
    confusion,
  };
}

function nanMean(values: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}
