import { inflateSync } from "node:zlib";
import { readChunks } from "./chunks.js";
import { PngDecodeError } from "./errors.js";
import { parseHeader, type PngColorType } from "./header.js";
import { unfilterImage } from "./unfilter.js";
import { unpackSamples } from "./unpack.js";

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** Samples per pixel in `data`: gray 1, gray+alpha 2, RGB 3, RGBA 4, palette 1 (the index). */
  readonly channels: number;
  readonly bitDepth: number;
  readonly colorType: PngColorType;
  /** Whether the file was Adam7-interlaced (`data` is always in plain row-major order). */
  readonly interlaced: boolean;
  /** PLTE entries as RGB triples (palette images only; also kept when an RGB image carries a suggested palette). */
  readonly palette?: Uint8Array;
  /** tRNS alpha per palette entry (palette images with a tRNS chunk only). */
  readonly paletteAlpha?: Uint8Array;
  /**
   * Row-major, channel-interleaved samples as stored, never scaled or expanded: palette images give palette
   * indices, bit depths 1/2/4 give 0 … 2^depth−1. Uint16Array (native order) for 16-bit images, else Uint8Array.
   */
  readonly data: Uint8Array | Uint16Array;
}

// Adam7 passes: x0, y0, dx, dy.
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

const CRITICAL = new Set(["IHDR", "PLTE", "IDAT", "IEND"]);

/**
 * Decodes a PNG to its stored samples using node:zlib only. Checks the signature, every chunk's CRC, chunk
 * order (IHDR first, IEND present) and the exact size of the decompressed data; supports every standard
 * colour type and bit depth, all five filters and Adam7 interlacing. Errors are PngDecodeError with a
 * one-line message that starts with `fileName`.
 */
export function decodePng(bytes: Uint8Array, fileName = "<PNG bytes>"): DecodedPng {
  const chunks = readChunks(bytes, fileName);
  if (chunks[0].type !== "IHDR") throw new PngDecodeError(fileName, `missing IHDR: the first chunk is ${chunks[0].type}`);
  const header = parseHeader(chunks[0].data, fileName);
  const { width, height, bitDepth, channels, colorType } = header;

  let palette: Uint8Array | undefined;
  let paletteAlpha: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk.type === "IHDR") throw new PngDecodeError(fileName, `second IHDR chunk at byte ${chunk.offset}`);
    if (chunk.type === "PLTE") {
      if (chunk.data.length === 0 || chunk.data.length % 3 !== 0 || chunk.data.length > 768) {
        throw new PngDecodeError(fileName, `bad PLTE chunk: ${chunk.data.length} bytes (must be 3 × 1…256 entries)`);
      }
      palette = chunk.data.slice();
    } else if (chunk.type === "tRNS" && colorType === "palette") {
      paletteAlpha = chunk.data.slice();
    } else if (chunk.type === "IDAT") {
      idat.push(chunk.data);
    } else if (!CRITICAL.has(chunk.type) && (chunk.type.charCodeAt(0) & 0x20) === 0) {
      // Lower-case first letter marks an ancillary chunk that may be skipped; upper-case ones must be understood.
      throw new PngDecodeError(fileName, `unknown critical chunk ${chunk.type} at byte ${chunk.offset}`);
    }
  }
  if (colorType === "palette" && palette === undefined) throw new PngDecodeError(fileName, "palette image (colour type 3) without a PLTE chunk");
  if (idat.length === 0) throw new PngDecodeError(fileName, "no IDAT chunk (no image data)");

  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PngDecodeError(fileName, `corrupt image data: zlib could not inflate IDAT (${reason})`);
  }

  const bitsPerPixel = bitDepth * channels;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const rowBytesFor = (w: number) => Math.ceil((w * bitsPerPixel) / 8);
  const passes = header.interlaced
    ? ADAM7.map(([x0, y0, dx, dy]) => ({ x0, y0, dx, dy, w: Math.ceil((width - x0) / dx), h: Math.ceil((height - y0) / dy) }))
    : [{ x0: 0, y0: 0, dx: 1, dy: 1, w: width, h: height }];
  const present = passes.filter((p) => p.w > 0 && p.h > 0);
  const expected = present.reduce((sum, p) => sum + p.h * (rowBytesFor(p.w) + 1), 0);
  if (raw.length !== expected) {
    throw new PngDecodeError(fileName, `data size mismatch: image data inflates to ${raw.length} bytes, ${width}×${height} ${colorType} ${bitDepth}-bit${header.interlaced ? " interlaced" : ""} needs ${expected}`);
  }

  const data = bitDepth === 16 ? new Uint16Array(width * height * channels) : new Uint8Array(width * height * channels);
  let offset = 0;
  for (const pass of present) {
    const rowBytes = rowBytesFor(pass.w);
    const what = header.interlaced ? ` of interlace pass ${ADAM7.findIndex((p) => p[0] === pass.x0 && p[1] === pass.y0) + 1}` : "";
    const end = unfilterImage(raw, offset, pass.h, rowBytes, bpp, fileName, what);
    unpackSamples(raw, offset, pass.w, pass.h, rowBytes, bitDepth, channels, data, width, pass.x0, pass.y0, pass.dx, pass.dy);
    offset = end;
  }
  return {
    width, height, channels, bitDepth, colorType, interlaced: header.interlaced, data,
    ...(palette !== undefined ? { palette } : {}),
    ...(paletteAlpha !== undefined ? { paletteAlpha } : {}),
  };
}
