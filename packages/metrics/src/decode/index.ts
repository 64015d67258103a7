// Turning raw detector outputs into boxes: grid / distribution-head decoding, NMS, undoing the input resize.
export { type Detections, type Detection, detectionsToObjects, concatDetections } from "./detections.js";
export { type YoloGridLevel, type YoloGridOptions, decodeYoloGrid } from "./yolo-grid.js";
export { type DistributionHeadLevel, type DistributionHeadOptions, decodeDistributionHead } from "./distribution-head.js";
export { type NmsOptions, nonMaxSuppression, boxIoU, selectDetections } from "./nms.js";
export { type ResizeTransform, type LetterboxOptions, letterboxTransform, stretchTransform, boxesToSourceImage, boxesToNetworkInput } from "./letterbox.js";
