import { MetricInputError, StateMergeError } from "../errors.js";
import type { Evaluator, SerializedState } from "../state.js";
import { bestClass, checkClassId, checkRankedRow, checkScores, rankOfClass, type ClassIds, type ScoreMatrix } from "./rank.js";
import { RankTally, type RankTallyState, type TopKAccuracy } from "./rank-tally.js";

export interface ClassificationOptions {
  readonly numClasses: number;
  /** The k reported by compute() (default [1, 5]); any k can still be asked for with accuracyAt(). */
  readonly topK?: readonly number[];
  /** Keep each sample's rank, keyed by sample id, for paired tests (McNemar). Default false. */
  readonly keepPerSample?: boolean;
}

export interface ClassRecall {
  readonly classId: number;
  readonly samples: number;
  readonly correct: number;
  /** Top-1 accuracy among samples of this class (NaN when it has none). */
  readonly recall: number;
}

export interface ClassificationResult {
  readonly samples: number;
  readonly topK: readonly TopKAccuracy[];
  /** Top-1 recall per target class. */
  readonly perClass: readonly ClassRecall[];
  /** Mean of the defined per-class recalls (balanced accuracy). */
  readonly meanClassRecall: number;
  /** numClasses × numClasses top-1 counts, row-major, rows = target, columns = prediction. */
  readonly confusion: Float64Array;
}

export interface ClassificationState extends SerializedState, RankTallyState {
  readonly kind: "classification";
  readonly version: 1;
  readonly numClasses: number;
  /** Row-major top-1 confusion counts (reduction: sum). */
  readonly confusion: number[];
}

/**
 * Single-label classification: top-k accuracy for any k, top-1 per-class recall and confusion.
 * Ties in scores: lower class index ranks first (see rankOfClass).
 */
export class ClassificationEvaluator
  implements Evaluator<[scores: ScoreMatrix, targets: ClassIds, sampleIds?: ReadonlyArray<string | number>], ClassificationResult, ClassificationState>
{
  readonly numClasses: number;
  readonly reportedK: readonly number[];
  private readonly tally: RankTally;
  private readonly confusion: Float64Array;

  constructor(options: ClassificationOptions) {
    const { numClasses, topK = [1, 5], keepPerSample = false } = options;
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new MetricInputError(`numClasses must be a positive integer, got ${numClasses}`);
    for (const k of topK) {
      if (!Number.isInteger(k) || k < 1) throw new MetricInputError(`topK values must be integers >= 1, got ${k}`);
    }
    this.numClasses = numClasses;
    this.reportedK = [...topK];
    this.tally = new RankTally(numClasses, keepPerSample);
    this.confusion = new Float64Array(numClasses * numClasses);
  }

  /** scores: N × C row-major; targets: N class ids; sampleIds: stable ids for keepPerSample (default: running position). */
  update(scores: ScoreMatrix, targets: ClassIds, sampleIds?: ReadonlyArray<string | number>): void {
    const n = targets.length;
    const c = this.numClasses;
    checkScores(scores, c, n);
    for (let i = 0; i < n; i++) checkClassId(targets[i], c, `target of sample ${i}`);
    const ids = this.tally.sampleIds(n, sampleIds);
    for (let i = 0; i < n; i++) {
      const row = i * c;
      const target = targets[i];
      this.tally.record(rankOfClass(scores, row, c, target), ids?.[i]);
      this.confusion[target * c + bestClass(scores, row, c)]++;
    }
    this.tally.finishBatch(n, c);
  }

  /**
   * For prediction files that hold only each sample's top-k list: ranked is N × k row-major, best first.
   * Top-k accuracy is then known for k up to the shortest list seen.
   */
  updateRanked(ranked: Int32Array, k: number, targets: ClassIds, sampleIds?: ReadonlyArray<string | number>): void {
    const n = targets.length;
    const c = this.numClasses;
    if (!Number.isInteger(k) || k < 1 || k > c) throw new MetricInputError(`ranked list depth must be in 1..${c}, got ${k}`);
    if (ranked.length !== n * k) throw new MetricInputError(`ranked predictions hold ${ranked.length} ids but ${n} samples × ${k} need ${n * k}`);
    for (let i = 0; i < n; i++) {
      checkClassId(targets[i], c, `target of sample ${i}`);
      checkRankedRow(ranked, i * k, k, c, i);
    }
    const ids = this.tally.sampleIds(n, sampleIds);
    for (let i = 0; i < n; i++) {
      const row = i * k;
      const target = targets[i];
      let rank = -1;
      for (let j = 0; j < k; j++) {
        if (ranked[row + j] === target) {
          rank = j;
          break;
        }
      }
      this.tally.record(rank, ids?.[i]);
      this.confusion[target * c + ranked[row]]++;
    }
    this.tally.finishBatch(n, k);
  }

  /** Top-k accuracy at any k up to the answerable depth. */
  accuracyAt(k: number): TopKAccuracy {
    return this.tally.topK(k);
  }

  /** Per-sample correctness at k, keyed by sample id (needs keepPerSample). */
  perSampleCorrect(k = 1): Map<string, boolean> {
    return this.tally.perSampleCorrect(k);
  }

  compute(): ClassificationResult {
    const c = this.numClasses;
    const perClass: ClassRecall[] = [];
    let recallSum = 0;
    let defined = 0;
    for (let t = 0; t < c; t++) {
      let samples = 0;
      for (let p = 0; p < c; p++) samples += this.confusion[t * c + p];
      const correct = this.confusion[t * c + t];
      const recall = samples > 0 ? correct / samples : Number.NaN;
      if (samples > 0) {
        recallSum += recall;
        defined++;
      }
      perClass.push({ classId: t, samples, correct, recall });
    }
    return {
      samples: this.tally.samples,
      topK: this.reportedK.filter((k) => k <= c).map((k) => this.tally.topK(k)),
      perClass,
      meanClassRecall: defined > 0 ? recallSum / defined : Number.NaN,
      confusion: this.confusion.slice(),
    };
  }

  reset(): void {
    this.tally.reset();
    this.confusion.fill(0);
  }

  toState(): ClassificationState {
    return { kind: "classification", version: 1, numClasses: this.numClasses, ...this.tally.toState(), confusion: Array.from(this.confusion) };
  }

  merge(other: ClassificationState): void {
    if (other?.kind !== "classification" || other.version !== 1) {
      throw new StateMergeError(`cannot merge a ${String(other?.kind)} v${String(other?.version)} state into a classification v1 evaluator`);
    }
    if (other.numClasses !== this.numClasses) {
      throw new StateMergeError(`cannot merge classification states with ${other.numClasses} and ${this.numClasses} classes`);
    }
    if (!Array.isArray(other.confusion) || other.confusion.length !== this.confusion.length) {
      throw new StateMergeError(`classification state confusion must hold ${this.confusion.length} counts`);
    }
    for (const v of other.confusion) {
      if (!Number.isSafeInteger(v) || v < 0) throw new StateMergeError(`classification state holds a non-count value ${v}`);
    }
    this.tally.merge(other);
    other.confusion.forEach((v, i) => (this.confusion[i] += v));
  }
}

/** One-call form over an N × C score matrix. */
export function evaluateClassification(scores: ScoreMatrix, targets: ClassIds, options: ClassificationOptions): ClassificationResult {
  const evaluator = new ClassificationEvaluator(options);
  evaluator.update(scores, targets);
  return evaluator.compute();
}
