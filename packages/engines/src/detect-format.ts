import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { ModelRejectedError } from "./errors.js";
import type { ModelFormat } from "./types.js";

export interface DetectedModel {
  /** The file to open: the .onnx file, or the TF.js model.json. */
  entry: string;
  format: "onnx" | "tfjs";
}

function head(path: string, size: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(size);
    const read = readSync(fd, buffer, 0, size, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Works out what a user pointed us at: a folder holding model.json (TF.js), a .json file (TF.js), or a file
 * whose bytes start like JSON (TF.js) or like a protobuf ModelProto (ONNX). The ONNX bytes are validated
 * in full later; this only routes.
 */
export function detectModel(path: string): DetectedModel {
  if (!existsSync(path)) throw new ModelRejectedError(path, "no such file or folder");
  const stat = statSync(path);
  if (stat.isDirectory()) {
    const json = join(path, "model.json");
    if (existsSync(json)) return { entry: json, format: "tfjs" };
    // Converted models are often named after the model (nanodet.json + nanodet.bin): accept a lone .json.
    // A Podium model manifest (<stem>.podium.json / <stem>.model.json) beside it is not a model.
    const jsons = readdirSync(path).filter((f) => f.toLowerCase().endsWith(".json") && !/\.(podium|model)\.json$/i.test(f));
    if (jsons.length === 1) return { entry: join(path, jsons[0]!), format: "tfjs" };
    throw new ModelRejectedError(
      path,
      jsons.length === 0 ? "folder has no model.json (a TF.js model folder); pass the .onnx or model.json file itself" : `folder has several .json files (${jsons.join(", ")}); pass the model's .json file itself`,
    );
  }
  if (stat.size === 0) throw new ModelRejectedError(path, "empty file, not a model");
  const start = head(path, 64).toString("latin1").trimStart();
  if (basename(path).toLowerCase().endsWith(".json") || start.startsWith("{")) return { entry: path, format: "tfjs" };
  return { entry: path, format: "onnx" };
}

export type { ModelFormat };
