export { parseVocAnnotation } from "./annotation.js";
export type { VocAnnotation, VocObject, VocBoundingBox } from "./annotation.js";
export { parseVocDetections } from "./detections.js";
export type { VocDetection } from "./detections.js";
