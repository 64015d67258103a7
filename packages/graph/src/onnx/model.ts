import { ModelFormatError } from "../errors.js";
import { fields, pushFloats, pushInts, utf8, WireType } from "./protobuf.js";

/** A dim is a number, or the name of a symbolic dim (ONNX dim_param), or null when the file leaves it blank. */
export type OnnxDim = number | string | null;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** Where the data is: inline (raw_data or typed fields), external (a side file), or absent. */
  storage: "inline" | "external" | "none";
  /** Decoded values, kept only for small numeric tensors (shape arguments, axes, scales). */
  values?: number[];
}

export type OnnxAttributeValue = number | string | number[] | string[] | OnnxTensor | OnnxTensor[] | null;

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttributeValue>;
}

export interface OnnxValueInfo {
  name: string;
  elemType: number;
  /** null when the type carries no shape at all. */
  shape: OnnxDim[] | null;
}

export interface OnnxModel {
  irVersion: number;
  producer: string;
  opsets: { domain: string; version: number }[];
  graphName: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
}

export const OnnxDataType = {
  FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, COMPLEX64: 14, COMPLEX128: 15, BFLOAT16: 16,
} as const;

export const FLOAT_TYPES: ReadonlySet<number> = new Set([OnnxDataType.FLOAT, OnnxDataType.FLOAT16, OnnxDataType.DOUBLE, OnnxDataType.BFLOAT16]);

/** Tensors up to this many elements have their values decoded: enough for shapes, axes and scales. */
const MAX_DECODED_ELEMENTS = 1024;

function decodeTensor(bytes: Uint8Array, what: string): OnnxTensor {
  const tensor: OnnxTensor = { name: "", dims: [], dataType: 0, storage: "none" };
  const typed: number[] = [];
  let raw: Uint8Array | null = null;
  let external = false;
  for (const f of fields(bytes, what)) {
    switch (f.number) {
      case 1: pushInts(tensor.dims, f, what); break;
      case 2: tensor.dataType = f.value; break;
      case 4: pushFloats(typed, f, what); break;
      case 5: case 7: case 11: pushInts(typed, f, what); break;
      case 10:
        if (f.wireType === WireType.fixed64) typed.push(f.value);
        else for (let i = 0; i + 8 <= f.bytes.length; i += 8) typed.push(new DataView(f.bytes.buffer, f.bytes.byteOffset + i, 8).getFloat64(0, true));
        break;
      case 8: tensor.name = utf8(f.bytes); break;
      case 9: raw = f.bytes; break;
      case 13: external = true; break;
      case 14: if (f.value === 1) external = true; break;
      default: break;
    }
  }
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if (external) tensor.storage = "external";
  else if (raw !== null || typed.length > 0) tensor.storage = "inline";
  if (tensor.storage === "inline" && count <= MAX_DECODED_ELEMENTS) {
    if (raw !== null) tensor.values = decodeRaw(raw, tensor.dataType, count);
    else if (typed.length === count) tensor.values = typed;
  }
  return tensor;
}

function decodeRaw(raw: Uint8Array, dataType: number, count: number): number[] | undefined {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  const read = (size: number, get: (offset: number) => number): number[] | undefined => {
    if (raw.byteLength !== size * count) return undefined;
    for (let i = 0; i < count; i++) out.push(get(i * size));
    return out;
  };
  switch (dataType) {
    case OnnxDataType.FLOAT: return read(4, (o) => view.getFloat32(o, true));
    case OnnxDataType.DOUBLE: return read(8, (o) => view.getFloat64(o, true));
    case OnnxDataType.INT64: return read(8, (o) => Number(view.getBigInt64(o, true)));
    case OnnxDataType.UINT64: return read(8, (o) => Number(view.getBigUint64(o, true)));
    case OnnxDataType.INT32: return read(4, (o) => view.getInt32(o, true));
    case OnnxDataType.UINT32: return read(4, (o) => view.getUint32(o, true));
    case OnnxDataType.INT16: return read(2, (o) => view.getInt16(o, true));
    case OnnxDataType.UINT16: return read(2, (o) => view.getUint16(o, true));
    case OnnxDataType.INT8: return read(1, (o) => view.getInt8(o));
    case OnnxDataType.UINT8: case OnnxDataType.BOOL: return read(1, (o) => view.getUint8(o));
    default: return undefined;
  }
}

function decodeAttribute(bytes: Uint8Array, what: string): [string, OnnxAttributeValue] {
  let name = "";
  let type = 0;
  let f32: number | null = null;
  let i64: number | null = null;
  let s: string | null = null;
  let t: OnnxTensor | null = null;
  const floats: number[] = [];
  const ints: number[] = [];
  const strings: string[] = [];
  const tensors: OnnxTensor[] = [];
  for (const f of fields(bytes, what)) {
    switch (f.number) {
      case 1: name = utf8(f.bytes); break;
      case 20: type = f.value; break;
      case 2: f32 = f.value; break;
      case 3: i64 = f.value; break;
      case 4: s = utf8(f.bytes); break;
      case 5: t = decodeTensor(f.bytes, what); break;
      case 7: pushFloats(floats, f, what); break;
      case 8: pushInts(ints, f, what); break;
      case 9: strings.push(utf8(f.bytes)); break;
      case 10: tensors.push(decodeTensor(f.bytes, what)); break;
      default: break;
    }
  }
  switch (type) {
    case 1: return [name, f32 ?? 0];
    case 2: return [name, i64 ?? 0];
    case 3: return [name, s ?? ""];
    case 4: return [name, t];
    case 6: return [name, floats];
    case 7: return [name, ints];
    case 8: return [name, strings];
    case 9: return [name, tensors];
    default:
      // Files written before `type` existed: infer it from whichever field is present.
      if (f32 !== null) return [name, f32];
      if (i64 !== null) return [name, i64];
      if (s !== null) return [name, s];
      if (t !== null) return [name, t];
      if (ints.length) return [name, ints];
      if (floats.length) return [name, floats];
      if (strings.length) return [name, strings];
      return [name, null];
  }
}

