import { MetricInputError } from "../errors.js";

export type LabelMap = Uint8Array | Uint8ClampedArray | Uint16Array | Int32Array;

/** Pixels a histogram bin may take before it could overflow uint32. */
const BIN_CAPACITY = 0xffffffff;
/** Pixels histogrammed per chunk: a multiple of 4 (word loop) well below BIN_CAPACITY. */
const CHUNK = 2 ** 31;

/**
 * Accumulates a ground-truth × prediction pixel confusion matrix (rows = GT, columns = prediction) over
 * a whole dataset. Pixels whose GT is `ignoreIndex` are skipped whatever their prediction; any other GT or
 * predicted value outside 0..numClasses−1 is an error and leaves the counts unchanged.
 *
 * Fast path (both maps 8-bit, numClasses ≤ 256): one branch-free loop histograms (gt << 8) | pred into a
 * Uint32Array(65536); ranges are checked afterwards from the histogram (the valid bins must account for
 * every pixel; maps with fewer pixels than there are valid bins are checked per pixel instead), and the
 * bins are folded into the float64 matrix lazily, before any bin could overflow.
 */
export class ConfusionAccumulator {
  readonly numClasses: number;
  readonly ignoreIndex: number;
  /** Folded counts, row-major numClasses × numClasses; exact integers below 2^53. */
  private readonly folded: Float64Array;
  private readonly histogram = new Uint32Array(65536);
  /** Pixels histogrammed since the last fold (ignored ones included). */
  private pending = 0;
  private readonly fastPathClasses: number;
  /** Bins validBinTotal() reads. */
  private readonly validBinCount: number;

  constructor(numClasses: number, ignoreIndex: number) {
    this.numClasses = numClasses;
    this.ignoreIndex = ignoreIndex;
    this.folded = new Float64Array(numClasses * numClasses);
    this.fastPathClasses = numClasses <= 256 ? numClasses : 0;
    this.validBinCount = this.fastPathClasses * this.fastPathClasses + 256;
  }

  add(groundTruth: LabelMap, prediction: LabelMap): void {
    if (groundTruth.length !== prediction.length) {
      throw new MetricInputError(`ground truth has ${groundTruth.length} pixels but prediction has ${prediction.length}`);
    }
    const eightBit = isEightBit(groundTruth) && isEightBit(prediction) && this.fastPathClasses > 0;
    if (!eightBit) {
      this.addGeneric(groundTruth, prediction);
      return;
    }
    for (let start = 0; start < groundTruth.length; start += CHUNK) {
      const end = Math.min(groundTruth.length, start + CHUNK);
      if (this.pending + (end - start) > BIN_CAPACITY) this.fold();
      this.addEightBit(groundTruth, prediction, start, end);
    }
  }

  /** The matrix so far (a copy). */
  matrix(): Float64Array {
    this.fold();
    return this.folded.slice();
  }

  /** The matrix so far, then empties the accumulator (the histogram is already clean after a fold). */
  take(): Float64Array {
    const matrix = this.matrix();
    this.folded.fill(0);
    return matrix;
  }

  addMatrix(counts: ArrayLike<number>): void {
    this.fold();
    for (let i = 0; i < this.folded.length; i++) this.folded[i] += counts[i];
  }

  reset(): void {
    this.folded.fill(0);
    this.histogram.fill(0);
    this.pending = 0;
  }

  private addEightBit(gt: Uint8Array | Uint8ClampedArray, pred: Uint8Array | Uint8ClampedArray, start: number, end: number): void {
    const histogram = this.histogram;
    const count = end - start;
    if (count < this.validBinCount) {
      // Small maps: checking each pixel costs less than summing the valid bins.
      this.checkPixels(gt, pred, start, end);
      histogramPairs(histogram, gt, pred, start, end);
      this.pending += count;
      return;
    }
    histogramPairs(histogram, gt, pred, start, end);
    // Every pixel histogrammed before this call sits in a valid bin (invalid ones are rolled back), so
    // the valid bins grew by `count` exactly when every pixel of this call was in range.
    if (this.validBinTotal() - this.pending === count) {
      this.pending += count;
      return;
    }
    // Some pixel is out of range: name it, then undo this call's increments so the state stays as it was.
    const message = this.describeInvalidBin();
    for (let i = start; i < end; i++) histogram[(gt[i] << 8) | pred[i]]--;
    throw new MetricInputError(message);
  }

  private checkPixels(gt: LabelMap, pred: LabelMap, start: number, end: number): void {
    const n = this.numClasses;
    const ignore = this.ignoreIndex;
    for (let i = start; i < end; i++) {
      const g = gt[i];
      if (g === ignore) continue;
      if (g < 0 || g >= n) throw new MetricInputError(groundTruthError(g, n, ignore));
      const p = pred[i];
      if (p < 0 || p >= n) throw new MetricInputError(predictionError(p, n));
    }
  }

