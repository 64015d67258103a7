import type { Dim, LayerReport, Shape } from "../report.js";
import { product } from "../report.js";
import type { OnnxAttributeValue, OnnxNode, OnnxTensor } from "./model.js";

/** What is known about one tensor: its shape, and for small integer tensors (shape arithmetic) its values. */
export interface TensorFacts {
  shape: Shape;
  values?: number[];
}

/** Result of inferring one node: output facts (in output order) and its MACs; or why it cannot be inferred. */
export type NodeInference = { outputs: (TensorFacts | null)[]; macs: number | null } | { unsupported: true };

export class InferenceError extends Error {}

const UNKNOWN_DIM = "?";

export class NodeContext {
  constructor(
    readonly node: OnnxNode,
    private readonly facts: (TensorFacts | null)[],
    readonly opset: number,
  ) {}

  has(index: number): boolean {
    return index < this.node.inputs.length && this.node.inputs[index] !== "";
  }
  input(index: number): TensorFacts {
    const f = this.facts[index];
    if (!f) throw new InferenceError(`input ${index} of ${this.node.opType} is missing`);
    return f;
  }
  values(index: number, what: string): number[] {
    const v = this.has(index) ? this.facts[index]?.values : undefined;
    if (!v) throw new InferenceError(`${what} (input ${index}) is computed at run time`);
    return v;
  }
  attr(name: string): OnnxAttributeValue | undefined {
    return this.node.attributes.get(name);
  }
  int(name: string, fallback: number): number {
    const v = this.attr(name);
    return typeof v === "number" ? v : fallback;
  }
  float(name: string, fallback: number): number {
    return this.int(name, fallback);
  }
  ints(name: string): number[] | undefined {
    const v = this.attr(name);
    return Array.isArray(v) && (v.length === 0 || typeof v[0] === "number") ? (v as number[]) : undefined;
  }
  string(name: string, fallback: string): string {
    const v = this.attr(name);
    return typeof v === "string" ? v : fallback;
  }
}

function isNum(d: Dim): d is number {
  return typeof d === "number";
}
function mapDim(d: Dim, f: (n: number) => number): Dim {
  return isNum(d) ? f(d) : UNKNOWN_DIM;
}
function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new InferenceError(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

export function broadcast(shapes: Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (dim === 1) dim = d;
      else if (isNum(dim) && isNum(d) && dim !== d) throw new InferenceError(`cannot broadcast ${shapes.map((x) => `[${x.join(",")}]`).join(" with ")}`);
      else if (!isNum(dim) && isNum(d)) dim = d;
    }
    out.push(dim);
  }
  return out;
}

/** Element-wise arithmetic on small known values (shape computations such as Shape → Gather → Mul → Concat). */
function elementwiseValues(op: string, a?: number[], b?: number[]): number[] | undefined {
  if (!a || !b) return undefined;
  if (a.length !== b.length && a.length !== 1 && b.length !== 1) return undefined;
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length === 1 ? 0 : i];
    const y = b[b.length === 1 ? 0 : i];
    switch (op) {
      case "Add": out.push(x + y); break;
      case "Sub": out.push(x - y); break;
      case "Mul": out.push(x * y); break;
      case "Div": out.push(Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y); break;
      default: return undefined;
    }
  }
  return out;
}

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  padsBegin: number[];
  padsEnd: number[];
  autoPad: string;
}

function windowAttrs(ctx: NodeContext, spatialRank: number, kernel: number[]): Window {
  const ones = new Array<number>(spatialRank).fill(1);
  const pads = ctx.ints("pads") ?? new Array<number>(2 * spatialRank).fill(0);
  return {
    kernel,
    strides: ctx.ints("strides") ?? ones,
    dilations: ctx.ints("dilations") ?? ones,
    padsBegin: pads.slice(0, spatialRank),
    padsEnd: pads.slice(spatialRank, 2 * spatialRank),
    autoPad: ctx.string("auto_pad", "NOTSET"),
  };
}

