import { ModelFormatError } from "../errors.js";
import type { InspectOptions } from "../options.js";
import type { Dim, GraphReport, LayerReport, Shape, TensorSummary } from "../report.js";
import { product, summarize } from "../report.js";
import { broadcast } from "../onnx/infer.js";
import { resolveInputShape } from "../onnx/inspect.js";

/** A TF GraphDef node as TF.js's converter writes it into model.json. */
interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue>;
}
interface AttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  list?: { i?: (string | number)[]; s?: string[]; f?: number[] };
  tensor?: { dtype?: string; tensorShape?: { dim?: { size?: string | number }[] } };
}
interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

export interface GraphModelOptions extends InspectOptions {
  /** The weight shards concatenated in manifest order; lets small int consts (reshape targets, axes) be read. */
  weightData?: Uint8Array;
}

class GraphInferenceError extends Error {}

const FLOAT_DTYPES = new Set(["float32", "float16"]);
const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, int8: 1, int16: 2, complex64: 8 };

interface Facts {
  shape: Shape;
  values?: number[];
}

const isNum = (d: Dim): d is number => typeof d === "number";
const decode = (s: string | undefined): string => (s === undefined ? "" : Buffer.from(s, "base64").toString("utf8"));
const ints = (a: AttrValue | undefined): number[] | undefined => a?.list?.i?.map(Number);
const dims = (d: { size?: string | number }[] | undefined): Shape => (d ?? []).map((x) => Number(x.size ?? 0)).map((n) => (n < 0 ? "?" : n));

/** Reads small int32 / float32 weights from the shards (the rest are only counted). */
function readSmallValues(specs: WeightSpec[], data: Uint8Array | undefined): Map<string, number[]> {
  const values = new Map<string, number[]>();
  if (!data) return values;
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES[dtype];
    if (size === undefined) return values; // strings have variable length: offsets past here are unknown
    if (!spec.quantization && n <= 1024 && offset + n * size <= data.length) {
      const view = new DataView(data.buffer, data.byteOffset + offset, n * size);
      if (spec.dtype === "int32") values.set(spec.name, Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true)));
      else if (spec.dtype === "float32") values.set(spec.name, Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true)));
    }
    offset += n * size;
  }
  return values;
}

function windowOut(size: Dim, k: number, s: number, d: number, padding: string, explicit?: [number, number]): Dim {
  if (!isNum(size)) return "?";
  if (padding === "SAME") return Math.ceil(size / s);
  const padded = explicit ? size + explicit[0] + explicit[1] : size;
  return Math.floor((padded - ((k - 1) * d + 1)) / s) + 1;
}

