import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore, migrate, hashToken, historicalRows, readHistoryFacts, QuotaExceededError, type Store, type RunResultInput } from "@podium/db";
import { ACTIVE_KINDS, createTestDatabase, manualClock, type TestDatabase } from "./support/test-databases.js";
import { seedModelAndDataset } from "./support/fixtures.js";

describe.each(ACTIVE_KINDS)("store on %s", (kind) => {
  let database: TestDatabase;
  let store: Store;
  const clock = manualClock();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.url);
    store = createStore(database.url, { now: clock.now });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("keeps hidden labels for the evaluator only", async () => {
    const { dataset } = await seedModelAndDataset(store, "-hidden");
    const seen = await store.datasets.get(dataset.name);
    expect(seen.labels).toBeNull();
    expect(JSON.stringify(await store.datasets.list())).not.toContain("label-secret");
    expect(await store.datasets.labelsForEvaluator(dataset.id)).toEqual({ "img-1": "tench-label-secret", "img-2": "goldfish-label-secret" });
    const open = await store.datasets.create({ name: "open", task: "classification", checksum: "0", groundTruth: "public", classNames: ["a"], labels: { x: "a" }, sampleCount: 1 });
    expect(open.labels).toEqual({ x: "a" });
  });

  it("stores only a hash of API tokens, authenticates, revokes and enforces the daily quota per UTC day", async () => {
    const user = await store.users.create("alice");
    const { token, id } = await store.tokens.create(user.id, "laptop", 2);
    expect(token).toMatch(/^pod_[A-Za-z0-9_-]{43}$/);
    const stored = await store.client.apiToken.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const identity = await store.tokens.authenticate(token);
    expect(identity).toEqual({ userId: user.id, userName: "alice", tokenId: id, dailyQuota: 2 });
    expect(await store.tokens.authenticate(token + "x")).toBeNull();

    expect(await store.tokens.consumeQuota(identity!)).toEqual({ used: 1, limit: 2 });
    expect(await store.tokens.consumeQuota(identity!)).toEqual({ used: 2, limit: 2 });
    await expect(store.tokens.consumeQuota(identity!)).rejects.toThrow(new QuotaExceededError("daily submission quota of 2 reached for this token (UTC day 2026-01-05)"));
    expect((await store.client.quotaUsage.findFirstOrThrow({ where: { tokenId: id } })).count).toBe(2);
    clock.advance(24 * 3600 * 1000);
    expect(await store.tokens.consumeQuota(identity!)).toEqual({ used: 1, limit: 2 });

    await store.tokens.revoke(id);
    expect(await store.tokens.authenticate(token)).toBeNull();
  });

  it("seeds the historical facts idempotently, every row traceable to its source entry", async () => {
    const facts = readHistoryFacts();
    const count = await store.history.seed();
    expect(await store.history.seed()).toBe(count);
    const rows = await store.history.list();
    expect(rows).toHaveLength(count);
    expect(count).toBe(historicalRows(facts).length);
    for (const row of rows) {
      const match = /^(\w+)(?:\[(\d+)\])?$/.exec(row.sourceKey)!;
      const section = facts[match[1]] as Record<string, unknown> | Record<string, unknown>[];
      const entry = match[2] === undefined ? section : (section as Record<string, unknown>[])[Number(match[2])];
      expect(row.raw).toEqual(entry);
      expect(row.source).toBe((entry as Record<string, unknown>).source);
    }
    const winners = rows.filter((r) => r.kind === "ilsvrc" && r.place === 1 && r.externalData !== true).map((r) => [r.year, r.value]);
    expect(winners).toEqual([[2010, 28.191], [2011, 25.77], [2012, 16.422], [2013, 11.743], [2014, 6.66], [2015, 3.57], [2016, 2.991], [2017, 2.251]]);
    expect(rows.find((r) => r.kind === "ilsvrc" && r.year === 2012 && r.externalData === true)?.value).toBe(15.315);
    expect(rows.find((r) => r.kind === "human-baseline")).toMatchObject({ value: 5.1, year: null, evaluation: "human-annotator" });
    expect(rows.find((r) => r.name === "ResNet-50")).toMatchObject({ top1: 76.13, top5: 92.862, paramsM: 25.557032, evaluation: "val-single-model", split: "val" });
    expect(rows.find((r) => r.team === "Clarifai" && r.value === 11.2)?.unverified).toBe(true);
  });

  it("leaderboard: only done runs, sorted either way by any metric, filtered and paginated with a total", async () => {
    const dataset = await store.datasets.create({ name: "board", task: "classification", checksum: "0", groundTruth: "public", classNames: ["a"], sampleCount: 1 });
    const specs = [
      { name: "alexnet", family: "alexnet", year: 2012, top1: 56.522, latency: 3, hardware: "cpu", engine: "ort" },
      { name: "resnet18", family: "resnet", year: 2015, top1: 69.758, latency: 5, hardware: "cpu", engine: "ort" },
      { name: "resnet50", family: "resnet", year: 2015, top1: 76.13, latency: 9, hardware: "cpu", engine: "tfjs" },
      { name: "vit", family: "vit", year: 2020, top1: 81.072, latency: 20, hardware: "gpu", engine: "ort" },
    ];
    for (const spec of specs) {
      const model = await store.models.create({ name: spec.name, task: "classification", format: "onnx", manifest: {}, fileSha256: spec.name, sizeBytes: 1, family: spec.family, year: spec.year });
      const run = await store.queue.enqueue({ modelId: model.id, datasetId: dataset.id });
      await store.queue.claim("w");
      const result: RunResultInput = { metrics: { top1: { value: spec.top1 } }, latencyP50Ms: spec.latency, hardware: spec.hardware, engine: spec.engine };
      await store.queue.complete(run.id, "w", result);
      clock.advance(1);
    }
    const model = await store.models.get((await store.models.findByFile("vit", "vit"))!.id);
    await store.queue.enqueue({ modelId: model.id, datasetId: dataset.id }); // queued: never on the board

    const names = (page: Awaited<ReturnType<Store["leaderboard"]>>) => page.entries.map((e) => e.model.name);
    const all = await store.leaderboard({ dataset: "board", sortBy: "top1", order: "desc" });
    expect(all.total).toBe(4);
    expect(names(all)).toEqual(["vit", "resnet50", "resnet18", "alexnet"]);
    expect(names(await store.leaderboard({ dataset: dataset.id, sortBy: "latencyP50Ms", order: "asc" }))).toEqual(["alexnet", "resnet18", "resnet50", "vit"]);
    const page = await store.leaderboard({ dataset: "board", sortBy: "top1", order: "desc", offset: 1, limit: 2 });
    expect([page.total, names(page), page.entries.map((e) => e.rank)]).toEqual([4, ["resnet50", "resnet18"], [2, 3]]);
    expect(names(await store.leaderboard({ dataset: "board", sortBy: "top1", order: "asc", family: "resnet" }))).toEqual(["resnet18", "resnet50"]);
    expect(names(await store.leaderboard({ dataset: "board", sortBy: "top1", order: "desc", year: 2015, engine: "ort" }))).toEqual(["resnet18"]);
    expect(names(await store.leaderboard({ dataset: "board", sortBy: "top1", order: "desc", hardware: "gpu" }))).toEqual(["vit"]);
    expect((await store.leaderboard({ dataset: "board", sortBy: "miou", order: "desc" })).total).toBe(0);
    expect((await store.leaderboardIntervals({ dataset: "board", sortBy: "top1", order: "desc" })).map((r) => r.value)).toEqual([81.072, 76.13, 69.758, 56.522]);
  });
});
