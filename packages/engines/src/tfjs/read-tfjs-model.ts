import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { ModelRejectedError } from "../errors.js";

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; [key: string]: unknown };
}

export interface TfjsArtifactsOnDisk {
  format: "graph-model" | "layers-model";
  json: Record<string, unknown>;
  modelTopology: unknown;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
  weightFiles: string[];
}

const bytesPerElement: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };
const maxJsonBytes = 256 * 2 ** 20;

/**
 * Reads a TF.js model.json and its weight shards from disk (fetch of file:// does not work offline), refusing
 * shard paths that leave the model's folder and weights whose declared size is too large or larger than
 * the shards hold. The caller hands the result to tf.io.fromMemory.
 */
export function readTfjsModel(jsonPath: string, limits: { maxTensorBytes: number; maxTotalBytes: number }): TfjsArtifactsOnDisk {
  const refuse = (why: string) => new ModelRejectedError(jsonPath, why);
  if (statSync(jsonPath).size > maxJsonBytes) throw refuse(`model.json is over ${maxJsonBytes} bytes`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(jsonPath, "utf8"));
  } catch (error) {
    throw refuse(`not valid JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw refuse("model.json is not a JSON object");
  if (typeof json.modelTopology !== "object" || json.modelTopology === null) throw refuse("model.json has no modelTopology, not a TF.js model");
  const topology = json.modelTopology as Record<string, unknown>;
  const format =
    json.format === "graph-model" || json.format === "layers-model"
      ? json.format
      : "node" in topology || "versions" in topology
        ? "graph-model"
        : "layers-model";
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw refuse("weightsManifest is not a list");

  const folder = dirname(resolve(jsonPath));
  const realFolder = realpathSync(folder);
  const weightSpecs: WeightSpec[] = [];
  const weightFiles: string[] = [];
  let declared = 0;
  for (const group of manifest as unknown[]) {
    const g = group as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(g?.paths) || !Array.isArray(g?.weights)) throw refuse("a weightsManifest group lacks paths or weights lists");
    for (const path of g.paths) {
      if (typeof path !== "string" || path === "" || path.includes("\0")) throw refuse("a weight path is not a non-empty string");
      const escape = (why: string) => refuse(`weight path '${path}' ${why}`);
      // Paths are URL-relative in TF.js, so %2e%2e is '..': check the decoded form.
      let decoded: string;
      try {
        decoded = decodeURIComponent(path);
      } catch {
        throw escape("is not a valid URL path");
      }
      if (isAbsolute(decoded) || /^[a-zA-Z]:[\\/]/.test(decoded) || /^[a-z][a-z0-9+.-]*:/i.test(decoded)) {
        throw escape("is absolute or a URL; it must be relative to the model's folder");
      }
      if (decoded.split(/[\\/]/).includes("..")) throw escape("contains '..'; it must stay inside the model's folder");
      const target = resolve(folder, decoded);
      if (!existsSync(target)) throw escape("does not exist");
      const rel = relative(realFolder, realpathSync(target));
      if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw escape("is a symlink leading outside the model's folder");
      weightFiles.push(realpathSync(target));
    }
    for (const w of g.weights as WeightSpec[]) {
      if (typeof w?.name !== "string" || !Array.isArray(w.shape) || typeof w.dtype !== "string") throw refuse("a weight entry lacks name, shape or dtype");
      let elements = 1;
      for (const d of w.shape) {
        if (!Number.isInteger(d) || d < 0) throw refuse(`weight '${w.name}' has an invalid dimension ${d}`);
        elements *= d;
      }
      const stored = w.quantization?.dtype ?? w.dtype;
      const size = elements * (bytesPerElement[stored] ?? 4);
      if (size > limits.maxTensorBytes) {
        throw refuse(`weight '${w.name}' declares ${size} bytes (shape [${w.shape.join(", ")}]), over the ${limits.maxTensorBytes}-byte limit per tensor`);
      }
      declared += size;
      if (declared > limits.maxTotalBytes) throw refuse(`declared weights total over the ${limits.maxTotalBytes}-byte limit`);
      weightSpecs.push(w);
    }
  }
  const available = weightFiles.reduce((sum, f) => sum + statSync(f).size, 0);
  // String weights have no fixed size, so only numeric models are held to an exact byte count.
  if (declared > available && !weightSpecs.some((w) => w.dtype === "string")) {
    throw refuse(`weights declare ${declared} bytes but the shards hold only ${available}`);
  }
  const weightData = new Uint8Array(available);
  let offset = 0;
  for (const f of weightFiles) {
    const chunk = readFileSync(f);
    weightData.set(chunk, offset);
    offset += chunk.length;
  }
  return { format, json, modelTopology: json.modelTopology, weightSpecs, weightData: weightData.buffer, weightFiles };
}