const PRESERVING = new Set([
  "Relu", "Relu6", "Elu", "Selu", "Sigmoid", "Tanh", "LeakyRelu", "Prelu", "Softmax", "LogSoftmax", "Softplus", "Square", "Sqrt", "Rsqrt",
  "Exp", "Log", "Neg", "Abs", "Floor", "Ceil", "Round", "Reciprocal", "Erf", "Identity", "Cast", "StopGradient", "FusedBatchNorm", "FusedBatchNormV3",
  "LRN", "ClipByValue", "Sign", "IsNan", "Swish",
]);
const IN_PLACE = new Set(["Relu", "Relu6", "LeakyRelu", "Identity", "Reshape", "Squeeze", "ExpandDims", "StopGradient", "ClipByValue"]);
const BROADCAST = new Set(["FloorMod", "AddN", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum", "Pow", "SquaredDifference", "BiasAdd", "FloorDiv", "Greater", "Less", "Equal", "LogicalAnd", "Select", "SelectV2"]);

function inferNode(node: GraphNode, inputs: Facts[]): { outputs: Facts[]; macs: number } {
  const attr = node.attr ?? {};
  const x = inputs[0]?.shape;
  const format = decode(attr.data_format?.s) || "NHWC";
  const [hAxis, wAxis, cAxis] = format === "NCHW" ? [2, 3, 1] : [1, 2, 3];
  const value = (i: number, what: string): number[] => {
    const v = inputs[i]?.values;
    if (!v) throw new GraphInferenceError(`${what} is not a known constant`);
    return v;
  };
  if (PRESERVING.has(node.op)) return { outputs: [{ shape: x, values: node.op === "Identity" || node.op === "Cast" ? inputs[0].values : undefined }], macs: 0 };
  if (BROADCAST.has(node.op)) {
    const shape = broadcast(inputs.map((f) => f.shape));
    return { outputs: [{ shape, values: inputs.length === 2 ? arithmetic(node.op, inputs[0].values, inputs[1].values) : undefined }], macs: 0 };
  }
  switch (node.op) {
    case "Conv2D": case "_FusedConv2D": case "DepthwiseConv2dNative": case "FusedDepthwiseConv2dNative": {
      const filter = inputs[1].shape; // [kh, kw, in, out] or [kh, kw, in, multiplier]
      const [kh, kw] = filter as number[];
      const strides = ints(attr.strides) ?? [1, 1, 1, 1];
      const dil = ints(attr.dilations) ?? [1, 1, 1, 1];
      const padding = decode(attr.padding?.s) || "VALID";
      const explicit = ints(attr.explicit_paddings);
      const pad = (axis: number): [number, number] | undefined => (padding === "EXPLICIT" && explicit ? [explicit[2 * axis], explicit[2 * axis + 1]] : undefined);
      const depthwise = node.op.includes("Depthwise");
      const cin = x[cAxis];
      const cout: Dim = depthwise ? (isNum(cin) && isNum(filter[3]) ? cin * filter[3] : "?") : filter[3];
      const out: Shape = [...x];
      out[hAxis] = windowOut(x[hAxis], kh, strides[hAxis], dil[hAxis], padding, pad(hAxis));
      out[wAxis] = windowOut(x[wAxis], kw, strides[wAxis], dil[wAxis], padding, pad(wAxis));
      out[cAxis] = cout;
      const n = product(out);
      const perOutput = depthwise ? kh * kw : isNum(filter[2]) ? kh * kw * filter[2] : NaN;
      return { outputs: [{ shape: out }], macs: n === null ? NaN : n * perOutput };
    }
    case "Conv2DBackpropInput": {
      const outShape = value(0, "Conv2DBackpropInput output shape");
      const dy = inputs[2].shape;
      const filter = inputs[1].shape; // [kh, kw, out, in]
      const n = product(dy);
      const per = filter.every(isNum) ? (filter[0] as number) * (filter[1] as number) * (filter[2] as number) : NaN;
      return { outputs: [{ shape: outShape }], macs: n === null ? NaN : n * per };
    }
    case "MatMul": case "_FusedMatMul": case "BatchMatMul": case "BatchMatMulV2": {
      let a = x;
      let b = inputs[1].shape;
      const ta = attr.transpose_a?.b || attr.adj_x?.b;
      const tb = attr.transpose_b?.b || attr.adj_y?.b;
      if (ta) a = [...a.slice(0, -2), a[a.length - 1], a[a.length - 2]];
      if (tb) b = [...b.slice(0, -2), b[b.length - 1], b[b.length - 2]];
      const out: Shape = [...broadcast([a.slice(0, -2), b.slice(0, -2)]), a[a.length - 2], b[b.length - 1]];
      const n = product(out);
      const k = a[a.length - 1];
      return { outputs: [{ shape: out }], macs: n === null || !isNum(k) ? NaN : n * k };
    }
    case "MaxPool": case "AvgPool": {
      const k = ints(attr.ksize) ?? [1, 1, 1, 1];
      const s = ints(attr.strides) ?? [1, 1, 1, 1];
      const padding = decode(attr.padding?.s) || "VALID";
      const out = [...x];
      out[hAxis] = windowOut(x[hAxis], k[hAxis], s[hAxis], 1, padding);
      out[wAxis] = windowOut(x[wAxis], k[wAxis], s[wAxis], 1, padding);
      return { outputs: [{ shape: out }], macs: 0 };
    }
    case "Mean": case "Sum": case "Max": case "Min": case "Prod": {
      const axes = value(1, `${node.op} axes`).map((a) => (a < 0 ? a + x.length : a));
      const keep = attr.keep_dims?.b === true;
      const out: Shape = [];
      x.forEach((d, i) => (axes.includes(i) ? keep && out.push(1) : out.push(d)));
      return { outputs: [{ shape: out }], macs: 0 };
    }
    case "ConcatV2": {
      const axisRaw = value(inputs.length - 1, "ConcatV2 axis")[0];
      const parts = inputs.slice(0, -1);
      const axis = axisRaw < 0 ? axisRaw + parts[0].shape.length : axisRaw;
      const out = [...parts[0].shape];
      out[axis] = parts.reduce<Dim>((sum, p) => (isNum(sum) && isNum(p.shape[axis]) ? sum + (p.shape[axis] as number) : "?"), 0);
      const values = parts[0].shape.length === 1 && parts.every((p) => p.values) ? parts.flatMap((p) => p.values!) : undefined;
      return { outputs: [{ shape: out, values }], macs: 0 };
    }
    case "Reshape": {
      const target = value(1, "Reshape target shape");
      const out: Shape = [...target];
      const missing = out.indexOf(-1);
      if (missing >= 0) {
        const total = product(x);
        const known = product(out.filter((_, i) => i !== missing));
        out[missing] = total !== null && known ? total / known : "?";
      }
      return { outputs: [{ shape: out }], macs: 0 };
    }
    case "Squeeze": {
      const axes = (ints(attr.squeeze_dims) ?? ints(attr.axis) ?? []).map((a) => (a < 0 ? a + x.length : a));
      return { outputs: [{ shape: x.filter((d, i) => (axes.length ? !axes.includes(i) : d !== 1)) }], macs: 0 };
    }
    case "ExpandDims": {
      const axis = value(1, "ExpandDims axis")[0];
      const out = [...x];
      out.splice(axis < 0 ? axis + x.length + 1 : axis, 0, 1);
      return { outputs: [{ shape: out }], macs: 0 };
    }
    case "Transpose": {
      const perm = value(1, "Transpose permutation");
      return { outputs: [{ shape: perm.map((p) => x[p]) }], macs: 0 };
    }
    case "Pad": case "PadV2": case "MirrorPad": {
      const pads = value(1, "Pad amounts");
      return { outputs: [{ shape: x.map((d, i) => (isNum(d) ? d + pads[2 * i] + pads[2 * i + 1] : "?")) }], macs: 0 };
    }
    case "ResizeBilinear": case "ResizeNearestNeighbor": {
      const [h, w] = value(1, "resize size");
      return { outputs: [{ shape: [x[0], h, w, x[3]] }], macs: 0 };
    }
    case "SparseToDense": {
      const shape = value(1, "SparseToDense output shape");
      let values: number[] | undefined;
      const [indices, sparse, fill] = [inputs[0].values, inputs[2].values, inputs[3]?.values];
      if (shape.length === 1 && shape[0] <= 1024 && indices && sparse && fill) {
        values = new Array<number>(shape[0]).fill(fill[0]);
        indices.forEach((index, k) => (values![index] = sparse[sparse.length === 1 ? 0 : k]));
      }
      return { outputs: [{ shape, values }], macs: 0 };
    }
    case "StridedSlice":
      return { outputs: [stridedSlice(attr, inputs[0], value(1, "StridedSlice begin"), value(2, "StridedSlice end"), value(3, "StridedSlice strides"))], macs: 0 };
    case "TopKV2": {
      const k = value(1, "TopKV2 k")[0];
      const out = [...x.slice(0, -1), k];
      return { outputs: [{ shape: out }, { shape: out }], macs: 0 };
    }
    case "GatherV2": {
      const axisRaw = value(2, "GatherV2 axis")[0];
      const axis = axisRaw < 0 ? axisRaw + x.length : axisRaw;
      const indices = inputs[1];
      const values = inputs[0].values && indices.values && x.length === 1 ? indices.values.map((i) => inputs[0].values![i]) : undefined;
      return { outputs: [{ shape: [...x.slice(0, axis), ...indices.shape, ...x.slice(axis + 1)], values }], macs: 0 };
    }
    case "Tile": {
      const reps = value(1, "Tile multiples");
      return { outputs: [{ shape: x.map((d, i) => (isNum(d) ? d * reps[i] : "?")) }], macs: 0 };
    }
    case "Fill": return { outputs: [{ shape: value(0, "Fill shape") }], macs: 0 };
    case "Shape": return { outputs: [{ shape: [x.length], values: x.every(isNum) ? (x as number[]) : undefined }], macs: 0 };
    case "Pack": {
      const axis = Number(attr.axis?.i ?? 0);
      const out = [...x];
      out.splice(axis < 0 ? axis + x.length + 1 : axis, 0, inputs.length);
      const values = x.length === 0 && inputs.every((f) => f.values) ? inputs.map((f) => f.values![0]) : undefined;
      return { outputs: [{ shape: out, values }], macs: 0 };
    }
    case "Split": case "SplitV": {
      const count = Number(attr.num_split?.i ?? 1);
      const data = node.op === "Split" ? inputs[1] : inputs[0];
      const axisRaw = value(node.op === "Split" ? 0 : 2, "Split axis")[0];
      const axis = axisRaw < 0 ? axisRaw + data.shape.length : axisRaw;
      const sizes = node.op === "SplitV" ? value(1, "SplitV sizes") : Array.from({ length: count }, () => (isNum(data.shape[axis]) ? (data.shape[axis] as number) / count : NaN));
      return { outputs: sizes.map((s) => ({ shape: data.shape.map((d, i) => (i === axis ? (Number.isNaN(s) ? "?" : s) : d)) })), macs: 0 };
    }
    case "Slice": {
      const begin = value(1, "Slice begin");
      const size = value(2, "Slice size");
      return { outputs: [{ shape: size.map((s, i) => (s === -1 ? (isNum(x[i]) ? (x[i] as number) - begin[i] : "?") : s)) }], macs: 0 };
    }
    default:
      throw new GraphInferenceError(`op not inferred: ${node.op}`);
  }
}

/** Element-wise arithmetic on small known values (shape computations), with scalar broadcasting. */
function arithmetic(op: string, a?: number[], b?: number[]): number[] | undefined {
  if (!a || !b || (a.length !== b.length && a.length !== 1 && b.length !== 1)) return undefined;
  const f: Record<string, (x: number, y: number) => number> = {
    Add: (x, y) => x + y, AddV2: (x, y) => x + y, Sub: (x, y) => x - y, Mul: (x, y) => x * y, RealDiv: (x, y) => x / y,
    FloorDiv: (x, y) => Math.floor(x / y), FloorMod: (x, y) => x - Math.floor(x / y) * y, Maximum: Math.max, Minimum: Math.min,
  };
  const fn = f[op];
  if (!fn) return undefined;
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => fn(a[a.length === 1 ? 0 : i], b[b.length === 1 ? 0 : i]));
}

function stridedSlice(attr: Record<string, AttrValue>, x: Facts, begin: number[], end: number[], strides: number[]): Facts {
  const mask = (name: string) => Number(attr[name]?.i ?? 0);
  if (mask("ellipsis_mask") || mask("new_axis_mask")) throw new GraphInferenceError("StridedSlice with ellipsis or new-axis masks is not inferred");
  const out: Shape = [];
  const ranges: [number, number, number][] = [];
  x.shape.forEach((d, i) => {
    if (i >= begin.length) {
      out.push(d);
      ranges.push([0, isNum(d) ? d : 0, 1]);
      return;
    }
    const shrink = (mask("shrink_axis_mask") >> i) & 1;
    if (!isNum(d)) {
      if (!shrink) out.push("?");
      return;
    }
    const step = strides[i];
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + d : v, step > 0 ? 0 : -1), step > 0 ? d : d - 1);
    let b = (mask("begin_mask") >> i) & 1 ? (step > 0 ? 0 : d - 1) : clamp(begin[i]);
    let e = (mask("end_mask") >> i) & 1 ? (step > 0 ? d : -1) : clamp(end[i]);
    if (shrink) {
      b = begin[i] < 0 ? begin[i] + d : begin[i];
      e = b + 1;
    }
    ranges.push([b, e, step]);
    if (!shrink) out.push(Math.max(0, Math.ceil((e - b) / step)));
  });
  let values: number[] | undefined;
  if (x.values && x.shape.length === 1 && ranges[0]) {
    const [b, e, step] = ranges[0];
    values = [];
    for (let i = b; step > 0 ? i < e : i > e; i += step) values.push(x.values[i]);
  }
  return { shape: out, values };
}

