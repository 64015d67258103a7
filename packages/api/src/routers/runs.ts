import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { mcnemarTest } from "@podium/metrics";
import { publicProcedure } from "../trpc.js";
import { idInput } from "../inputs.js";
import { runView } from "../views.js";

export const runsRouter = {
  get: publicProcedure.input(z.object({ id: idInput })).query(async ({ ctx, input }) => {
    const run = await ctx.store.runs.get(input.id);
    const [model, dataset] = await Promise.all([ctx.store.models.get(run.modelId), ctx.store.datasets.get(run.datasetId)]);
    return { run: runView(run, ctx.baseUrl), model: { id: model.id, name: model.name, architecture: model.architecture }, dataset: { id: dataset.id, name: dataset.name, task: dataset.task, groundTruth: dataset.groundTruth } };
  }),

  /**
   * McNemar's test on two finished runs over the same dataset, paired by sample id on top-1 correctness.
   * Only the discordant counts and the test come back, never per-sample outcomes (hidden labels stay hidden).
   */
  compare: publicProcedure.input(z.object({ a: idInput, b: idInput })).query(async ({ ctx, input }) => {
    if (input.a === input.b) throw new TRPCError({ code: "BAD_REQUEST", message: "compare needs two different runs" });
    const [a, b] = await Promise.all([ctx.store.runs.get(input.a), ctx.store.runs.get(input.b)]);
    for (const run of [a, b]) {
      if (run.status !== "done") throw new TRPCError({ code: "BAD_REQUEST", message: `run ${run.id} is ${run.status}; only done runs can be compared` });
      if (run.sampleCorrect === null) throw new TRPCError({ code: "BAD_REQUEST", message: `run ${run.id} has no per-sample results to pair` });
    }
    if (a.datasetId !== b.datasetId) throw new TRPCError({ code: "BAD_REQUEST", message: `runs ${a.id} and ${b.id} were evaluated on different datasets` });
    const toMap = (value: unknown) => new Map(Object.entries(value as Record<string, boolean>));
    const test = mcnemarTest(toMap(a.sampleCorrect), toMap(b.sampleCorrect));
    return {
      a: { id: a.id, top1: a.top1 },
      b: { id: b.id, top1: b.top1 },
      samples: Object.keys(a.sampleCorrect as object).length,
      aOnlyCorrect: test.b,
      bOnlyCorrect: test.c,
      method: test.method,
      statistic: test.statistic,
      pValue: test.pValue,
    };
  }),
};
