import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import * as ort from "onnxruntime-node";
import { EngineInputError, ModelRejectedError } from "../errors.js";
import { layoutOf, type Engine, type EngineInfo, type Feeds, type ModelDescription, type Outputs, type ResolvedOpenOptions, type TensorInfo } from "../types.js";
import { validateOnnx } from "./validate-onnx.js";
import { checkShape } from "../check-shape.js";

const ortVersion: string = createRequire(import.meta.url)("onnxruntime-node/package.json").version;

// Provider-load failures are reported in info.fallbacks; ORT's own logger would print them again as errors.
ort.env.logLevel = "fatal";

/** Device auto tries the accelerators first; the CPU provider ships in the package and always loads. */
const autoOrder = ["cuda", "webgpu", "cpu"] as const;

/**
 * Why device auto should not even try WebGPU here: Dawn prints a native Vulkan warning to stderr when it
 * probes a machine without a GPU, which would break the CLI's one-line output. An explicit
 * `--device webgpu` still tries, so the user sees the real reason.
 */
function webgpuUnavailable(): string | undefined {
  const render = existsSync("/dev/dri") && readdirSync("/dev/dri").some((name) => name.startsWith("renderD"));
  const nvidia = existsSync("/dev/nvidia0");
  if (process.platform === "linux" && !render && !nvidia) return "not tried: no GPU device on this machine (no /dev/dri/renderD*, no /dev/nvidia0)";
  return undefined;
}

/**
 * onnxruntime-node's CUDA provider is not in the npm package: its install script downloads it (skipped
 * offline). Without those libraries a CUDA attempt can only fail, and ORT logs the failure natively to stderr
 * whatever the log level, so device auto does not try it; `--device cuda` still does and reports ORT's reason.
 */
function cudaUnavailable(): string | undefined {
  const binding = createRequire(import.meta.url).resolve("onnxruntime-node");
  const packageRoot = binding.slice(0, binding.lastIndexOf("onnxruntime-node") + "onnxruntime-node".length);
  const libraries = join(packageRoot, "bin", "napi-v6", process.platform, process.arch);
  if (existsSync(libraries) && !readdirSync(libraries).some((name) => name.includes("providers_cuda"))) {
    return "not tried: this onnxruntime-node install has no CUDA provider libraries (they are downloaded at install time, which was skipped)";
  }
  return undefined;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();

export async function openOnnx(path: string, options: ResolvedOpenOptions): Promise<Engine> {
  const bytes = readFileSync(path);
  // Refuses garbage, escaping external-data paths and oversized tensors before ORT parses anything.
  const summary = validateOnnx(bytes, path, options);
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: options.graphOptimization,
    // ORT prints provider-load failures at error level; we report them ourselves in info.fallbacks.
    logSeverityLevel: 4,
  };
  if (options.threads > 0) sessionOptions.intraOpNumThreads = options.threads;
  const providers = options.device === "auto" ? autoOrder : [options.device];
  const fallbacks: EngineInfo["fallbacks"] = [];
  for (const provider of providers) {
    const skip = options.device !== "auto" ? undefined : provider === "webgpu" ? webgpuUnavailable() : provider === "cuda" ? cudaUnavailable() : undefined;
    if (skip) {
      fallbacks.push({ backend: provider, error: skip });
      continue;
    }
    try {
      // External data is found relative to the model path, so a model that has some is opened by path
      // (after validation); otherwise the bytes already read are used.
      const session =
        summary.externalFiles.length > 0
          ? await ort.InferenceSession.create(path, { ...sessionOptions, executionProviders: [provider] })
          : await ort.InferenceSession.create(bytes, { ...sessionOptions, executionProviders: [provider] });
      const info: EngineInfo = {
        engine: "onnxruntime-node",
        version: ortVersion,
        backend: provider,
        fallbacks,
        threads: options.threads,
        graphOptimization: options.graphOptimization,
      };
      return new OnnxEngine(path, session, info);
    } catch (error) {
      fallbacks.push({ backend: provider, error: firstLine(error) });
    }
  }
  // The bytes were well framed, so a CPU failure means ORT found the graph itself invalid (unknown op,
  // type mismatch …); an accelerator failure alone means the device is not there.
  const cpu = fallbacks.find((f) => f.backend === "cpu");
  if (cpu) throw new ModelRejectedError(path, `onnxruntime could not load the model: ${cpu.error}`);
  const tried = fallbacks.map((f) => `${f.backend}: ${f.error}`).join("; ");
  throw new EngineInputError(`${path}: device ${options.device} is not available (${tried})`);
}

const arrayTypes: Record<string, { new (n: number): unknown; name: string }> = {
  float32: Float32Array,
  float64: Float64Array,
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

function tensorInfo(meta: ort.InferenceSession.ValueMetadata): TensorInfo {
  if (!meta.isTensor) return { name: meta.name, dtype: "non-tensor", shape: [], layout: "unknown" };
  const shape = meta.shape.map((d) => (typeof d === "number" && d >= 0 ? d : typeof d === "string" && d !== "" ? d : "?"));
  return { name: meta.name, dtype: meta.type, shape, layout: layoutOf(shape) };
}

class OnnxEngine implements Engine {
  private readonly description: ModelDescription;

  constructor(readonly path: string, private readonly session: ort.InferenceSession, readonly info: EngineInfo) {
    this.description = {
      format: "onnx",
      inputs: session.inputMetadata.map(tensorInfo),
      outputs: session.outputMetadata.map(tensorInfo),
    };
  }

  describe(): ModelDescription {
    return this.description;
  }

  async run(feeds: Feeds): Promise<Outputs> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const input of this.description.inputs) {
      const feed = feeds[input.name];
      if (!feed) throw new EngineInputError(`missing input '${input.name}' (model inputs: ${this.description.inputs.map((i) => i.name).join(", ")})`);
      checkShape(input, feed.dims);
      const expected = arrayTypes[input.dtype];
      if (expected && !(feed.data instanceof expected)) {
        throw new EngineInputError(`input '${input.name}' is ${input.dtype}: pass a ${expected.name}, not a ${feed.data.constructor.name}`);
      }
      const elements = feed.dims.reduce((a, b) => a * b, 1);
      if (feed.data.length !== elements) {
        throw new EngineInputError(`input '${input.name}' has dims [${feed.dims.join(", ")}] (${elements} values) but ${feed.data.length} values were given`);
      }
      ortFeeds[input.name] = new ort.Tensor(input.dtype as ort.Tensor.Type, feed.data as ort.Tensor.DataType, feed.dims);
    }
    for (const name of Object.keys(feeds)) {
      if (!(name in ortFeeds)) throw new EngineInputError(`unknown input '${name}' (model inputs: ${this.description.inputs.map((i) => i.name).join(", ")})`);
    }
    const results = await this.session.run(ortFeeds);
    const outputs: Outputs = {};
    for (const [name, tensor] of Object.entries(results)) {
      outputs[name] = { dtype: tensor.type, dims: [...tensor.dims], data: tensor.data as Outputs[string]["data"] };
    }
    return outputs;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
