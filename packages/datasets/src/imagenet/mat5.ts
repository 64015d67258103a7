import { inflateSync } from "node:zlib";
import { DatasetError, describeError } from "../core/errors.js";

/**
 * A minimal MATLAB level-5 MAT-file reader (the format of the ILSVRC2012 devkit's meta.mat), enough
 * for numeric, char, struct and cell arrays, compressed (miCOMPRESSED) or not. Not supported: v7.3
 * (HDF5) files, sparse and object arrays, complex numbers.
 */
export type MatValue =
  | { readonly kind: "numeric"; readonly dims: readonly number[]; readonly data: readonly number[] }
  | { readonly kind: "char"; readonly dims: readonly number[]; readonly text: string }
  | { readonly kind: "struct"; readonly dims: readonly number[]; readonly fields: readonly string[]; readonly elements: ReadonlyArray<Record<string, MatValue>> }
  | { readonly kind: "cell"; readonly dims: readonly number[]; readonly elements: readonly MatValue[] };

const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15, UTF8: 16, UTF16: 17, UTF32: 18 };
const CLASS = { CELL: 1, STRUCT: 2, OBJECT: 3, CHAR: 4, SPARSE: 5 };

class Reader {
  constructor(
    readonly view: DataView,
    readonly little: boolean,
    readonly file: string,
    public offset = 0,
  ) {}

  get remaining(): number {
    return this.view.byteLength - this.offset;
  }

  /** One data element: its type and a DataView over its bytes; advances past the 8-byte padding. */
  element(): { type: number; bytes: DataView } {
    if (this.remaining < 8) throw new DatasetError(this.file, `truncated MAT file at byte ${this.offset}`);
    const first = this.view.getUint32(this.offset, this.little);
    if (first >>> 16 !== 0) {
      // Small data element: type and size share the first word, data in the next 4 bytes.
      const bytes = new DataView(this.view.buffer, this.view.byteOffset + this.offset + 4, first >>> 16);
      this.offset += 8;
      return { type: first & 0xffff, bytes };
    }
    const type = first;
    const size = this.view.getUint32(this.offset + 4, this.little);
    if (size > this.remaining - 8) throw new DatasetError(this.file, `truncated MAT file: element at byte ${this.offset} needs ${size} bytes, ${this.remaining - 8} left`);
    const bytes = new DataView(this.view.buffer, this.view.byteOffset + this.offset + 8, size);
    this.offset += 8 + size;
    // miCOMPRESSED payloads are not padded; everything else is padded to a multiple of 8 bytes.
    if (type !== MI.COMPRESSED && size % 8) this.offset += 8 - (size % 8);
    return { type, bytes };
  }
}

function numbers(type: number, bytes: DataView, little: boolean, file: string): number[] {
  const width = { [MI.INT8]: 1, [MI.UINT8]: 1, [MI.INT16]: 2, [MI.UINT16]: 2, [MI.INT32]: 4, [MI.UINT32]: 4, [MI.SINGLE]: 4, [MI.DOUBLE]: 8, [MI.INT64]: 8, [MI.UINT64]: 8, [MI.UTF8]: 1, [MI.UTF16]: 2, [MI.UTF32]: 4 }[type];
  if (!width) throw new DatasetError(file, `unsupported MAT data type ${type}`);
  const out: number[] = [];
  for (let at = 0; at + width <= bytes.byteLength; at += width) {
    switch (type) {
      case MI.INT8: out.push(bytes.getInt8(at)); break;
      case MI.UINT8: case MI.UTF8: out.push(bytes.getUint8(at)); break;
      case MI.INT16: out.push(bytes.getInt16(at, little)); break;
      case MI.UINT16: case MI.UTF16: out.push(bytes.getUint16(at, little)); break;
      case MI.INT32: out.push(bytes.getInt32(at, little)); break;
      case MI.UINT32: case MI.UTF32: out.push(bytes.getUint32(at, little)); break;
      case MI.SINGLE: out.push(bytes.getFloat32(at, little)); break;
      case MI.DOUBLE: out.push(bytes.getFloat64(at, little)); break;
      case MI.INT64: out.push(Number(bytes.getBigInt64(at, little))); break;
      case MI.UINT64: out.push(Number(bytes.getBigUint64(at, little))); break;
    }
  }
  return out;
}

function text(type: number, bytes: DataView, little: boolean, file: string): string[] {
  if (type === MI.UTF8) return [...new TextDecoder().decode(bytes)];
  return numbers(type, bytes, little, file).map((code) => String.fromCodePoint(code));
}

