// Hand-encodes tiny ONNX models (protobuf wire format) so tests can build exactly the files they need:
// NaN-producing graphs, external-data paths, huge declared tensors, uint8 inputs.

type Part = Uint8Array;

function varint(value: number | bigint): Part {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}

const concat = (parts: Part[]): Part => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

const tag = (field: number, wireType: number) => varint((field << 3) | wireType);
export const int = (field: number, value: number | bigint): Part => concat([tag(field, 0), varint(value)]);
export const bytes = (field: number, payload: Part): Part => concat([tag(field, 2), varint(payload.length), payload]);
export const str = (field: number, text: string): Part => bytes(field, new TextEncoder().encode(text));
export const msg = (field: number, ...parts: Part[]): Part => bytes(field, concat(parts));

export const DataType = { float: 1, uint8: 2, int64: 7 } as const;

/** ValueInfoProto for a tensor; string dims are symbolic (dim_param). */
export function valueInfo(field: number, name: string, elemType: number, dims: (number | string)[]): Part {
  const shape = dims.map((d) => msg(1, typeof d === "number" ? int(1, d) : str(2, d)));
  return msg(field, str(1, name), msg(2, msg(1, int(1, elemType), msg(2, ...shape))));
}

export function node(opType: string, inputs: string[], outputs: string[]): Part {
  return msg(1, ...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, `${opType}_${outputs.join("_")}`), str(4, opType));
}

export interface InitializerSpec {
  name: string;
  dims: number[];
  dataType: number;
  raw?: Uint8Array;
  externalLocation?: string;
  externalLength?: number;
}

export function initializer(spec: InitializerSpec): Part {
  const parts: Part[] = [...spec.dims.map((d) => int(1, d)), int(2, spec.dataType), str(8, spec.name)];
  if (spec.raw) parts.push(bytes(9, spec.raw));
  if (spec.externalLocation !== undefined) {
    parts.push(msg(13, str(1, "location"), str(2, spec.externalLocation)));
    parts.push(msg(13, str(1, "offset"), str(2, "0")));
    if (spec.externalLength !== undefined) parts.push(msg(13, str(1, "length"), str(2, String(spec.externalLength))));
    parts.push(int(14, 1));
  }
  return msg(5, concat(parts));
}

/** A ModelProto (IR 8, default-domain opset 13) around one graph. */
export function model(graphParts: Part[]): Uint8Array {
  return concat([int(1, 8), str(2, "podium-tests"), msg(8, str(1, ""), int(2, 13)), msg(7, str(2, "g"), ...graphParts)]);
}

/** y = a / b: 0/0 gives NaN, ±1/0 gives ±Inf. */
export const divModel = () =>
  model([node("Div", ["a", "b"], ["y"]), valueInfo(11, "a", DataType.float, ["N"]), valueInfo(11, "b", DataType.float, ["N"]), valueInfo(12, "y", DataType.float, ["N"])]);

/** y = x + w with w a float[3] initializer stored in an external file at `location`. */
export const externalAddModel = (location: string) =>
  model([
    node("Add", ["x", "w"], ["y"]),
    initializer({ name: "w", dims: [3], dataType: DataType.float, externalLocation: location, externalLength: 12 }),
    valueInfo(11, "x", DataType.float, [3]),
    valueInfo(12, "y", DataType.float, [3]),
  ]);

/** An initializer declaring 100000×100000 floats (40 GB) with no data. */
export const hugeInitializerModel = () =>
  model([
    node("Add", ["x", "w"], ["y"]),
    initializer({ name: "w", dims: [100_000, 100_000], dataType: DataType.float }),
    valueInfo(11, "x", DataType.float, [100_000, 100_000]),
    valueInfo(12, "y", DataType.float, [100_000, 100_000]),
  ]);

/** uint8 [batch, 4] passed through Identity, batch symbolic. */
export const uint8IdentityModel = () =>
  model([node("Identity", ["u"], ["v"]), valueInfo(11, "u", DataType.uint8, ["batch", 4]), valueInfo(12, "v", DataType.uint8, ["batch", 4])]);

/** y = (x − x) / (x − x): NaN for every input, so a benchmark on synthetic data sees it. */
export const alwaysNanModel = () =>
  model([
    node("Sub", ["x", "x"], ["z"]),
    node("Div", ["z", "z"], ["y"]),
    valueInfo(11, "x", DataType.float, ["N", 8]),
    valueInfo(12, "y", DataType.float, ["N", 8]),
  ]);
