import { MetricInputError } from "../errors.js";

export type ScoreMatrix = Float32Array | Float64Array;
export type ClassIds = Int32Array | readonly number[];

/**
 * Rank (0 = best) of class `target` in one row of scores under the tie rule of this package:
 * classes are ordered by score descending and, among equal scores, by class index ascending.
 * So rank = #classes with a strictly higher score + #classes with the same score and a lower index,
 * and the target is in the top k exactly when rank < k. (torch.topk's order among ties is
 * implementation-defined; this rule is the deterministic one a stable descending sort gives.)
 */
export function rankOfClass(scores: ScoreMatrix, rowStart: number, numClasses: number, target: number): number {
  const targetScore = scores[rowStart + target];
  let rank = 0;
  for (let c = 0; c < numClasses; c++) {
    const s = scores[rowStart + c];
    if (s > targetScore || (s === targetScore && c < target)) rank++;
  }
  return rank;
}

/** Index of the best class of one row (lowest index among equal maxima, matching rankOfClass). */
export function bestClass(scores: ScoreMatrix, rowStart: number, numClasses: number): number {
  let best = 0;
  let bestScore = scores[rowStart];
  for (let c = 1; c < numClasses; c++) {
    const s = scores[rowStart + c];
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

/** Checks an N×C score matrix: shape and finiteness (NaN would make every comparison false). */
export function checkScores(scores: ScoreMatrix, numClasses: number, rows: number): void {
  if (!(scores instanceof Float32Array || scores instanceof Float64Array)) {
    throw new MetricInputError("scores must be a Float32Array or Float64Array (N × C, row-major)");
  }
  if (scores.length !== rows * numClasses) {
    throw new MetricInputError(`scores hold ${scores.length} values but ${rows} samples × ${numClasses} classes need ${rows * numClasses}`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new MetricInputError(`score of sample ${Math.floor(i / numClasses)} class ${i % numClasses} is ${scores[i]} (must be finite)`);
    }
  }
}

export function checkClassId(value: number, numClasses: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= numClasses) {
    throw new MetricInputError(`${what} is ${value}, outside 0..${numClasses - 1}`);
  }
}

/** Checks one best-first row of a ranked prediction list: class ids in range and no repeats. */
export function checkRankedRow(ranked: Int32Array, rowStart: number, k: number, numClasses: number, sample: number): void {
  for (let j = 0; j < k; j++) {
    const c = ranked[rowStart + j];
    checkClassId(c, numClasses, `ranked prediction ${j} of sample ${sample}`);
    for (let i = 0; i < j; i++) {
      if (ranked[rowStart + i] === c) throw new MetricInputError(`ranked predictions of sample ${sample} list class ${c} twice`);
    }
  }
}
