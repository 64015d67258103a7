import type { DbClient, Prisma } from "../client.js";
import { toRunRecord, type MetricsJson, type RunRecord, type SortKey, type Task } from "./records.js";

export interface LeaderboardQuery {
  /** Dataset id or name. */
  dataset: string;
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

function whereFor(query: LeaderboardQuery): Prisma.RunWhereInput {
  const model: Prisma.ModelWhereInput = {};
  if (query.family !== undefined) model.family = query.family;
  if (query.year !== undefined) model.year = query.year;
  if (query.task !== undefined) model.task = query.task;
  return {
    // Only finished runs: a queued, running or failed run never shows a number.
    status: "done",
    dataset: { OR: [{ id: query.dataset }, { name: query.dataset }] },
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
  const where = whereFor(query);
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

/** The sort metric and its interval for the whole board (no paging), for grouping statistical ties. */
export async function leaderboardIntervals(db: DbClient, query: LeaderboardQuery): Promise<RankedInterval[]> {
  const runs = await db.run.findMany({ where: whereFor(query), orderBy: orderFor(query), select: { id: true, metrics: true, [query.sortBy]: true } });
  return runs.map((run) => {
    const row = run as unknown as { id: string; metrics: MetricsJson | null } & Record<string, unknown>;
    const raw = row[query.sortBy];
    const value = raw === null || raw === undefined ? null : Number(raw);
    const ci95 = row.metrics?.[query.sortBy]?.ci95 ?? null;
    return { runId: row.id, value, ci95: ci95 && ci95.length === 2 ? [ci95[0], ci95[1]] : null };
  });
}
