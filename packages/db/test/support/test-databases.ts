import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

export const DATABASE_KINDS = ["sqlite", "postgres"] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/**
 * The server the PostgreSQL half of the suite creates its throwaway databases on. Required: set
 * PODIUM_TEST_POSTGRES=skip to run SQLite only on a machine without PostgreSQL (the skip is then explicit).
 */
export const ADMIN_POSTGRES_URL = process.env.PODIUM_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const ACTIVE_KINDS: DatabaseKind[] = process.env.PODIUM_TEST_POSTGRES === "skip" ? ["sqlite"] : [...DATABASE_KINDS];

export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temp SQLite file, or a uniquely named PostgreSQL database dropped afterwards. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "podium-db-"));
    return { kind, url: `file:${join(dir, "test.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `podium_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A clock tests move by hand, for leases and quotas. */
export function manualClock(start = new Date("2026-01-05T10:00:00.000Z")) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
  };
}
