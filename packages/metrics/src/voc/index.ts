export { VocEvaluator, evaluateVoc } from "./evaluator.js";
export type {
  VocOptions,
  VocGroundTruthObject,
  VocDetectionInput,
  VocImageInput,
  VocClassResult,
  VocResult,
  VocState,
  VocImageRecord,
} from "./evaluator.js";
export { vocIoU, type VocBox } from "./overlap.js";
export { elevenPointAP, allPointAP } from "./average-precision.js";
