import { PngDecodeError } from "./errors.js";

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Reverses the per-scanline filters of one (sub)image in place. `raw` holds `rows` scanlines of
 * 1 + rowBytes bytes (filter type byte first) starting at `start`; `bpp` is bytes per complete pixel,
 * at least 1 (the PNG spec's rounding for bit depths below 8). Returns the offset just past the image.
 */
export function unfilterImage(raw: Uint8Array, start: number, rows: number, rowBytes: number, bpp: number, fileName: string, what: string): number {
  let prev = -1; // offset of the previous unfiltered row's first data byte; none for the first row
  let pos = start;
  for (let y = 0; y < rows; y++) {
    const type = raw[pos];
    const row = pos + 1;
    switch (type) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < rowBytes; i++) raw[row + i] = (raw[row + i] + raw[row + i - bpp]) & 0xff;
        break;
      case 2:
        if (prev >= 0) for (let i = 0; i < rowBytes; i++) raw[row + i] = (raw[row + i] + raw[prev + i]) & 0xff;
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? raw[row + i - bpp] : 0;
          const up = prev >= 0 ? raw[prev + i] : 0;
          raw[row + i] = (raw[row + i] + ((left + up) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? raw[row + i - bpp] : 0;
          const up = prev >= 0 ? raw[prev + i] : 0;
          const upLeft = prev >= 0 && i >= bpp ? raw[prev + i - bpp] : 0;
          raw[row + i] = (raw[row + i] + paeth(left, up, upLeft)) & 0xff;
        }
        break;
      default:
        throw new PngDecodeError(fileName, `bad filter type ${type} on scanline ${y}${what} (PNG defines 0–4)`);
    }
    prev = row;
    pos = row + rowBytes;
  }
  return pos;
}
