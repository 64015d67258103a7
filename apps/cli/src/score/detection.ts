import { evaluateCoco, MetricInputError, type CocoIouType, type CocoResult } from "@podium/metrics";
import { UserError } from "../command.js";
import { choiceOption, parseOptions, requireOption } from "../args.js";
import { parseWith, readJsonFile } from "../files.js";
import { formatTable } from "../format.js";
import { cocoGroundTruthSchema, cocoResultsSchema } from "./coco-schema.js";

export const detectionUsage = `usage: podium score detection --gt <COCO instances.json> --pred <COCO results.json> [--iou-type bbox|segm] [--json]

Scores detections exactly as pycocotools' COCOeval does (IoU .50:.05:.95, 101 recall points, maxDets 1/10/100,
inclusive area ranges from the annotations' area, crowd regions, stable score sort, 100 detections per image and
category). --pred is the list format pycocotools' loadRes takes. --json prints one object with AP, AP50, AP75, APs,
APm, APl, AR1, AR10, AR100, ARs, ARm, ARl (fractions, -1 where undefined) and perCategory.`;

const summaryLines: [label: string, iou: string, area: string, maxDets: number][] = [
  ["Average Precision  (AP)", "0.50:0.95", "all", 100],
  ["Average Precision  (AP)", "0.50", "all", 100],
  ["Average Precision  (AP)", "0.75", "all", 100],
  ["Average Precision  (AP)", "0.50:0.95", "small", 100],
  ["Average Precision  (AP)", "0.50:0.95", "medium", 100],
  ["Average Precision  (AP)", "0.50:0.95", "large", 100],
  ["Average Recall     (AR)", "0.50:0.95", "all", 1],
  ["Average Recall     (AR)", "0.50:0.95", "all", 10],
  ["Average Recall     (AR)", "0.50:0.95", "all", 100],
  ["Average Recall     (AR)", "0.50:0.95", "small", 100],
  ["Average Recall     (AR)", "0.50:0.95", "medium", 100],
  ["Average Recall     (AR)", "0.50:0.95", "large", 100],
];

/** pycocotools' summarize() text, line for line. */
export function renderCocoSummary(stats: readonly number[]): string {
  return summaryLines
    .map(([label, iou, area, maxDets], i) => ` ${label} @[ IoU=${iou.padEnd(9)} | area=${area.padStart(6)} | maxDets=${String(maxDets).padStart(3)} ] = ${stats[i].toFixed(3)}`)
    .join("\n");
}

export async function scoreDetection(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    argv,
    { gt: { type: "string" }, pred: { type: "string" }, "iou-type": { type: "string" }, json: { type: "boolean", default: false } },
    detectionUsage,
  );
  const gtPath = requireOption(values.gt, "--gt", detectionUsage);
  const predPath = requireOption(values.pred, "--pred", detectionUsage);
  const iouType: CocoIouType = choiceOption(values["iou-type"], "--iou-type", ["bbox", "segm"] as const, "bbox");

  const gt = parseWith(cocoGroundTruthSchema, readJsonFile(gtPath), gtPath);
  const detections = parseWith(cocoResultsSchema, readJsonFile(predPath), predPath);
  for (const [i, d] of detections.entries()) {
    if (iouType === "bbox" && !d.bbox) throw new UserError(`${predPath}: [${i}]: bbox is required for --iou-type bbox`);
    if (iouType === "segm" && !d.segmentation) throw new UserError(`${predPath}: [${i}]: segmentation is required for --iou-type segm`);
  }
  let result: CocoResult;
  try {
    result = evaluateCoco(gt, detections, { iouType });
  } catch (error) {
    if (error instanceof MetricInputError) {
      // The evaluator's messages say "detection …" for results and "annotation/image/category …" for ground truth.
      const blamed = /^detection|\bdetection\b|\bresult\b/i.test(error.message) ? predPath : gtPath;
      throw new UserError(`${blamed}: ${error.message}`);
    }
    throw error;
  }
  if (values.json) {
    const { precision, recall, iouThresholds, recallThresholds, ...rest } = result;
    process.stdout.write(`${JSON.stringify({ iouType, ...rest, iouThresholds: Array.from(iouThresholds), recallThresholds: Array.from(recallThresholds) })}\n`);
    return 0;
  }
  const header = `COCO ${iouType} evaluation: ${gt.images.length} images, ${gt.annotations.length} annotations, ${detections.length} detections\n`;
  const rows = result.perCategory.map((c) => [
    String(c.categoryId),
    c.name,
    String(c.numGroundTruth),
    String(c.numDetections),
    ...[c.AP, c.AP50, c.AP75, c.AR100].map((v) => (v < 0 ? "—" : v.toFixed(3))),
  ]);
  process.stdout.write(`${header}${renderCocoSummary(result.stats)}\n\nPer category (— : no ground truth, left out of the means):\n`);
  process.stdout.write(formatTable(["id", "category", "GT", "dets", "AP", "AP50", "AP75", "AR100"], rows));
  return 0;
}