/** Output spatial size of a conv/pool window; ceil mode follows PyTorch/ONNX Runtime (the last window must start inside the input or left padding). */
function windowOutput(size: Dim, w: Window, i: number, ceilMode: boolean): Dim {
  if (!isNum(size)) return UNKNOWN_DIM;
  const stride = w.strides[i];
  const effective = (w.kernel[i] - 1) * w.dilations[i] + 1;
  if (w.autoPad === "SAME_UPPER" || w.autoPad === "SAME_LOWER") return Math.ceil(size / stride);
  const padded = w.autoPad === "VALID" ? size : size + w.padsBegin[i] + w.padsEnd[i];
  const span = padded - effective;
  if (span < 0) throw new InferenceError(`window ${effective} larger than padded input ${padded}`);
  if (!ceilMode) return Math.floor(span / stride) + 1;
  let out = Math.ceil(span / stride) + 1;
  if ((out - 1) * stride >= size + (w.autoPad === "VALID" ? 0 : w.padsBegin[i])) out -= 1;
  return out;
}

function conv(ctx: NodeContext): NodeInference {
  const x = ctx.input(0).shape;
  const weight = ctx.input(1).shape;
  const group = ctx.int("group", 1);
  const spatial = x.length - 2;
  const kernel = ctx.ints("kernel_shape") ?? weight.slice(2).map((d) => (isNum(d) ? d : NaN));
  if (kernel.some((k) => Number.isNaN(k))) throw new InferenceError("kernel shape is not known");
  const w = windowAttrs(ctx, spatial, kernel);
  const out: Shape = [x[0], weight[0]];
  for (let i = 0; i < spatial; i++) out.push(windowOutput(x[2 + i], w, i, false));
  const outElements = product(out);
  const inPerGroup = isNum(x[1]) ? x[1] / group : null;
  const macs = outElements === null || inPerGroup === null ? null : outElements * inPerGroup * kernel.reduce((a, b) => a * b, 1);
  return { outputs: [{ shape: out }], macs };
}

function convTranspose(ctx: NodeContext): NodeInference {
  const x = ctx.input(0).shape;
  const weight = ctx.input(1).shape;
  const group = ctx.int("group", 1);
  const spatial = x.length - 2;
  const kernel = ctx.ints("kernel_shape") ?? weight.slice(2).map((d) => (isNum(d) ? d : NaN));
  if (kernel.some((k) => Number.isNaN(k))) throw new InferenceError("kernel shape is not known");
  const w = windowAttrs(ctx, spatial, kernel);
  const outputPadding = ctx.ints("output_padding") ?? new Array<number>(spatial).fill(0);
  const explicit = ctx.ints("output_shape");
  const out: Shape = [x[0], mapDim(weight[1], (c) => c * group)];
  for (let i = 0; i < spatial; i++) {
    if (explicit) out.push(explicit[explicit.length - spatial + i]);
    else if (w.autoPad === "SAME_UPPER" || w.autoPad === "SAME_LOWER") out.push(mapDim(x[2 + i], (s) => s * w.strides[i]));
    else out.push(mapDim(x[2 + i], (s) => w.strides[i] * (s - 1) + outputPadding[i] + (kernel[i] - 1) * w.dilations[i] + 1 - w.padsBegin[i] - w.padsEnd[i]));
  }
  // Every input element is multiplied into a (C_out/group) × kernel patch.
  const inElements = product(x);
  const outPerGroup = isNum(out[1]) ? out[1] / group : null;
  const macs = inElements === null || outPerGroup === null ? null : inElements * outPerGroup * kernel.reduce((a, b) => a * b, 1);
  return { outputs: [{ shape: out }], macs };
}

function pool(ctx: NodeContext): NodeInference {
  const x = ctx.input(0).shape;
  const kernel = ctx.ints("kernel_shape");
  if (!kernel) throw new InferenceError("pooling without kernel_shape");
  const w = windowAttrs(ctx, x.length - 2, kernel);
  const ceil = ctx.int("ceil_mode", 0) === 1;
  const out: Shape = [x[0], x[1]];
  for (let i = 0; i < kernel.length; i++) out.push(windowOutput(x[2 + i], w, i, ceil));
  return { outputs: [{ shape: out }, { shape: out }], macs: 0 };
}

