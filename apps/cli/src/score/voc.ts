import { join } from "node:path";
import { parseVocAnnotation, parseVocDetections, type VocDetection } from "@podium/datasets";
import { MetricInputError, VocEvaluator, type VocResult } from "@podium/metrics";
import { UserError } from "../command.js";
import { parseOptions, requireOption } from "../args.js";
import { listUserDirectory, readUserFile } from "../files.js";
import { formatTable, percent } from "../format.js";

export const vocUsage = `usage: podium score voc --voc <VOC folder with Annotations/ and ImageSets/Main/> --results <dir> [--set val]
       [--classes a,b,…] [--use-difficult] [--json]

Scores devkit result files (<results>/<prefix>_det_<set>_<class>.txt, lines 'image_id score xmin ymin xmax ymax')
with py-faster-rcnn's voc_eval logic at IoU > 0.5: +1-pixel boxes, each detection takes its best-overlap object,
difficult objects neither TP nor FP. Prints the VOC2007 11-point and the VOC2010+ all-point AP per class and their
mAP (a class without ground truth has no AP and is left out). Classes default to those with a result file.`;

/** PASCAL VOC's class order, used to order the classes found in a results folder. */
const VOC_CLASSES = [
  "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
  "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
];

export async function scoreVoc(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    argv,
    { voc: { type: "string" }, results: { type: "string" }, set: { type: "string", default: "val" }, classes: { type: "string" }, "use-difficult": { type: "boolean", default: false }, json: { type: "boolean", default: false } },
    vocUsage,
  );
  const root = requireOption(values.voc, "--voc", vocUsage);
  const resultsDir = requireOption(values.results, "--results", vocUsage);
  const set = values.set ?? "val";
  const pattern = new RegExp(`_det_${set.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}_(.+)\\.txt$`);
  const resultFiles = new Map<string, string>();
  for (const name of listUserDirectory(resultsDir)) {
    const match = pattern.exec(name);
    if (match) resultFiles.set(match[1], join(resultsDir, name));
  }
  const classes = values.classes
    ? values.classes.split(",").map((c) => c.trim()).filter(Boolean)
    : [...resultFiles.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  if (classes.length === 0) throw new UserError(`${resultsDir}: no result files named <prefix>_det_${set}_<class>.txt`);

  const setFile = join(root, "ImageSets", "Main", `${set}.txt`);
  const imageIds = readUserFile(setFile).toString("utf8").split(/\r?\n/).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
  if (imageIds.length === 0) throw new UserError(`${setFile}: lists no images`);
  const known = new Set(imageIds);

  const detectionsByImage = new Map<string, VocDetection[]>();
  for (const className of classes) {
    const file = resultFiles.get(className);
    if (!file) continue; // a class with no result file has no detections: AP 0 where it has ground truth
    // Parser errors (DatasetError) already name the file and line.
    const detections: VocDetection[] = parseVocDetections(readUserFile(file).toString("utf8"), className, file);
    detections.forEach((d, i) => {
      if (!known.has(d.imageId)) throw new UserError(`${file}: detection ${i + 1} is for image '${d.imageId}', which is not in ${setFile}`);
      const list = detectionsByImage.get(d.imageId) ?? [];
      list.push(d);
      detectionsByImage.set(d.imageId, list);
    });
  }

  const evaluator = new VocEvaluator({ classes, useDifficult: values["use-difficult"] });
  for (const imageId of imageIds) {
    const annotationPath = join(root, "Annotations", `${imageId}.xml`);
    const { objects } = parseVocAnnotation(readUserFile(annotationPath).toString("utf8"), annotationPath);
    try {
      evaluator.update(imageId, objects, detectionsByImage.get(imageId) ?? []);
    } catch (error) {
      if (error instanceof MetricInputError) throw new UserError(`${resultsDir}: ${error.message}`);
      throw error;
    }
  }
  const result = evaluator.compute();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  process.stdout.write(renderVoc(result));
  return 0;
}

function rank(className: string): number {
  const i = VOC_CLASSES.indexOf(className);
  return i < 0 ? VOC_CLASSES.length : i;
}

function renderVoc(result: VocResult): string {
  const rows = result.perClass.map((c) => [c.className, String(c.groundTruth), String(c.detections), percent(c.ap11Point), percent(c.apAllPoint)]);
  rows.push(["mAP", "", "", percent(result.mAP11Point), percent(result.mAPAllPoint)]);
  return `PASCAL VOC detection, ${result.images} images, IoU > ${result.iouThreshold}\n${formatTable(["class", "GT", "dets", "AP 2007 11-pt %", "AP 2010+ %"], rows)}  (— : no ground truth, left out of the mAP)\n`;
}
