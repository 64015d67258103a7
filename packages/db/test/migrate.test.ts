import { afterEach, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { createStore, listMigrations, migrate, MigrationError, MIGRATIONS_ROOT } from "@podium/db";
import { ACTIVE_KINDS, createTestDatabase, type TestDatabase } from "./support/test-databases.js";

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: unknown;
  migration_name: string;
  logs: string | null;
  rolled_back_at: unknown;
  started_at: unknown;
  applied_steps_count: number;
}

async function migrationRows(database: TestDatabase): Promise<MigrationRow[]> {
  const store = createStore(database.url);
  try {
    return await store.client.$queryRawUnsafe<MigrationRow[]>(`SELECT * FROM "_prisma_migrations" ORDER BY "migration_name"`);
  } finally {
    await store.close();
  }
}

describe.each(ACTIVE_KINDS)("migrate on %s", (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it("applies every migration once and records it as Prisma does; a second run applies nothing", async () => {
    database = await createTestDatabase(kind);
    const files = listMigrations(kind);
    expect(files.length).toBeGreaterThan(0);

    const first = await migrate(database.url);
    expect(first.applied).toEqual(files.map((f) => f.name));
    expect(first.alreadyApplied).toEqual([]);
    const second = await migrate(database.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.name));

    const rows = await migrationRows(database);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      const bytes = readFileSync(join(MIGRATIONS_ROOT, kind, files[i].name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
    if (kind === "sqlite") {
      const store = createStore(database.url);
      try {
        expect(await store.client.$queryRawUnsafe(`PRAGMA journal_mode`)).toEqual([{ journal_mode: "wal" }]);
      } finally {
        await store.close();
      }
    }
  });

  it("refuses a database whose recorded checksum differs from the migration file", async () => {
    database = await createTestDatabase(kind);
    await migrate(database.url);
    const tampered = mkdtempSync(join(tmpdir(), "podium-migrations-"));
    cpSync(MIGRATIONS_ROOT, tampered, { recursive: true });
    const name = listMigrations(kind)[0].name;
    const file = join(tampered, kind, name, "migration.sql");
    writeFileSync(file, readFileSync(file, "utf8") + "\n-- edited after it was applied\n");
    const attempt = migrate(database.url, { migrationsRoot: tampered });
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(migrate(database.url, { migrationsRoot: tampered })).rejects.toThrow(
      new RegExp(`^migration ${name} was applied to .* with checksum [0-9a-f]{64}, but prisma/migrations/${kind}/${name}/migration.sql now has [0-9a-f]{64}: never edit an applied migration, add a new one$`),
    );
  });

  it("rolls a failing migration back completely and records nothing", async () => {
    database = await createTestDatabase(kind);
    const broken = mkdtempSync(join(tmpdir(), "podium-migrations-"));
    cpSync(MIGRATIONS_ROOT, broken, { recursive: true });
    const dir = join(broken, kind, "99990101000000_broken");
    cpSync(join(MIGRATIONS_ROOT, kind, listMigrations(kind)[0].name), dir, { recursive: true });
    writeFileSync(join(dir, "migration.sql"), `CREATE TABLE "Half" ("id" INTEGER);\nINSERT INTO "NoSuchTable" VALUES (1);\n`);
    await expect(migrate(database.url, { migrationsRoot: broken })).rejects.toThrow(/^migration 99990101000000_broken failed on .* and was rolled back: /);
    const rows = await migrationRows(database);
    expect(rows.map((r) => r.migration_name)).toEqual(listMigrations(kind).map((f) => f.name));
    const store = createStore(database.url);
    try {
      const half = kind === "sqlite"
        ? await store.client.$queryRawUnsafe<unknown[]>(`SELECT name FROM sqlite_master WHERE name = 'Half'`)
        : await store.client.$queryRawUnsafe<unknown[]>(`SELECT tablename FROM pg_tables WHERE tablename = 'Half'`);
      expect(half).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe("migrate input errors", () => {
  it("names an unsupported url scheme in one line", async () => {
    await expect(migrate("mysql://root:secret@localhost/db")).rejects.toThrow(
      'unsupported database url "mysql://root:***@localhost/db": use postgres://, postgresql://, file:<path> or a file path',
    );
  });

  it.runIf(ACTIVE_KINDS.includes("postgres"))("says which PostgreSQL database it could not open", async () => {
    await expect(migrate("postgres://postgres@127.0.0.1:5432/podium_no_such_database_x")).rejects.toThrow(
      /^cannot open postgres database postgres:\/\/postgres@127\.0\.0\.1:5432\/podium_no_such_database_x: /,
    );
  });
});
