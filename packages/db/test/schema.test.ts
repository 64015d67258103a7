import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createStore, migrate, HISTORY_FACTS_PATH, type Store } from "@podium/db";
// @ts-expect-error plain .mjs build script without type declarations
import { derivePostgresSchema, SQLITE_SCHEMA, POSTGRES_SCHEMA } from "../../../prisma/derive-postgres-schema.mjs";
import { ACTIVE_KINDS, createTestDatabase, type TestDatabase } from "./support/test-databases.js";

const SCALARS = new Set(["String", "Int", "BigInt", "Float", "Boolean", "DateTime", "Json"]);

// Prisma's default column type for each scalar (what `prisma migrate diff` would write).
const SQLITE_TYPES: Record<string, string> = { String: "TEXT", Int: "INTEGER", BigInt: "BIGINT", Float: "REAL", Boolean: "BOOLEAN", DateTime: "DATETIME", Json: "JSONB" };
const POSTGRES_TYPES: Record<string, string> = {
  String: "text", Int: "integer", BigInt: "bigint", Float: "double precision", Boolean: "boolean", DateTime: "timestamp(3) without time zone", Json: "jsonb",
};

/** model -> column -> "type nullable?", read from the schema text (scalar fields only; relation fields have no column). */
function schemaColumns(text: string, types: Record<string, string>): Map<string, Map<string, string>> {
  const models = new Map<string, Map<string, string>>();
  for (const [, name, body] of text.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const columns = new Map<string, string>();
    for (const line of body.split("\n")) {
      const match = /^\s+(\w+)\s+(\w+)(\??)/.exec(line);
      if (match && SCALARS.has(match[2])) columns.set(match[1], `${types[match[2]]}${match[3] === "?" ? " NULL" : " NOT NULL"}`);
    }
    models.set(name, columns);
  }
  return models;
}

