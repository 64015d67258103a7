import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEFAULT_SQLITE_PATH } from "@podium/db";

/** `<repo>/data/uploads`, beside the embedded SQLite file. Workers read models from here. */
export const DEFAULT_UPLOADS_DIR = join(dirname(DEFAULT_SQLITE_PATH), "uploads");

/** The file a worker opens for a stored model: model.onnx, or the model.json of a TF.js model. */
export function storedModelPath(uploadsDir: string, sha256: string, format: string): string {
  return join(uploadsDir, sha256, format === "onnx" ? "model.onnx" : "model.json");
}

/**
 * Stores a model's files under `<uploadsDir>/<sha256>/`, content-addressed: the files are written into a
 * temp folder that is then renamed into place, so a reader never sees a half-written model. When the
 * folder already exists the same bytes were stored before and nothing is written (dedupe).
 * Returns whether this call wrote the folder.
 */
export function storeModelFiles(uploadsDir: string, sha256: string, files: ReadonlyMap<string, Uint8Array>): boolean {
  const target = join(uploadsDir, sha256);
  if (existsSync(target)) return false;
  mkdirSync(uploadsDir, { recursive: true });
  const temp = join(uploadsDir, `.incoming-${sha256.slice(0, 12)}-${randomBytes(6).toString("hex")}`);
  mkdirSync(temp);
  try {
    for (const [name, data] of files) writeFileSync(join(temp, name), data);
    renameSync(temp, target);
    return true;
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    // A concurrent upload of the same bytes won the rename: the folder holds identical files.
    if (existsSync(target)) return false;
    throw error;
  }
}
