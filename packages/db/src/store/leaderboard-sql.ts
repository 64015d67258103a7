// The two leaderboard reads that Prisma's query builder cannot make fast: the row count of a filtered board and
// the intervals above a page. Same filters and order as the Prisma page query in leaderboard.ts.
import { Prisma } from "../generated/sqlite/client.js";
import type { DbClient } from "../client.js";
import type { Provider } from "../database-url.js";
import { SORT_KEYS, type SortKey, type Task } from "./records.js";

/** The filters of one board, with its dataset already resolved to an id. */
export interface BoardFilter {
  datasetId: string;
  sortBy: SortKey;
  order: "asc" | "desc";
  family?: string;
  year?: number;
  task?: Task;
  hardware?: string;
  engine?: string;
}

function sortColumn(sortBy: SortKey): Prisma.Sql {
  // The column name is interpolated, so it must be one of ours, never caller text.
  if (!(SORT_KEYS as readonly string[]).includes(sortBy)) throw new Error(`unknown sort key "${sortBy}"`);
  return Prisma.raw(`r."${sortBy}"`);
}

const hasModelFilter = (board: BoardFilter) => board.family !== undefined || board.year !== undefined || board.task !== undefined;

/** `done` runs on the dataset with a value to sort by, filtered (Model is `m`, Run is `r`). */
function conditions(board: BoardFilter): Prisma.Sql {
  const sql = [Prisma.sql`r."datasetId" = ${board.datasetId}`, Prisma.sql`r."status" = 'done'`, Prisma.sql`${sortColumn(board.sortBy)} IS NOT NULL`];
  if (board.hardware !== undefined) sql.push(Prisma.sql`r."hardware" = ${board.hardware}`);
  if (board.engine !== undefined) sql.push(Prisma.sql`r."engine" = ${board.engine}`);
  if (board.family !== undefined) sql.push(Prisma.sql`m."family" = ${board.family}`);
  if (board.year !== undefined) sql.push(Prisma.sql`m."year" = ${board.year}`);
  if (board.task !== undefined) sql.push(Prisma.sql`m."task" = ${board.task}`);
  return Prisma.join(sql, " AND ");
}

/**
 * How many rows the board has. With a family or year filter the count starts from those few models (index on
 * Model.family / Model.year) and reaches their runs through Run.modelId; SQLite's planner, without ANALYZE
 * statistics, would otherwise walk every run of the dataset and look its model up, which is ~100 times slower
 * on a 10,000-run board. CROSS JOIN fixes SQLite's join order; PostgreSQL plans from its own statistics.
 */
export async function countBoard(db: DbClient, provider: Provider, board: BoardFilter): Promise<number> {
  const modelFirst = board.family !== undefined || board.year !== undefined;
  let from: Prisma.Sql;
  if (!hasModelFilter(board)) from = Prisma.sql`"Run" r`;
  else if (provider === "sqlite" && modelFirst) from = Prisma.sql`"Model" m CROSS JOIN "Run" r INDEXED BY "Run_modelId_idx"`;
  else from = Prisma.sql`"Run" r JOIN "Model" m ON m."id" = r."modelId"`;
  const join = provider === "sqlite" && modelFirst ? Prisma.sql`r."modelId" = m."id" AND ` : Prisma.empty;
  const rows = await db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`SELECT COUNT(*) AS "n" FROM ${from} WHERE ${join}${conditions(board)}`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The sort metric's 95% intervals of the board's first `count` rows, in rank order (null where a run has no
 * two-element ci95). Reads only the two bounds, in the page query's order, from the (datasetId, status, key) index.
 */
export async function intervalsAbove(db: DbClient, provider: Provider, board: BoardFilter, count: number): Promise<(readonly [number, number] | null)[]> {
  const column = sortColumn(board.sortBy);
  // One JSON lookup per row, returned as JSON (SQLite's -> gives JSON text; PostgreSQL's jsonb may arrive parsed).
  const interval = Prisma.raw(provider === "postgres" ? `r."metrics"->'${board.sortBy}'->'ci95'` : `r."metrics" -> '$.${board.sortBy}.ci95'`);
  const from = hasModelFilter(board) ? Prisma.sql`"Run" r JOIN "Model" m ON m."id" = r."modelId"` : Prisma.sql`"Run" r`;
  const direction = Prisma.raw(board.order === "asc" ? "ASC" : "DESC");
  const rows = await db.$queryRaw<{ ci95: unknown }[]>(Prisma.sql`
    SELECT ${interval} AS "ci95" FROM ${from}
    WHERE ${conditions(board)}
    ORDER BY ${column} ${direction}, r."finishedAt" ASC, r."id" ASC
    LIMIT ${count}`);
  return rows.map((row) => {
    const ci95 = typeof row.ci95 === "string" ? (JSON.parse(row.ci95) as unknown) : row.ci95;
    // As sortIntervalOf reads a run's metrics: only a two-element array is an interval.
    return Array.isArray(ci95) && ci95.length === 2 ? [ci95[0] as number, ci95[1] as number] : null;
  });
}
