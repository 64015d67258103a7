import { authedProcedure, publicProcedure } from "../trpc.js";
import { idInput, modelInput } from "../inputs.js";
import { modelView, runView } from "../views.js";
import { z } from "zod";

export const modelsRouter = {
  /** A model with all of its runs (queued, running and finished). */
  get: publicProcedure.input(z.object({ id: idInput })).query(async ({ ctx, input }) => {
    const model = await ctx.store.models.get(input.id);
    const runs = await ctx.store.runs.listForModel(model.id);
    return { model: modelView(model, ctx.baseUrl), runs: runs.map((run) => runView(run, ctx.baseUrl)) };
  }),
  /** Registers model metadata (the file upload itself is a separate step); owned by the token's user. */
  create: authedProcedure.input(modelInput).mutation(async ({ ctx, input }) => {
    const model = await ctx.store.models.create({ ...input, ownerId: ctx.identity.userId });
    return modelView(model, ctx.baseUrl);
  }),
};
