import { ModelFormatError } from "../errors.js";

/**
 * The minimum of the protobuf wire format ONNX needs: varints, fixed 32/64-bit values and
 * length-delimited fields. Groups (wire types 3/4) are obsolete and never appear in ONNX files.
 */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

export interface Field {
  readonly number: number;
  readonly wireType: number;
  /** varint / fixed values as a number (exact below 2^53, which covers every dim and enum in practice). */
  readonly value: number;
  /** The payload of a length-delimited field (a sub-message, string or packed array). */
  readonly bytes: Uint8Array;
}

const EMPTY = new Uint8Array(0);

export class ProtoReader {
  private position = 0;
  constructor(private readonly buffer: Uint8Array, private readonly what: string) {}

  get done(): boolean {
    return this.position >= this.buffer.length;
  }

  private truncated(): never {
    throw new ModelFormatError(`${this.what}: truncated protobuf (ends inside a field at byte ${this.position} of ${this.buffer.length})`);
  }

  varint(): number {
    const start = this.position;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.position >= this.buffer.length) this.truncated();
      const byte = this.buffer[this.position++];
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return i < 7 ? result : this.wideVarint(start);
      scale *= 128;
    }
    throw new ModelFormatError(`${this.what}: malformed varint at byte ${this.position}`);
  }

  /** Varints of 8+ bytes exceed float precision: redo them in BigInt (negative int64 values are 10 bytes, two's complement). */
  private wideVarint(start: number): number {
    let value = 0n;
    let shift = 0n;
    for (let p = start; p < this.position; p++, shift += 7n) value |= BigInt(this.buffer[p] & 0x7f) << shift;
    return Number(BigInt.asIntN(64, value));
  }

  next(): Field {
    const key = this.varint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (number === 0) throw new ModelFormatError(`${this.what}: invalid protobuf field number 0 at byte ${this.position}`);
    switch (wireType) {
      case WireType.varint:
        return { number, wireType, value: this.varint(), bytes: EMPTY };
      case WireType.fixed64: {
        const bytes = this.take(8);
        return { number, wireType, value: new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true), bytes };
      }
      case WireType.lengthDelimited: {
        const length = this.varint();
        return { number, wireType, value: length, bytes: this.take(length) };
      }
      case WireType.fixed32: {
        const bytes = this.take(4);
        return { number, wireType, value: new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true), bytes };
      }
      default:
        throw new ModelFormatError(`${this.what}: unsupported protobuf wire type ${wireType} at byte ${this.position}`);
    }
  }

  private take(length: number): Uint8Array {
    if (length < 0 || this.position + length > this.buffer.length) this.truncated();
    const bytes = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return bytes;
  }
}

export function* fields(bytes: Uint8Array, what: string): Generator<Field> {
  const reader = new ProtoReader(bytes, what);
  while (!reader.done) yield reader.next();
}

const decoder = new TextDecoder("utf-8", { fatal: false });
export function utf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** A repeated int64 field arrives either packed (one length-delimited run) or one varint per element. */
export function pushInts(target: number[], field: Field, what: string): void {
  if (field.wireType === WireType.varint) target.push(field.value);
  else if (field.wireType === WireType.lengthDelimited) {
    const reader = new ProtoReader(field.bytes, what);
    while (!reader.done) target.push(reader.varint());
  } else throw new ModelFormatError(`${what}: expected an integer field, got wire type ${field.wireType}`);
}

export function pushFloats(target: number[], field: Field, what: string): void {
  if (field.wireType === WireType.fixed32) target.push(field.value);
  else if (field.wireType === WireType.lengthDelimited) {
    if (field.bytes.length % 4 !== 0) throw new ModelFormatError(`${what}: packed float field length ${field.bytes.length} is not a multiple of 4`);
    const view = new DataView(field.bytes.buffer, field.bytes.byteOffset, field.bytes.length);
    for (let i = 0; i < field.bytes.length; i += 4) target.push(view.getFloat32(i, true));
  } else throw new ModelFormatError(`${what}: expected a float field, got wire type ${field.wireType}`);
}