function decodeNode(bytes: Uint8Array, what: string): OnnxNode {
  const node: OnnxNode = { name: "", opType: "", domain: "", inputs: [], outputs: [], attributes: new Map() };
  for (const f of fields(bytes, what)) {
    switch (f.number) {
      case 1: node.inputs.push(utf8(f.bytes)); break;
      case 2: node.outputs.push(utf8(f.bytes)); break;
      case 3: node.name = utf8(f.bytes); break;
      case 4: node.opType = utf8(f.bytes); break;
      case 7: node.domain = utf8(f.bytes); break;
      case 5: { const [k, v] = decodeAttribute(f.bytes, what); node.attributes.set(k, v); break; }
      default: break;
    }
  }
  if (!node.opType) throw new ModelFormatError(`${what}: a graph node has no op_type`);
  return node;
}

function decodeValueInfo(bytes: Uint8Array, what: string): OnnxValueInfo {
  const info: OnnxValueInfo = { name: "", elemType: 0, shape: null };
  for (const f of fields(bytes, what)) {
    if (f.number === 1) info.name = utf8(f.bytes);
    else if (f.number === 2) {
      for (const typeField of fields(f.bytes, what)) {
        if (typeField.number !== 1) continue; // only tensor types carry a shape we use
        for (const tf of fields(typeField.bytes, what)) {
          if (tf.number === 1) info.elemType = tf.value;
          else if (tf.number === 2) {
            info.shape = [];
            for (const dimField of fields(tf.bytes, what)) {
              if (dimField.number !== 1) continue;
              let dim: OnnxDim = null;
              for (const d of fields(dimField.bytes, what)) {
                if (d.number === 1) dim = d.value;
                else if (d.number === 2) dim = utf8(d.bytes);
              }
              info.shape.push(dim);
            }
          }
        }
      }
    }
  }
  return info;
}

function decodeGraph(bytes: Uint8Array, what: string, model: OnnxModel): void {
  for (const f of fields(bytes, what)) {
    switch (f.number) {
      case 1: model.nodes.push(decodeNode(f.bytes, what)); break;
      case 2: model.graphName = utf8(f.bytes); break;
      case 5: model.initializers.push(decodeTensor(f.bytes, what)); break;
      case 11: model.inputs.push(decodeValueInfo(f.bytes, what)); break;
      case 12: model.outputs.push(decodeValueInfo(f.bytes, what)); break;
      case 13: model.valueInfo.push(decodeValueInfo(f.bytes, what)); break;
      default: break;
    }
  }
}

/**
 * Decodes an ONNX ModelProto. `what` names the source (a file path) in error messages.
 * Only the structure is read; initializer data is skipped except for small tensors used as shape arguments.
 */
export function parseOnnx(bytes: Uint8Array, what = "model"): OnnxModel {
  const model: OnnxModel = { irVersion: 0, producer: "", opsets: [], graphName: "", nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [] };
  let sawGraph = false;
  try {
    for (const f of fields(bytes, what)) {
      switch (f.number) {
        case 1: model.irVersion = f.value; break;
        case 2: model.producer = utf8(f.bytes); break;
        case 7:
          if (f.wireType !== WireType.lengthDelimited) throw new ModelFormatError(`${what}: field 7 (graph) is not a message`);
          decodeGraph(f.bytes, what, model);
          sawGraph = true;
          break;
        case 8: {
          const opset = { domain: "", version: 0 };
          for (const o of fields(f.bytes, what)) {
            if (o.number === 1) opset.domain = utf8(o.bytes);
            else if (o.number === 2) opset.version = o.value;
          }
          model.opsets.push(opset);
          break;
        }
        default: break;
      }
    }
  } catch (error) {
    if (error instanceof ModelFormatError) {
      throw new ModelFormatError(`${what}: not a readable ONNX model (${error.message.replace(`${what}: `, "")})`);
    }
    throw error;
  }
  if (!sawGraph || model.irVersion <= 0) {
    throw new ModelFormatError(`${what}: not an ONNX model (no ${sawGraph ? "ir_version" : "graph"} field in the ModelProto)`);
  }
  return model;
}

/** The opset version of the default ("" or "ai.onnx") domain. */
export function defaultOpset(model: OnnxModel): number {
  const entry = model.opsets.find((o) => o.domain === "" || o.domain === "ai.onnx");
  return entry?.version ?? 1;
}
