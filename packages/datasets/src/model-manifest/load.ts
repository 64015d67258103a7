import { basename, dirname } from "node:path";
import { describeError } from "../core/errors.js";
import { readRequiredText, requireFileSize } from "../core/files.js";
import { resolveInside } from "../core/paths.js";
import { formatZodIssue } from "../core/zod-issues.js";
import { modelManifestSchema, type ModelManifest } from "./schema.js";

/** Thrown for a model manifest that does not validate; the message is one line naming the field. */
export class ModelManifestError extends Error {
  override readonly name = "ModelManifestError";
}

/** Validates manifest JSON; `fileName` prefixes every error (`model.json: output.head.strides: …`). */
export function parseModelManifest(json: unknown, fileName: string): ModelManifest {
  const result = modelManifestSchema.safeParse(json, { reportInput: true });
  if (!result.success) throw new ModelManifestError(formatZodIssue(fileName, result.error, json));
  const manifest = result.data;
  const head = manifest.task === "detection" || manifest.task === "instance-segmentation" ? manifest.output.head : undefined;
  if (head?.type === "yolo-grid" && head.anchors.length !== head.strides.length) {
    throw new ModelManifestError(`${fileName}: output.head.anchors: expected one anchor list per stride (${head.strides.length}), got ${head.anchors.length}`);
  }
  if (head?.type === "distribution" && head.score_outputs.length !== head.strides.length) {
    throw new ModelManifestError(`${fileName}: output.head.score_outputs: expected one output per stride (${head.strides.length}), got ${head.score_outputs.length}`);
  }
  if (head?.type === "decoded" && !head.output === !head.outputs) {
    throw new ModelManifestError(`${fileName}: output.head: expected exactly one of "output" (with "columns") or "outputs"`);
  }
  const labels = manifest.output.labels;
  if (labels.to_dataset === "by-name" && !labels.classes) {
    throw new ModelManifestError(`${fileName}: output.labels.classes: missing; "to_dataset": "by-name" needs the model's class names`);
  }
  if (Array.isArray(labels.to_dataset) && labels.classes && labels.to_dataset.length !== labels.classes.length) {
    throw new ModelManifestError(`${fileName}: output.labels.to_dataset: expected ${labels.classes.length} entries (one per class), got ${labels.to_dataset.length}`);
  }
  return manifest;
}

export interface LoadedModelManifest {
  readonly manifest: ModelManifest;
  /** Absolute path of the model file (checked to exist, inside the manifest's folder). */
  readonly modelPath: string;
  readonly manifestPath: string;
}

/** Reads `model.json` beside a model file, validates it, and resolves the model path. */
export async function loadModelManifest(path: string): Promise<LoadedModelManifest> {
  const text = await readRequiredText(path, "model manifest");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelManifestError(`${basename(path)}: not valid JSON: ${describeError(error)}`);
  }
  const manifest = parseModelManifest(json, basename(path));
  const modelPath = resolveInside(dirname(path), manifest.model, path, "model");
  await requireFileSize(modelPath, basename(path));
  return { manifest, modelPath, manifestPath: path };
}

