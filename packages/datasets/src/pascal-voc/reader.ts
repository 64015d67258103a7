import { basename, join, resolve } from "node:path";
import { datasetChecksum, type ChecksumOptions } from "../core/checksum.js";
import { indexedDataset } from "../core/dataset.js";
import { DatasetError } from "../core/errors.js";
import { assertUniqueIds, mapLimited, readRequiredText, requireFileSize } from "../core/files.js";
import type { Dataset, LabelledBox, Sample, Target } from "../core/types.js";
import { parseVocAnnotation } from "../voc/index.js";
import { VOC_CLASSES, VOC_SEGMENTATION_CLASSES } from "./classes.js";

type BoxTarget = Extract<Target, { format: "boxes" }>;
type SegmentationTarget = Extract<Target, { task: "semantic-segmentation" }>;

export interface VocOptions extends ChecksumOptions {
  /** The VOCdevkit/VOC2012 (or VOC2007) folder: Annotations/, ImageSets/, JPEGImages/, SegmentationClass/. */
  readonly root: string;
  /** Image set name, e.g. "val", "test", "trainval". */
  readonly split: string;
  readonly name?: string;
}

/** Ids of an ImageSets list: one id per line (Main/<class>_<split>.txt "id ±1" lines are not accepted here). */
async function readImageSet(path: string): Promise<string[]> {
  const ids = (await readRequiredText(path, "image set"))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  ids.forEach((id, i) => {
    if (/\s/.test(id)) throw new DatasetError(path, `line ${i + 1}: expected one image id, got "${id}"`);
  });
  if (!ids.length) throw new DatasetError(path, "image set is empty");
  assertUniqueIds(ids, path, "image id");
  return ids;
}

/** PASCAL VOC detection: ImageSets/Main/<split>.txt, Annotations/<id>.xml, JPEGImages/<id>.jpg. */
export async function openVocDetection(options: VocOptions & { readonly classes?: readonly string[] }): Promise<Dataset<BoxTarget>> {
  const root = resolve(options.root);
  const classes = options.classes ?? VOC_CLASSES;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const setPath = join(root, "ImageSets", "Main", `${options.split}.txt`);
  const ids = await readImageSet(setPath);
  const annotationPaths = ids.map((id) => join(root, "Annotations", `${id}.xml`));
  const imagePaths = ids.map((id) => join(root, "JPEGImages", `${id}.jpg`));
  const samples = await mapLimited(ids, 16, async (id, index): Promise<Sample<BoxTarget>> => {
    const xmlPath = annotationPaths[index];
    const annotation = parseVocAnnotation(await readRequiredText(xmlPath, `annotation (listed in ${basename(setPath)})`), xmlPath);
    const objects: LabelledBox[] = annotation.objects.map((object) => {
      const label = classIndex.get(object.name);
      if (label === undefined) throw new DatasetError(xmlPath, `unknown class "${object.name}" (expected one of the ${classes.length} dataset classes)`);
      return { classIndex: label, className: object.name, box: object.bbox, difficult: object.difficult };
    });
    await requireFileSize(imagePaths[index], basename(setPath));
    const size = annotation.size;
    return {
      id,
      image: size ? { kind: "file", path: imagePaths[index], width: size.width, height: size.height } : { kind: "file", path: imagePaths[index] },
      target: { task: "detection", format: "boxes", objects },
    };
  });
  const checksum = await datasetChecksum(root, [setPath], [...annotationPaths, ...imagePaths], options);
  return indexedDataset({
    name: options.name ?? `${basename(root)}-${options.split}`,
    task: "detection",
    classes,
    checksum,
    files: [setPath, ...annotationPaths, ...imagePaths],
    samples,
  });
}

/**
 * PASCAL VOC semantic segmentation: ImageSets/Segmentation/<split>.txt, JPEGImages/<id>.jpg and
 * SegmentationClass/<id>.png palette PNGs (palette index = class, 255 = ignore). Label maps are
 * decoded later (readLabelMap / checkLabelMap), one at a time.
 */
export async function openVocSegmentation(options: VocOptions): Promise<Dataset<SegmentationTarget>> {
  const root = resolve(options.root);
  const setPath = join(root, "ImageSets", "Segmentation", `${options.split}.txt`);
  const ids = await readImageSet(setPath);
  const imagePaths = ids.map((id) => join(root, "JPEGImages", `${id}.jpg`));
  const labelPaths = ids.map((id) => join(root, "SegmentationClass", `${id}.png`));
  await mapLimited([...imagePaths, ...labelPaths], 32, (path) => requireFileSize(path, basename(setPath)));
  const samples: Array<Sample<SegmentationTarget>> = ids.map((id, i) => ({
    id,
    image: { kind: "file", path: imagePaths[i] },
    target: { task: "semantic-segmentation", labelMap: { kind: "file", path: labelPaths[i] }, ignoreIndex: 255 },
  }));
  const checksum = await datasetChecksum(root, [setPath], [...imagePaths, ...labelPaths], options);
  return indexedDataset({
    name: options.name ?? `${basename(root)}-seg-${options.split}`,
    task: "semantic-segmentation",
    classes: VOC_SEGMENTATION_CLASSES,
    checksum,
    files: [setPath, ...imagePaths, ...labelPaths],
    samples,
  });
}
