import { basename, extname, resolve } from "node:path";
import { readdir } from "node:fs/promises";
import { datasetChecksum, type ChecksumOptions } from "../core/checksum.js";
import { indexedDataset } from "../core/dataset.js";
import { DatasetError } from "../core/errors.js";
import { assertUniqueIds, readRequiredText } from "../core/files.js";
import { byCodeUnit, isImageFile, listImagesRecursive, listSubdirectories } from "../core/image-files.js";
import { portableRelative } from "../core/paths.js";
import type { Dataset, Sample, Target } from "../core/types.js";
import { readRealLabels } from "./real-labels.js";
import { readDevkitMetaMat } from "./meta-mat.js";
import { readIdWnidMapping, readKaggleSynsetMapping, type SynsetMapping } from "./synset-mapping.js";
import { validationFileStem, validationIndex } from "./val-index.js";

type ClassificationTarget = Extract<Target, { task: "classification" }>;
type ClassificationDataset = Dataset<ClassificationTarget>;

interface CommonOptions extends ChecksumOptions {
  readonly name?: string;
  /** ImageNet-ReaL `real.json`; attached by the ILSVRC2012_val_NNNNNNNN number in each file name. */
  readonly real?: string;
}

/**
 * torchvision ImageFolder: `root/<class>/**​/<image>`, classes = sorted folder names (for ImageNet:
 * sorted WNIDs, the index torchvision and timm models output), samples in sorted-walk order.
 */
export async function openImageFolder(options: CommonOptions & { readonly root: string }): Promise<ClassificationDataset> {
  const root = resolve(options.root);
  const classes = await listSubdirectories(root);
  if (!classes.length) throw new DatasetError(root, "no class folders (expected root/<class>/<image>)");
  const entries: Array<{ path: string; label: number }> = [];
  for (let label = 0; label < classes.length; label++) {
    for (const path of await listImagesRecursive(resolve(root, classes[label]))) entries.push({ path, label });
  }
  if (!entries.length) throw new DatasetError(root, "no images in the class folders");
  return build(root, options.name ?? basename(root), classes, entries, [], options, (path) => portableRelative(root, path));
}

/**
 * ILSVRC2012 validation as distributed: a flat folder of ILSVRC2012_val_*.JPEG, the devkit's
 * `ILSVRC2012_validation_ground_truth.txt` (line i = 1-based ILSVRC2012_ID of val image i) and the
 * ID → WNID mapping: the devkit's `meta.mat` (by its .mat extension), plain `ID WNID` text, or a
 * pre-parsed mapping.
 */
export async function openImageNetDevkitVal(
  options: CommonOptions & { readonly images: string; readonly groundTruth: string; readonly mapping: string | SynsetMapping },
): Promise<ClassificationDataset> {
  const images = resolve(options.images);
  const groundTruth = resolve(options.groundTruth);
  const mapping =
    typeof options.mapping !== "string"
      ? options.mapping
      : options.mapping.toLowerCase().endsWith(".mat")
        ? await readDevkitMetaMat(resolve(options.mapping))
        : await readIdWnidMapping(resolve(options.mapping));
  const lines = (await readRequiredText(groundTruth, "validation ground truth")).split(/\r?\n/);
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const labels = lines.map((line, i) => {
    const id = Number(line.trim());
    const index = mapping.idToIndex.get(id);
    if (!Number.isInteger(id) || index === undefined) {
      throw new DatasetError(groundTruth, `line ${i + 1}: ILSVRC2012_ID "${line.trim()}" is not one of the ${mapping.idToIndex.size} ids in the mapping`);
    }
    return index;
  });
  const files = await flatImages(images);
  const entries = files.map((path) => {
    const index = validationIndex(path);
    if (index === undefined) throw new DatasetError(path, "not an ILSVRC2012_val_NNNNNNNN file name; cannot find its ground-truth line");
    if (index > labels.length) throw new DatasetError(groundTruth, `has ${labels.length} lines, but ${basename(path)} needs line ${index}`);
    return { path, label: labels[index - 1] };
  });
  const extra = typeof options.mapping === "string" ? [resolve(options.mapping)] : [];
  return build(images, options.name ?? "imagenet-val", mapping.wnids, entries, [groundTruth, ...extra], options, stemId);
}