  /** Sum of the bins a valid pixel can land in: GT row < numClasses with prediction < numClasses, or the ignore row. */
  private validBinTotal(): number {
    const n = this.fastPathClasses;
    const histogram = this.histogram;
    let total = 0;
    for (let g = 0; g < n; g++) {
      if (g === this.ignoreIndex) continue;
      const row = g << 8;
      for (let p = 0; p < n; p++) total += histogram[row | p];
    }
    if (this.ignoreIndex >= 0 && this.ignoreIndex < 256) {
      const row = this.ignoreIndex << 8;
      for (let p = 0; p < 256; p++) total += histogram[row | p];
    }
    return total;
  }

  private describeInvalidBin(): string {
    const n = this.fastPathClasses;
    for (let g = 0; g < 256; g++) {
      if (g === this.ignoreIndex) continue;
      for (let p = 0; p < 256; p++) {
        if (this.histogram[(g << 8) | p] === 0) continue;
        if (g >= n) return groundTruthError(g, this.numClasses, this.ignoreIndex);
        if (p >= n) return predictionError(p, this.numClasses);
      }
    }
    return "label maps hold out-of-range values";
  }

  private fold(): void {
    if (this.pending === 0) return;
    const n = this.fastPathClasses;
    const histogram = this.histogram;
    for (let g = 0; g < n; g++) {
      if (g === this.ignoreIndex) continue;
      for (let p = 0; p < n; p++) {
        const bin = (g << 8) | p;
        this.folded[g * this.numClasses + p] += histogram[bin];
        histogram[bin] = 0;
      }
    }
    if (this.ignoreIndex >= 0 && this.ignoreIndex < 256) histogram.fill(0, this.ignoreIndex << 8, (this.ignoreIndex + 1) << 8);
    this.pending = 0;
  }

  private addGeneric(gt: LabelMap, pred: LabelMap): void {
    const n = this.numClasses;
    const ignore = this.ignoreIndex;
    // Validate first so a bad map leaves the counts untouched.
    this.checkPixels(gt, pred, 0, gt.length);
    this.fold();
    const folded = this.folded;
    for (let i = 0; i < gt.length; i++) {
      const g = gt[i];
      if (g !== ignore) folded[g * n + pred[i]]++;
    }
  }
}

/**
 * histogram[(gt << 8) | pred]++ for pixels start..end−1. When both maps are 4-byte aligned it reads four
 * pixels per 32-bit load (the pairing of bytes is the same on either endianness): about 3× the byte loop.
 */
function histogramPairs(
  histogram: Uint32Array,
  gt: Uint8Array | Uint8ClampedArray,
  pred: Uint8Array | Uint8ClampedArray,
  start: number,
  end: number,
): void {
  let i = start;
  if (gt.byteOffset % 4 === 0 && pred.byteOffset % 4 === 0 && start % 4 === 0) {
    const words = (end - start) >>> 2;
    const gtWords = new Uint32Array(gt.buffer, gt.byteOffset + start, words);
    const predWords = new Uint32Array(pred.buffer, pred.byteOffset + start, words);
    for (let w = 0; w < words; w++) {
      const a = gtWords[w];
      const b = predWords[w];
      histogram[((a & 0xff) << 8) | (b & 0xff)]++;
      histogram[(a & 0xff00) | ((b >>> 8) & 0xff)]++;
      histogram[((a >>> 8) & 0xff00) | ((b >>> 16) & 0xff)]++;
      histogram[((a >>> 16) & 0xff00) | (b >>> 24)]++;
    }
    i = start + words * 4;
  }
  for (; i < end; i++) histogram[(gt[i] << 8) | pred[i]]++;
}

function isEightBit(map: LabelMap): map is Uint8Array | Uint8ClampedArray {
  return map instanceof Uint8Array || map instanceof Uint8ClampedArray;
}

function groundTruthError(value: number, numClasses: number, ignoreIndex: number): string {
  return `ground-truth label ${value} is outside 0..${numClasses - 1} and is not the ignore index ${ignoreIndex}`;
}

function predictionError(value: number, numClasses: number): string {
  return `predicted label ${value} is outside 0..${numClasses - 1}`;
}

let cached: ConfusionAccumulator | undefined;

/**
 * One image's confusion matrix (rows = GT, columns = prediction, ignore pixels skipped), e.g. to keep
 * per-image matrices for a bootstrap interval of mIoU: sum the matrices of a resample and score the sum
 * with scoreSegmentationConfusion. Same checks and errors as SegmentationEvaluator.update.
 */
export function pixelConfusion(groundTruth: LabelMap, prediction: LabelMap, numClasses: number, ignoreIndex = 255): Float64Array {
  // Reuse the 256 KiB histogram between calls: taking the matrix leaves the accumulator empty.
  if (!cached || cached.numClasses !== numClasses || cached.ignoreIndex !== ignoreIndex) cached = new ConfusionAccumulator(numClasses, ignoreIndex);
  cached.add(groundTruth, prediction);
  return cached.take();
}
