import type { Command } from "../command.js";
import { UserError } from "../command.js";
import { classificationUsage, scoreClassification } from "../score/classification.js";
import { detectionUsage, scoreDetection } from "../score/detection.js";
import { scoreSegmentation, segmentationUsage } from "../score/segmentation.js";
import { scoreVoc, vocUsage } from "../score/voc.js";

const tasks: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = {
  detection: { run: scoreDetection, usage: detectionUsage },
  segmentation: { run: scoreSegmentation, usage: segmentationUsage },
  classification: { run: scoreClassification, usage: classificationUsage },
  voc: { run: scoreVoc, usage: vocUsage },
};

const usage = `usage: podium score <detection|segmentation|classification|voc> [options]

Scores prediction files against ground truth offline, as the COCO and EvalAI servers do.

${Object.values(tasks).map((t) => t.usage.split("\n\n")[0]).join("\n\n")}`;

export const scoreCommand: Command = {
  name: "score",
  usage,
  async run(argv) {
    const [task, ...rest] = argv;
    const entry = task ? tasks[task] : undefined;
    if (!entry) throw new UserError(`${task ? `unknown task '${task}'` : "missing task"}: expected one of ${Object.keys(tasks).join(", ")} (see podium score --help)`);
    return entry.run(rest);
  },
};
