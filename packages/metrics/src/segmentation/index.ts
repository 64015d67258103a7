export { SegmentationEvaluator, evaluateSegmentation, segmentationConfusion, scoreSegmentationConfusion } from "./evaluator.js";
export type { SegmentationOptions, SegmentationComputeOptions, SegmentationState } from "./evaluator.js";
export type { LabelMap } from "./confusion.js";
export type { SegmentationConvention, SegmentationResult, SegmentationClassScores } from "./scores.js";