function matmulShape(a: Shape, b: Shape): { shape: Shape; k: Dim } {
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const k = a2[a2.length - 1];
  const batch = broadcast([a2.slice(0, -2), b2.slice(0, -2)]);
  const shape: Shape = [...batch];
  if (a.length !== 1) shape.push(a2[a2.length - 2]);
  if (b.length !== 1) shape.push(b2[b2.length - 1]);
  return { shape, k };
}

function resize(ctx: NodeContext): NodeInference {
  const x = ctx.input(0).shape;
  // Opset ≥ 11: (X, roi, scales, sizes); Upsample and opset 10 Resize: (X, scales).
  const modern = ctx.node.opType === "Resize" && ctx.opset >= 11;
  const scalesIndex = modern ? 2 : 1;
  if (modern && ctx.has(3) && ctx.input(3).values && ctx.input(3).values!.length > 0) {
    const sizes = ctx.input(3).values!;
    const axes = ctx.ints("axes");
    if (axes) {
      const out = [...x];
      axes.forEach((a, i) => (out[normAxis(a, x.length)] = sizes[i]));
      return { outputs: [{ shape: out }], macs: 0 };
    }
    return { outputs: [{ shape: sizes }], macs: 0 };
  }
  const scales = ctx.has(scalesIndex) ? ctx.values(scalesIndex, "Resize scales") : ctx.attr("scales") as number[] | undefined;
  if (!scales || scales.length === 0) throw new InferenceError("Resize has neither known scales nor sizes");
  return { outputs: [{ shape: x.map((d, i) => mapDim(d, (s) => Math.floor(s * scales[i]))) }], macs: 0 };
}

function reshape(ctx: NodeContext): NodeInference {
  const x = ctx.input(0).shape;
  const target = ctx.has(1) ? ctx.values(1, "Reshape target shape") : ctx.ints("shape");
  if (!target) throw new InferenceError("Reshape target shape is not known");
  const allowZero = ctx.int("allowzero", 0) === 1;
  const out: Shape = target.map((d, i) => (d === 0 && !allowZero ? x[i] : d));
  const inferred = out.indexOf(-1);
  if (inferred >= 0) {
    const total = product(x);
    const known = product(out.filter((_, i) => i !== inferred));
    out[inferred] = total !== null && known !== null && known !== 0 ? total / known : UNKNOWN_DIM;
  }
  return { outputs: [{ shape: out, values: ctx.input(0).values }], macs: 0 };
}

function slice(ctx: NodeContext): NodeInference {
  const data = ctx.input(0);
  const x = data.shape;
  let starts: number[], ends: number[], axes: number[] | undefined, steps: number[] | undefined;
  if (ctx.opset >= 10) {
    starts = ctx.values(1, "Slice starts");
    ends = ctx.values(2, "Slice ends");
    axes = ctx.has(3) ? ctx.values(3, "Slice axes") : undefined;
    steps = ctx.has(4) ? ctx.values(4, "Slice steps") : undefined;
  } else {
    starts = ctx.ints("starts") ?? [];
    ends = ctx.ints("ends") ?? [];
    axes = ctx.ints("axes");
  }
  const out = [...x];
  const ranges: [number, number, number][] = x.map((d) => [0, isNum(d) ? d : 0, 1]);
  starts.forEach((start, i) => {
    const axis = normAxis(axes ? axes[i] : i, x.length);
    const step = steps ? steps[i] : 1;
    const size = x[axis];
    if (!isNum(size)) {
      out[axis] = UNKNOWN_DIM;
      return;
    }
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    let s = start < 0 ? start + size : start;
    let e = ends[i] < 0 ? ends[i] + size : ends[i];
    if (step > 0) {
      s = clamp(s, 0, size);
      e = clamp(e, 0, size);
      out[axis] = Math.max(0, Math.ceil((e - s) / step));
    } else {
      s = clamp(s, -1, size - 1);
      e = clamp(e, -1, size - 1);
      out[axis] = Math.max(0, Math.ceil((e - s) / step));
    }
    ranges[axis] = [s, e, step];
  });
  let values: number[] | undefined;
  if (data.values && x.length === 1 && ranges[0][2] > 0) values = data.values.slice(ranges[0][0], ranges[0][1]).filter((_, i) => i % ranges[0][2] === 0);
  return { outputs: [{ shape: out, values }], macs: 0 };
}

