// PNG decoding with exact sample values (palette indices, unscaled low bit depths), for label maps.
export { PngDecodeError } from "./errors.js";
export { type DecodedPng, decodePng } from "./decode-png.js";
export { type PngColorType } from "./header.js";
export { type LabelMap, readLabelMap } from "./label-map.js";
