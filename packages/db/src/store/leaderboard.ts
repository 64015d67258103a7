import { Prisma as PrismaNamespace, type Run } from "../generated/sqlite/client.js";
import type { DbClient, Prisma } from "../client.js";
import type { Provider } from "../database-url.js";
import { countBoard, intervalsAbove, type BoardFilter } from "./leaderboard-sql.js";
import { toRunRecord, type MetricsJson, type RunRecord, type SortKey, type Task } from "./records.js";

export interface LeaderboardQuery {
  /** Dataset id or name. */
  dataset: string;
  /**
   * The dataset's id when the caller has already resolved `dataset` (the API has): the board is then filtered on
   * the indexed column directly instead of first looking the id up.
   */
  datasetId?: string;
  task?: Task;
  sortBy: SortKey;
  order: "asc" | "desc";
  family?: string;
  year?: number;
  hardware?: string;
  engine?: string;
  offset?: number;
  limit?: number;
}

export interface LeaderboardModel {
  id: string;
  name: string;
  architecture: string | null;
  family: string | null;
  year: number | null;
  format: string;
  paramCount: number | null;
}

/**
 * A run as a board row: without the per-sample correctness and evaluator state, which can be megabytes per run
 * (one entry per image) and which no board shows; whether per-sample results exist is kept as a flag.
 */
export type LeaderboardRun = Omit<RunRecord, "sampleCorrect" | "evaluatorState"> & { hasSampleCorrectness: boolean };

export interface LeaderboardEntry {
  /** 1-based rank in the full sorted board (not the page). */
  rank: number;
  run: LeaderboardRun;
  model: LeaderboardModel;
}

export interface LeaderboardPage {
  total: number;
  offset: number;
  limit: number;
  entries: LeaderboardEntry[];
}

/** The sort column's value and its 95% interval for every row of the board, in rank order. */
export interface RankedInterval {
  runId: string;
  value: number | null;
  ci95: readonly [number, number] | null;
}

/** A 95% interval, [low, high]. */
export type ConfidenceInterval = readonly [number, number];

/**
 * The dataset id a query's board lives on, or null when no dataset has that id or name (an empty board).
 * Filtering runs by this id, rather than joining Dataset on "id or name", lets the (datasetId, status, key)
 * indexes serve the page in order.
 */
async function datasetIdFor(db: DbClient, query: LeaderboardQuery): Promise<string | null> {
  if (query.datasetId !== undefined) return query.datasetId;
  const dataset = await db.dataset.findFirst({ where: { OR: [{ id: query.dataset }, { name: query.dataset }] }, select: { id: true } });
  return dataset?.id ?? null;
}

function whereFor(query: LeaderboardQuery, datasetId: string): Prisma.RunWhereInput {
  const model: Prisma.ModelWhereInput = {};
  if (query.family !== undefined) model.family = query.family;
  if (query.year !== undefined) model.year = query.year;
  if (query.task !== undefined) model.task = query.task;
  return {
    // Only finished runs: a queued, running or failed run never shows a number.
    status: "done",
    datasetId,
    [query.sortBy]: { not: null },
    ...(query.hardware === undefined ? {} : { hardware: query.hardware }),
    ...(query.engine === undefined ? {} : { engine: query.engine }),
    ...(Object.keys(model).length > 0 ? { model } : {}),
  };
}

function leaderboardRun(run: Omit<Run, "sampleCorrect" | "evaluatorState">, hasSampleCorrectness: boolean): LeaderboardRun {
  const { sampleCorrect: _samples, evaluatorState: _state, ...record } = toRunRecord({ ...run, sampleCorrect: null, evaluatorState: null });
  return { ...record, hasSampleCorrectness };
}

function boardFilter(query: LeaderboardQuery, datasetId: string): BoardFilter {
  const { sortBy, order, family, year, task, hardware, engine } = query;
  return { datasetId, sortBy, order, family, year, task, hardware, engine };
}

function orderFor(query: LeaderboardQuery): Prisma.RunOrderByWithRelationInput[] {
  // Ties on the metric fall back to the earlier result, then id, so pages never overlap or skip rows.
  return [{ [query.sortBy]: query.order }, { finishedAt: "asc" }, { id: "asc" }];
}

/**
 * One page of a leaderboard: done runs on one dataset, sorted by one metric, filtered, with the total count.
 * On an SQLite file the store may hand the same page object to several callers (see BoardCache): read-only.
 */
export async function leaderboard(db: DbClient, provider: Provider, query: LeaderboardQuery): Promise<LeaderboardPage> {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  const datasetId = await datasetIdFor(db, query);
  if (datasetId === null) return { total: 0, offset, limit, entries: [] };
  const where = whereFor(query, datasetId);
  const [total, runs] = await Promise.all([
    countBoard(db, provider, boardFilter(query, datasetId)),
    db.run.findMany({ where, orderBy: orderFor(query), skip: offset, take: limit, omit: { sampleCorrect: true, evaluatorState: true }, include: { model: true } }),
  ]);
  const withSamples =
    runs.length === 0
      ? new Set<string>()
      : new Set(
          (await db.run.findMany({ where: { id: { in: runs.map((run) => run.id) }, NOT: { sampleCorrect: { equals: PrismaNamespace.AnyNull } } }, select: { id: true } })).map((run) => run.id),
        );
  return {
    total,
    offset,
    limit,
    entries: runs.map(({ model, ...run }, i) => ({
      rank: offset + i + 1,
      run: leaderboardRun(run, withSamples.has(run.id)),
      model: {
        id: model.id,
        name: model.name,
        architecture: model.architecture,
        family: model.family,
        year: model.year,
        format: model.format,
        paramCount: model.paramCount === null ? null : Number(model.paramCount),
      },
    })),
  };
}

/** The sort metric's 95% interval in a run's metrics JSON, or null when the evaluator gave none. */
export function sortIntervalOf(metrics: MetricsJson | null, sortBy: SortKey): ConfidenceInterval | null {
  const ci95 = metrics?.[sortBy]?.ci95;
  return ci95 && ci95.length === 2 ? [ci95[0], ci95[1]] : null;
}

/** The sort metric and its interval for the whole board (no paging), for grouping statistical ties. */
export async function leaderboardIntervals(db: DbClient, query: LeaderboardQuery): Promise<RankedInterval[]> {
  const datasetId = await datasetIdFor(db, query);
  if (datasetId === null) return [];
  const runs = await db.run.findMany({ where: whereFor(query, datasetId), orderBy: orderFor(query), select: { id: true, metrics: true, [query.sortBy]: true } });
  return runs.map((run) => {
    const row = run as unknown as { id: string; metrics: MetricsJson | null } & Record<string, unknown>;
    const raw = row[query.sortBy];
    const value = raw === null || raw === undefined ? null : Number(raw);
    return { runId: row.id, value, ci95: sortIntervalOf(row.metrics, query.sortBy) };
  });
}

/**
 * The sort metric's intervals of the board's first `count` rows, in rank order: what a page starting at row
 * `count` needs to number its tie groups, since groups are decided from the top. One raw query that reads
 * only the two interval bounds (not ids, not whole metrics objects), in the same order as the page query.
 */
export async function leaderboardIntervalsAbove(db: DbClient, provider: Provider, query: LeaderboardQuery, count: number): Promise<(ConfidenceInterval | null)[]> {
  if (count <= 0) return [];
  const datasetId = await datasetIdFor(db, query);
  if (datasetId === null) return [];
  return intervalsAbove(db, provider, boardFilter(query, datasetId), count);
}
