import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import { DatasetError } from "./errors.js";

/** torchvision's IMG_EXTENSIONS (compared case-insensitively, as torchvision does). */
export const IMAGE_EXTENSIONS = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

export function isImageFile(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** Code-unit order, which is Python's sorted() order for the file names datasets use. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Image files under `dir`, recursively, in torchvision make_dataset order (sorted walk, sorted names). */
export async function listImagesRecursive(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new DatasetError(dir, "image folder not found");
  }
  const files = entries.filter((e) => e.isFile() && isImageFile(e.name)).map((e) => e.name).sort(byCodeUnit);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(byCodeUnit);
  const out = files.map((f) => join(dir, f));
  for (const sub of dirs) out.push(...(await listImagesRecursive(join(dir, sub))));
  return out;
}

/** Sorted subdirectory names (torchvision find_classes). */
export async function listSubdirectories(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new DatasetError(dir, "folder not found");
  }
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(byCodeUnit);
}
