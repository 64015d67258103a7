import { publicProcedure } from "../trpc.js";
import { leaderboardInput } from "../inputs.js";
import { permalinkQuery, resolveLeaderboardQuery } from "../leaderboard-query.js";
import { sortIntervalOf } from "@podium/db";
import { tieGroupsOfPage, TIE_RULE } from "../tie-groups.js";
import { datasetView, leaderboardRunView } from "../views.js";

export const leaderboardRouter = {
  /** One page of a task/dataset board with ranks, statistical tie groups and a permalink. */
  get: publicProcedure.input(leaderboardInput).query(async ({ ctx, input }) => {
    const { query, dataset } = await resolveLeaderboardQuery(ctx.store, input);
    // Tie groups are numbered from the top of the board, so the page needs the intervals of the rows above it
    // (and nothing below it); the page's own intervals come with its runs.
    const [page, above] = await Promise.all([ctx.store.leaderboard(query), ctx.store.leaderboardIntervalsAbove(query, query.offset ?? 0)]);
    const groups = tieGroupsOfPage(
      above,
      page.entries.map((entry) => ({ runId: entry.run.id, ci95: sortIntervalOf(entry.run.metrics, query.sortBy) })),
    );
    return {
      dataset: datasetView(dataset, ctx.baseUrl),
      sortBy: query.sortBy,
      order: query.order,
      total: page.total,
      offset: page.offset,
      limit: page.limit,
      tieRule: TIE_RULE,
      permalink: `${ctx.baseUrl}/leaderboards?${permalinkQuery(dataset.name, query)}`,
      entries: page.entries.map((entry) => ({
        rank: entry.rank,
        tieGroup: groups.get(entry.run.id)!,
        model: entry.model,
        run: leaderboardRunView(entry.run, ctx.baseUrl),
      })),
    };
  }),
  datasets: publicProcedure.query(async ({ ctx }) => (await ctx.store.datasets.list()).map((d) => datasetView(d, ctx.baseUrl))),
};
