import { crc32, inflateRawSync } from "node:zlib";

/**
 * A small ZIP reader for uploaded TF.js models. It trusts nothing in the archive: every check that
 * matters for a hostile upload is explicit here rather than buried in a library's defaults.
 * Read from the central directory first (no byte is inflated before the whole archive passes), then
 * each entry is inflated with an output cap, because declared sizes can lie.
 */
export interface ZipLimits {
  /** Most entries (files and folders) an archive may hold. */
  maxEntries: number;
  /** Most bytes all entries may inflate to, together. */
  maxTotalUncompressedBytes: number;
  /** Highest uncompressed/compressed ratio allowed for an entry (checked for entries over 64 KiB). */
  maxCompressionRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxTotalUncompressedBytes: 1024 * 2 ** 20,
  maxCompressionRatio: 100,
};

/** Why an archive was refused; the message is one line meant for the uploader. */
export class ZipRejectedError extends Error {
  override readonly name = "ZipRejectedError";
}

export interface ZipEntry {
  readonly name: string;
  readonly directory: boolean;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  /** Offset of the entry's local header. */
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const RATIO_CHECK_FROM = 64 * 1024;

function reject(reason: string): never {
  throw new ZipRejectedError(`model archive rejected: ${reason}`);
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  return reject("not a ZIP file (no end-of-central-directory record)");
}

/** Checks an entry name the way an extractor would use it: relative, inside the target, no tricks. */
function checkName(name: string): void {
  if (name.length === 0) reject("an entry has an empty name");
  if (name.includes("\0")) reject(`entry name ${JSON.stringify(name)} contains a NUL byte`);
  if (name.includes("\\")) reject(`entry "${name}" uses a backslash in its path`);
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) reject(`entry "${name}" has an absolute path`);
  if (name.split("/").some((part) => part === "..")) reject(`entry "${name}" points outside the archive ("..")`);
}

/**
 * Reads and checks the central directory: entry count, names (no "..", absolute paths, duplicates),
 * symlinks, encryption, methods, declared total size and compression ratio, and that every entry's data
 * lies inside the archive without overlapping another's (overlapping entries are a known bomb trick).
 */
export function readZipDirectory(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 22) reject("not a ZIP file (too short)");
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0 || view.getUint16(end + 8, true) !== count) {
    reject("multi-disk (split) archives are not accepted");
  }
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) reject("ZIP64 archives are not accepted");
  if (count > limits.maxEntries) reject(`${count} entries, more than the limit of ${limits.maxEntries}`);
  if (directoryOffset + directorySize > end) reject("the central directory lies outside the archive");

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let totalUncompressed = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) reject(`central directory entry ${i} is corrupt`);
    const madeBy = view.getUint16(at + 4, true);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const externalAttributes = view.getUint32(at + 38, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end) reject(`central directory entry ${i} is corrupt`);
    const name = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;

    checkName(name);
    if (names.has(name)) reject(`entry "${name}" appears twice`);
    names.add(name);
    if (flags & 0x1 || method === 99) reject(`entry "${name}" is encrypted`);
    if (madeBy >> 8 === UNIX_HOST && ((externalAttributes >>> 16) & S_IFMT) === S_IFLNK) reject(`entry "${name}" is a symbolic link`);
    if (method !== STORED && method !== DEFLATED) reject(`entry "${name}" uses compression method ${method}; only stored and deflate are accepted`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) reject("ZIP64 archives are not accepted");
    if (method === STORED && compressedSize !== uncompressedSize) reject(`stored entry "${name}" declares different sizes`);
    totalUncompressed += uncompressedSize;
    if (totalUncompressed > limits.maxTotalUncompressedBytes) {
      reject(`entries inflate to more than ${limits.maxTotalUncompressedBytes} bytes (zip bomb?)`);
    }
    if (uncompressedSize > RATIO_CHECK_FROM && uncompressedSize > limits.maxCompressionRatio * compressedSize) {
      reject(`entry "${name}" has a compression ratio over ${limits.maxCompressionRatio}:1 (zip bomb?)`);
    }
    entries.push({ name, directory: name.endsWith("/"), method, compressedSize, uncompressedSize, crc32: crc, localOffset });
  }

  // Each entry's local header and data must fit before the central directory and not overlap the next.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let previousEnd = 0;
  for (const entry of byOffset) {
    if (entry.localOffset < previousEnd) reject(`entry "${entry.name}" overlaps another entry's data`);
    const dataStart = localDataStart(view, entry, directoryOffset);
    previousEnd = dataStart + entry.compressedSize;
    if (previousEnd > directoryOffset) reject(`entry "${entry.name}" runs past the end of the archive data`);
  }
  return entries;
}

function localDataStart(view: DataView, entry: ZipEntry, limit: number): number {
  const at = entry.localOffset;
  if (at + 30 > limit || view.getUint32(at, true) !== LOCAL) reject(`entry "${entry.name}" has no local header where the directory says`);
  if (view.getUint16(at + 6, true) & 0x1) reject(`entry "${entry.name}" is encrypted`);
  const nameLength = view.getUint16(at + 26, true);
  const extraLength = view.getUint16(at + 28, true);
  const localName = new TextDecoder().decode(new Uint8Array(view.buffer, view.byteOffset + at + 30, Math.min(nameLength, Math.max(0, limit - at - 30))));
  if (localName !== entry.name) reject(`entry "${entry.name}" is named "${localName}" in its local header`);
  return at + 30 + nameLength + extraLength;
}

/**
 * Every file in the archive (folders skipped), inflated after readZipDirectory accepted the whole
 * archive. Inflation is capped at each entry's declared size, so an entry whose data inflates past
 * what it declared is refused before it can use the memory, and the CRC-32 must match.
 */
export function extractZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Uint8Array> {
  const entries = readZipDirectory(bytes, limits);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const directoryOffset = view.getUint32(findEndOfCentralDirectory(view) + 16, true);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.directory) continue;
    const start = localDataStart(view, entry, directoryOffset);
    const data = bytes.subarray(start, start + entry.compressedSize);
    let content: Uint8Array;
    if (entry.method === STORED) {
      content = data;
    } else {
      try {
        // One byte more than declared: getting it back proves the size was a lie.
        content = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") reject(`entry "${entry.name}" inflates past its declared ${entry.uncompressedSize} bytes (zip bomb?)`);
        reject(`entry "${entry.name}" is not valid deflate data (${(error as Error).message.split("\n")[0]})`);
      }
    }
    if (content.byteLength !== entry.uncompressedSize) {
      reject(`entry "${entry.name}" inflates to ${content.byteLength} bytes, not its declared ${entry.uncompressedSize} (zip bomb?)`);
    }
    if (crc32(content) >>> 0 !== entry.crc32) reject(`entry "${entry.name}" fails its CRC-32 check`);
    files.set(entry.name, content);
  }
  return files;
}
