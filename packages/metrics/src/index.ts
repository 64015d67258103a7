// Public surface of @podium/metrics: each area re-exports its own small surface.
export * from "./errors.js";
export * from "./state.js";
export * from "./stats/index.js";
export * from "./classification/index.js";
export * from "./segmentation/index.js";
export * from "./coco/index.js";
export * from "./voc/index.js";
export * from "./decode/index.js";
