import * as tf from "@tensorflow/tfjs";
import { EngineInputError, ModelRejectedError } from "../errors.js";
import { checkShape } from "../check-shape.js";
import { layoutOf, type Engine, type EngineInfo, type Feeds, type ModelDescription, type Outputs, type ResolvedOpenOptions, type TensorInfo, type TypedArray } from "../types.js";
import { readTfjsModel } from "./read-tfjs-model.js";
import { selectTfjsBackend } from "./tfjs-backend.js";

type SignatureEntry = { name?: string; dtype?: string; tensorShape?: { dim?: { size?: string | number }[]; unknownRank?: boolean } };

const signatureDtypes: Record<string, string> = { DT_FLOAT: "float32", DT_INT32: "int32", DT_BOOL: "bool", DT_STRING: "string", DT_UINT8: "uint8" };

function fromSignature(entry: SignatureEntry | undefined): (number | string)[] | undefined {
  if (!entry?.tensorShape || entry.tensorShape.unknownRank) return undefined;
  return (entry.tensorShape.dim ?? []).map((d) => {
    const size = Number(d.size);
    return Number.isInteger(size) && size >= 0 ? size : "?";
  });
}

function tensorInfoOf(name: string, shape: (number | string | null | undefined)[] | undefined, dtype: string | undefined, signature?: SignatureEntry): TensorInfo {
  const sized = shape?.map((d) => (typeof d === "number" && d >= 0 ? d : "?")) ?? fromSignature(signature);
  const dt = dtype ?? (signature?.dtype ? signatureDtypes[signature.dtype] : undefined) ?? "float32";
  return { name, dtype: dt, shape: sized ?? [], layout: layoutOf(sized ?? []), ...(sized ? {} : { shapeKnown: false }) };
}

export async function openTfjs(jsonPath: string, options: ResolvedOpenOptions, version = tf.version.tfjs): Promise<Engine> {
  const artifacts = readTfjsModel(jsonPath, options);
  const { backend, fallbacks } = await selectTfjsBackend(options);
  const json = artifacts.json as { signature?: { inputs?: Record<string, SignatureEntry>; outputs?: Record<string, SignatureEntry> } };
  const handler = tf.io.fromMemory({
    modelTopology: artifacts.modelTopology as tf.io.ModelArtifacts["modelTopology"],
    weightSpecs: artifacts.weightSpecs as tf.io.WeightsManifestEntry[],
    weightData: artifacts.weightData,
    format: artifacts.format,
    signature: json.signature,
  } as tf.io.ModelArtifacts);
  const engineInfo: EngineInfo = { engine: "tensorflow.js", version, backend, fallbacks, threads: 1 };
  try {
    if (artifacts.format === "graph-model") return new TfjsGraphEngine(jsonPath, await tf.loadGraphModel(handler), engineInfo, json.signature);
    return new TfjsLayersEngine(jsonPath, await tf.loadLayersModel(handler), engineInfo);
  } catch (error) {
    throw new ModelRejectedError(jsonPath, `TF.js could not load the model (${(error as Error).message.split("\n")[0]})`);
  }
}

const bySignatureName = (entries: Record<string, SignatureEntry> | undefined, name: string) =>
  entries ? Object.values(entries).find((e) => e.name === name || e.name === `${name}:0`) ?? entries[name] ?? entries[`${name}:0`] : undefined;

function toTensors(description: ModelDescription, feeds: Feeds): tf.Tensor[] {
  for (const name of Object.keys(feeds)) {
    if (!description.inputs.some((i) => i.name === name)) {
      throw new EngineInputError(`unknown input '${name}' (model inputs: ${description.inputs.map((i) => i.name).join(", ")})`);
    }
  }
  return description.inputs.map((input) => {
    const feed = feeds[input.name];
    if (!feed) throw new EngineInputError(`missing input '${input.name}' (model inputs: ${description.inputs.map((i) => i.name).join(", ")})`);
    checkShape(input, feed.dims);
    // Image inputs usually arrive as uint8; TF.js models take them in their declared dtype.
    const dtype = input.dtype === "int32" ? "int32" : input.dtype === "bool" ? "bool" : "float32";
    return tf.tensor(feed.data as Float32Array, feed.dims, dtype);
  });
}

async function collect(description: ModelDescription, result: tf.Tensor | tf.Tensor[]): Promise<Outputs> {
  const list = Array.isArray(result) ? result : [result];
  const outputs: Outputs = {};
  for (const [i, tensor] of list.entries()) {
    const name = description.outputs[i]?.name ?? `output_${i}`;
    outputs[name] = { dtype: tensor.dtype, dims: [...tensor.shape], data: (await tensor.data()) as TypedArray };
    tensor.dispose();
  }
  return outputs;
}

class TfjsGraphEngine implements Engine {
  private readonly description: ModelDescription;
  private dynamic = false;

  constructor(
    readonly path: string,
    private readonly model: tf.GraphModel,
    readonly info: EngineInfo,
    signature?: { inputs?: Record<string, SignatureEntry>; outputs?: Record<string, SignatureEntry> },
  ) {
    this.description = {
      format: "tfjs-graph",
      inputs: model.inputs.map((t) => tensorInfoOf(t.name, t.shape, t.dtype, bySignatureName(signature?.inputs, t.name))),
      outputs: model.outputs.map((t) => tensorInfoOf(t.name, t.shape, t.dtype, bySignatureName(signature?.outputs, t.name))),
    };
  }

  describe(): ModelDescription {
    return this.description;
  }

  async run(feeds: Feeds): Promise<Outputs> {
    const inputs = toTensors(this.description, feeds);
    const named: tf.NamedTensorMap = Object.fromEntries(this.description.inputs.map((input, i) => [input.name, inputs[i]!]));
    const outputNames = this.description.outputs.map((o) => o.name);
    try {
      if (!this.dynamic) {
        try {
          return await collect(this.description, this.model.execute(named, outputNames));
        } catch (error) {
          // Control-flow or dynamic-shape graphs only run through executeAsync; remember and switch.
          if (!/executeAsync|dynamic op/i.test((error as Error).message)) throw error;
          this.dynamic = true;
        }
      }
      return await collect(this.description, await this.model.executeAsync(named, outputNames));
    } finally {
      for (const t of inputs) t.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.model.dispose();
  }
}

class TfjsLayersEngine implements Engine {
  private readonly description: ModelDescription;

  constructor(readonly path: string, private readonly model: tf.LayersModel, readonly info: EngineInfo) {
    this.description = {
      format: "tfjs-layers",
      inputs: model.inputs.map((t) => tensorInfoOf(t.name, t.shape, t.dtype)),
      outputs: model.outputs.map((t) => tensorInfoOf(t.name, t.shape, t.dtype)),
    };
  }

  describe(): ModelDescription {
    return this.description;
  }

  async run(feeds: Feeds): Promise<Outputs> {
    const inputs = toTensors(this.description, feeds);
    try {
      return await collect(this.description, this.model.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor | tf.Tensor[]);
    } finally {
      for (const t of inputs) t.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.model.dispose();
  }
}
