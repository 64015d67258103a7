export { parseVocAnnotation, VocFormatError } from "./annotation.js";
export type { VocAnnotation, VocObject, VocBoundingBox } from "./annotation.js";
export { parseVocDetections } from "./detections.js";
export type { VocDetection } from "./detections.js";
export { parseXml, childElement, XmlSyntaxError } from "./xml.js";
export type { XmlElement } from "./xml.js";
