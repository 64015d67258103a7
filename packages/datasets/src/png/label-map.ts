import { decodePng } from "./decode-png.js";
import { PngDecodeError } from "./errors.js";

export interface LabelMap {
  readonly width: number;
  readonly height: number;
  /** Class index per pixel, row-major: the gray value, or the palette index for palette PNGs (never its colour). */
  readonly labels: Uint8Array | Uint16Array;
}

/**
 * Reads a segmentation label map: a single-channel gray PNG (any bit depth; 16-bit gives Uint16Array) or
 * a palette PNG (PASCAL VOC style), whose pixel values are class ids. Colour images are refused rather than
 * guessed at, since mapping colours to classes needs a palette the file does not carry.
 */
export function readLabelMap(bytes: Uint8Array, fileName: string): LabelMap {
  const png = decodePng(bytes, fileName);
  if (png.colorType !== "gray" && png.colorType !== "palette") {
    throw new PngDecodeError(fileName, `unsupported colour type for a label map: ${png.colorType} (${png.channels} channels); label maps must be single-channel gray or palette PNGs`);
  }
  return { width: png.width, height: png.height, labels: png.data };
}
