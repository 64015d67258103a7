import { z } from "zod";
import { publicProcedure } from "../trpc.js";
import { taskInput } from "../inputs.js";

/** One point of a history chart. `evaluation` says how comparable it is; never join different ones with a line. */
export interface HistoryPoint {
  kind: string;
  /** "test-ensemble" (challenge entries), "val-single-model" (papers, torchvision), "human-annotator", "paper", "platform". */
  evaluation: string;
  year: number | null;
  name: string;
  metric: string;
  value: number | null;
  split: string | null;
  dataset: string | null;
  externalData: boolean | null;
  unverified: boolean;
  source: string;
  /** Path of the entry in the facts file, or null for a platform run. */
  sourceKey: string | null;
  runId: string | null;
}

export const historyRouter = {
  /** Published history (ILSVRC results, human baseline, architectures …) plus this platform's finished runs. */
  series: publicProcedure.input(z.object({ task: taskInput.default("classification") })).query(async ({ ctx, input }) => {
    const [published, runs] = await Promise.all([ctx.store.history.list({ task: input.task }), ctx.store.history.platformRuns(input.task)]);
    const points: HistoryPoint[] = published.map((row) => ({
      kind: row.kind,
      evaluation: row.evaluation,
      year: row.year,
      name: row.name,
      metric: row.metric,
      value: row.value,
      split: row.split,
      dataset: row.dataset,
      externalData: row.externalData,
      unverified: row.unverified,
      source: row.source,
      sourceKey: row.sourceKey,
      runId: null,
    }));
    const metric = { classification: "top1", segmentation: "miou", detection: "ap" } as const;
    for (const point of runs) {
      const key = metric[input.task];
      points.push({
        kind: "platform-run",
        evaluation: "platform",
        year: point.modelYear ?? point.run.finishedAt?.getUTCFullYear() ?? null,
        name: point.modelName,
        metric: `${key}_pct`,
        value: point.run[key],
        split: null,
        dataset: point.datasetName,
        externalData: null,
        unverified: false,
        source: `Podium run ${point.run.id} on ${point.datasetName} (${point.run.engine ?? "engine ?"}, ${point.run.hardware ?? "hardware ?"})`,
        sourceKey: null,
        runId: point.run.id,
      });
    }
    return { task: input.task, points };
  }),
};
