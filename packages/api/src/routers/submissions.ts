import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { authedProcedure, publicProcedure } from "../trpc.js";
import { idInput, submissionInput } from "../inputs.js";

export const submissionsRouter = {
  /**
   * Accepts a submission's metadata (the file upload comes separately): counts it against the token's daily
   * quota, registers the model (reusing it when the same name and bytes were sent before) and queues a run.
   */
  create: authedProcedure.input(submissionInput).mutation(async ({ ctx, input }) => {
    const dataset = await ctx.store.datasets.get(input.dataset);
    if (dataset.task !== input.model.task) {
      throw new TRPCError({ code: "BAD_REQUEST", message: `a ${input.model.task} model cannot be evaluated on ${dataset.task} dataset "${dataset.name}"` });
    }
    const quota = await ctx.store.tokens.consumeQuota(ctx.identity);
    const model =
      (await ctx.store.models.findByFile(input.model.name, input.model.fileSha256)) ??
      (await ctx.store.models.create({ ...input.model, ownerId: ctx.identity.userId }));
    const run = await ctx.store.queue.enqueue({
      modelId: model.id,
      datasetId: dataset.id,
      submitterId: ctx.identity.userId,
      tokenId: ctx.identity.tokenId,
      priority: input.priority,
      config: input.config,
    });
    return { runId: run.id, modelId: model.id, status: run.status, quota, permalink: `${ctx.baseUrl}/runs/${run.id}` };
  }),

  /**
   * Where a run stands. ETA assumes one worker: (runs ahead + this one) x the mean wall time of recent runs on
   * the same dataset for a queued run, the unfinished fraction of it for a running one; null without history.
   */
  status: publicProcedure.input(z.object({ runId: idInput })).query(async ({ ctx, input }) => {
    const status = await ctx.store.runs.queueStatus(input.runId);
    let etaMs: number | null = null;
    if (status.meanDurationMs !== null) {
      if (status.status === "queued" && status.position !== null) etaMs = status.position * status.meanDurationMs;
      else if (status.status === "running") etaMs = (1 - status.progress) * status.meanDurationMs;
    }
    return { runId: input.runId, status: status.status, position: status.position, progress: status.progress, etaMs };
  }),

  /** Only the submitter may cancel. */
  cancel: authedProcedure.input(z.object({ runId: idInput })).mutation(async ({ ctx, input }) => {
    const run = await ctx.store.runs.get(input.runId);
    if (run.submitterId !== ctx.identity.userId) throw new TRPCError({ code: "FORBIDDEN", message: `run ${run.id} was submitted by another user` });
    const cancelled = await ctx.store.runs.cancel(run.id);
    return { runId: cancelled.id, status: cancelled.status };
  }),
};
