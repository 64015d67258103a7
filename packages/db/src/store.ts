import { createPrismaClient, type DbClient } from "./client.js";
import { resolveDatabase, type Provider } from "./database-url.js";
import * as auth from "./store/auth.js";
import * as datasets from "./store/datasets.js";
import * as history from "./store/history.js";
import * as board from "./store/leaderboard.js";
import * as models from "./store/models.js";
import * as runs from "./store/runs.js";
import { DatabaseJobQueue, type JobQueue } from "./store/queue.js";
import { BoardCache } from "./store/board-cache.js";
import type { Task } from "./store/records.js";
import { seedHistory } from "./seed.js";

export interface StoreOptions {
  /** The clock for leases, quotas and timestamps; tests pass a controllable one. */
  now?: () => Date;
}

/** The results store: every read and write Podium makes, over SQLite or PostgreSQL. */
export interface Store {
  readonly provider: Provider;
  /** The Prisma client underneath, for tests and one-off scripts; application code uses the functions below. */
  readonly client: DbClient;
  readonly queue: JobQueue;
  readonly users: {
    create(name: string): Promise<auth.UserRecord>;
  };
  readonly tokens: {
    create(userId: string, label: string, dailyQuota?: number): Promise<auth.CreatedToken>;
    authenticate(token: string): Promise<auth.Identity | null>;
    revoke(tokenId: string): Promise<void>;
    consumeQuota(identity: auth.Identity): Promise<{ used: number; limit: number }>;
  };
  readonly models: {
    create(input: models.CreateModelInput): ReturnType<typeof models.createModel>;
    get(id: string): ReturnType<typeof models.getModel>;
    findByFile(name: string, fileSha256: string): ReturnType<typeof models.findModelByFile>;
  };
  readonly datasets: {
    create(input: datasets.CreateDatasetInput): ReturnType<typeof datasets.createDataset>;
    get(idOrName: string): ReturnType<typeof datasets.getDataset>;
    list(task?: Task): ReturnType<typeof datasets.listDatasets>;
    labelsForEvaluator(datasetId: string): ReturnType<typeof datasets.labelsForEvaluator>;
  };
  readonly runs: {
    get(id: string): ReturnType<typeof runs.getRun>;
    cancel(id: string): ReturnType<typeof runs.cancelRun>;
    queueStatus(id: string): ReturnType<typeof runs.queueStatus>;
    listForModel(modelId: string): ReturnType<typeof runs.listRunsForModel>;
  };
  leaderboard(query: board.LeaderboardQuery): Promise<board.LeaderboardPage>;
  leaderboardIntervals(query: board.LeaderboardQuery): Promise<board.RankedInterval[]>;
  /** The sort metric's intervals of the board's first `count` rows, in rank order (tie groups above a page). */
  leaderboardIntervalsAbove(query: board.LeaderboardQuery, count: number): Promise<(board.ConfidenceInterval | null)[]>;
  /**
   * A value computed from public reads (e.g. a serialised leaderboard response), kept until anything commits to
   * the database, like the boards themselves (SQLite files); computed every time elsewhere.
   */
  memo<T>(key: string, compute: () => Promise<T>, keep?: (value: T) => boolean): Promise<T>;
  readonly history: {
    list(query?: history.HistoryQuery): Promise<history.HistoricalRecord[]>;
    platformRuns(task: string): Promise<history.PlatformRunPoint[]>;
    seed(): Promise<number>;
  };
  close(): Promise<void>;
}

/**
 * Opens the store: PostgreSQL when `url` (or DATABASE_URL) starts with postgres:// or postgresql://, else the
 * SQLite file (default `<repo>/data/podium.db`). Same code path for both; run migrate(url) first.
 */
export function createStore(url?: string, options: StoreOptions = {}): Store {
  const database = resolveDatabase(url);
  const db = createPrismaClient(database);
  const now = options.now ?? (() => new Date());
  const cache = BoardCache.supports(database) ? new BoardCache(database) : null;
  const provider = database.provider;
  return {
    provider: database.provider,
    client: db,
    queue: new DatabaseJobQueue(db, now),
    users: { create: (name) => auth.createUser(db, name) },
    tokens: {
      create: (userId, label, dailyQuota) => auth.createToken(db, userId, label, dailyQuota),
      authenticate: (token) => auth.authenticate(db, token, now()),
      revoke: (tokenId) => auth.revokeToken(db, tokenId, now()),
      consumeQuota: (identity) => auth.consumeQuota(db, identity, now()),
    },
    models: {
      create: (input) => models.createModel(db, input),
      get: (id) => models.getModel(db, id),
      findByFile: (name, sha) => models.findModelByFile(db, name, sha),
    },
    datasets: {
      create: (input) => datasets.createDataset(db, input),
      // Every leaderboard request resolves its dataset first, so it is cached with the boards on SQLite.
      get: (idOrName) => (cache ? cache.get(JSON.stringify(["dataset", idOrName]), (reader) => datasets.getDataset(reader, idOrName)) : datasets.getDataset(db, idOrName)),
      list: (task) => datasets.listDatasets(db, task),
      labelsForEvaluator: (id) => datasets.labelsForEvaluator(db, id),
    },
    runs: {
      get: (id) => runs.getRun(db, id),
      cancel: (id) => runs.cancelRun(db, id, now()),
      queueStatus: (id) => runs.queueStatus(db, id),
      listForModel: (modelId) => runs.listRunsForModel(db, modelId),
    },
    leaderboard: (query) =>
      cache ? cache.get(JSON.stringify(["page", query]), (reader) => board.leaderboard(reader, provider, query)) : board.leaderboard(db, provider, query),
    leaderboardIntervals: (query) => board.leaderboardIntervals(db, query),
    leaderboardIntervalsAbove: (query, count) =>
      cache && count > 0
        ? cache.get(JSON.stringify(["above", query, count]), (reader) => board.leaderboardIntervalsAbove(reader, provider, query, count))
        : board.leaderboardIntervalsAbove(db, provider, query, count),
    memo: (key, compute, keep) => (cache ? cache.get(JSON.stringify(["memo", key]), () => compute(), keep) : compute()),
    history: {
      list: (query) => history.listHistorical(db, query),
      platformRuns: (task) => history.platformRunsForHistory(db, task),
      seed: () => seedHistory(db),
    },
    close: async () => {
      await Promise.all([db.$disconnect(), cache?.close()]);
    },
  };
}
