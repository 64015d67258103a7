import { ModelFormatError } from "../errors.js";
import type { InspectOptions } from "../options.js";
import type { Dim, GraphReport, LayerReport, Shape, TensorSummary } from "../report.js";
import { product, summarize } from "../report.js";
import { resolveInputShape } from "../onnx/inspect.js";

/** One layer of a Keras/TF.js layers topology (the JSON of `model.toJSON()` or a layers-model model.json). */
interface LayerJson {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown[];
}

class LayerInferenceError extends Error {}

type Config = Record<string, unknown>;

const num = (c: Config, key: string, fallback: number): number => (typeof c[key] === "number" ? (c[key] as number) : fallback);
const pair = (c: Config, key: string, fallback: [number, number]): [number, number] => {
  const v = c[key];
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  return fallback;
};
const isNum = (d: Dim): d is number => typeof d === "number";

function channelsLast(c: Config): void {
  if (c.data_format !== undefined && c.data_format !== "channels_last") throw new LayerInferenceError(`data_format ${String(c.data_format)} is not inferred`);
}

/** Keras "valid"/"same" window output (TF semantics). */
function windowOut(size: Dim, kernel: number, stride: number, dilation: number, padding: string): Dim {
  if (!isNum(size)) return "?";
  if (padding === "same") return Math.ceil(size / stride);
  const effective = (kernel - 1) * dilation + 1;
  return Math.floor((size - effective) / stride) + 1;
}

interface LayerResult {
  outputs: Shape[];
  params: number;
  nonTrainable: number;
  macs: number;
  newMemory: boolean;
}

