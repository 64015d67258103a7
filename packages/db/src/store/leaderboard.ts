import { Prisma as PrismaNamespace } from "../generated/sqlite/client.js";
import type { DbClient, Prisma } from "../client.js";
import type { Provider } from "../database-url.js";
import { SORT_KEYS, toRunRecord, type MetricsJson, type RunRecord, type SortKey, type Task } from "./records.js";

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

export interface LeaderboardEntry {
  /** 1-based rank in the full sorted board (not the page). */
  rank: number;
  run: RunRecord;
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

function orderFor(query: LeaderboardQuery): Prisma.RunOrderByWithRelationInput[] {
  // Ties on the metric fall back to the earlier result, then id, so pages never overlap or skip rows.
  return [{ [query.sortBy]: query.order }, { finishedAt: "asc" }, { id: "asc" }];
}

/** One page of a leaderboard: done runs on one dataset, sorted by one metric, filtered, with the total count. */
export async function leaderboard(db: DbClient, query: LeaderboardQuery): Promise<LeaderboardPage> {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  const datasetId = await datasetIdFor(db, query);
  if (datasetId === null) return { total: 0, offset, limit, entries: [] };
  const where = whereFor(query, datasetId);
  const [total, runs] = await Promise.all([
    db.run.count({ where }),
    db.run.findMany({ where, orderBy: orderFor(query), skip: offset, take: limit, include: { model: true } }),
  ]);
  return {
    total,
    offset,
    limit,
    entries: runs.map(({ model, ...run }, i) => ({
      rank: offset + i + 1,
      run: toRunRecord(run),
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
  // The column name is interpolated, so it must be one of ours, never caller text.
  if (!(SORT_KEYS as readonly string[]).includes(query.sortBy)) throw new Error(`unknown sort key "${query.sortBy}"`);
  const sql = PrismaNamespace.sql;
  const column = PrismaNamespace.raw(`r."${query.sortBy}"`);
  const direction = PrismaNamespace.raw(query.order === "asc" ? "ASC" : "DESC");
  // Only a two-element ci95 array counts as an interval, as in sortIntervalOf.
  const interval = provider === "postgres" ? `r."metrics"->'${query.sortBy}'->'ci95'` : `'$.${query.sortBy}.ci95'`;
  const bound = (index: 0 | 1) =>
    provider === "postgres"
      ? PrismaNamespace.raw(
          `CASE WHEN jsonb_typeof(${interval}) = 'array' AND jsonb_array_length(${interval}) = 2 THEN (${interval}->>${index})::float8 END`,
        )
      : PrismaNamespace.raw(
          `CASE WHEN json_type(r."metrics", ${interval}) = 'array' AND json_array_length(r."metrics", ${interval}) = 2 THEN json_extract(r."metrics", '$.${query.sortBy}.ci95[${index}]') END`,
        );
  const conditions = [sql`r."datasetId" = ${datasetId}`, sql`r."status" = 'done'`, sql`${column} IS NOT NULL`];
  if (query.hardware !== undefined) conditions.push(sql`r."hardware" = ${query.hardware}`);
  if (query.engine !== undefined) conditions.push(sql`r."engine" = ${query.engine}`);
  if (query.family !== undefined) conditions.push(sql`m."family" = ${query.family}`);
  if (query.year !== undefined) conditions.push(sql`m."year" = ${query.year}`);
  if (query.task !== undefined) conditions.push(sql`m."task" = ${query.task}`);
  const needsModel = query.family !== undefined || query.year !== undefined || query.task !== undefined;
  const rows = await db.$queryRaw<{ low: number | null; high: number | null }[]>(sql`
    SELECT ${bound(0)} AS "low", ${bound(1)} AS "high"
    FROM "Run" r ${needsModel ? sql`JOIN "Model" m ON m."id" = r."modelId"` : PrismaNamespace.empty}
    WHERE ${PrismaNamespace.join(conditions, " AND ")}
    ORDER BY ${column} ${direction}, r."finishedAt" ASC, r."id" ASC
    LIMIT ${count}`);
  return rows.map((row) => (row.low === null || row.high === null ? null : [Number(row.low), Number(row.high)]));
}
