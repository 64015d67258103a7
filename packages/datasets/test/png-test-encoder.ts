// A minimal PNG writer for tests: it can produce what encoders like sharp never emit (every filter type on
// demand, bit depths 1/2/4, broken IHDRs, bad filter bytes), so the decoder's paths are all exercised.
import { crc32, deflateSync } from "node:zlib";

export interface TestImage {
  width: number;
  height: number;
  /** IHDR colour type code: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  colorType: number;
  bitDepth: number;
  /** Row-major interleaved samples. */
  samples: ArrayLike<number>;
  palette?: Uint8Array;
  interlaced?: boolean;
  /** Filter type per scanline: a fixed type, or a function of the scanline's running number. */
  filter?: number | ((scanline: number) => number);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

export function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, "latin1"), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function ihdr(width: number, height: number, bitDepth: number, colorType: number, interlace = 0): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([bitDepth, colorType, 0, 0, interlace], 8);
  return chunk("IHDR", data);
}

export const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Packs and filters the scanlines of one (sub)image, samples given by (x, y, channel). */
function scanlines(width: number, height: number, image: TestImage, sample: (x: number, y: number, c: number) => number, lineCounter: { n: number }): number[] {
  const channels = CHANNELS[image.colorType];
  const bits = image.bitDepth * channels;
  const rowBytes = Math.ceil((width * bits) / 8);
  const bpp = Math.max(1, bits >> 3);
  const out: number[] = [];
  let prev = new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    const row = new Uint8Array(rowBytes);
    for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) {
      const v = sample(x, y, c), s = x * channels + c;
      if (image.bitDepth === 16) (row[2 * s] = v >> 8), (row[2 * s + 1] = v & 0xff);
      else if (image.bitDepth === 8) row[s] = v;
      else row[(s * image.bitDepth) >> 3] |= v << (8 - image.bitDepth - ((s * image.bitDepth) & 7));
    }
    const filter = typeof image.filter === "function" ? image.filter(lineCounter.n++) : image.filter ?? 0;
    out.push(filter);
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? row[i - bpp] : 0, b = y > 0 ? prev[i] : 0, c = y > 0 && i >= bpp ? prev[i - bpp] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] ?? 0;
      out.push((row[i] - predictor) & 0xff);
    }
    prev = row;
  }
  return out;
}

/** The raw (uncompressed, filtered) image data of `image`, as the IDAT stream inflates to. */
export function rawImageData(image: TestImage): Uint8Array {
  const channels = CHANNELS[image.colorType];
  const at = (x: number, y: number, c: number) => image.samples[(y * image.width + x) * channels + c];
  const counter = { n: 0 };
  if (!image.interlaced) return Uint8Array.from(scanlines(image.width, image.height, image, at, counter));
  const bytes: number[] = [];
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((image.width - x0) / dx), h = Math.ceil((image.height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    bytes.push(...scanlines(w, h, image, (x, y, c) => at(x0 + x * dx, y0 + y * dy, c), counter));
  }
  return Uint8Array.from(bytes);
}

export function encodePng(image: TestImage, options: { raw?: Uint8Array } = {}): Uint8Array {
  const parts = [SIGNATURE, ihdr(image.width, image.height, image.bitDepth, image.colorType, image.interlaced ? 1 : 0)];
  if (image.palette) parts.push(chunk("PLTE", image.palette));
  const compressed = deflateSync(options.raw ?? rawImageData(image));
  // Two IDAT chunks, so concatenation across chunks is exercised.
  const half = compressed.length >> 1;
  parts.push(chunk("IDAT", compressed.subarray(0, half)), chunk("IDAT", compressed.subarray(half)), chunk("IEND", new Uint8Array(0)));
  return concat(parts);
}