const IN_PLACE = new Set(["Activation", "ReLU", "LeakyReLU", "Dropout", "SpatialDropout2D", "GaussianNoise", "AlphaDropout", "Flatten", "Reshape"]);
const PRESERVING = new Set(["Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax", "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "LayerNormalization", "Masking"]);
const MERGE = new Set(["Add", "Multiply", "Average", "Maximum", "Minimum", "Subtract"]);

function inferLayer(layer: LayerJson, inputs: Shape[]): LayerResult {
  const c = layer.config;
  const x = inputs[0];
  const result = (outputs: Shape[], params = 0, macs = 0, nonTrainable = 0): LayerResult => ({ outputs, params, nonTrainable, macs, newMemory: !IN_PLACE.has(layer.class_name) });
  const useBias = c.use_bias !== false;
  const cls = layer.class_name;
  if (PRESERVING.has(cls)) {
    let params = 0;
    if (cls === "PReLU") params = product(x.slice(1)) ?? 0;
    if (cls === "LayerNormalization") params = (Number(x[x.length - 1]) || 0) * ((c.center !== false ? 1 : 0) + (c.scale !== false ? 1 : 0));
    return result([x], params);
  }
  if (MERGE.has(cls)) return result([x]);
  switch (cls) {
    case "Conv2D": {
      channelsLast(c);
      const filters = num(c, "filters", 0);
      const [kh, kw] = pair(c, "kernel_size", [1, 1]);
      const [sh, sw] = pair(c, "strides", [1, 1]);
      const [dh, dw] = pair(c, "dilation_rate", [1, 1]);
      const padding = String(c.padding ?? "valid");
      const cin = x[3];
      if (!isNum(cin)) throw new LayerInferenceError("input channels unknown");
      const groups = num(c, "groups", 1);
      const out: Shape = [x[0], windowOut(x[1], kh, sh, dh, padding), windowOut(x[2], kw, sw, dw, padding), filters];
      const n = product(out);
      return result([out], kh * kw * (cin / groups) * filters + (useBias ? filters : 0), n === null ? NaN : n * kh * kw * (cin / groups));
    }
    case "DepthwiseConv2D": {
      channelsLast(c);
      const multiplier = num(c, "depth_multiplier", 1);
      const [kh, kw] = pair(c, "kernel_size", [1, 1]);
      const [sh, sw] = pair(c, "strides", [1, 1]);
      const [dh, dw] = pair(c, "dilation_rate", [1, 1]);
      const padding = String(c.padding ?? "valid");
      const cin = x[3];
      if (!isNum(cin)) throw new LayerInferenceError("input channels unknown");
      const out: Shape = [x[0], windowOut(x[1], kh, sh, dh, padding), windowOut(x[2], kw, sw, dw, padding), cin * multiplier];
      const n = product(out);
      return result([out], kh * kw * cin * multiplier + (useBias ? cin * multiplier : 0), n === null ? NaN : n * kh * kw);
    }
    case "SeparableConv2D": {
      channelsLast(c);
      const multiplier = num(c, "depth_multiplier", 1);
      const filters = num(c, "filters", 0);
      const [kh, kw] = pair(c, "kernel_size", [1, 1]);
      const [sh, sw] = pair(c, "strides", [1, 1]);
      const [dh, dw] = pair(c, "dilation_rate", [1, 1]);
      const padding = String(c.padding ?? "valid");
      const cin = x[3];
      if (!isNum(cin)) throw new LayerInferenceError("input channels unknown");
      const spatial: Shape = [x[0], windowOut(x[1], kh, sh, dh, padding), windowOut(x[2], kw, sw, dw, padding)];
      const depthOut = product([...spatial, cin * multiplier]);
      const out: Shape = [...spatial, filters];
      const n = product(out);
      const macs = depthOut === null || n === null ? NaN : depthOut * kh * kw + n * cin * multiplier;
      return result([out], kh * kw * cin * multiplier + cin * multiplier * filters + (useBias ? filters : 0), macs);
    }
    case "Conv2DTranspose": {
      channelsLast(c);
      const filters = num(c, "filters", 0);
      const [kh, kw] = pair(c, "kernel_size", [1, 1]);
      const [sh, sw] = pair(c, "strides", [1, 1]);
      const padding = String(c.padding ?? "valid");
      const cin = x[3];
      if (!isNum(cin)) throw new LayerInferenceError("input channels unknown");
      const up = (size: Dim, k: number, s: number): Dim => (!isNum(size) ? "?" : padding === "same" ? size * s : size * s + Math.max(k - s, 0));
      const out: Shape = [x[0], up(x[1], kh, sh), up(x[2], kw, sw), filters];
      const n = product(x);
      return result([out], kh * kw * cin * filters + (useBias ? filters : 0), n === null ? NaN : n * kh * kw * filters);
    }
    case "Dense": {
      const units = num(c, "units", 0);
      const fanIn = x[x.length - 1];
      if (!isNum(fanIn)) throw new LayerInferenceError("input features unknown");
      const out: Shape = [...x.slice(0, -1), units];
      const n = product(out);
      return result([out], fanIn * units + (useBias ? units : 0), n === null ? NaN : n * fanIn);
    }
    case "BatchNormalization": {
      const axis = num(c, "axis", -1);
      const channels = x[axis < 0 ? axis + x.length : axis];
      if (!isNum(channels)) throw new LayerInferenceError("normalized axis size unknown");
      const affine = (c.center !== false ? 1 : 0) + (c.scale !== false ? 1 : 0);
      return result([x], channels * (affine + 2), 0, channels * 2);
    }
    case "MaxPooling2D": case "AveragePooling2D": {
      channelsLast(c);
      const [ph, pw] = pair(c, "pool_size", [2, 2]);
      const [sh, sw] = c.strides == null ? [ph, pw] : pair(c, "strides", [ph, pw]);
      const padding = String(c.padding ?? "valid");
      return result([[x[0], windowOut(x[1], ph, sh, 1, padding), windowOut(x[2], pw, sw, 1, padding), x[3]]]);
    }
    case "GlobalAveragePooling2D": case "GlobalMaxPooling2D":
      channelsLast(c);
      return result([c.keepdims === true ? [x[0], 1, 1, x[3]] : [x[0], x[3]]]);
    case "Flatten": {
      const n = product(x.slice(1));
      return result([[x[0], n ?? "?"]]);
    }
    case "Reshape": {
      const target = (c.target_shape as number[]) ?? [];
      const out: Shape = [x[0], ...target];
      const missing = out.indexOf(-1);
      if (missing > 0) {
        const total = product(x.slice(1));
        const known = product(target.filter((d) => d !== -1));
        out[missing] = total !== null && known ? total / known : "?";
      }
      return result([out]);
    }
    case "ZeroPadding2D": {
      channelsLast(c);
      const p = c.padding;
      let [top, bottom, left, right] = [1, 1, 1, 1];
      if (typeof p === "number") [top, bottom, left, right] = [p, p, p, p];
      else if (Array.isArray(p) && Array.isArray(p[0])) [[top, bottom], [left, right]] = p as [[number, number], [number, number]];
      else if (Array.isArray(p)) [top, bottom, left, right] = [p[0], p[0], p[1], p[1]];
      const add = (d: Dim, n: number): Dim => (isNum(d) ? d + n : "?");
      return result([[x[0], add(x[1], top + bottom), add(x[2], left + right), x[3]]]);
    }
    case "Cropping2D": {
      const p = (c.cropping as [[number, number], [number, number]]) ?? [[0, 0], [0, 0]];
      const sub = (d: Dim, n: number): Dim => (isNum(d) ? d - n : "?");
      return result([[x[0], sub(x[1], p[0][0] + p[0][1]), sub(x[2], p[1][0] + p[1][1]), x[3]]]);
    }
    case "UpSampling2D": {
      const [sh, sw] = pair(c, "size", [2, 2]);
      return result([[x[0], isNum(x[1]) ? x[1] * sh : "?", isNum(x[2]) ? x[2] * sw : "?", x[3]]]);
    }
    case "Concatenate": {
      const axis = num(c, "axis", -1);
      const a = axis < 0 ? axis + x.length : axis;
      const out = [...x];
      out[a] = inputs.reduce<Dim>((sum, s) => (isNum(sum) && isNum(s[a]) ? sum + s[a] : "?"), 0);
      return result([out]);
    }
    default:
      throw new LayerInferenceError(`op not inferred: ${cls}`);
  }
}

function parseInbound(raw: unknown, what: string): [string, number, number][][] {
  if (!Array.isArray(raw)) return [];
  return raw.map((node) => {
    if (!Array.isArray(node)) throw new ModelFormatError(`${what}: unsupported inbound_nodes format (expected Keras 2 lists)`);
    return node.map((ref) => {
      if (!Array.isArray(ref) || typeof ref[0] !== "string") throw new ModelFormatError(`${what}: unsupported inbound_nodes entry`);
      return [ref[0], Number(ref[1] ?? 0), Number(ref[2] ?? 0)] as [string, number, number];
    });
  });
}

/**
 * Inspects a Keras/TF.js layers topology. Accepts the `modelTopology` of a layers-model model.json, the
 * whole model.json, or the object returned by `tf.LayersModel.toJSON(null, false)`. Needs no weights: params
 * come from layer configs and input shapes.
 */
export function inspectLayersTopology(topologyOrModelJson: unknown, options: InspectOptions = {}): GraphReport {
  const source = options.source ?? "model.json";
  const top = (topologyOrModelJson as { modelTopology?: unknown })?.modelTopology ?? topologyOrModelJson;
  const root = ((top as { model_config?: unknown })?.model_config ?? top) as { class_name?: string; config?: unknown };
  if (!root || typeof root !== "object" || typeof root.class_name !== "string") throw new ModelFormatError(`${source}: not a layers-model topology (no class_name)`);
  const config = root.config as { layers?: LayerJson[]; input_layers?: unknown[]; output_layers?: unknown[] } | LayerJson[];
  const layersJson: LayerJson[] = Array.isArray(config) ? config : config?.layers ?? [];
  if (!Array.isArray(layersJson) || layersJson.length === 0) throw new ModelFormatError(`${source}: layers-model topology has no layers`);
  const sequential = root.class_name === "Sequential";

  const tensors = new Map<string, Shape | null>(); // `${layer}:${node}:${index}` → shape (null = unknown)
  const unknownRoot = new Map<string, { name: string; op: string }>();
  const inputs: TensorSummary[] = [];
  const layers: LayerReport[] = [];
  const counted = new Set<string>();
  let previous: string | null = null;

  const addInput = (name: string, batchInputShape: unknown) => {
    if (!Array.isArray(batchInputShape)) throw new ModelFormatError(`${source}: input layer '${name}' has no batch_input_shape`);
    const shape = resolveInputShape({ name, shape: batchInputShape.map((d) => (typeof d === "number" ? d : null)) }, options, "nhwc");
    inputs.push({ name, shape });
    return shape;
  };

  layersJson.forEach((layer, index) => {
    const name = layer.name ?? String(layer.config.name ?? `${layer.class_name}_${index}`);
    if (layer.class_name === "InputLayer") {
      tensors.set(`${name}:0:0`, addInput(name, layer.config.batch_input_shape ?? layer.config.batch_shape));
      previous = `${name}:0:0`;
      return;
    }
    let calls: string[][];
    if (sequential) {
      if (previous === null) {
        const inputName = `${name}_input`;
        tensors.set(`${inputName}:0:0`, addInput(inputName, layer.config.batch_input_shape));
        previous = `${inputName}:0:0`;
      }
      calls = [[previous!]];
    } else {
      calls = parseInbound(layer.inbound_nodes, source).map((node) => node.map(([l, n, t]) => `${l}:${n}:${t}`));
    }
    calls.forEach((refs, nodeIndex) => {
      const report: LayerReport = { name: calls.length > 1 ? `${name}#${nodeIndex}` : name, op: layer.class_name, outputShape: null, params: 0, nonTrainableParams: 0, macs: null, activationBytes: null, newMemory: !IN_PLACE.has(layer.class_name) };
      layers.push(report);
      const outKey = `${name}:${nodeIndex}:0`;
      previous = outKey;
      const blocked = refs.find((r) => !tensors.get(r));
      if (blocked !== undefined) {
        const rootCause = unknownRoot.get(blocked);
        report.unknown = rootCause ? `downstream of unknown ${rootCause.op} '${rootCause.name}'` : `input '${blocked}' is produced by no layer`;
        unknownRoot.set(outKey, rootCause ?? { name, op: layer.class_name });
        return;
      }
      try {
        const r = inferLayer(layer, refs.map((ref) => tensors.get(ref)!));
        if (!counted.has(name)) {
          counted.add(name);
          report.params = r.params;
          report.nonTrainableParams = r.nonTrainable;
          if (layer.config.trainable === false) report.nonTrainableParams = r.params;
        }
        report.outputShape = r.outputs[0];
        report.macs = Number.isNaN(r.macs) ? null : r.macs;
        const n = product(r.outputs[0]);
        report.activationBytes = n === null ? null : n * 4;
        r.outputs.forEach((s, i) => tensors.set(`${name}:${nodeIndex}:${i}`, s));
      } catch (error) {
        if (!(error instanceof LayerInferenceError)) throw error;
        report.unknown = error.message.startsWith("op not inferred") ? error.message : `op not inferred: ${layer.class_name} (${error.message})`;
        unknownRoot.set(outKey, { name, op: layer.class_name });
      }
    });
  });

  let outputKeys: string[];
  if (sequential) outputKeys = previous ? [previous] : [];
  else outputKeys = ((config as { output_layers?: unknown[] }).output_layers ?? []).map((o) => {
    const [l, n, t] = o as [string, number, number];
    return `${l}:${n}:${t}`;
  });
  const outputs: TensorSummary[] = outputKeys.map((k) => ({ name: k.split(":")[0], shape: tensors.get(k) ?? null }));
  const batchDim = inputs[0]?.shape?.[0];
  return summarize("tfjs-layers", source, typeof batchDim === "number" ? batchDim : 1, inputs, outputs, layers, { params: 0, nonTrainable: 0 }, options.optimizer);
}
