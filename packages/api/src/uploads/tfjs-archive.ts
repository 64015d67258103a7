import { extractZip, type ZipLimits } from "./zip-reader.js";
import { UploadError } from "./upload-error.js";

/**
 * The files of an uploaded TF.js model: model.json (at the archive root, or inside a single top folder)
 * and every weight shard its weightsManifest names, nothing else required. Returns them keyed by their
 * path relative to model.json, ready to be written side by side.
 */
export function tfjsModelFiles(zip: Uint8Array, limits: ZipLimits): Map<string, Uint8Array> {
  const entries = extractZip(zip, limits);
  const candidates = [...entries.keys()].filter((name) => name === "model.json" || /^[^/]+\/model\.json$/.test(name));
  if (candidates.length !== 1) {
    throw new UploadError(400, candidates.length ? `model archive holds several model.json files (${candidates.join(", ")})` : "model archive has no model.json at its root");
  }
  const prefix = candidates[0].slice(0, -"model.json".length);
  let modelJson: { weightsManifest?: { paths?: unknown }[] };
  try {
    modelJson = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(entries.get(candidates[0])));
  } catch (error) {
    throw new UploadError(400, `${candidates[0]} in the model archive is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  if (typeof modelJson !== "object" || modelJson === null || !Array.isArray(modelJson.weightsManifest)) {
    throw new UploadError(400, `${candidates[0]} in the model archive has no weightsManifest array (not a TF.js model)`);
  }
  const files = new Map<string, Uint8Array>([["model.json", entries.get(candidates[0])!]]);
  for (const group of modelJson.weightsManifest) {
    const paths = group?.paths;
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== "string")) throw new UploadError(400, `${candidates[0]}: a weightsManifest group has no "paths" list`);
    for (const shard of paths as string[]) {
      // Shard names become file names next to model.json: keep them plain.
      if (!/^[A-Za-z0-9._-]+$/.test(shard) || shard === "model.json" || shard.startsWith(".")) {
        throw new UploadError(400, `${candidates[0]}: weight shard name "${shard}" is not a plain file name`);
      }
      const data = entries.get(prefix + shard);
      if (!data) throw new UploadError(400, `model archive lacks weight shard "${prefix + shard}" named in ${candidates[0]}`);
      files.set(shard, data);
    }
  }
  return files;
}