/**
 * Kaggle's ImageNet Object Localization Challenge: `LOC_val_solution.csv` (`ImageId,PredictionString`,
 * the first WNID of the prediction string is the class) and `LOC_synset_mapping.txt`.
 */
export async function openImageNetKaggleVal(
  options: CommonOptions & { readonly images: string; readonly solution: string; readonly synsetMapping: string },
): Promise<ClassificationDataset> {
  const images = resolve(options.images);
  const solution = resolve(options.solution);
  const synsetPath = resolve(options.synsetMapping);
  const mapping = await readKaggleSynsetMapping(synsetPath);
  const indexOf = new Map(mapping.wnids.map((w, i) => [w, i]));
  const rows = (await readRequiredText(solution, "validation solution CSV")).split(/\r?\n/);
  if (!/^ImageId,PredictionString$/.test(rows[0]?.trim() ?? "")) {
    throw new DatasetError(solution, `expected the header "ImageId,PredictionString", got "${(rows[0] ?? "").slice(0, 60)}"`);
  }
  const labelOf = new Map<string, number>();
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i].trim();
    if (!row) continue;
    const comma = row.indexOf(",");
    const imageId = row.slice(0, comma);
    const wnid = row.slice(comma + 1).trim().split(/\s+/)[0];
    const label = indexOf.get(wnid);
    if (comma < 1 || label === undefined) throw new DatasetError(solution, `line ${i + 1}: "${row.slice(0, 60)}" does not start with an image id and a known WNID`);
    if (labelOf.has(imageId)) throw new DatasetError(solution, `duplicate ImageId "${imageId}" on line ${i + 1}`);
    labelOf.set(imageId, label);
  }
  const files = await flatImages(images);
  const entries = files.map((path) => {
    const label = labelOf.get(stemId(path));
    if (label === undefined) throw new DatasetError(solution, `no row for image ${basename(path)}`);
    return { path, label };
  });
  if (entries.length !== labelOf.size) {
    const present = new Set(files.map(stemId));
    const missing = [...labelOf.keys()].find((id) => !present.has(id));
    throw new DatasetError(resolve(images, `${missing}.JPEG`), `missing file (listed in ${basename(solution)})`);
  }
  return build(images, options.name ?? "imagenet-val", mapping.wnids, entries, [solution, synsetPath], options, stemId);
}

function stemId(path: string): string {
  return basename(path, extname(path));
}

async function flatImages(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new DatasetError(dir, "image folder not found");
  }
  const files = names.filter(isImageFile).sort(byCodeUnit).map((n) => resolve(dir, n));
  if (!files.length) throw new DatasetError(dir, "no images");
  return files;
}

async function build(
  root: string,
  name: string,
  classes: readonly string[],
  entries: ReadonlyArray<{ path: string; label: number }>,
  metaFiles: string[],
  options: CommonOptions,
  idOf: (path: string) => string,
): Promise<ClassificationDataset> {
  const ids = entries.map((e) => idOf(e.path));
  assertUniqueIds(ids, root, "image id");
  let real: number[][] | undefined;
  if (options.real) {
    const realPath = resolve(options.real);
    real = await readRealLabels(realPath);
    metaFiles = [...metaFiles, realPath];
    for (const e of entries) {
      const index = validationIndex(e.path);
      if (index === undefined) throw new DatasetError(e.path, "ReaL labels need ILSVRC2012_val_NNNNNNNN file names");
      if (index > real.length) throw new DatasetError(realPath, `${real.length} label lists, but ${validationFileStem(index)} needs entry ${index}`);
    }
  }
  const samples: Array<Sample<ClassificationTarget>> = entries.map((e, i) => ({
    id: ids[i],
    image: { kind: "file", path: e.path },
    target: real ? { task: "classification", label: e.label, realLabels: real[validationIndex(e.path)! - 1] } : { task: "classification", label: e.label },
  }));
  const files = entries.map((e) => e.path);
  const checksum = await datasetChecksum(root, metaFiles.map((f) => resolve(f)), files, options);
  return indexedDataset({ name, task: "classification", classes, checksum, files: [...files, ...metaFiles], samples });
}
