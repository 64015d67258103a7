import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { DatasetError, describeError } from "../core/errors.js";

/**
 * IDX (LeCun's MNIST format): magic = 0x00 0x00 <type code> <number of dimensions>, then one
 * big-endian uint32 per dimension, then the data. Only unsigned bytes (type 0x08) occur in the
 * datasets we read (MNIST, Fashion-MNIST, EMNIST, KMNIST).
 */
export interface IdxHeader {
  readonly dims: readonly number[];
  readonly headerBytes: number;
  readonly gzipped: boolean;
}

const UNSIGNED_BYTE = 0x08;

export async function readIdxHeader(path: string): Promise<IdxHeader> {
  const gzipped = await isGzip(path);
  const head = await readPrefix(path, gzipped, 4 + 4 * 4);
  if (head.length < 4) throw new DatasetError(path, `truncated IDX file: ${head.length} bytes, no header`);
  if (head[0] !== 0 || head[1] !== 0) {
    throw new DatasetError(path, `not an IDX file: magic number 0x${head.subarray(0, 4).toString("hex")} should start with 0x0000`);
  }
  if (head[2] !== UNSIGNED_BYTE) throw new DatasetError(path, `unsupported IDX element type 0x${head[2].toString(16).padStart(2, "0")}; only unsigned bytes (0x08) are read`);
  const rank = head[3];
  if (rank < 1 || rank > 3) throw new DatasetError(path, `unsupported IDX rank ${rank}; expected 1 (labels) or 3 (images)`);
  if (head.length < 4 + 4 * rank) throw new DatasetError(path, `truncated IDX header: ${head.length} bytes`);
  const dims = Array.from({ length: rank }, (_, i) => head.readUInt32BE(4 + 4 * i));
  return { dims, headerBytes: 4 + 4 * rank, gzipped };
}

/**
 * Yields the data part of an IDX file in fixed-size records (one image or one label), streaming
 * through gunzip so memory stays at one chunk. Ends early → one-line truncation error.
 */
export async function* idxRecords(path: string, header: IdxHeader, recordBytes: number): AsyncGenerator<Uint8Array> {
  const count = header.dims[0];
  const source = createReadStream(path);
  const stream = header.gzipped ? source.pipe(createGunzip()) : source;
  let skip = header.headerBytes;
  let pending: Buffer = Buffer.alloc(0);
  let produced = 0;
  try {
    for await (const raw of stream) {
      let chunk = raw as Buffer;
      if (skip > 0) {
        const dropped = Math.min(skip, chunk.length);
        chunk = chunk.subarray(dropped);
        skip -= dropped;
      }
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let offset = 0;
      while (pending.length - offset >= recordBytes && produced < count) {
        // Copy: the chunk buffer is reused by the stream and a sample may outlive this iteration.
        yield Uint8Array.prototype.slice.call(pending, offset, offset + recordBytes);
        offset += recordBytes;
        produced++;
      }
      pending = pending.subarray(offset);
      if (produced === count) break;
    }
  } catch (error) {
    throw new DatasetError(path, `cannot read IDX data (corrupt or truncated gzip?): ${describeError(error)}`);
  } finally {
    source.destroy();
  }
  if (produced < count) {
    throw new DatasetError(path, `truncated IDX file: header says ${count} records, data ends after ${produced}`);
  }
}

async function isGzip(path: string): Promise<boolean> {
  const prefix = await readPrefix(path, false, 2);
  return prefix.length === 2 && prefix[0] === 0x1f && prefix[1] === 0x8b;
}

async function readPrefix(path: string, gzipped: boolean, bytes: number): Promise<Buffer> {
  if (!gzipped) {
    let handle;
    try {
      handle = await open(path, "r");
    } catch {
      throw new DatasetError(path, "IDX file not found");
    }
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const source = createReadStream(path);
  try {
    for await (const chunk of source.pipe(createGunzip())) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) break;
    }
  } catch (error) {
    if (total < bytes) throw new DatasetError(path, `cannot read IDX header from gzip: ${describeError(error)}`);
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}
