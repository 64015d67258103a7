import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { EvalResult } from "./result-schema.js";

/** Writes the result next to its destination and renames it into place: readers never see half a file. */
export async function writeResultAtomically(path: string, result: EvalResult): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, JSON.stringify(result, null, 2) + "\n");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
