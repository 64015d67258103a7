import { PngDecodeError } from "./errors.js";

export type PngColorType = "gray" | "gray-alpha" | "rgb" | "rgba" | "palette";

const COLOR_TYPES: Record<number, { name: PngColorType; channels: number; depths: readonly number[] }> = {
  0: { name: "gray", channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: "rgb", channels: 3, depths: [8, 16] },
  3: { name: "palette", channels: 1, depths: [1, 2, 4, 8] },
  4: { name: "gray-alpha", channels: 2, depths: [8, 16] },
  6: { name: "rgba", channels: 4, depths: [8, 16] },
};

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  /** The IHDR colour type code (0, 2, 3, 4, 6). */
  readonly colorTypeCode: number;
  readonly colorType: PngColorType;
  /** Samples per pixel in the stored data (palette: 1, the index). */
  readonly channels: number;
  readonly interlaced: boolean;
}

/** Decoded images larger than this are refused up front rather than failing inside an allocation. */
const MAX_SAMPLES = 2 ** 30;

export function parseHeader(data: Uint8Array, fileName: string): PngHeader {
  if (data.length !== 13) throw new PngDecodeError(fileName, `bad IHDR chunk: ${data.length} bytes, expected 13`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [bitDepth, colorTypeCode, compression, filter, interlace] = data.subarray(8);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new PngDecodeError(fileName, `bad IHDR: image size ${width}×${height} (each side must be 1 … 2^31−1)`);
  }
  const kind = COLOR_TYPES[colorTypeCode];
  if (kind === undefined) throw new PngDecodeError(fileName, `bad IHDR: unknown colour type ${colorTypeCode} (PNG defines 0, 2, 3, 4, 6)`);
  if (!kind.depths.includes(bitDepth)) {
    throw new PngDecodeError(fileName, `bad IHDR: bit depth ${bitDepth} is not allowed for colour type ${colorTypeCode} (${kind.name}; allowed ${kind.depths.join(", ")})`);
  }
  if (compression !== 0) throw new PngDecodeError(fileName, `bad IHDR: unknown compression method ${compression}`);
  if (filter !== 0) throw new PngDecodeError(fileName, `bad IHDR: unknown filter method ${filter}`);
  if (interlace > 1) throw new PngDecodeError(fileName, `bad IHDR: unknown interlace method ${interlace}`);
  if (width * height * kind.channels > MAX_SAMPLES) {
    throw new PngDecodeError(fileName, `image ${width}×${height} with ${kind.channels} channel(s) is too large to decode (limit 2^30 samples)`);
  }
  return { width, height, bitDepth, colorTypeCode, colorType: kind.name, channels: kind.channels, interlaced: interlace === 1 };
}
