import { EngineInputError } from "./errors.js";

export type ModelFormat = "onnx" | "tfjs-graph" | "tfjs-layers";
export type Layout = "NCHW" | "NHWC" | "unknown";
/** Element types an engine can hand in or out; names follow onnxruntime's Tensor.type. */
export type DType = "float32" | "float16" | "float64" | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "bool" | "string";

export type TypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

export interface TensorInfo {
  name: string;
  dtype: DType | string;
  /** Fixed sizes as numbers; symbolic or unknown sizes as strings (the model's dim name, or "?"). */
  shape: (number | string)[];
  layout: Layout;
  /** Present (false) when the model does not declare this tensor's rank; `shape` is then empty. */
  shapeKnown?: false;
}

export interface ModelDescription {
  format: ModelFormat;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

export interface Tensor {
  dtype: DType | string;
  dims: number[];
  data: TypedArray;
}

export type Feeds = Record<string, { data: TypedArray; dims: number[] }>;
export type Outputs = Record<string, Tensor>;

export interface EngineInfo {
  engine: "onnxruntime-node" | "tensorflow.js";
  version: string;
  /** What actually runs the model: an ORT execution provider ("cpu", "cuda", "webgpu") or a TF.js backend. */
  backend: string;
  /** Each backend tried before `backend` and the error it failed with (device auto, or TF.js backend order). */
  fallbacks: { backend: string; error: string }[];
  threads?: number;
  graphOptimization?: GraphOptimization;
}

export interface Engine {
  readonly info: EngineInfo;
  readonly path: string;
  describe(): ModelDescription;
  run(feeds: Feeds): Promise<Outputs>;
  dispose(): Promise<void>;
}

export const devices = ["auto", "cpu", "cuda", "webgpu"] as const;
export type Device = (typeof devices)[number];
export const graphOptimizations = ["disabled", "basic", "extended", "all"] as const;
export type GraphOptimization = (typeof graphOptimizations)[number];
export const tfjsBackends = ["tensorflow", "wasm", "cpu"] as const;

export interface OpenOptions {
  device?: Device;
  /** Intra-op threads for ORT; 0 (default) lets the engine choose. */
  threads?: number;
  graphOptimization?: GraphOptimization;
  /** Force one TF.js backend instead of the tensorflow → wasm → cpu order. */
  tfjsBackend?: (typeof tfjsBackends)[number];
  /** Refuse any single declared tensor larger than this many bytes (default 2 GiB). */
  maxTensorBytes?: number;
  /** Refuse models whose declared weights total more than this many bytes (default 8 GiB). */
  maxTotalBytes?: number;
}

export type ResolvedOpenOptions = Required<Omit<OpenOptions, "tfjsBackend">> & Pick<OpenOptions, "tfjsBackend">;

/** Options cross the CLI and the sandbox's IPC channel, so they are checked here rather than trusted. */
export function resolveOpenOptions(options: OpenOptions = {}): ResolvedOpenOptions {
  const known = new Set(["device", "threads", "graphOptimization", "tfjsBackend", "maxTensorBytes", "maxTotalBytes"]);
  for (const key of Object.keys(options)) if (!known.has(key)) throw new EngineInputError(`unknown engine option '${key}'`);
  const device = options.device ?? "auto";
  if (!devices.includes(device)) throw new EngineInputError(`device must be one of ${devices.join("|")}, got '${device}'`);
  const graphOptimization = options.graphOptimization ?? "all";
  if (!graphOptimizations.includes(graphOptimization)) {
    throw new EngineInputError(`graph optimisation must be one of ${graphOptimizations.join("|")}, got '${graphOptimization}'`);
  }
  if (options.tfjsBackend !== undefined && !tfjsBackends.includes(options.tfjsBackend)) {
    throw new EngineInputError(`TF.js backend must be one of ${tfjsBackends.join("|")}, got '${options.tfjsBackend}'`);
  }
  const threads = options.threads ?? 0;
  if (!Number.isInteger(threads) || threads < 0 || threads > 1024) throw new EngineInputError(`threads must be an integer 0–1024, got ${threads}`);
  const positive = (name: string, value: number) => {
    if (!Number.isFinite(value) || value <= 0) throw new EngineInputError(`${name} must be a positive number, got ${value}`);
    return value;
  };
  return {
    device,
    threads,
    graphOptimization,
    tfjsBackend: options.tfjsBackend,
    maxTensorBytes: positive("maxTensorBytes", options.maxTensorBytes ?? 2 ** 31),
    maxTotalBytes: positive("maxTotalBytes", options.maxTotalBytes ?? 2 ** 33),
  };
}

/** A 4-D image tensor's layout guessed from where a channel-sized dimension (1, 3 or 4) sits. */
export function layoutOf(shape: (number | string)[]): Layout {
  if (shape.length !== 4) return "unknown";
  const channelLike = (d: number | string) => d === 1 || d === 3 || d === 4;
  if (channelLike(shape[1]!) && !channelLike(shape[3]!)) return "NCHW";
  if (channelLike(shape[3]!) && !channelLike(shape[1]!)) return "NHWC";
  return "unknown";
}
