// Public surface of @podium/db: the results store, its queue, migrations and the history seed.
export { createStore, type Store, type StoreOptions } from "./store.js";
export { resolveDatabase, DEFAULT_SQLITE_PATH, type Provider, type ResolvedDatabase } from "./database-url.js";
export { migrate, type MigrateResult } from "./migrate.js";
export { listMigrations, migrationChecksum, MIGRATIONS_ROOT, type MigrationFile } from "./migrations.js";
export { seedHistory, historicalRows, readHistoryFacts, HISTORY_FACTS_PATH, type HistoricalRow } from "./seed.js";
export { StoreError, NotFoundError, ConflictError, LeaseLostError, QuotaExceededError, MigrationError } from "./errors.js";
export {
  DatabaseJobQueue,
  DEFAULT_LEASE_MS,
  type JobQueue,
  type RunResultInput,
  type HeartbeatInput,
  type HeartbeatResult,
  type ClaimOptions,
} from "./store/queue.js";
export type { EnqueueRunInput, QueueStatus } from "./store/runs.js";
export type { CreateModelInput } from "./store/models.js";
export type { CreateDatasetInput } from "./store/datasets.js";
export type { UserRecord, CreatedToken, Identity } from "./store/auth.js";
export { hashToken } from "./store/auth.js";
export type { LeaderboardQuery, LeaderboardPage, LeaderboardEntry, LeaderboardModel, RankedInterval, ConfidenceInterval, LeaderboardRun } from "./store/leaderboard.js";
export { sortIntervalOf } from "./store/leaderboard.js";
export type { HistoricalRecord, HistoryQuery, PlatformRunPoint } from "./store/history.js";
export {
  RUN_STATUSES,
  TASKS,
  HEADLINE_METRICS,
  SORT_KEYS,
  type RunStatus,
  type Task,
  type HeadlineMetric,
  type SortKey,
  type MetricValue,
  type MetricsJson,
  type JsonValue,
  type ModelRecord,
  type RunRecord,
  type PublicDataset,
} from "./store/records.js";
export type { DbClient } from "./client.js";
