import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore, migrate, type LeaderboardQuery, type Store } from "@podium/db";
import { Prisma } from "../../db/src/generated/sqlite/client.js";
import { appRouter, createCallerFactory, tieGroups } from "@podium/api";
import { ACTIVE_KINDS, createTestDatabase, type TestDatabase } from "../../db/test/support/test-databases.js";

// Every page of a board must show the same ranks and tie groups as grouping the whole board at once, although a
// page only reads the intervals of the rows above it. The board mixes wide and narrow intervals (so groups span
// page boundaries), equal metric values (ordered by finish time, then id), runs without an interval, a malformed
// interval, and runs that must not count (failed, other dataset).
const FAMILIES = ["resnet", "vit", "convnext"];
const RUNS = 45;

describe.each(ACTIVE_KINDS)("leaderboard pages on %s", (kind) => {
  let database: TestDatabase;
  let store: Store;
  let datasetId: string;
  const caller = () => createCallerFactory(appRouter)({ store, authorization: null, baseUrl: "https://podium.test" });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.url);
    store = createStore(database.url);
    const dataset = await store.datasets.create({ name: "pages", task: "classification", checksum: "c", groundTruth: "public", classNames: ["a"], sampleCount: 1 });
    const other = await store.datasets.create({ name: "other", task: "classification", checksum: "d", groundTruth: "public", classNames: ["a"], sampleCount: 1 });
    datasetId = dataset.id;
    const models = Array.from({ length: 9 }, (_, i) => ({
      id: `m${i}`, name: `model-${i}`, task: "classification", format: "onnx", family: FAMILIES[i % 3], year: 2015 + (i % 2), manifest: {}, fileSha256: String(i).repeat(64), sizeBytes: 1n,
    }));
    await store.client.model.createMany({ data: models });
    const base = Date.parse("2026-01-01T00:00:00Z");
    const runs = Array.from({ length: RUNS }, (_, i) => {
      // Values step down by 0.4 with repeats every 7th run; half-widths cycle 0.1 .. 1.3 so some intervals reach
      // several rows down and others none.
      const top1 = i % 7 === 3 ? 80 - 0.4 * (i - 1) : 80 - 0.4 * i;
      const half = [0.1, 1.3, 0.5, 0.9, 0.2][i % 5];
      const ci95 = i % 11 === 5 ? null : i === 17 ? [top1 - half, top1, top1 + half] : [top1 - half, top1 + half];
      const metrics = { top1: ci95 === null ? { value: top1 } : { value: top1, ci95 } };
      return {
        id: `r${String((i * 17) % RUNS).padStart(3, "0")}`,
        modelId: models[i % 9].id,
        datasetId: i === 40 ? other.id : dataset.id,
        status: i % 13 === 6 ? "failed" : "done",
        // Same finish time for a few runs, so the id decides their order.
        finishedAt: new Date(base + Math.floor(i / 3) * 1000),
        metrics,
        top1,
        latencyP50Ms: 5 + (i % 4),
        hardware: i % 2 === 0 ? "cpu" : "gpu",
        // Per-sample results on some runs (JSON null on one): boards say only whether they exist.
        sampleCorrect: i % 4 === 0 ? { "img-1": true } : i === 9 ? Prisma.JsonNull : undefined,
        evaluatorState: i % 4 === 0 ? { kind: "classification", version: 1 } : undefined,
      };
    });
    await store.client.run.createMany({ data: runs });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const boards: Omit<LeaderboardQuery, "dataset">[] = [
    { sortBy: "top1", order: "desc" },
    { sortBy: "top1", order: "asc" },
    { sortBy: "top1", order: "desc", family: "vit" },
    { sortBy: "top1", order: "desc", hardware: "gpu", year: 2016 },
    { sortBy: "latencyP50Ms", order: "asc" },
  ];

  it.each(boards)("reads the intervals above any row exactly as the whole board has them: %o", async (board) => {
    const whole = await store.leaderboardIntervals({ dataset: "pages", ...board });
    expect(whole.length).toBeGreaterThan(5);
    expect(whole.some((row) => row.ci95 === null)).toBe(board.sortBy === "top1" || whole.every((row) => row.ci95 === null));
    for (let count = 0; count <= whole.length + 1; count++) {
      expect(await store.leaderboardIntervalsAbove({ dataset: "pages", datasetId, ...board }, count)).toEqual(whole.slice(0, count).map((row) => row.ci95));
    }
  });

  it.each(boards)("numbers ranks and tie groups on every page as on the whole board: %o", async (board) => {
    const whole = await store.leaderboardIntervals({ dataset: "pages", ...board });
    const groups = tieGroups(whole);
    // The board is interesting only if groups have several rows and some span a page boundary below.
    if (board.sortBy === "top1" && board.family === undefined && board.hardware === undefined) expect(new Set(groups.values()).size).toBeLessThan(whole.length - 5);
    for (const limit of [1, 7]) {
      for (let offset = 0; offset < whole.length; offset += limit === 1 ? 1 : 4) {
        const page = await caller().leaderboard.get({ dataset: "pages", ...board, offset, limit });
        const expected = whole.slice(offset, offset + limit).map((row, i) => [offset + i + 1, row.runId, groups.get(row.runId)]);
        expect(page.entries.map((e) => [e.rank, e.run.id, e.tieGroup]), `offset ${offset} limit ${limit}`).toEqual(expected);
      }
    }
  });

  it("flags per-sample results without serving them or the evaluator state", async () => {
    const page = await caller().leaderboard.get({ dataset: "pages", limit: 500 });
    const stored = new Map((await store.client.run.findMany({ select: { id: true, sampleCorrect: true } })).map((run) => [run.id, run.sampleCorrect]));
    expect(page.entries.some((e) => e.run.hasSampleCorrectness)).toBe(true);
    for (const entry of page.entries) {
      expect(entry.run.hasSampleCorrectness, entry.run.id).toBe(stored.get(entry.run.id) !== null);
      expect(Object.keys(entry.run)).not.toContain("sampleCorrect");
      expect(Object.keys(entry.run)).not.toContain("evaluatorState");
      expect((await caller().runs.get({ id: entry.run.id })).run.hasSampleCorrectness).toBe(entry.run.hasSampleCorrectness);
    }
  });

  it("gives an unknown dataset name an empty board in the store", async () => {
    expect(await store.leaderboard({ dataset: "nope", sortBy: "top1", order: "desc" })).toEqual({ total: 0, offset: 0, limit: 50, entries: [] });
    expect(await store.leaderboardIntervalsAbove({ dataset: "nope", sortBy: "top1", order: "desc" }, 10)).toEqual([]);
  });
});
