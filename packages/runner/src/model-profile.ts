import { CONVENTIONS, inspectModelFile } from "@podium/graph";
import type { ModelProfile } from "./result-schema.js";

/**
 * Params and MACs of the evaluated model at batch 1 and the manifest's input size, counted by @podium/graph
 * from the file itself, so a leaderboard's cost columns say how they were obtained. A graph the inspector
 * cannot fully follow still reports what it counted, with the ops it could not infer named.
 */
export function profileModel(modelPath: string, inputSize: [height: number, width: number]): ModelProfile {
  try {
    const report = inspectModelFile(modelPath, { batch: 1, inputSize });
    return {
      params: report.totals.params,
      trainableParams: report.totals.trainableParams,
      macs: report.totals.macsComplete ? report.totals.macs : null,
      activationBytes: report.totals.activationsComplete ? report.totals.activationBytes : null,
      unknownOps: report.unknownOps.map((u) => `${u.op} (${u.name})`),
      counted: CONVENTIONS.slice(0, 2).join(" "),
      error: null,
    };
  } catch (error) {
    return { params: null, trainableParams: null, macs: null, activationBytes: null, unknownOps: [], counted: "", error: (error as Error).message.split("\n")[0] ?? "inspection failed" };
  }
}
