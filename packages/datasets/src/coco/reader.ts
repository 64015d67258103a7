import { basename, resolve } from "node:path";
import { datasetChecksum, type ChecksumOptions } from "../core/checksum.js";
import { indexedDataset } from "../core/dataset.js";
import { DatasetError } from "../core/errors.js";
import { parseJsonFile, requireFileSize, mapLimited } from "../core/files.js";
import { resolveInside } from "../core/paths.js";
import type { CocoAnnotation, Dataset, Sample, Target } from "../core/types.js";
import { formatZodIssue } from "../core/zod-issues.js";
import { cocoInstancesSchema } from "./schema.js";

type CocoTarget = Extract<Target, { format: "coco" }>;

export interface CocoDataset extends Dataset<CocoTarget> {
  /** Categories in id order; `classes[i]` is `categories[i].name`. Ground truth keeps COCO category ids. */
  readonly categories: ReadonlyArray<{ readonly id: number; readonly name: string }>;
}

export interface CocoOptions extends ChecksumOptions {
  /** Instances JSON (e.g. annotations/instances_val2017.json). */
  readonly annotations: string;
  /** Folder holding the images' `file_name`s (e.g. val2017/). */
  readonly images: string;
  /** "detection" (boxes) or "instance-segmentation" (masks); annotations pass through unchanged. */
  readonly task?: "detection" | "instance-segmentation";
  readonly name?: string;
}

/** A COCO instances file + image folder; samples in ascending image id (pycocotools' sorted getImgIds). */
export async function openCocoDataset(options: CocoOptions): Promise<CocoDataset> {
  const annotationsPath = resolve(options.annotations);
  const imagesDir = resolve(options.images);
  const file = basename(annotationsPath);
  const json = await parseJsonFile(annotationsPath, "COCO annotations");
  const parsed = cocoInstancesSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new DatasetError(annotationsPath, formatZodIssue(file, parsed.error, json).slice(file.length + 2));
  const { images, annotations } = parsed.data;
  const task = options.task ?? "detection";

  const categories = [...parsed.data.categories].sort((a, b) => a.id - b.id).map((c) => ({ id: c.id, name: c.name }));
  for (let i = 1; i < categories.length; i++) {
    if (categories[i].id === categories[i - 1].id) throw new DatasetError(annotationsPath, `duplicate category id ${categories[i].id}`);
  }
  const categoryIds = new Set(categories.map((c) => c.id));
  const byImage = new Map<number, CocoAnnotation[]>();
  for (const image of images) {
    if (byImage.has(image.id)) throw new DatasetError(annotationsPath, `duplicate image id ${image.id}`);
    byImage.set(image.id, []);
  }
  const annotationIds = new Set<number>();
  for (const annotation of annotations) {
    if (annotationIds.has(annotation.id)) throw new DatasetError(annotationsPath, `duplicate annotation id ${annotation.id}`);
    annotationIds.add(annotation.id);
    const list = byImage.get(annotation.image_id);
    if (!list) throw new DatasetError(annotationsPath, `annotation ${annotation.id} refers to image id ${annotation.image_id}, which is not in "images"`);
    if (!categoryIds.has(annotation.category_id)) {
      throw new DatasetError(annotationsPath, `annotation ${annotation.id} has category_id ${annotation.category_id}, which is not in "categories"`);
    }
    if (task === "instance-segmentation" && annotation.segmentation === undefined) {
      throw new DatasetError(annotationsPath, `annotation ${annotation.id} has no "segmentation" (needed for instance segmentation)`);
    }
    list.push(annotation as CocoAnnotation);
  }
  const sorted = [...images].sort((a, b) => a.id - b.id);
  const paths = sorted.map((image) => resolveInside(imagesDir, image.file_name, annotationsPath, `images[id=${image.id}].file_name`));
  await mapLimited(paths, 32, (path) => requireFileSize(path, file));
  const samples: Array<Sample<CocoTarget>> = sorted.map((image, i) => ({
    id: String(image.id),
    image: { kind: "file", path: paths[i], width: image.width, height: image.height },
    target: { task, format: "coco", imageId: image.id, annotations: byImage.get(image.id)! },
  }));
  const checksum = await datasetChecksum(imagesDir, [annotationsPath], paths, options);
  const dataset = indexedDataset({
    name: options.name ?? file.replace(/\.json$/, ""),
    task,
    classes: categories.map((c) => c.name),
    checksum,
    files: [...paths, annotationsPath],
    samples,
  });
  return { ...dataset, categories, files: dataset.files, samples: dataset.samples };
}
