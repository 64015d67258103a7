// Hand-encodes small ONNX models (protobuf wire format) for runner tests: a linear classifier whose
// weights the test computes, and graphs with chosen output shapes (NaN, wrong class count).
type Part = Uint8Array;

function varint(value: number): Part {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
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
const tag = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, value: number): Part => concat([tag(field, 0), varint(value)]);
const bytes = (field: number, payload: Part): Part => concat([tag(field, 2), varint(payload.length), payload]);
const str = (field: number, text: string): Part => bytes(field, new TextEncoder().encode(text));
const msg = (field: number, ...parts: Part[]): Part => bytes(field, concat(parts));
const FLOAT = 1;

function valueInfo(field: number, name: string, dims: (number | string)[]): Part {
  const shape = dims.map((d) => msg(1, typeof d === "number" ? int(1, d) : str(2, d)));
  return msg(field, str(1, name), msg(2, msg(1, int(1, FLOAT), msg(2, ...shape))));
}
function node(op: string, inputs: string[], outputs: string[]): Part {
  return msg(1, ...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, `${op}_${outputs[0]}`), str(4, op));
}
function floatInitializer(name: string, dims: number[], values: Float32Array): Part {
  return msg(5, ...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name), bytes(9, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)));
}
function model(graph: Part[]): Uint8Array {
  return concat([int(1, 8), str(2, "podium-runner-tests"), msg(8, str(1, ""), int(2, 13)), msg(7, str(2, "g"), ...graph)]);
}

/** logits = Flatten(x) · W + b, x: [N, ...inputDims], W: [features, classes] row-major. */
export function linearClassifier(inputDims: number[], weights: Float32Array, bias: Float32Array): Uint8Array {
  const features = inputDims.reduce((a, b) => a * b, 1);
  const classes = bias.length;
  if (weights.length !== features * classes) throw new Error("weights must be features × classes");
  return model([
    node("Flatten", ["x"], ["flat"]),
    node("MatMul", ["flat", "W"], ["z"]),
    node("Add", ["z", "b"], ["logits"]),
    floatInitializer("W", [features, classes], weights),
    floatInitializer("b", [classes], bias),
    valueInfo(11, "x", ["N", ...inputDims]),
    valueInfo(12, "logits", ["N", classes]),
  ]);
}

/** y = x · s with s a scalar: s = NaN gives NaN outputs of the input's shape. */
export function scaleModel(inputDims: number[], scale: number, outputDims: (number | string)[]): Uint8Array {
  return model([
    node("Mul", ["x", "s"], ["y"]),
    floatInitializer("s", [], Float32Array.of(scale)),
    valueInfo(11, "x", ["N", ...inputDims]),
    valueInfo(12, "y", outputDims),
  ]);
}

/** An ONNX model that ignores its input x and always outputs the float tensor `values` of shape `dims`. */
export function constantModel(inputDims: (number | string)[], outputName: string, dims: number[], values: Float32Array): Uint8Array {
  return model([
    node("Identity", ["c"], [outputName]),
    floatInitializer("c", dims, values),
    valueInfo(11, "x", inputDims),
    valueInfo(12, outputName, dims),
  ]);
}
