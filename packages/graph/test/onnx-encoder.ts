/** Hand-encodes ONNX protobuf for tests: the test's bytes are written from the ONNX .proto field numbers, independently of the reader. */
type Part = number[];

function varint(value: number | bigint): Part {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const key = (field: number, wire: number) => varint(field * 8 + wire);
export const int = (field: number, value: number): Part => [...key(field, 0), ...varint(value)];
export const bytes = (field: number, payload: Part | Uint8Array): Part => [...key(field, 2), ...varint(payload.length), ...payload];
export const str = (field: number, text: string): Part => bytes(field, [...new TextEncoder().encode(text)]);
export const float32 = (field: number, value: number): Part => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return [...key(field, 5), ...b];
};
export const packedInts = (field: number, values: number[]): Part => bytes(field, values.flatMap((v) => varint(v)));
const msg = (...parts: Part[]): Part => parts.flat();

export type Attr = number | string | number[] | { floats: number[] } | { tensor: Part };

export function attribute(name: string, value: Attr): Part {
  if (typeof value === "number") return Number.isInteger(value) ? msg(str(1, name), int(20, 2), int(3, value)) : msg(str(1, name), int(20, 1), float32(2, value));
  if (typeof value === "string") return msg(str(1, name), int(20, 3), str(4, value));
  if (Array.isArray(value)) return msg(str(1, name), int(20, 7), ...value.map((v) => int(8, v))); // unpacked, as onnx writes repeated ints
  if ("floats" in value) return msg(str(1, name), int(20, 6), ...value.floats.map((v) => float32(7, v)));
  return msg(str(1, name), int(20, 4), bytes(5, value.tensor));
}

export function node(op: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}, extra: { name?: string; domain?: string } = {}): Part {
  return msg(
    ...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)),
    ...(extra.name ? [str(3, extra.name)] : []), str(4, op), ...(extra.domain ? [str(7, extra.domain)] : []),
    ...Object.entries(attrs).map(([k, v]) => bytes(5, attribute(k, v))),
  );
}

/** A tensor: float32 weights stored as external data (no bytes), or small int64 / float values inline. */
export function tensor(name: string, dims: number[], data: { int64?: number[]; float?: number[]; external?: boolean; dataType?: number } = {}): Part {
  const parts: Part[] = [...dims.map((d) => int(1, d)), str(8, name)];
  if (data.int64) parts.push(int(2, 7), packedInts(7, data.int64));
  else if (data.float) {
    const raw = new Uint8Array(data.float.length * 4);
    data.float.forEach((v, i) => new DataView(raw.buffer).setFloat32(i * 4, v, true));
    parts.push(int(2, data.dataType ?? 1), bytes(9, raw));
  } else {
    parts.push(int(2, data.dataType ?? 1), bytes(13, msg(str(1, "location"), str(2, "weights.bin"))), int(14, 1));
  }
  return msg(...parts);
}

export function valueInfo(name: string, dims: (number | string)[], elemType = 1): Part {
  const shape = msg(...dims.map((d) => bytes(1, typeof d === "number" ? int(1, d) : str(2, d))));
  return msg(str(1, name), bytes(2, bytes(1, msg(int(1, elemType), bytes(2, shape)))));
}

export function model(graph: { nodes: Part[]; initializers?: Part[]; inputs: Part[]; outputs: Part[] }, opset = 13): Uint8Array {
  const g = msg(...graph.nodes.map((n) => bytes(1, n)), str(2, "test"), ...(graph.initializers ?? []).map((t) => bytes(5, t)), ...graph.inputs.map((i) => bytes(11, i)), ...graph.outputs.map((o) => bytes(12, o)));
  return new Uint8Array(msg(int(1, 8), str(2, "podium-test"), bytes(8, msg(str(1, ""), int(2, opset))), bytes(7, g)));
}
