import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import {
  FASHION_MNIST_CLASSES,
  MNIST_CLASSES,
  openCocoDataset,
  openDatasetManifest,
  openIdxDataset,
  openImageFolder,
  openLabelMapFolder,
  openVocDetection,
  openVocSegmentation,
  type Dataset,
  type Task,
} from "@podium/datasets";
import { RunnerError } from "./errors.js";

export interface OpenDatasetOptions {
  /** The model's task: picks VOC detection vs segmentation and COCO boxes vs masks. */
  readonly task?: Task;
  /** VOC image set (default "val"). */
  readonly split?: string;
  /** COCO image folder when it is not the `<split>/` sibling of `annotations/instances_<split>.json`. */
  readonly images?: string;
  /** Class names for a label-map folder without classes.txt (e.g. the model manifest's labels.classes). */
  readonly classes?: readonly string[];
}

const IDX_IMAGES = /-images-idx3-ubyte(\.gz)?$/;
const MANIFEST_NAMES = ["podium-dataset.json", "dataset.json"];

/**
 * Opens whatever dataset layout `path` is, with the @podium/datasets readers:
 * - a `podium-dataset/1` JSON manifest (file, or podium-dataset.json / dataset.json in the folder);
 * - a COCO instances JSON (images in `--images`, or the `<split>/` folder beside `annotations/`), a
 *   folder holding `annotations/instances_*.json` (exactly one), or a folder with `annotations.json` + `images/`;
 * - a folder of IDX files (`*-images-idx3-ubyte[.gz]` + matching labels; Fashion-MNIST class names when
 *   the folder name says fashion, MNIST digits otherwise);
 * - a PASCAL VOC year folder (ImageSets/ + Annotations/ or SegmentationClass/), split `val` by default;
 * - a label-map folder: images/ + labels/ (or masks/), class names from classes.txt (one per line);
 * - an ImageFolder: one subfolder of images per class.
 */
export async function openDatasetAt(path: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  const root = resolve(path);
  if (!existsSync(root)) throw new RunnerError(`${root}: no such dataset file or folder`);
  if (statSync(root).isFile()) return openDatasetFile(root, options);
  const entries = new Set(readdirSync(root));
  for (const name of MANIFEST_NAMES) if (entries.has(name)) return openDatasetManifest(join(root, name));
  const idxImages = [...entries].filter((e) => IDX_IMAGES.test(e)).sort();
  if (idxImages.length) return openIdxFolder(root, idxImages, entries);
  if (entries.has("ImageSets") && (entries.has("Annotations") || entries.has("SegmentationClass"))) {
    const split = options.split ?? "val";
    const segmentation = options.task === "semantic-segmentation" || (options.task === undefined && !entries.has("Annotations"));
    return segmentation ? openVocSegmentation({ root, split }) : openVocDetection({ root, split });
  }
  const labels = ["labels", "masks"].find((d) => entries.has(d));
  if (entries.has("images") && labels) {
    const classesFile = join(root, "classes.txt");
    const classes = existsSync(classesFile) ? readLines(classesFile) : options.classes;
    if (!classes?.length) throw new RunnerError(`${root}: a label-map folder needs classes.txt (one class name per line) or class names in the model manifest`);
    return openLabelMapFolder({ images: join(root, "images"), labels: join(root, labels), classes, name: basename(root) });
  }
  // A small COCO set kept as one folder: annotations.json beside images/ (the bundled demo-detection layout).
  if (entries.has("annotations.json") && entries.has("images")) {
    return openDatasetFile(join(root, "annotations.json"), { ...options, images: options.images ?? join(root, "images") }, basename(root));
  }
  if (entries.has("annotations")) {
    const instances = readdirSync(join(root, "annotations")).filter((f) => /^instances_.*\.json$/.test(f));
    if (instances.length === 1) return openDatasetFile(join(root, "annotations", instances[0]), options);
    if (instances.length > 1) throw new RunnerError(`${root}: several COCO annotation files (${instances.join(", ")}); pass one of them as --dataset`);
  }
  return openImageFolder({ root });
}

async function openDatasetFile(file: string, options: OpenDatasetOptions, name?: string): Promise<Dataset> {
  if (extname(file).toLowerCase() !== ".json") throw new RunnerError(`${file}: not a dataset (expected a folder, a podium-dataset/1 manifest or a COCO instances JSON)`);
  let head: { format?: unknown; images?: unknown; annotations?: unknown };
  try {
    head = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new RunnerError(`${file}: not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  if (head?.format === "podium-dataset/1") return openDatasetManifest(file);
  if (Array.isArray(head?.images) && Array.isArray(head?.annotations)) {
    const split = /^instances_(.+)\.json$/.exec(basename(file))?.[1];
    const images = options.images ?? (split ? join(dirname(dirname(file)), split) : undefined);
    if (!images || !existsSync(images)) throw new RunnerError(`${file}: COCO annotations found but not their image folder; expected ${images ?? "<split>/ beside annotations/"}`);
    const task = options.task === "instance-segmentation" ? "instance-segmentation" : "detection";
    return openCocoDataset({ annotations: file, images, task, name });
  }
  throw new RunnerError(`${file}: neither a podium-dataset/1 manifest nor a COCO instances file (no "format" or "images"/"annotations")`);
}

function openIdxFolder(root: string, idxImages: string[], entries: Set<string>): Promise<Dataset> {
  // Prefer the test split when a folder holds both (Fashion-MNIST and MNIST ship t10k + train).
  const images = idxImages.find((f) => f.startsWith("t10k")) ?? idxImages[0];
  const labels = [images.replace("-images-idx3-ubyte", "-labels-idx1-ubyte")].find((f) => entries.has(f));
  if (!labels) throw new RunnerError(`${join(root, images)}: no matching labels file (${images.replace("-images-idx3-ubyte", "-labels-idx1-ubyte")})`);
  const fashion = /fashion/i.test(root);
  return openIdxDataset({
    images: join(root, images),
    labels: join(root, labels),
    classes: fashion ? FASHION_MNIST_CLASSES : MNIST_CLASSES,
    name: `${fashion ? "fashion-mnist" : basename(root)}-${images.startsWith("t10k") ? "test" : images.replace(IDX_IMAGES, "")}`,
  });
}

function readLines(path: string): string[] {
  return readFileSync(path, "utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}
