import { crc32, deflateRawSync } from "node:zlib";

/** One entry of a hand-built ZIP; the optional fields let a test lie or misbehave on purpose. */
export interface ZipSpec {
  name: string;
  data?: Uint8Array | string;
  deflate?: boolean;
  /** Name written in the local header (default: the same as `name`). */
  localName?: string;
  /** Uncompressed size written in both headers (default: the real size). */
  declaredSize?: number;
  /** General-purpose flags (bit 0 = encrypted). */
  flags?: number;
  /** Unix mode stored in the high 16 bits of the external attributes (host = Unix). */
  unixMode?: number;
  /** Local header offset written in the central directory (default: the real one). */
  localOffset?: number;
}

/** Writes ZIP bytes by hand: local headers + data, central directory, end record. */
export function buildZip(specs: ZipSpec[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const spec of specs) {
    const raw = typeof spec.data === "string" ? Buffer.from(spec.data) : Buffer.from(spec.data ?? new Uint8Array(0));
    const stored = spec.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(spec.name, "utf8");
    const localName = Buffer.from(spec.localName ?? spec.name, "utf8");
    const size = spec.declaredSize ?? raw.length;
    const crc = crc32(raw) >>> 0;
    const method = spec.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(spec.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(localName.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(spec.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(spec.flags ?? 0, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(stored.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(spec.unixMode === undefined ? 0 : (spec.unixMode << 16) >>> 0, 38);
    header.writeUInt32LE(spec.localOffset ?? offset, 42);
    parts.push(local, localName, stored);
    central.push(header, name);
    offset += 30 + localName.length + stored.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(specs.length, 8);
  end.writeUInt16LE(specs.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
