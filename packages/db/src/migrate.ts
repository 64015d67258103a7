import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { resolveDatabase, redact, type ResolvedDatabase } from "./database-url.js";
import { MigrationError } from "./errors.js";
import { listMigrations, MIGRATIONS_ROOT, type MigrationFile } from "./migrations.js";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface MigrateResult {
  readonly provider: ResolvedDatabase["provider"];
  /** Migrations applied by this call, in order. */
  readonly applied: string[];
  /** Migrations that were already recorded with a matching checksum. */
  readonly alreadyApplied: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** The few operations the applier needs, over better-sqlite3 or pg. */
interface MigrationConnection {
  ensureTable(): Promise<void>;
  appliedRows(): Promise<AppliedRow[]>;
  /** Runs the script and records it, in one transaction: either both happen or neither. */
  apply(migration: MigrationFile): Promise<void>;
  close(): Promise<void>;
}

// Prisma's own DDL for its bookkeeping table, so `prisma migrate deploy` accepts a database we migrated.
const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;
const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
// The advisory lock key Prisma Migrate takes, so our applier and Prisma's never run at once.
const PRISMA_ADVISORY_LOCK = 72707369;
const SELECT_APPLIED = `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at"`;

function sqliteConnection(path: string): MigrationConnection {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 10_000 });
  // WAL is a property of the file and persists: the API's readers then never wait on a worker's write.
  if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
  return {
    async ensureTable() {
      db.exec(SQLITE_TABLE);
    },
    async appliedRows() {
      return db.prepare(SELECT_APPLIED).all() as AppliedRow[];
    },
    async apply(migration) {
      // Prisma's SQLite connector stores these timestamps as Unix epoch milliseconds.
      const startedAt = Date.now();
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count") VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt);
      }).immediate();
    },
    async close() {
      db.close();
    },
  };
}

async function postgresConnection(url: string): Promise<MigrationConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
  return {
    async ensureTable() {
      await client.query(POSTGRES_TABLE);
    },
    async appliedRows() {
      return (await client.query<AppliedRow>(SELECT_APPLIED)).rows;
    },
    async apply(migration) {
      const startedAt = new Date();
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count") VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    async close() {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
      await client.end();
    },
  };
}

/**
 * Applies the committed SQL migrations for the database behind `url` (see resolveDatabase), each in its own
 * transaction, recording `_prisma_migrations` rows as Prisma Migrate does. Idempotent. Refuses a database
 * whose recorded checksum differs from the file, or that holds a failed (unfinished) migration.
 */
export async function migrate(url?: string, options: { migrationsRoot?: string } = {}): Promise<MigrateResult> {
  const database = resolveDatabase(url);
  const migrations = listMigrations(database.provider, options.migrationsRoot ?? MIGRATIONS_ROOT);
  const where = database.provider === "postgres" ? redact(database.target) : database.target;
  let connection: MigrationConnection;
  try {
    connection = database.provider === "postgres" ? await postgresConnection(database.target) : sqliteConnection(database.target);
  } catch (error) {
    throw new MigrationError(`cannot open ${database.provider} database ${where}: ${(error as Error).message}`);
  }
  try {
    await connection.ensureTable();
    const recorded = new Map<string, AppliedRow>();
    for (const row of await connection.appliedRows()) {
      if (row.rolled_back_at !== null) continue;
      if (row.finished_at === null) {
        throw new MigrationError(`migration ${row.migration_name} failed earlier in ${where} and was never resolved; fix the database, then mark it with \`prisma migrate resolve\``);
      }
      recorded.set(row.migration_name, row);
    }
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...recorded.keys()].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new MigrationError(`${where} has migrations this version of Podium does not know (${unknown.join(", ")}): it was migrated by a newer version`);
    }
    const applied: string[] = [];
    const alreadyApplied: string[] = [];
    for (const migration of migrations) {
      const row = recorded.get(migration.name);
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.name} was applied to ${where} with checksum ${row.checksum}, but prisma/migrations/${database.provider}/${migration.name}/migration.sql now has ${migration.checksum}: never edit an applied migration, add a new one`,
          );
        }
        alreadyApplied.push(migration.name);
        continue;
      }
      try {
        await connection.apply(migration);
      } catch (error) {
        throw new MigrationError(`migration ${migration.name} failed on ${where} and was rolled back: ${(error as Error).message.split("\n")[0]}`);
      }
      applied.push(migration.name);
    }
    return { provider: database.provider, applied, alreadyApplied };
  } finally {
    await connection.close();
  }
}
