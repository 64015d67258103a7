import { publicProcedure } from "../trpc.js";
import { leaderboardInput } from "../inputs.js";
import { leaderboardCsv, leaderboardJson } from "../exports.js";

export const exportsRouter = {
  leaderboardCsv: publicProcedure.input(leaderboardInput).query(({ ctx, input }) => leaderboardCsv(ctx.store, input, ctx.baseUrl)),
  leaderboardJson: publicProcedure.input(leaderboardInput).query(({ ctx, input }) => leaderboardJson(ctx.store, input, ctx.baseUrl)),
};
