import type { Dim, GraphReport, LayerReport, Shape, TensorSummary } from "../report.js";
import { product, summarize } from "../report.js";
import type { InspectOptions } from "../options.js";
import type { OnnxModel, OnnxValueInfo } from "./model.js";
import { defaultOpset, FLOAT_TYPES, parseOnnx } from "./model.js";
import type { TensorFacts } from "./infer.js";
import { InferenceError, inferNode, NO_NEW_MEMORY, NodeContext } from "./infer.js";

/** Only the data output of these ops is an activation (the rest are indices, masks or running stats). */
const FIRST_OUTPUT_ONLY = new Set(["BatchNormalization", "Dropout", "MaxPool"]);

/** Where image inputs keep height and width: NCHW unless the channel-like dim (1 or 3) is last. */
function spatialAxes(shape: (Dim | null)[]): [number, number] {
  const last = shape[3];
  const second = shape[1];
  const isChannel = (d: Dim | null) => d === 1 || d === 3;
  return isChannel(last) && !isChannel(second) ? [1, 2] : [2, 3];
}

export function resolveInputShape(info: OnnxValueInfo | { name: string; shape: (Dim | null)[] | null }, options: InspectOptions, layout?: "nchw" | "nhwc"): Shape | null {
  if (!info.shape) return null;
  const shape: Shape = info.shape.map((d, i) => (d === null ? (i === 0 ? "batch" : "?") : d));
  if (shape.length > 0) {
    if (options.batch !== undefined) shape[0] = options.batch;
    else if (typeof shape[0] !== "number") shape[0] = 1;
  }
  if (options.inputSize && shape.length === 4) {
    const [h, w] = layout === "nhwc" ? [1, 2] : layout === "nchw" ? [2, 3] : spatialAxes(info.shape);
    shape[h] = options.inputSize[0];
    shape[w] = options.inputSize[1];
  }
  return shape;
}

export function inspectOnnxModel(model: OnnxModel, options: InspectOptions = {}): GraphReport {
  const source = options.source ?? "model.onnx";
  const opset = defaultOpset(model);
  const facts = new Map<string, TensorFacts>();
  /** For tensors that could not be inferred: the node that is the root cause. */
  const unknownRoot = new Map<string, { name: string; op: string }>();
  const initializers = new Map(model.initializers.map((t) => [t.name, t]));
  for (const t of model.initializers) facts.set(t.name, { shape: t.dims, values: t.values });
  // Some exporters (Paddle2ONNX) store weights as Constant nodes: float Constants of rank ≥ 1 count as weights too.
  // Rank-0 float Constants are hyperparameters (Clip bounds, epsilons), not parameters.
  const weights = new Map(initializers);
  for (const node of model.nodes) {
    const value = node.opType === "Constant" ? node.attributes.get("value") : undefined;
    if (value && typeof value === "object" && !Array.isArray(value) && FLOAT_TYPES.has(value.dataType) && value.dims.length > 0 && node.outputs[0]) {
      weights.set(node.outputs[0], { ...value, name: node.outputs[0] });
    }
  }

  const inputs: TensorSummary[] = [];
  for (const info of model.inputs) {
    if (initializers.has(info.name)) continue; // old exporters list initializers among the inputs
    const shape = resolveInputShape(info, options);
    inputs.push({ name: info.name, shape });
    if (shape) facts.set(info.name, { shape });
    else unknownRoot.set(info.name, { name: info.name, op: "input without shape" });
  }

  const consumed = new Set<string>();
  const layers: LayerReport[] = [];
  model.nodes.forEach((node, index) => {
    const name = node.name || `${node.opType}_${index}`;
    if (node.opType === "Constant" && node.outputs[0]) {
      // Constants are data, not layers: record their facts and leave them out of the layer list.
      const value = node.attributes.get("value");
      const result = inferNode(new NodeContext(node, [], opset));
      if (!("unsupported" in result) && result.outputs[0]) facts.set(node.outputs[0], result.outputs[0]);
      else unknownRoot.set(node.outputs[0], { name, op: value === undefined ? "Constant (sparse or unsupported value)" : "Constant" });
      return;
    }
    let params = 0;
    let nonTrainable = 0;
    node.inputs.forEach((input, i) => {
      const init = weights.get(input);
      if (!init || consumed.has(input) || !FLOAT_TYPES.has(init.dataType)) return;
      consumed.add(input);
      const n = init.dims.reduce((a, b) => a * b, 1);
      params += n;
      if (node.opType === "BatchNormalization" && (i === 3 || i === 4)) nonTrainable += n;
    });
    const layer: LayerReport = { name, op: node.opType, outputShape: null, params, nonTrainableParams: nonTrainable, macs: null, activationBytes: null, newMemory: !NO_NEW_MEMORY.has(node.opType) };
    layers.push(layer);

    const inputFacts = node.inputs.map((input) => (input === "" ? null : facts.get(input) ?? null));
    const blocked = node.inputs.find((input) => input !== "" && !facts.has(input));
    const markUnknown = (root: { name: string; op: string }, why: string) => {
      layer.unknown = why;
      for (const out of node.outputs) if (out) unknownRoot.set(out, root);
    };
    if (blocked !== undefined) {
      const root = unknownRoot.get(blocked);
      markUnknown(root ?? { name, op: node.opType }, root ? `downstream of unknown ${root.op} '${root.name}'` : `input '${blocked}' is produced by no node`);
      return;
    }
    let result;
    try {
      result = inferNode(new NodeContext(node, inputFacts, opset));
    } catch (error) {
      if (!(error instanceof InferenceError)) throw error;
      markUnknown({ name, op: node.opType }, `op not inferred: ${node.opType} (${error.message})`);
      return;
    }
    if ("unsupported" in result) {
      markUnknown({ name, op: node.opType }, `op not inferred: ${node.opType}${node.domain ? ` (domain ${node.domain})` : ""}`);
      return;
    }
    node.outputs.forEach((out, i) => {
      const f = result.outputs[i];
      if (out && f) facts.set(out, f);
    });
    const first = result.outputs[0];
    layer.outputShape = first ? first.shape : null;
    layer.macs = result.macs;
    const counted = FIRST_OUTPUT_ONLY.has(node.opType) ? [0] : node.outputs.map((_, i) => i);
    let bytes: number | null = 0;
    let shapeArithmetic = true;
    for (const i of counted) {
      const f = result.outputs[i];
      if (!node.outputs[i] || !f) continue;
      if (f.values === undefined) shapeArithmetic = false;
      const n = product(f.shape);
      bytes = bytes === null || n === null ? null : bytes + n * 4;
    }
    if (shapeArithmetic || node.opType === "Constant") {
      layer.activationBytes = 0;
      layer.newMemory = false;
    } else layer.activationBytes = bytes;
  });

  let unattached = 0;
  for (const t of weights.values()) if (!consumed.has(t.name) && FLOAT_TYPES.has(t.dataType)) unattached += t.dims.reduce((a, b) => a * b, 1);
  const outputs: TensorSummary[] = model.outputs.map((o) => ({ name: o.name, shape: facts.get(o.name)?.shape ?? null }));
  const batchDim = inputs[0]?.shape?.[0];
  return summarize("onnx", source, typeof batchDim === "number" ? batchDim : 1, inputs, outputs, layers, { params: unattached, nonTrainable: 0 }, options.optimizer);
}

export function inspectOnnx(bytes: Uint8Array, options: InspectOptions = {}): GraphReport {
  return inspectOnnxModel(parseOnnx(bytes, options.source ?? "model.onnx"), options);
}