function axesFrom(ctx: NodeContext, inputIndex: number): number[] | undefined {
  if (ctx.opset >= 13 && ctx.has(inputIndex)) return ctx.values(inputIndex, "axes");
  return ctx.ints("axes");
}

function reduce(ctx: NodeContext): NodeInference {
  const x = ctx.input(0).shape;
  const axes = axesFrom(ctx, 1)?.map((a) => normAxis(a, x.length));
  const keep = ctx.int("keepdims", 1) === 1;
  const all = !axes || axes.length === 0;
  const out: Shape = [];
  x.forEach((d, i) => {
    if (all || axes!.includes(i)) {
      if (keep) out.push(1);
    } else out.push(d);
  });
  return { outputs: [{ shape: out }], macs: 0 };
}

const SHAPE_PRESERVING = new Set([
  "Relu", "LeakyRelu", "PRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Elu", "Selu", "Celu", "Softplus", "Softsign", "Mish",
  "Gelu", "Erf", "Exp", "Log", "Sqrt", "Neg", "Abs", "Reciprocal", "Floor", "Ceil", "Round", "Sign", "Not", "Sin", "Cos",
  "Softmax", "LogSoftmax", "Hardmax", "LRN", "InstanceNormalization", "LayerNormalization", "GroupNormalization",
  "LpNormalization", "MeanVarianceNormalization", "IsNaN", "IsInf",
]);

/** Ops PyTorch runs in place in vision models, and views: their outputs take no new memory. */
export const NO_NEW_MEMORY = new Set([
  "Relu", "Clip", "LeakyRelu", "HardSwish", "HardSigmoid", "Dropout", "Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze",
]);

const ELEMENTWISE = new Set(["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Mod", "BitShift"]);

