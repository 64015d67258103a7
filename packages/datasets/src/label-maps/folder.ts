import { readdir } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { datasetChecksum, type ChecksumOptions } from "../core/checksum.js";
import { indexedDataset } from "../core/dataset.js";
import { DatasetError } from "../core/errors.js";
import { byCodeUnit, isImageFile } from "../core/image-files.js";
import type { Dataset, Sample, Target } from "../core/types.js";

type SegmentationTarget = Extract<Target, { task: "semantic-segmentation" }>;

export interface LabelMapFolderOptions extends ChecksumOptions {
  /** Folder of input images (any IMAGE_EXTENSIONS). */
  readonly images: string;
  /** Folder of single-channel label-map PNGs with the same stems. */
  readonly labels: string;
  readonly classes: readonly string[];
  readonly ignoreIndex?: number;
  readonly name?: string;
}

/** A plain images/ + labels/ pair of folders, matched by file stem; every image needs a label map and vice versa. */
export async function openLabelMapFolder(options: LabelMapFolderOptions): Promise<Dataset<SegmentationTarget>> {
  const imagesDir = resolve(options.images);
  const labelsDir = resolve(options.labels);
  const images = await stems(imagesDir, isImageFile);
  const labels = await stems(labelsDir, (name) => extname(name).toLowerCase() === ".png");
  for (const [stem, file] of images) if (!labels.has(stem)) throw new DatasetError(join(labelsDir, `${stem}.png`), `missing label map for image ${file}`);
  for (const [stem, file] of labels) if (!images.has(stem)) throw new DatasetError(join(imagesDir, stem), `missing image for label map ${file}`);
  const ignoreIndex = options.ignoreIndex ?? 255;
  const ordered = [...images.keys()].sort(byCodeUnit);
  const samples: Array<Sample<SegmentationTarget>> = ordered.map((stem) => ({
    id: stem,
    image: { kind: "file", path: join(imagesDir, images.get(stem)!) },
    target: { task: "semantic-segmentation", labelMap: { kind: "file", path: join(labelsDir, labels.get(stem)!) }, ignoreIndex },
  }));
  const files = samples.flatMap((s) => [(s.image as { path: string }).path, (s.target.labelMap as { path: string }).path]);
  // Image and label folders are usually siblings; their common parent makes the listing location-free.
  const checksum = await datasetChecksum(resolve(imagesDir, ".."), [], files, options);
  return indexedDataset({ name: options.name ?? basename(resolve(imagesDir, "..")), task: "semantic-segmentation", classes: options.classes, checksum, files, samples });
}

async function stems(dir: string, keep: (name: string) => boolean): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter(keep);
  } catch {
    throw new DatasetError(dir, "folder not found");
  }
  const out = new Map<string, string>();
  for (const name of names.sort(byCodeUnit)) {
    const stem = basename(name, extname(name));
    if (out.has(stem)) throw new DatasetError(join(dir, name), `duplicate id "${stem}" (also ${out.get(stem)})`);
    out.set(stem, name);
  }
  if (!out.size) throw new DatasetError(dir, "no files");
  return out;
}
