export { ClassificationEvaluator, evaluateClassification } from "./evaluator.js";
export type { ClassificationOptions, ClassificationResult, ClassificationState, ClassRecall } from "./evaluator.js";
export { RealEvaluator, evaluateReal } from "./real.js";
export type { RealOptions, RealResult, RealState, LabelSets } from "./real.js";
export { rankOfClass } from "./rank.js";
export type { ScoreMatrix, ClassIds } from "./rank.js";
export type { TopKAccuracy, RankTallyState } from "./rank-tally.js";
