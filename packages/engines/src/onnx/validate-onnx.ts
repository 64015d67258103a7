import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { ModelRejectedError } from "../errors.js";
import { decodeInt64s, decodeString, fields, FramingError, WireType, type Field } from "./protobuf-reader.js";

// Field numbers from onnx.proto3 (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto).
const Model = { irVersion: 1, graph: 7, opsetImport: 8 } as const;
const Graph = { node: 1, initializer: 5, sparseInitializer: 15 } as const;
const Node = { attribute: 5 } as const;
const Attribute = { tensor: 5, graph: 6, tensors: 10, graphs: 11, sparseTensor: 22, sparseTensors: 23 } as const;
const Tensor = { dims: 1, dataType: 2, name: 8, rawData: 9, externalData: 13, dataLocation: 14 } as const;
const SparseTensor = { values: 1, indices: 2 } as const;
const StringEntry = { key: 1, value: 2 } as const;

/** Bytes per element for TensorProto.DataType (4-bit types rounded up to a byte; strings counted as 1). */
const elementBytes: Record<number, number> = {
  1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 8: 1, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 14: 8, 15: 16, 16: 2,
  17: 1, 18: 1, 19: 1, 20: 1, 21: 1, 22: 1, 23: 1,
};

export interface OnnxLimits {
  maxTensorBytes: number;
  maxTotalBytes: number;
}

export interface OnnxFileSummary {
  irVersion: number;
  initializers: number;
  declaredBytes: number;
  /** Resolved paths of external-data files, all inside the model's folder. */
  externalFiles: string[];
}

interface Walk {
  bytes: Uint8Array;
  file: string;
  folder: string;
  limits: OnnxLimits;
  summary: OnnxFileSummary;
}

/**
 * Checks that `bytes` is a well-framed ONNX ModelProto before anything hands it to onnxruntime: every length
 * stays inside its parent message, the graph is present, every declared tensor is allocatable under the
 * limits, and every external-data `location` resolves inside the model's folder (no absolute paths, no `..`,
 * no symlink leading out). Throws ModelRejectedError naming the file.
 */
export function validateOnnx(bytes: Uint8Array, file: string, limits: OnnxLimits): OnnxFileSummary {
  const walk: Walk = {
    bytes,
    file,
    folder: dirname(resolve(file)),
    limits,
    summary: { irVersion: 0, initializers: 0, declaredBytes: 0, externalFiles: [] },
  };
  if (bytes.length === 0) throw new ModelRejectedError(file, "empty file, not an ONNX model");
  let graphs = 0;
  try {
    for (const field of fields(bytes)) {
      if (field.number === Model.irVersion) {
        if (field.wireType !== WireType.varint) throw new FramingError("ir_version is not a varint");
        walk.summary.irVersion = Number(field.varint);
      } else if (field.number === Model.graph) {
        expectMessage(field, "graph");
        graphs++;
        walkGraph(walk, field);
      }
    }
  } catch (error) {
    if (error instanceof FramingError) {
      throw new ModelRejectedError(file, `not a valid ONNX model (truncated or corrupt protobuf: ${error.message})`);
    }
    throw error;
  }
  if (walk.summary.irVersion <= 0 || graphs !== 1) {
    throw new ModelRejectedError(file, `not an ONNX model (no ${graphs === 1 ? "ir_version" : "graph"} in the ModelProto)`);
  }
  return walk.summary;
}

function expectMessage(field: Field, what: string): void {
  if (field.wireType !== WireType.lengthDelimited) throw new FramingError(`${what} (field ${field.number}) is not a message`);
}

function walkGraph(walk: Walk, graph: Field): void {
  for (const field of fields(walk.bytes, graph.start, graph.end)) {
    if (field.number === Graph.initializer) {
      expectMessage(field, "initializer");
      walkTensor(walk, field);
    } else if (field.number === Graph.sparseInitializer) {
      expectMessage(field, "sparse_initializer");
      walkSparseTensor(walk, field);
    } else if (field.number === Graph.node) {
      expectMessage(field, "node");
      walkNode(walk, field);
    }
  }
}

