import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.js";
import type { ResolvedDatabase } from "./database-url.js";

/**
 * Both generated clients come from the same schema text (only the provider differs), so their APIs are
 * the same; the store is typed against the SQLite one and handed either.
 */
export type DbClient = SqliteClient;
export type { Prisma } from "./generated/sqlite/client.js";

export function createPrismaClient(database: ResolvedDatabase): DbClient {
  if (database.provider === "postgres") {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: database.target }) });
    return client as unknown as DbClient;
  }
  if (database.target !== ":memory:") mkdirSync(dirname(database.target), { recursive: true });
  // iso8601 keeps DateTime columns readable and ordered as text, matching what `prisma migrate` users see.
  return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: database.target, timeout: 10_000 }, { timestampFormat: "iso8601" }) });
}
