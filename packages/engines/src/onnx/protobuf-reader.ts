/**
 * Just enough protobuf wire-format reading to check an ONNX file's framing and find its initializers'
 * declared sizes and external-data paths before onnxruntime ever sees the bytes. Not a general decoder:
 * packages/graph has the full ONNX parser.
 */

export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

export interface Field {
  number: number;
  wireType: number;
  /** For varints: the value (bigint keeps int64 dims exact). */
  varint?: bigint;
  /** For length-delimited fields: the byte range of the payload within the buffer. */
  start: number;
  end: number;
}

/** Thrown with a position so the caller can say where the framing broke. */
export class FramingError extends Error {
  override readonly name = "FramingError";
}

export function readVarint(bytes: Uint8Array, offset: number, limit: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let i = offset; i < limit; i++) {
    const byte = bytes[i]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7n;
    if (shift > 63n) throw new FramingError(`varint longer than 10 bytes at byte ${offset}`);
  }
  throw new FramingError(`varint runs past the end of its message at byte ${offset}`);
}

/** Walks the fields of one message occupying bytes[start, end). Every length is checked against `end`. */
export function* fields(bytes: Uint8Array, start = 0, end = bytes.length): Generator<Field> {
  let offset = start;
  while (offset < end) {
    const tag = readVarint(bytes, offset, end);
    const number = Number(tag.value >> 3n);
    const wireType = Number(tag.value & 7n);
    if (number === 0) throw new FramingError(`field number 0 at byte ${offset}`);
    offset = tag.next;
    switch (wireType) {
      case WireType.varint: {
        const v = readVarint(bytes, offset, end);
        yield { number, wireType, varint: v.value, start: offset, end: v.next };
        offset = v.next;
        break;
      }
      case WireType.fixed64:
      case WireType.fixed32: {
        const size = wireType === WireType.fixed64 ? 8 : 4;
        if (offset + size > end) throw new FramingError(`fixed-width field ${number} runs past the end at byte ${offset}`);
        yield { number, wireType, start: offset, end: offset + size };
        offset += size;
        break;
      }
      case WireType.lengthDelimited: {
        const length = readVarint(bytes, offset, end);
        const payloadStart = length.next;
        if (length.value > BigInt(end - payloadStart)) {
          throw new FramingError(`field ${number} declares ${length.value} bytes but only ${end - payloadStart} remain (byte ${offset})`);
        }
        const payloadEnd = payloadStart + Number(length.value);
        yield { number, wireType, start: payloadStart, end: payloadEnd };
        offset = payloadEnd;
        break;
      }
      default:
        // ONNX never uses groups; wire types 6 and 7 do not exist.
        throw new FramingError(`unsupported wire type ${wireType} for field ${number} at byte ${offset}`);
    }
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeString(bytes: Uint8Array, field: Field): string {
  try {
    return utf8.decode(bytes.subarray(field.start, field.end));
  } catch {
    throw new FramingError(`field ${field.number} is not valid UTF-8 text (byte ${field.start})`);
  }
}

/** Repeated int64 fields may be packed (one length-delimited run of varints) or one varint per field. */
export function decodeInt64s(bytes: Uint8Array, field: Field): bigint[] {
  if (field.wireType === WireType.varint) return [BigInt.asIntN(64, field.varint!)];
  if (field.wireType !== WireType.lengthDelimited) throw new FramingError(`field ${field.number} is not an integer list`);
  const values: bigint[] = [];
  let offset = field.start;
  while (offset < field.end) {
    const v = readVarint(bytes, offset, field.end);
    values.push(BigInt.asIntN(64, v.value));
    offset = v.next;
  }
  return values;
}
