import { crc32 } from "node:zlib";
import { PngDecodeError } from "./errors.js";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
  /** Byte offset of the chunk's length field, for error messages. */
  readonly offset: number;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** Names what a non-PNG file probably is, so "bad signature" errors point at the real mistake. */
function guessFormat(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return ", looks like JPEG";
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return ", looks like GIF";
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return ", looks like BMP";
  if ((bytes[0] === 0x49 && bytes[1] === 0x49) || (bytes[0] === 0x4d && bytes[1] === 0x4d)) return ", looks like TIFF";
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46) return ", looks like RIFF/WebP";
  return "";
}

function checkSignature(bytes: Uint8Array, fileName: string): void {
  if (bytes.length === 0) throw new PngDecodeError(fileName, "not a PNG (file is empty)");
  const head = bytes.subarray(0, 8);
  const matches = head.length === 8 && SIGNATURE.every((b, i) => head[i] === b);
  if (!matches) {
    if (head.length < 8 && SIGNATURE.slice(0, head.length).every((b, i) => head[i] === b)) {
      throw new PngDecodeError(fileName, `truncated file: ${bytes.length} bytes, shorter than the 8-byte PNG signature`);
    }
    throw new PngDecodeError(fileName, `not a PNG (bad signature: starts with ${hex(head)}${guessFormat(bytes)})`);
  }
}

/**
 * Splits a PNG into chunks up to and including IEND, verifying every chunk's CRC (ancillary ones too: a
 * damaged file should not decode "mostly"). Bytes after IEND are ignored, as libpng does.
 */
export function readChunks(bytes: Uint8Array, fileName: string): PngChunk[] {
  checkSignature(bytes, fileName);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = 8;
  for (;;) {
    if (offset === bytes.length) {
      throw new PngDecodeError(fileName, `missing IEND chunk (file ends after ${chunks.length === 0 ? "the signature" : `chunk ${chunks[chunks.length - 1].type}`}; truncated?)`);
    }
    if (offset + 8 > bytes.length) {
      throw new PngDecodeError(fileName, `truncated file: chunk header at byte ${offset} needs 8 bytes, only ${bytes.length - offset} remain`);
    }
    const length = view.getUint32(offset);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngDecodeError(fileName, `corrupt chunk at byte ${offset}: type bytes ${hex(typeBytes)} are not letters`);
    if (length > 0x7fffffff) throw new PngDecodeError(fileName, `corrupt chunk ${type} at byte ${offset}: length ${length} exceeds the PNG maximum 2^31−1`);
    const end = offset + 12 + length;
    if (end > bytes.length) {
      throw new PngDecodeError(fileName, `truncated file: chunk ${type} at byte ${offset} declares ${length} data bytes + CRC, only ${bytes.length - offset - 8} remain`);
    }
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const stored = view.getUint32(offset + 8 + length);
    const actual = crc32(data, crc32(typeBytes));
    if (stored !== actual) {
      throw new PngDecodeError(fileName, `CRC mismatch in chunk ${type} at byte ${offset} (stored ${stored.toString(16).padStart(8, "0")}, computed ${actual.toString(16).padStart(8, "0")})`);
    }
    chunks.push({ type, data, offset });
    offset = end;
    if (type === "IEND") return chunks;
  }
}
