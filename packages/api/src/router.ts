import { router } from "./trpc.js";
import { exportsRouter } from "./routers/exports.js";
import { historyRouter } from "./routers/history.js";
import { leaderboardRouter } from "./routers/leaderboard.js";
import { modelsRouter } from "./routers/models.js";
import { runsRouter } from "./routers/runs.js";
import { submissionsRouter } from "./routers/submissions.js";

export const appRouter = router({
  leaderboard: leaderboardRouter,
  models: modelsRouter,
  runs: runsRouter,
  history: historyRouter,
  submissions: submissionsRouter,
  exports: exportsRouter,
});

export type AppRouter = typeof appRouter;
