import { join } from "node:path";
import { readLabelMap } from "@podium/datasets";
import { MetricInputError, SegmentationEvaluator, type SegmentationResult } from "@podium/metrics";
import { UserError } from "../command.js";
import { choiceOption, integerOption, parseOptions, requireOption } from "../args.js";
import { listUserDirectory, readUserFile } from "../files.js";
import { formatTable, nullIfNaN, percent } from "../format.js";

export const segmentationUsage = `usage: podium score segmentation --gt <dir of PNG label maps> --pred <dir> --num-classes N
       [--ignore-index 255] [--convention mmseg|detectron2] [--json]

Label maps are single-channel gray or palette PNGs whose pixel values are class ids; files are paired by
name. One confusion matrix is accumulated over all pixels whose ground truth is not the ignore index.
--convention mmseg (default): a class with zero union is NaN and left out of the means; a class absent from the
  ground truth but predicted has IoU 0 and counts. detectron2: classes absent from the ground truth are left out.`;

export interface SegmentationReport extends Omit<SegmentationResult, "confusion" | "perClass"> {
  numClasses: number;
  ignoreIndex: number;
  images: number;
  perClass: { iou: number | null; acc: number | null; dice: number | null }[];
  confusion: number[][];
}

export async function scoreSegmentation(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    argv,
    {
      gt: { type: "string" },
      pred: { type: "string" },
      "num-classes": { type: "string" },
      "ignore-index": { type: "string" },
      convention: { type: "string" },
      json: { type: "boolean", default: false },
    },
    segmentationUsage,
  );
  const gtDir = requireOption(values.gt, "--gt", segmentationUsage);
  const predDir = requireOption(values.pred, "--pred", segmentationUsage);
  const numClasses = integerOption(requireOption(values["num-classes"], "--num-classes", segmentationUsage), "--num-classes");
  const ignoreIndex = integerOption(values["ignore-index"], "--ignore-index", 255);
  const convention = choiceOption(values.convention, "--convention", ["mmseg", "detectron2"] as const, "mmseg");

  const gtFiles = listUserDirectory(gtDir);
  const predFiles = new Set(listUserDirectory(predDir));
  if (gtFiles.length === 0) throw new UserError(`${gtDir}: no label maps found`);
  for (const name of gtFiles) {
    if (!predFiles.has(name)) throw new UserError(`${join(predDir, name)}: missing (ground truth ${join(gtDir, name)} has no prediction)`);
  }
  const gtNames = new Set(gtFiles);
  for (const name of predFiles) {
    if (!gtNames.has(name)) throw new UserError(`${join(predDir, name)}: no ground truth with this name in ${gtDir}`);
  }

  let evaluator: SegmentationEvaluator;
  try {
    evaluator = new SegmentationEvaluator({ numClasses, ignoreIndex });
  } catch (error) {
    if (error instanceof MetricInputError) throw new UserError(error.message);
    throw error;
  }
  for (const name of gtFiles) {
    const gtPath = join(gtDir, name);
    const predPath = join(predDir, name);
    const gt = readLabelMap(readUserFile(gtPath), gtPath);
    const pred = readLabelMap(readUserFile(predPath), predPath);
    if (gt.width !== pred.width || gt.height !== pred.height) {
      throw new UserError(`${predPath}: size ${pred.width}×${pred.height} differs from the ground truth's ${gt.width}×${gt.height}`);
    }
    try {
      evaluator.update(gt.labels, pred.labels);
    } catch (error) {
      // The evaluator checks both maps; say which file holds the bad value.
      if (error instanceof MetricInputError) {
        const blamed = /ground.?truth|GT/i.test(error.message) ? gtPath : predPath;
        throw new UserError(`${blamed}: ${error.message}`);
      }
      throw error;
    }
  }
  const result = evaluator.compute({ convention });
  const report = toReport(result, numClasses, ignoreIndex, gtFiles.length);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(renderSegmentation(report));
  }
  return 0;
}

export function toReport(result: SegmentationResult, numClasses: number, ignoreIndex: number, images: number): SegmentationReport {
  const { confusion, perClass, ...scores } = result;
  const rows: number[][] = [];
  for (let g = 0; g < numClasses; g++) rows.push(Array.from(confusion.subarray(g * numClasses, (g + 1) * numClasses)));
  return {
    ...scores,
    mIoU: nullIfNaN(scores.mIoU) as number,
    mAcc: nullIfNaN(scores.mAcc) as number,
    aAcc: nullIfNaN(scores.aAcc) as number,
    fwIoU: nullIfNaN(scores.fwIoU) as number,
    mDice: nullIfNaN(scores.mDice) as number,
    numClasses,
    ignoreIndex,
    images,
    perClass: perClass.map((c) => ({ iou: nullIfNaN(c.iou), acc: nullIfNaN(c.acc), dice: nullIfNaN(c.dice) })),
    confusion: rows,
  };
}

function renderSegmentation(report: SegmentationReport): string {
  const summary = `Semantic segmentation (${report.convention} convention), ${report.images} images, ${report.pixelsCounted} pixels counted (ignore index ${report.ignoreIndex})
  mIoU ${percent(report.mIoU)}   mAcc ${percent(report.mAcc)}   aAcc ${percent(report.aAcc)}   fwIoU ${percent(report.fwIoU)}   mDice ${percent(report.mDice)}\n\n`;
  const rows = report.perClass.map((c, index) => [String(index), percent(c.iou), percent(c.acc), percent(c.dice)]);
  return `${summary}${formatTable(["class", "IoU", "Acc", "Dice"], rows)}  (— : undefined under this convention, left out of the means)\n`;
}
