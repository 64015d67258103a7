import { MetricInputError, StateMergeError } from "../errors.js";
import type { Evaluator, SerializedState } from "../state.js";
import { checkClassId, checkRankedRow, checkScores, rankOfClass, type ScoreMatrix } from "./rank.js";
import { RankTally, type RankTallyState, type TopKAccuracy } from "./rank-tally.js";

/** Each sample's set of correct classes (ImageNet-ReaL: 0..n labels per image). */
export type LabelSets = ReadonlyArray<ReadonlyArray<number>>;

export interface RealOptions {
  readonly numClasses: number;
  readonly topK?: readonly number[];
  readonly keepPerSample?: boolean;
}

export interface RealResult {
  /** Samples scored (those with at least one label). */
  readonly samples: number;
  /** Samples skipped because their label list is empty (ReaL's images with no valid label). */
  readonly excluded: number;
  readonly topK: readonly TopKAccuracy[];
}

export interface RealState extends SerializedState, RankTallyState {
  readonly kind: "classification-real";
  readonly version: 1;
  readonly numClasses: number;
  /** Samples with an empty label list (reduction: sum). */
  readonly excluded: number;
}

/**
 * Multi-label top-k (timm's RealLabelsImagenet): a sample is correct at k when any of its top-k
 * predictions is in its label set, i.e. when the best-ranked of its labels ranks below k. Samples
 * with an empty label list are not scored and are counted in `excluded`. Ties: as rankOfClass.
 */
export class RealEvaluator
  implements Evaluator<[scores: ScoreMatrix, labels: LabelSets, sampleIds?: ReadonlyArray<string | number>], RealResult, RealState>
{
  readonly numClasses: number;
  readonly reportedK: readonly number[];
  private readonly tally: RankTally;
  private excluded = 0;

  constructor(options: RealOptions) {
    const { numClasses, topK = [1, 5], keepPerSample = false } = options;
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new MetricInputError(`numClasses must be a positive integer, got ${numClasses}`);
    for (const k of topK) {
      if (!Number.isInteger(k) || k < 1) throw new MetricInputError(`topK values must be integers >= 1, got ${k}`);
    }
    this.numClasses = numClasses;
    this.reportedK = [...topK];
    this.tally = new RankTally(numClasses, keepPerSample);
  }

  update(scores: ScoreMatrix, labels: LabelSets, sampleIds?: ReadonlyArray<string | number>): void {
    const c = this.numClasses;
    checkScores(scores, c, labels.length);
    this.recordAll(labels, sampleIds, c, (i, set) => {
      let best = c;
      for (const label of set) best = Math.min(best, rankOfClass(scores, i * c, c, label));
      return best;
    });
  }

  /** ranked: N × k best-first class ids (prediction files with only top-k lists). */
  updateRanked(ranked: Int32Array, k: number, labels: LabelSets, sampleIds?: ReadonlyArray<string | number>): void {
    const c = this.numClasses;
    const n = labels.length;
    if (!Number.isInteger(k) || k < 1 || k > c) throw new MetricInputError(`ranked list depth must be in 1..${c}, got ${k}`);
    if (ranked.length !== n * k) throw new MetricInputError(`ranked predictions hold ${ranked.length} ids but ${n} samples × ${k} need ${n * k}`);
    for (let i = 0; i < n; i++) checkRankedRow(ranked, i * k, k, c, i);
    this.recordAll(labels, sampleIds, k, (i, set) => {
      for (let j = 0; j < k; j++) if (set.includes(ranked[i * k + j])) return j;
      return -1;
    });
  }

  private recordAll(
    labels: LabelSets,
    sampleIds: ReadonlyArray<string | number> | undefined,
    depth: number,
    rankOf: (sample: number, set: ReadonlyArray<number>) => number,
  ): void {
    const n = labels.length;
    labels.forEach((set, i) => {
      if (!Array.isArray(set)) throw new MetricInputError(`labels of sample ${i} must be an array of class ids`);
      for (const label of set) checkClassId(label, this.numClasses, `a label of sample ${i}`);
    });
    const scored = labels.map((set, i) => (set.length > 0 ? i : -1)).filter((i) => i >= 0);
    if (sampleIds !== undefined && sampleIds.length !== n) throw new MetricInputError(`got ${sampleIds.length} sample ids for ${n} samples`);
    const ids = this.tally.sampleIds(scored.length, sampleIds ? scored.map((i) => sampleIds[i]) : undefined);
    scored.forEach((i, j) => this.tally.record(rankOf(i, labels[i]), ids?.[j]));
    this.excluded += n - scored.length;
    this.tally.finishBatch(scored.length, depth);
  }

  accuracyAt(k: number): TopKAccuracy {
    return this.tally.topK(k);
  }

  perSampleCorrect(k = 1): Map<string, boolean> {
    return this.tally.perSampleCorrect(k);
  }

  compute(): RealResult {
    return {
      samples: this.tally.samples,
      excluded: this.excluded,
      topK: this.reportedK.filter((k) => k <= this.numClasses).map((k) => this.tally.topK(k)),
    };
  }

  reset(): void {
    this.tally.reset();
    this.excluded = 0;
  }

  toState(): RealState {
    return { kind: "classification-real", version: 1, numClasses: this.numClasses, excluded: this.excluded, ...this.tally.toState() };
  }

  merge(other: RealState): void {
    if (other?.kind !== "classification-real" || other.version !== 1) {
      throw new StateMergeError(`cannot merge a ${String(other?.kind)} v${String(other?.version)} state into a classification-real v1 evaluator`);
    }
    if (other.numClasses !== this.numClasses) {
      throw new StateMergeError(`cannot merge ReaL states with ${other.numClasses} and ${this.numClasses} classes`);
    }
    if (!Number.isSafeInteger(other.excluded) || other.excluded < 0) throw new StateMergeError(`ReaL state holds a non-count excluded ${other.excluded}`);
    this.tally.merge(other);
    this.excluded += other.excluded;
  }
}

/** One-call form of RealEvaluator. */
export function evaluateReal(scores: ScoreMatrix, labels: LabelSets, options: RealOptions): RealResult {
  const evaluator = new RealEvaluator(options);
  evaluator.update(scores, labels);
  return evaluator.compute();
}