function walkNode(walk: Walk, node: Field): void {
  for (const field of fields(walk.bytes, node.start, node.end)) {
    if (field.number !== Node.attribute) continue;
    expectMessage(field, "attribute");
    // Constant nodes and control-flow subgraphs carry tensors (possibly external) inside attributes.
    for (const attr of fields(walk.bytes, field.start, field.end)) {
      if (attr.number === Attribute.tensor || attr.number === Attribute.tensors) {
        expectMessage(attr, "attribute tensor");
        walkTensor(walk, attr);
      } else if (attr.number === Attribute.graph || attr.number === Attribute.graphs) {
        expectMessage(attr, "attribute graph");
        walkGraph(walk, attr);
      } else if (attr.number === Attribute.sparseTensor || attr.number === Attribute.sparseTensors) {
        expectMessage(attr, "attribute sparse tensor");
        walkSparseTensor(walk, attr);
      }
    }
  }
}

function walkSparseTensor(walk: Walk, sparse: Field): void {
  for (const field of fields(walk.bytes, sparse.start, sparse.end)) {
    if (field.number === SparseTensor.values || field.number === SparseTensor.indices) {
      expectMessage(field, "sparse tensor part");
      walkTensor(walk, field);
    }
  }
}

function walkTensor(walk: Walk, tensor: Field): void {
  const dims: bigint[] = [];
  let dataType = 0;
  let name = "";
  let external = false;
  let location: string | undefined;
  for (const field of fields(walk.bytes, tensor.start, tensor.end)) {
    if (field.number === Tensor.dims) dims.push(...decodeInt64s(walk.bytes, field));
    else if (field.number === Tensor.dataType && field.wireType === WireType.varint) dataType = Number(field.varint);
    else if (field.number === Tensor.name && field.wireType === WireType.lengthDelimited) name = decodeString(walk.bytes, field);
    else if (field.number === Tensor.dataLocation && field.wireType === WireType.varint) external = field.varint === 1n;
    else if (field.number === Tensor.externalData) {
      expectMessage(field, "external_data entry");
      let key = "";
      let value = "";
      for (const entry of fields(walk.bytes, field.start, field.end)) {
        if (entry.number === StringEntry.key) key = decodeString(walk.bytes, entry);
        else if (entry.number === StringEntry.value) value = decodeString(walk.bytes, entry);
      }
      if (key === "location") location = value;
    }
  }
  walk.summary.initializers++;
  const label = name ? `tensor '${name}'` : "an unnamed tensor";
  let elements = 1n;
  for (const d of dims) {
    if (d < 0n) throw new ModelRejectedError(walk.file, `${label} declares a negative dimension (${d})`);
    elements *= d;
  }
  const bytes = elements * BigInt(elementBytes[dataType] ?? 1);
  if (bytes > BigInt(walk.limits.maxTensorBytes)) {
    throw new ModelRejectedError(
      walk.file,
      `${label} declares ${bytes} bytes (dims [${dims.join(", ")}]), over the ${walk.limits.maxTensorBytes}-byte limit per tensor`,
    );
  }
  walk.summary.declaredBytes += Number(bytes);
  if (walk.summary.declaredBytes > walk.limits.maxTotalBytes) {
    throw new ModelRejectedError(walk.file, `declared tensors total over the ${walk.limits.maxTotalBytes}-byte limit`);
  }
  if (external || location !== undefined) {
    if (location === undefined) throw new ModelRejectedError(walk.file, `${label} has external data but no location`);
    walk.summary.externalFiles.push(checkExternalLocation(walk, label, location));
  }
}

/** An external-data path must name a file inside the model's folder, after following symlinks. */
function checkExternalLocation(walk: Walk, label: string, location: string): string {
  const refuse = (why: string) => new ModelRejectedError(walk.file, `${label} external data location '${location}' ${why}`);
  if (location === "" || location.includes("\0")) throw refuse("is empty or contains a NUL byte");
  if (isAbsolute(location) || /^[a-zA-Z]:[\\/]/.test(location)) throw refuse("is absolute; it must be relative to the model's folder");
  if (location.split(/[\\/]/).includes("..")) throw refuse("contains '..'; it must stay inside the model's folder");
  const target = resolve(walk.folder, location);
  if (!existsSync(target)) throw refuse("does not exist");
  const realFolder = realpathSync(walk.folder);
  const realTarget = realpathSync(target);
  const rel = relative(realFolder, realTarget);
  if (rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) throw refuse("is a symlink leading outside the model's folder");
  if (!statSync(realTarget).isFile()) throw refuse("is not a regular file");
  return realTarget;
}
