import { ClassificationEvaluator, RealEvaluator, type TopKAccuracy } from "@podium/metrics";
import { integerOption, parseOptions, requireOption } from "../args.js";
import { formatTable, nullIfNaN, percent } from "../format.js";
import { classListFrom, pairClassification, readGroundTruthFile, readPredictionFile } from "./classification-files.js";

export const classificationUsage = `usage: podium score classification --gt <labels.txt|labels.csv|real.json> --pred <predictions.txt|predictions.csv>
       [--num-classes N | --classes classes.txt] [--json]

Ground truth: .txt one label per line (line i = image i, like the ILSVRC devkit's
ILSVRC2012_validation_ground_truth.txt); .csv with header 'image,label'; .json ImageNet-ReaL (element i = the list of
labels of image i; images with an empty list are excluded). Predictions: .txt ILSVRC submission format (line i = the
ranked labels of image i, space-separated, best first); .csv with header 'image,<rank 1>,<rank 2>,…'. Files pair by
image id when both are .csv, else by line order. Labels are integers or names (e.g. WNIDs); --num-classes N fixes
the classes to 0..N-1 and --classes names them in index order, otherwise the classes are every label used, sorted.
Reports top-1 and top-5 accuracy and error with 95% Wilson intervals (top-5 needs 5 ranked labels per image).`;

interface ReportedK {
  k: number;
  accuracy: number;
  error: number;
  correct: number;
  samples: number;
  ci95: [number, number];
}

function reportK(t: TopKAccuracy): ReportedK {
  return { k: t.k, accuracy: t.accuracy, error: t.error, correct: t.correct, samples: t.samples, ci95: [t.interval.lower, t.interval.upper] };
}

export async function scoreClassification(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    argv,
    { gt: { type: "string" }, pred: { type: "string" }, "num-classes": { type: "string" }, classes: { type: "string" }, json: { type: "boolean", default: false } },
    classificationUsage,
  );
  const gtFile = readGroundTruthFile(requireOption(values.gt, "--gt", classificationUsage));
  const predFile = readPredictionFile(requireOption(values.pred, "--pred", classificationUsage));
  const numClasses = values["num-classes"] === undefined ? undefined : integerOption(values["num-classes"], "--num-classes");
  const paired = pairClassification(gtFile, predFile, classListFrom(numClasses, values.classes));
  const topK = [1, 5].filter((k) => k <= paired.depth);

  let report: Record<string, unknown>;
  let perClass: { class: string; samples: number; correct: number; accuracy: number | null }[] = [];
  if (gtFile.multiLabel) {
    const evaluator = new RealEvaluator({ numClasses: paired.classes.length, topK });
    evaluator.updateRanked(paired.ranked, paired.depth, paired.targets, paired.ids);
    const result = evaluator.compute();
    report = { protocol: "imagenet-real", samples: result.samples, excluded: result.excluded, topK: result.topK.map(reportK) };
  } else {
    const evaluator = new ClassificationEvaluator({ numClasses: paired.classes.length, topK });
    evaluator.updateRanked(paired.ranked, paired.depth, paired.targets.map((t) => t[0]), paired.ids);
    const result = evaluator.compute();
    perClass = result.perClass
      .filter((c) => c.samples > 0)
      .map((c) => ({ class: paired.classes[c.classId], samples: c.samples, correct: c.correct, accuracy: nullIfNaN(c.recall) }));
    report = { protocol: "single-label", samples: result.samples, topK: result.topK.map(reportK), meanClassAccuracy: nullIfNaN(result.meanClassRecall), perClass };
  }
  const byK = new Map((report.topK as ReportedK[]).map((t) => [t.k, t] as const));
  const flat = {
    top1: byK.get(1)?.accuracy ?? null,
    top1_err: byK.get(1)?.error ?? null,
    top5: byK.get(5)?.accuracy ?? null,
    top5_err: byK.get(5)?.error ?? null,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...flat, ...report, classes: paired.classes })}\n`);
    return 0;
  }
  const lines = (report.topK as ReportedK[]).map(
    (t) => `  top-${t.k}: accuracy ${percent(t.accuracy)}%  error ${percent(t.error)}%  (95% Wilson CI ${percent(t.ci95[0])}–${percent(t.ci95[1])}%, ${t.correct}/${t.samples})`,
  );
  const excluded = report.excluded ? `, ${String(report.excluded)} excluded (empty label list)` : "";
  process.stdout.write(`Classification (${String(report.protocol)}): ${String(report.samples)} images${excluded}, ${paired.classes.length} classes\n${lines.join("\n")}\n`);
  if (paired.depth < 5) process.stdout.write(`  top-5: not available (${paired.depth} ranked label${paired.depth > 1 ? "s" : ""} per image)\n`);
  if (perClass.length > 0 && perClass.length <= 100) {
    process.stdout.write(`\nPer class (top-1):\n${formatTable(["class", "images", "correct", "accuracy %"], perClass.map((c) => [c.class, String(c.samples), String(c.correct), percent(c.accuracy)]))}`);
  }
  return 0;
}
