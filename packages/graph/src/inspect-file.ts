import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { ModelFormatError } from "./errors.js";
import { inspectOnnx } from "./onnx/inspect.js";
import type { InspectOptions } from "./options.js";
import type { GraphReport } from "./report.js";
import { inspectGraphModel } from "./tfjs/graph-model.js";
import { inspectLayersTopology } from "./tfjs/layers.js";

/**
 * Weight shards beside a graph-model model.json: small int constants (reshape targets, axes) live there.
 * Models can be uploads, so a shard path that leaves the model's folder is refused, not read.
 */
function readShards(path: string, paths: string[]): Uint8Array | undefined {
  const folder = dirname(resolve(path));
  const files = paths.map((p) => {
    const file = resolve(folder, p);
    const inside = relative(folder, file);
    if (isAbsolute(p) || inside.startsWith("..") || isAbsolute(inside)) throw new ModelFormatError(`${path}: weight path '${p}' leaves the model's folder`);
    return file;
  });
  if (files.length === 0 || !files.every((f) => existsSync(f))) return undefined;
  return new Uint8Array(Buffer.concat(files.map((f) => readFileSync(f))));
}

/** Inspects a model file: ONNX, or a TF.js model.json (graph model with its shards, or layers model). */
export function inspectModelFile(path: string, options: InspectOptions = {}): GraphReport {
  if (!existsSync(path)) throw new ModelFormatError(`${path}: no such file`);
  const bytes = readFileSync(path);
  const source = options.source ?? path;
  if (!path.toLowerCase().endsWith(".json")) return inspectOnnx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { ...options, source });
  let json: { format?: string; modelTopology?: { node?: unknown }; weightsManifest?: { paths?: string[] }[] };
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new ModelFormatError(`${path}: not valid JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (json?.format === "graph-model" || Array.isArray(json?.modelTopology?.node)) {
    const shards = (json.weightsManifest ?? []).flatMap((g) => g.paths ?? []);
    return inspectGraphModel(json, { ...options, source, weightData: readShards(path, shards) });
  }
  return inspectLayersTopology(json, { ...options, source });
}
