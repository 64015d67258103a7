import { isAbsolute, relative, resolve, sep } from "node:path";
import { DatasetError } from "./errors.js";

/**
 * Resolves `relativePath` against `root` and refuses anything that lands outside it (`..`, absolute
 * paths): a manifest must not make us read arbitrary files on the machine that runs the benchmark.
 */
export function resolveInside(root: string, relativePath: string, file: string, field: string): string {
  if (isAbsolute(relativePath)) throw new DatasetError(file, `${field}: absolute path "${relativePath}" refused; paths must be relative to the manifest's folder`);
  const target = resolve(root, relativePath);
  const rel = relative(resolve(root), target);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new DatasetError(file, `${field}: path "${relativePath}" escapes the manifest's folder; refused`);
  }
  return target;
}

/** Path relative to `root` with forward slashes, the form used in checksum listings and messages. */
export function portableRelative(root: string, path: string): string {
  return relative(root, path).split(sep).join("/");
}