/** Index names Prisma derives from @unique, @@unique and @@index, and each relation's foreign key. */
function schemaConstraints(text: string) {
  const indexes: string[] = [];
  const foreignKeys: string[] = [];
  for (const [, model, body] of text.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    for (const [, field] of body.matchAll(/^[ \t]+(\w+)[ \t]+\w+\??[ \t].*@unique/gm)) indexes.push(`${model}_${field}_key`);
    for (const [, kind, fields] of body.matchAll(/@@(unique|index)\(\[([^\]]+)\]/g)) {
      indexes.push(`${model}_${fields.split(",").map((f) => f.trim()).join("_")}_${kind === "unique" ? "key" : "idx"}`);
    }
    for (const [, fields, onDelete] of body.matchAll(/@relation\(fields: \[(\w+)\], references: \[id\](?:, onDelete: (\w+))?/g)) {
      foreignKeys.push(`${model}_${fields}_fkey ${onDelete ?? ""}`.trim());
    }
  }
  return { indexes: indexes.sort(), foreignKeys: foreignKeys.sort() };
}

describe("schema files", () => {
  it("schema.postgres.prisma is exactly what the derive script makes of schema.sqlite.prisma", () => {
    const derived = derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(derived);
  });

  it("the seed facts are a byte-identical copy of the shared facts file", () => {
    const shared = readFileSync(new URL("../../../../shared/facts/ilsvrc-history.json", import.meta.url));
    expect(readFileSync(HISTORY_FACTS_PATH).equals(shared)).toBe(true);
  });
});


describe.each(ACTIVE_KINDS)("migrated %s database matches the Prisma schema", (kind) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.url);
    store = createStore(database.url);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("has every model's table with exactly the schema's columns, types and nullability", async () => {
    const expected = schemaColumns(readFileSync(SQLITE_SCHEMA, "utf8"), kind === "sqlite" ? SQLITE_TYPES : POSTGRES_TYPES);
    expect(expected.size).toBe(8);
    for (const [model, columns] of expected) {
      const rows =
        kind === "sqlite"
          ? (await store.client.$queryRawUnsafe<{ name: string; type: string; notnull: number | bigint; pk: number | bigint }[]>(`PRAGMA table_info("${model}")`)).map(
              // a single-column primary key is declared NOT NULL PRIMARY KEY; composite key columns are NOT NULL too
              (r) => [r.name, `${r.type}${Number(r.notnull) === 0 ? " NULL" : " NOT NULL"}`] as const,
            )
          : (
              await store.client.$queryRawUnsafe<{ column_name: string; type: string; is_nullable: string }[]>(
                `SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable
                 FROM pg_attribute a WHERE a.attrelid = ('public."' || $1 || '"')::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
                model,
              )
            ).map((r) => [r.column_name, `${r.type}${r.is_nullable === "YES" ? " NULL" : " NOT NULL"}`] as const);
      expect(new Map(rows), model).toEqual(columns);
    }
  });

  it("has exactly the schema's indexes and foreign keys", async () => {
    const expected = schemaConstraints(readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(expected.foreignKeys).toHaveLength(8);
    const ON_DELETE: Record<string, string> = { CASCADE: "Cascade", RESTRICT: "Restrict", "SET NULL": "SetNull", c: "Cascade", r: "Restrict", n: "SetNull" };
    if (kind === "sqlite") {
      const indexes = await store.client.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
      expect(indexes.map((r) => r.name).sort()).toEqual(expected.indexes);
      const keys: string[] = [];
      for (const [table] of schemaColumns(readFileSync(SQLITE_SCHEMA, "utf8"), SQLITE_TYPES)) {
        const rows = await store.client.$queryRawUnsafe<{ from: string; on_delete: string }[]>(`PRAGMA foreign_key_list("${table}")`);
        keys.push(...rows.map((r) => `${table}_${r.from}_fkey ${ON_DELETE[r.on_delete]}`));
      }
      expect(keys.sort()).toEqual(expected.foreignKeys);
    } else {
      const indexes = await store.client.$queryRawUnsafe<{ indexname: string }[]>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND tablename <> '_prisma_migrations'`);
      expect(indexes.map((r) => r.indexname).sort()).toEqual(expected.indexes);
      const keys = await store.client.$queryRawUnsafe<{ conname: string; confdeltype: string }[]>(`SELECT conname, confdeltype::text AS confdeltype FROM pg_constraint WHERE contype = 'f'`);
      expect(keys.map((r) => `${r.conname} ${ON_DELETE[r.confdeltype]}`).sort()).toEqual(expected.foreignKeys);
    }
  });

  it("round-trips every model through the generated client (create, read, update, delete)", async () => {
    const db = store.client;
    const user = await db.user.create({ data: { name: `u-${kind}` } });
    const token = await db.apiToken.create({ data: { userId: user.id, label: "ci", tokenHash: "a".repeat(64), dailyQuota: 7 } });
    await db.quotaUsage.create({ data: { tokenId: token.id, day: "2026-01-05", count: 3 } });
    const manifest = { inputs: [{ name: "x", shape: [1, 3, 224, 224] }], "unicode ✓": true };
    const model = await db.model.create({
      data: {
        name: "resnet50", ownerId: user.id, task: "classification", format: "onnx", architecture: "ResNet-50", family: "resnet",
        year: 2015, manifest, fileSha256: "f".repeat(64), sizeBytes: 5_000_000_000n, paramCount: 25_557_032n, macs: 4.089e9,
      },
    });
    const dataset = await db.dataset.create({
      data: { name: "imagenet-val", task: "classification", split: "val", checksum: "c".repeat(64), groundTruth: "hidden", classNames: ["a", "b"], labels: { s1: 0 }, sampleCount: 2 },
    });
    const startedAt = new Date("2026-01-05T10:00:00.123Z");
    const run = await db.run.create({
      data: {
        modelId: model.id, datasetId: dataset.id, submitterId: user.id, tokenId: token.id, status: "done", priority: 2, progress: 1,
        config: { batch: 8 }, attempts: 1, maxAttempts: 3, leaseOwner: "w", leaseExpiresAt: startedAt, heartbeatAt: startedAt,
        startedAt, finishedAt: startedAt, metrics: { top1: { value: 76.13, ci95: [75.76, 76.5] } }, top1: 76.13, top5: 92.862,
        miou: 1, ap: 2, ap50: 3, map: 4, latencyP50Ms: 5.5, latencyP90Ms: 6.5, throughput: 180.25, peakMemory: 3_000_000_000n,
        paramCount: 25_557_032n, macs: 4.089e9, hardware: "cpu", engine: "onnxruntime-node 1.30.0", fingerprint: { node: "20" },
        error: null, perClass: [{ cls: "a", top1: 50 }], sampleCorrect: { s1: true }, evaluatorState: { kind: "classification", version: 1 },
      },
    });
    await db.runAttempt.create({ data: { runId: run.id, attempt: 1, workerId: "w", startedAt, finishedAt: startedAt, outcome: "done", error: null } });
    await db.historicalResult.create({
      data: {
        sourceKey: "k", kind: "ilsvrc", name: "n", team: "t", architecture: "a", year: null, place: 1, task: "classification", dataset: "d",
        metric: "top5_error_pct", value: 3.57, top1: null, top5: null, top5Error: 3.57, paramsM: 1.5, gmacs: 2.5, resolution: "224",
        split: "test", externalData: false, evaluation: "test-ensemble", source: "s", notes: null, unverified: true, unverifiedFields: ["x"], raw: { a: 1 },
      },
    });

    const read = await db.run.findUniqueOrThrow({ where: { id: run.id }, include: { model: true, dataset: true, attemptLog: true, token: { include: { usage: true, user: true } } } });
    expect(read.model.manifest).toEqual(manifest);
    expect(read.model.sizeBytes).toBe(5_000_000_000n);
    expect(read.peakMemory).toBe(3_000_000_000n);
    expect(read.metrics).toEqual({ top1: { value: 76.13, ci95: [75.76, 76.5] } });
    expect(read.startedAt?.toISOString()).toBe("2026-01-05T10:00:00.123Z");
    expect(read.throughput).toBe(180.25);
    expect(read.dataset.classNames).toEqual(["a", "b"]);
    expect(read.attemptLog.map((a) => a.outcome)).toEqual(["done"]);
    expect(read.token?.usage.map((u) => u.count)).toEqual([3]);
    expect(read.token?.user.name).toBe(`u-${kind}`);
    const history = await db.historicalResult.findUniqueOrThrow({ where: { sourceKey: "k" } });
    expect([history.year, history.externalData, history.unverified, history.unverifiedFields, history.raw]).toEqual([null, false, true, ["x"], { a: 1 }]);

    await db.run.update({ where: { id: run.id }, data: { top1: 77, hardware: null } });
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).top1).toBe(77);
    // constraints came with the migration: unique (name, sha256) and the foreign keys' cascades
    await expect(db.model.create({ data: { ...model, id: undefined, manifest, ownerId: null } as never })).rejects.toMatchObject({ code: "P2002" });
    await db.model.delete({ where: { id: model.id } });
    expect(await db.run.count()).toBe(0);
    expect(await db.runAttempt.count()).toBe(0);
    await db.user.delete({ where: { id: user.id } });
    expect(await db.quotaUsage.count()).toBe(0);
  });
});