function refName(ref: string): [string, number] {
  const m = /^(.*?)(?::(\d+))?$/.exec(ref)!;
  return [m[1], m[2] === undefined ? 0 : Number(m[2])];
}

/** Inspects a TF.js graph-model model.json (its GraphDef and weights manifest). */
export function inspectGraphModel(modelJson: unknown, options: GraphModelOptions = {}): GraphReport {
  const source = options.source ?? "model.json";
  const json = modelJson as { modelTopology?: { node?: GraphNode[] }; weightsManifest?: { weights?: WeightSpec[] }[] };
  const nodes = json?.modelTopology?.node;
  if (!Array.isArray(nodes)) throw new ModelFormatError(`${source}: not a TF.js graph model (no modelTopology.node list)`);
  const specs = (json.weightsManifest ?? []).flatMap((g) => g.weights ?? []);
  const weights = new Map(specs.map((w) => [w.name, w]));
  const smallValues = readSmallValues(specs, options.weightData);

  const facts = new Map<string, Facts>(); // "node:index" → facts
  const unknownRoot = new Map<string, { name: string; op: string }>();
  const weightOf = new Map<string, string>(); // node name → weight name (Const, or Identity of a Const)
  const consumed = new Set<string>();
  const inputs: TensorSummary[] = [];
  const layers: LayerReport[] = [];
  const byName = new Map(nodes.map((n) => [n.name, n]));

  // GraphDef order need not be topological: visit depth-first from each node.
  const visited = new Set<string>();
  const order: GraphNode[] = [];
  const visit = (start: GraphNode) => {
    const stack: [GraphNode, boolean][] = [[start, false]];
    while (stack.length) {
      const [n, expanded] = stack.pop()!;
      if (expanded) {
        order.push(n);
        continue;
      }
      if (visited.has(n.name)) continue;
      visited.add(n.name);
      stack.push([n, true]);
      for (const ref of n.input ?? []) {
        if (ref.startsWith("^")) continue;
        const dep = byName.get(refName(ref)[0]);
        if (dep && !visited.has(dep.name)) stack.push([dep, false]);
      }
    }
  };
  nodes.forEach(visit);

  for (const node of order) {
    if (node.op === "Const") {
      const spec = weights.get(node.name);
      const shape = spec ? spec.shape : dims(node.attr?.value?.tensor?.tensorShape?.dim);
      facts.set(`${node.name}:0`, { shape, values: smallValues.get(node.name) });
      if (spec) weightOf.set(node.name, node.name);
      continue;
    }
    if (node.op === "Placeholder" || node.op === "PlaceholderWithDefault") {
      const raw = node.attr?.shape?.shape;
      const shape = raw && !raw.unknownRank ? resolveInputShape({ name: node.name, shape: dims(raw.dim).map((d) => (isNum(d) ? d : null)) }, options) : null;
      inputs.push({ name: node.name, shape });
      if (shape) facts.set(`${node.name}:0`, { shape });
      else unknownRoot.set(`${node.name}:0`, { name: node.name, op: "input without shape" });
      continue;
    }
    const dataRefs = (node.input ?? []).filter((r) => !r.startsWith("^"));
    if (node.op === "Identity" && dataRefs.length === 1 && weightOf.has(refName(dataRefs[0])[0])) {
      weightOf.set(node.name, weightOf.get(refName(dataRefs[0])[0])!);
      facts.set(`${node.name}:0`, facts.get(`${refName(dataRefs[0])[0]}:0`)!);
      continue;
    }
    let params = 0;
    for (const ref of dataRefs) {
      const w = weightOf.get(refName(ref)[0]);
      const spec = w ? weights.get(w) : undefined;
      if (!spec || consumed.has(spec.name) || !FLOAT_DTYPES.has(spec.dtype)) continue;
      consumed.add(spec.name);
      params += spec.shape.reduce((a, b) => a * b, 1);
    }
    const layer: LayerReport = { name: node.name, op: node.op, outputShape: null, params, nonTrainableParams: 0, macs: null, activationBytes: null, newMemory: !IN_PLACE.has(node.op) };
    layers.push(layer);
    const keys = dataRefs.map((r) => {
      const [n, i] = refName(r);
      return `${n}:${i}`;
    });
    const blocked = keys.find((k) => !facts.has(k));
    if (blocked !== undefined) {
      const root = unknownRoot.get(blocked);
      layer.unknown = root ? `downstream of unknown ${root.op} '${root.name}'` : `input '${blocked}' is produced by no node`;
      unknownRoot.set(`${node.name}:0`, root ?? { name: node.name, op: node.op });
      for (let i = 1; i < 8; i++) unknownRoot.set(`${node.name}:${i}`, root ?? { name: node.name, op: node.op });
      continue;
    }
    try {
      const r = inferNode(node, keys.map((k) => facts.get(k)!));
      r.outputs.forEach((f, i) => facts.set(`${node.name}:${i}`, f));
      layer.outputShape = r.outputs[0].shape;
      layer.macs = Number.isNaN(r.macs) ? null : r.macs;
      const n = product(r.outputs[0].shape);
      layer.activationBytes = r.outputs[0].values ? 0 : n === null ? null : n * 4 * r.outputs.length;
      if (r.outputs[0].values) layer.newMemory = false;
    } catch (error) {
      if (!(error instanceof GraphInferenceError)) throw error;
      layer.unknown = error.message.startsWith("op not inferred") ? error.message : `op not inferred: ${node.op} (${error.message})`;
      for (let i = 0; i < 8; i++) unknownRoot.set(`${node.name}:${i}`, { name: node.name, op: node.op });
    }
  }

  let unattached = 0;
  for (const spec of specs) if (!consumed.has(spec.name) && FLOAT_DTYPES.has(spec.dtype)) unattached += spec.shape.reduce((a, b) => a * b, 1);
  // Outputs are the nodes nothing consumes.
  const used = new Set(nodes.flatMap((n) => (n.input ?? []).map((r) => refName(r.replace(/^\^/, ""))[0])));
  const outputs: TensorSummary[] = layers.filter((l) => !used.has(l.name)).map((l) => ({ name: l.name, shape: l.outputShape }));
  const batchDim = inputs[0]?.shape?.[0];
  return summarize("tfjs-graph", source, typeof batchDim === "number" ? batchDim : 1, inputs, outputs, layers, { params: unattached, nonTrainable: 0 }, options.optimizer);
}
