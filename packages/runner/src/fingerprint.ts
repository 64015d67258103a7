import { createHash } from "node:crypto";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { hostFingerprint, type EngineInfo } from "@podium/engines";
import type { ResolvedPreprocessing } from "@podium/datasets";
import type { RunFingerprintRecord } from "./result-schema.js";

/**
 * The files whose bytes are the model: the ONNX file, or a TF.js model.json followed by its weight
 * shards in manifest order (the same definition @podium/engines' benchmark fingerprint uses).
 */
export function modelFiles(path: string): string[] {
  const entry = statSync(path).isDirectory() ? join(path, "model.json") : path;
  if (!entry.toLowerCase().endsWith(".json")) return [entry];
  const json = JSON.parse(readFileSync(entry, "utf8")) as { weightsManifest?: { paths?: string[] }[] };
  const shards = (json.weightsManifest ?? []).flatMap((group) => group.paths ?? []);
  return [entry, ...shards.map((p) => join(dirname(entry), p))];
}

export async function sha256OfFiles(files: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const file of files) for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function packageVersion(relative: string): string {
  try {
    return (JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Versions of the podium packages that produced a number (src/ and dist/ sit at the same depth). */
export function podiumVersions(): Record<string, string> {
  return {
    "@podium/runner": packageVersion("../package.json"),
    "@podium/metrics": packageVersion("../../metrics/package.json"),
    "@podium/datasets": packageVersion("../../datasets/package.json"),
    "@podium/engines": packageVersion("../../engines/package.json"),
  };
}

export async function runFingerprint(fields: {
  modelPath: string;
  datasetName: string;
  datasetChecksum: string;
  preprocessing: ResolvedPreprocessing;
  engine: EngineInfo;
}): Promise<RunFingerprintRecord> {
  const { engine } = fields;
  return {
    modelFile: fields.modelPath,
    modelSha256: await sha256OfFiles(modelFiles(fields.modelPath)),
    datasetName: fields.datasetName,
    datasetChecksum: fields.datasetChecksum,
    preprocessing: { ...fields.preprocessing },
    engine: { engine: engine.engine, version: engine.version, backend: engine.backend, ...(engine.threads !== undefined ? { threads: engine.threads } : {}) },
    versions: { ...podiumVersions(), [engine.engine]: engine.version },
    host: hostFingerprint(),
  };
}
