import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** `<repo>/datasets`, where the bundled datasets live (same depth from src/ and dist/). */
export const DEFAULT_DATASETS_ROOT = fileURLToPath(new URL("../../../datasets", import.meta.url));

/**
 * Where this worker keeps the files of a dataset the store knows by name. Submitters never choose a
 * path: the worker's own map, else `<root>/<name>`, else `<root>/<name without -test/-val/-train>`
 * (the runner names the bundled Fashion-MNIST test split "fashion-mnist-test").
 */
export function resolveDatasetPath(name: string, root: string, paths: Readonly<Record<string, string>> = {}): string | null {
  if (paths[name]) return paths[name];
  const candidates = [join(root, name), join(root, name.replace(/-(test|val|train)$/, ""))];
  return candidates.find((path) => /^[A-Za-z0-9._-]+$/.test(name) && existsSync(path)) ?? null;
}