export function inferNode(ctx: NodeContext): NodeInference {
  const op = ctx.node.opType;
  if (ctx.node.domain !== "" && ctx.node.domain !== "ai.onnx") return { unsupported: true };
  if (SHAPE_PRESERVING.has(op)) return { outputs: [{ shape: ctx.input(0).shape }], macs: 0 };
  if (ELEMENTWISE.has(op)) {
    const shapes = ctx.node.inputs.map((_, i) => ctx.input(i).shape);
    const values = ctx.node.inputs.length === 2 ? elementwiseValues(op, ctx.input(0).values, ctx.input(1).values) : undefined;
    return { outputs: [{ shape: broadcast(shapes), values }], macs: 0 };
  }
  switch (op) {
    case "Conv": return conv(ctx);
    case "ConvTranspose": return convTranspose(ctx);
    case "MaxPool": case "AveragePool": case "LpPool": return pool(ctx);
    case "GlobalAveragePool": case "GlobalMaxPool": case "GlobalLpPool": {
      const x = ctx.input(0).shape;
      return { outputs: [{ shape: [x[0], x[1], ...x.slice(2).map(() => 1)] }], macs: 0 };
    }
    case "BatchNormalization": {
      const x = ctx.input(0).shape;
      const c: Shape = [x[1]];
      return { outputs: [{ shape: x }, { shape: c }, { shape: c }, { shape: c }, { shape: c }], macs: 0 };
    }
    case "Dropout": return { outputs: [{ shape: ctx.input(0).shape }, { shape: ctx.input(0).shape }], macs: 0 };
    case "Identity": case "Cast": case "CastLike": return { outputs: [{ ...ctx.input(0) }], macs: 0 };
    case "Clip": return { outputs: [{ shape: ctx.input(0).shape }], macs: 0 };
    case "Gemm": {
      const a = ctx.input(0).shape;
      const b = ctx.input(1).shape;
      const [m, k] = ctx.int("transA", 0) ? [a[1], a[0]] : [a[0], a[1]];
      const n = ctx.int("transB", 0) ? b[0] : b[1];
      const macs = isNum(m) && isNum(k) && isNum(n) ? m * k * n : null;
      return { outputs: [{ shape: [m, n] }], macs };
    }
    case "MatMul": {
      const { shape, k } = matmulShape(ctx.input(0).shape, ctx.input(1).shape);
      const n = product(shape);
      return { outputs: [{ shape }], macs: n !== null && isNum(k) ? n * k : null };
    }
    case "Flatten": {
      const x = ctx.input(0).shape;
      const axis = ctx.int("axis", 1);
      const a = axis < 0 ? axis + x.length : axis;
      const left = product(x.slice(0, a));
      const right = product(x.slice(a));
      return { outputs: [{ shape: [left ?? UNKNOWN_DIM, right ?? UNKNOWN_DIM] }], macs: 0 };
    }
    case "Reshape": return reshape(ctx);
    case "Concat": {
      const inputs = ctx.node.inputs.map((_, i) => ctx.input(i));
      const rank = inputs[0].shape.length;
      const axis = normAxis(ctx.int("axis", 0), rank);
      const out = [...inputs[0].shape];
      let sum: Dim = 0;
      for (const t of inputs) sum = isNum(sum) && isNum(t.shape[axis]) ? sum + (t.shape[axis] as number) : UNKNOWN_DIM;
      out[axis] = sum;
      const values = rank === 1 && inputs.every((t) => t.values) ? inputs.flatMap((t) => t.values!) : undefined;
      return { outputs: [{ shape: out, values }], macs: 0 };
    }
    case "Transpose": {
      const x = ctx.input(0).shape;
      const perm = ctx.ints("perm") ?? x.map((_, i) => x.length - 1 - i);
      return { outputs: [{ shape: perm.map((p) => x[p]) }], macs: 0 };
    }
    case "Split": {
      const x = ctx.input(0).shape;
      const axis = normAxis(ctx.int("axis", 0), x.length);
      let sizes = ctx.opset >= 13 && ctx.has(1) ? ctx.values(1, "Split sizes") : ctx.ints("split");
      const count = ctx.node.outputs.length;
      if (!sizes || sizes.length === 0) {
        const total = x[axis];
        if (!isNum(total)) return { outputs: ctx.node.outputs.map(() => ({ shape: x.map((d, i) => (i === axis ? UNKNOWN_DIM : d)) })), macs: 0 };
        const chunk = Math.ceil(total / count);
        sizes = Array.from({ length: count }, (_, i) => Math.min(chunk, total - chunk * i));
      }
      return { outputs: sizes.map((s) => ({ shape: x.map((d, i) => (i === axis ? s : d)) })), macs: 0 };
    }
    case "Slice": return slice(ctx);
    case "Squeeze": {
      const t = ctx.input(0);
      const axes = axesFrom(ctx, 1)?.map((a) => normAxis(a, t.shape.length));
      const out = t.shape.filter((d, i) => (axes && axes.length ? !axes.includes(i) : d !== 1));
      return { outputs: [{ shape: out, values: t.values }], macs: 0 };
    }
    case "Unsqueeze": {
      const t = ctx.input(0);
      const axes = axesFrom(ctx, 1);
      if (!axes) throw new InferenceError("Unsqueeze axes are not known");
      const rank = t.shape.length + axes.length;
      const norm = axes.map((a) => normAxis(a, rank)).sort((a, b) => a - b);
      const out = [...t.shape];
      for (const a of norm) out.splice(a, 0, 1);
      return { outputs: [{ shape: out, values: t.values }], macs: 0 };
    }
    case "Shape": {
      const x = ctx.input(0).shape;
      const rank = x.length;
      const start = normClampAxis(ctx.int("start", 0), rank);
      const end = normClampAxis(ctx.int("end", rank), rank);
      const dims = x.slice(start, end);
      return { outputs: [{ shape: [dims.length], values: dims.every(isNum) ? (dims as number[]) : undefined }], macs: 0 };
    }
    case "Size": {
      const n = product(ctx.input(0).shape);
      return { outputs: [{ shape: [], values: n === null ? undefined : [n] }], macs: 0 };
    }
    case "Gather": {
      const data = ctx.input(0);
      const indices = ctx.input(1);
      const axis = normAxis(ctx.int("axis", 0), data.shape.length);
      const shape = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)];
      let values: number[] | undefined;
      if (data.values && indices.values && data.shape.length === 1) {
        const n = data.values.length;
        values = indices.values.map((i) => data.values![i < 0 ? i + n : i]);
      }
      return { outputs: [{ shape, values }], macs: 0 };
    }
    case "Constant": {
      const t = ctx.attr("value");
      if (t && typeof t === "object" && !Array.isArray(t)) {
        const tensor = t as OnnxTensor;
        return { outputs: [{ shape: tensor.dims, values: tensor.values }], macs: 0 };
      }
      for (const key of ["value_int", "value_float"]) {
        const v = ctx.attr(key);
        if (typeof v === "number") return { outputs: [{ shape: [], values: [v] }], macs: 0 };
      }
      for (const key of ["value_ints", "value_floats"]) {
        const v = ctx.ints(key);
        if (v) return { outputs: [{ shape: [v.length], values: v }], macs: 0 };
      }
      return { unsupported: true };
    }
    case "ConstantOfShape": {
      const shape = ctx.values(0, "ConstantOfShape shape");
      return { outputs: [{ shape }], macs: 0 };
    }
    case "Pad": {
      const x = ctx.input(0).shape;
      const pads = ctx.opset >= 11 ? ctx.values(1, "Pad amounts") : ctx.ints("pads") ?? ctx.ints("paddings");
      if (!pads) throw new InferenceError("Pad amounts are not known");
      const axes = ctx.opset >= 18 && ctx.has(3) ? ctx.values(3, "Pad axes").map((a) => normAxis(a, x.length)) : x.map((_, i) => i);
      const out = [...x];
      axes.forEach((a, i) => (out[a] = mapDim(x[a], (s) => s + pads[i] + pads[i + axes.length])));
      return { outputs: [{ shape: out }], macs: 0 };
    }
    case "Resize": case "Upsample": return resize(ctx);
    case "ReduceMean": case "ReduceSum": case "ReduceMax": case "ReduceMin": case "ReduceProd": case "ReduceL2": return reduce(ctx);
    case "Expand": {
      const target = ctx.values(1, "Expand shape");
      return { outputs: [{ shape: broadcast([ctx.input(0).shape, target]) }], macs: 0 };
    }
    case "Tile": {
      const repeats = ctx.values(1, "Tile repeats");
      return { outputs: [{ shape: ctx.input(0).shape.map((d, i) => mapDim(d, (n) => n * repeats[i])) }], macs: 0 };
    }
    case "TopK": {
      const x = ctx.input(0).shape;
      const axis = normAxis(ctx.int("axis", -1), x.length);
      const k = ctx.opset >= 10 ? ctx.values(1, "TopK k")[0] : ctx.int("k", 1);
      const out = x.map((d, i) => (i === axis ? k : d));
      return { outputs: [{ shape: out }, { shape: out }], macs: 0 };
    }
    case "ArgMax": case "ArgMin": {
      const x = ctx.input(0).shape;
      const axis = normAxis(ctx.int("axis", 0), x.length);
      const keep = ctx.int("keepdims", 1) === 1;
      const out: Shape = [];
      x.forEach((d, i) => (i === axis ? keep && out.push(1) : out.push(d)));
      return { outputs: [{ shape: out }], macs: 0 };
    }
    case "DepthToSpace": case "SpaceToDepth": {
      const [n, c, h, w] = ctx.input(0).shape;
      const b = ctx.int("blocksize", 1);
      const down = op === "SpaceToDepth";
      const scale = (d: Dim, f: (v: number) => number) => mapDim(d, f);
      return { outputs: [{ shape: [n, scale(c, (v) => (down ? v * b * b : v / (b * b))), scale(h, (v) => (down ? v / b : v * b)), scale(w, (v) => (down ? v / b : v * b))] }], macs: 0 };
    }
    case "Range": {
      const [start] = ctx.values(0, "Range start");
      const [limit] = ctx.values(1, "Range limit");
      const [delta] = ctx.values(2, "Range delta");
      const n = Math.max(Math.ceil((limit - start) / delta), 0);
      return { outputs: [{ shape: [n], values: n <= 1024 ? Array.from({ length: n }, (_, i) => start + i * delta) : undefined }], macs: 0 };
    }
    case "Where": {
      const shapes = [0, 1, 2].map((i) => ctx.input(i).shape);
      return { outputs: [{ shape: broadcast(shapes) }], macs: 0 };
    }
    default: return { unsupported: true };
  }
}

function normClampAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  return Math.min(Math.max(a, 0), rank);
}

export type { LayerReport };
