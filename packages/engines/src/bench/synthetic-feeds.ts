import { EngineInputError } from "../errors.js";
import type { Feeds, ModelDescription, TensorInfo, TypedArray } from "../types.js";

/** Sizes for symbolic dims other than the batch, when the user gives none (e.g. PP-OCR's dynamic H and W). */
export const defaultSpatialSize = 224;

/** `name=1x3x224x224` overrides, keyed by input name. */
export type ShapeOverrides = Record<string, number[]>;

/**
 * The concrete dims bench feeds an input: dim 0 is the batch when symbolic; other symbolic dims come from
 * the override for that input (whose leading dim is replaced by the batch) or default to 224.
 */
export function concreteDims(input: TensorInfo, batch: number, overrides: ShapeOverrides = {}): number[] {
  const override = overrides[input.name];
  // An override gives the spatial sizes; its leading dim follows the batch wherever the model's batch is symbolic.
  if (override) return typeof input.shape[0] === "string" && override.length === input.shape.length ? [batch, ...override.slice(1)] : override;
  if (input.shapeKnown === false) throw new EngineInputError(`input '${input.name}' has no declared shape; give one with --input-shape ${input.name}=DxDx…`);
  return input.shape.map((d, i) => {
    if (typeof d === "number") {
      if (i === 0 && d !== batch) throw new EngineInputError(`input '${input.name}' has a fixed batch of ${d}; batch ${batch} is not possible for this model`);
      return d;
    }
    return i === 0 ? batch : defaultSpatialSize;
  });
}

/** Deterministic (LCG) data so two runs of a benchmark feed identical bytes. */
function fill(dtype: string, count: number, seed: number): TypedArray {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  switch (dtype) {
    case "uint8":
      return Uint8Array.from({ length: count }, () => Math.floor(next() * 256));
    case "int8":
      return Int8Array.from({ length: count }, () => Math.floor(next() * 256) - 128);
    case "int32":
      return Int32Array.from({ length: count }, () => Math.floor(next() * 16));
    case "int64":
      return BigInt64Array.from({ length: count }, () => BigInt(Math.floor(next() * 16)));
    case "float64":
      return Float64Array.from({ length: count }, next);
    case "float32":
      return Float32Array.from({ length: count }, next);
    default:
      throw new EngineInputError(`bench cannot synthesise inputs of type ${dtype}`);
  }
}

export function syntheticFeeds(description: ModelDescription, batch: number, overrides: ShapeOverrides = {}): Feeds {
  const feeds: Feeds = {};
  for (const [i, input] of description.inputs.entries()) {
    const dims = concreteDims(input, batch, overrides);
    feeds[input.name] = { dims, data: fill(String(input.dtype), dims.reduce((a, b) => a * b, 1), 12345 + i) };
  }
  return feeds;
}

export function parseShapeOverride(text: string): [string, number[]] {
  const at = text.lastIndexOf("=");
  const dims = text.slice(at + 1).split(/[x,]/).map(Number);
  if (at <= 0 || dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new EngineInputError(`--input-shape expects NAME=DxDxD (e.g. x=1x3x640x640), got '${text}'`);
  }
  return [text.slice(0, at), dims];
}
