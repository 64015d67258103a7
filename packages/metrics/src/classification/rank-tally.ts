import { MetricInputError, StateMergeError } from "../errors.js";
import { wilsonInterval, type ProportionInterval } from "../stats/wilson.js";

/** Top-k accuracy at one k, with its Wilson 95% interval. */
export interface TopKAccuracy {
  readonly k: number;
  readonly correct: number;
  readonly samples: number;
  readonly accuracy: number;
  readonly error: number;
  readonly interval: ProportionInterval;
}

/** JSON form of a RankTally (see there). */
export interface RankTallyState {
  /** rankCounts[r] = samples whose target ranked r (0 = best); reduction: sum. */
  readonly rankCounts: number[];
  /** Samples whose target was not in a ranked list (rank >= that list's depth); reduction: sum. */
  readonly unranked: number;
  /** Deepest k answerable: the shortest ranked list seen, or numClasses; reduction: min. */
  readonly rankDepth: number;
  /** Per-sample rank (−1 = not in the ranked list), keyed by sample id; reduction: union-by-key. */
  readonly perSample?: { readonly ids: string[]; readonly ranks: number[] };
}

/**
 * Counts of the rank at which each sample's target appeared. Top-k accuracy for every k is then a
 * prefix sum, so one state answers any k and merges by addition.
 */
export class RankTally {
  readonly numClasses: number;
  readonly keepPerSample: boolean;
  private rankCounts: Float64Array;
  private unranked = 0;
  private rankDepth: number;
  private perSample = new Map<string, number>();
  /** Default sample ids are positions in update order (only unique within one shard). */
  private seen = 0;

  constructor(numClasses: number, keepPerSample: boolean) {
    this.numClasses = numClasses;
    this.keepPerSample = keepPerSample;
    this.rankCounts = new Float64Array(numClasses);
    this.rankDepth = numClasses;
  }

  get samples(): number {
    let total = this.unranked;
    for (const c of this.rankCounts) total += c;
    return total;
  }

  /** Resolves the ids of the next `count` samples and checks they are new, before any count changes. */
  sampleIds(count: number, ids: ReadonlyArray<string | number> | undefined): string[] | undefined {
    if (ids !== undefined && ids.length !== count) throw new MetricInputError(`got ${ids.length} sample ids for ${count} samples`);
    if (!this.keepPerSample) return undefined;
    const resolved = ids ? ids.map(String) : Array.from({ length: count }, (_, i) => String(this.seen + i));
    const batch = new Set<string>();
    for (const id of resolved) {
      if (this.perSample.has(id) || batch.has(id)) throw new MetricInputError(`sample id "${id}" was already scored`);
      batch.add(id);
    }
    return resolved;
  }

  /** rank = −1 means "not in a ranked list of depth `depth`". */
  record(rank: number, id: string | undefined): void {
    if (rank < 0) this.unranked++;
    else this.rankCounts[rank]++;
    if (id !== undefined) this.perSample.set(id, rank);
  }

  finishBatch(count: number, depth: number): void {
    this.seen += count;
    this.rankDepth = Math.min(this.rankDepth, depth);
  }

  checkK(k: number): void {
    if (!Number.isInteger(k) || k < 1) throw new MetricInputError(`top-k needs an integer k >= 1, got ${k}`);
    if (k > this.rankDepth) {
      throw new MetricInputError(`top-${k} accuracy is unknown: some predictions list only their top ${this.rankDepth} classes`);
    }
  }

  topK(k: number): TopKAccuracy {
    this.checkK(k);
    let correct = 0;
    for (let r = 0; r < Math.min(k, this.numClasses); r++) correct += this.rankCounts[r];
    const samples = this.samples;
    const accuracy = samples > 0 ? correct / samples : Number.NaN;
    return { k, correct, samples, accuracy, error: 1 - accuracy, interval: wilsonInterval(correct, samples) };
  }

  perSampleCorrect(k: number): Map<string, boolean> {
    if (!this.keepPerSample) throw new MetricInputError("per-sample correctness was not kept (construct with keepPerSample: true)");
    this.checkK(k);
    const out = new Map<string, boolean>();
    for (const [id, rank] of this.perSample) out.set(id, rank >= 0 && rank < k);
    return out;
  }

  reset(): void {
    this.rankCounts.fill(0);
    this.unranked = 0;
    this.rankDepth = this.numClasses;
    this.perSample.clear();
    this.seen = 0;
  }

  toState(): RankTallyState {
    const base = { rankCounts: Array.from(this.rankCounts), unranked: this.unranked, rankDepth: this.rankDepth };
    if (!this.keepPerSample) return base;
    return { ...base, perSample: { ids: [...this.perSample.keys()], ranks: [...this.perSample.values()] } };
  }

  /** Checks everything first so a bad state leaves this one unchanged. */
  merge(other: RankTallyState): void {
    if (!Array.isArray(other.rankCounts) || other.rankCounts.length !== this.numClasses) {
      throw new StateMergeError(`classification state must hold ${this.numClasses} rank counts`);
    }
    for (const v of [...other.rankCounts, other.unranked]) {
      if (!Number.isSafeInteger(v) || v < 0) throw new StateMergeError(`classification state holds a non-count value ${v}`);
    }
    if (!Number.isInteger(other.rankDepth) || other.rankDepth < 1 || other.rankDepth > this.numClasses) {
      throw new StateMergeError(`classification state has an invalid rank depth ${other.rankDepth}`);
    }
    if (this.keepPerSample !== (other.perSample !== undefined)) {
      throw new StateMergeError("cannot merge classification states: only one of them kept per-sample correctness");
    }
    if (other.perSample) {
      const { ids, ranks } = other.perSample;
      if (ids.length !== ranks.length) throw new StateMergeError("classification state per-sample ids and ranks differ in length");
      for (const id of ids) {
        if (this.perSample.has(id)) throw new StateMergeError(`sample id "${id}" is in both states (overlapping shards)`);
      }
      ids.forEach((id, i) => this.perSample.set(id, ranks[i]));
    }
    other.rankCounts.forEach((v, r) => (this.rankCounts[r] += v));
    this.unranked += other.unranked;
    this.rankDepth = Math.min(this.rankDepth, other.rankDepth);
  }
}
