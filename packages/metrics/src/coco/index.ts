// COCO detection evaluation (pycocotools COCOeval semantics, iouType bbox/segm) and RLE mask utilities.
export { CocoEvaluator, evaluateCoco, type CocoState, type CocoCellState } from "./evaluator.js";
export type {
  CocoAnnotation, CocoCategory, CocoCategoryResult, CocoDetection, CocoGroundTruth, CocoImage, CocoIouType,
  CocoOptions, CocoPolygons, CocoResult, CocoRleObject, CocoSegmentation,
} from "./types.js";
export {
  rleArea, rleDecode, rleEncode, rleFromCounts, rleFromString, rleIou, rleMerge, rleToBbox, rleToString, type Rle,
} from "./rle.js";
export { rleFromPolygon, rleFromPolygons } from "./polygon.js";
export { segmentationToRle } from "./segmentation.js";