function matrix(bytes: DataView, little: boolean, file: string): { name: string; value: MatValue } {
  if (bytes.byteLength === 0) return { name: "", value: { kind: "numeric", dims: [0, 0], data: [] } };
  const r = new Reader(bytes, little, file);
  const flags = r.element();
  const arrayClass = flags.bytes.getUint32(0, little) & 0xff;
  const dimsElement = r.element();
  const dims = numbers(dimsElement.type, dimsElement.bytes, little, file);
  const nameElement = r.element();
  const name = String.fromCharCode(...numbers(nameElement.type, nameElement.bytes, little, file));
  const count = dims.reduce((a, b) => a * b, 1);
  if (arrayClass === CLASS.STRUCT) {
    const lengthElement = r.element();
    const nameLength = numbers(lengthElement.type, lengthElement.bytes, little, file)[0];
    const namesElement = r.element();
    const raw = numbers(namesElement.type, namesElement.bytes, little, file);
    const fields: string[] = [];
    for (let i = 0; i + nameLength <= raw.length; i += nameLength) {
      fields.push(String.fromCharCode(...raw.slice(i, i + nameLength)).replace(/\0.*$/, ""));
    }
    const elements: Array<Record<string, MatValue>> = [];
    for (let e = 0; e < count; e++) {
      const record: Record<string, MatValue> = {};
      for (const field of fields) record[field] = sub(r, little, file);
      elements.push(record);
    }
    return { name, value: { kind: "struct", dims, fields, elements } };
  }
  if (arrayClass === CLASS.CELL) {
    const elements = Array.from({ length: count }, () => sub(r, little, file));
    return { name, value: { kind: "cell", dims, elements } };
  }
  if (arrayClass === CLASS.CHAR) {
    const data = r.remaining ? r.element() : undefined;
    const chars = data ? text(data.type, data.bytes, little, file) : [];
    // Column-major: row i is chars[i], chars[i + rows], …
    const rows = dims[0] ?? 0;
    const lines = Array.from({ length: rows }, (_, i) => chars.filter((_, j) => j % rows === i).join(""));
    return { name, value: { kind: "char", dims, text: lines.join("\n") } };
  }
  if (arrayClass === CLASS.SPARSE || arrayClass === CLASS.OBJECT) throw new DatasetError(file, `MAT array "${name}": sparse and object arrays are not supported`);
  const real = r.remaining ? r.element() : undefined;
  return { name, value: { kind: "numeric", dims, data: real ? numbers(real.type, real.bytes, little, file) : [] } };
}

function sub(r: Reader, little: boolean, file: string): MatValue {
  const el = r.element();
  if (el.type !== MI.MATRIX) throw new DatasetError(file, `expected a MAT matrix element, got type ${el.type}`);
  return matrix(el.bytes, little, file).value;
}

/** All top-level variables of a level-5 MAT file. */
export function parseMat5(bytes: Uint8Array, file: string): Map<string, MatValue> {
  if (bytes.length < 128) throw new DatasetError(file, "not a MAT file: shorter than the 128-byte header");
  const header = new TextDecoder("latin1").decode(bytes.subarray(0, 116));
  if (!header.startsWith("MATLAB 5.0 MAT-file")) throw new DatasetError(file, `not a MATLAB 5 MAT file (header "${header.slice(0, 20).replace(/[^\x20-\x7e]/g, "?")}")`);
  const endian = String.fromCharCode(bytes[126], bytes[127]);
  if (endian !== "IM" && endian !== "MI") throw new DatasetError(file, "not a MAT file: bad endian indicator");
  if (header.includes("HDF5")) throw new DatasetError(file, "MAT v7.3 (HDF5) files are not supported; save with -v7");
  const little = endian === "IM";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(view, little, file, 128);
  const out = new Map<string, MatValue>();
  while (r.remaining >= 8) {
    let el = r.element();
    if (el.type === MI.COMPRESSED) {
      let inflated: Buffer;
      try {
        inflated = inflateSync(new Uint8Array(el.bytes.buffer, el.bytes.byteOffset, el.bytes.byteLength));
      } catch (error) {
        throw new DatasetError(file, `corrupt compressed MAT element: ${describeError(error)}`);
      }
      el = new Reader(new DataView(inflated.buffer, inflated.byteOffset, inflated.byteLength), little, file).element();
    }
    if (el.type !== MI.MATRIX) continue;
    const { name, value } = matrix(el.bytes, little, file);
    out.set(name, value);
  }
  return out;
}
