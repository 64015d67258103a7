// Public surface of @podium/api: the tRPC router, its context, and fetch-style HTTP handlers.
export { appRouter, type AppRouter } from "./router.js";
export { createCallerFactory } from "./trpc.js";
export { createContext, authFromHeader, type ApiContext, type Auth } from "./context.js";
export { createHttpHandlers, type HttpHandlers, type FetchHandler } from "./http.js";
export { tieGroups, tieGroupsOfPage, TIE_RULE } from "./tie-groups.js";
export { leaderboardCsv, leaderboardJson, type ExportFile } from "./exports.js";
export { HEADLINE_BY_TASK } from "./leaderboard-query.js";
export { defaultOrder } from "./inputs.js";
export type { HistoryPoint } from "./routers/history.js";
export type { RunView, ModelView } from "./views.js";
export * from "./uploads/index.js";
