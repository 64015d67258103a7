import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore, migrate, type LeaderboardQuery, type Store } from "@podium/db";
import { createTestDatabase, type TestDatabase } from "./support/test-databases.js";
import { seedModelAndDataset } from "./support/fixtures.js";

// On an SQLite file the store caches leaderboard reads per process until anything commits. These check that a
// cached board never outlives a change: a run completed by this process, one completed by another connection
// (a worker), and a half-written completion that rolls back must never be shown.
describe("leaderboard cache on sqlite", () => {
  let database: TestDatabase;
  let store: Store;
  let worker: Store;
  let modelId: string;
  let datasetId: string;
  const query = (): LeaderboardQuery => ({ dataset: "imagenet-mini", sortBy: "top1", order: "desc" });

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    await migrate(database.url);
    store = createStore(database.url);
    // A second store on the same file, as a `podium worker` process has.
    worker = createStore(database.url);
    const { model, dataset } = await seedModelAndDataset(store);
    modelId = model.id;
    datasetId = dataset.id;
  });
  afterAll(async () => {
    await store?.close();
    await worker?.close();
    await database?.drop();
  });

  async function complete(by: Store, top1: number): Promise<string> {
    const run = await by.queue.enqueue({ modelId, datasetId });
    expect((await by.queue.claim("w"))?.id).toBe(run.id);
    await by.queue.complete(run.id, "w", { metrics: { top1: { value: top1, ci95: [top1 - 1, top1 + 1] } } });
    return run.id;
  }
  const boardIds = async () => (await store.leaderboard(query())).entries.map((e) => e.run.id);
  const above = async () => store.leaderboardIntervalsAbove(query(), 10);

  it("shows a run completed through this store on the next read", async () => {
    const first = await complete(store, 70);
    expect(await boardIds()).toEqual([first]);
    expect(await boardIds()).toEqual([first]); // served again, unchanged
    const second = await complete(store, 75);
    expect(await boardIds()).toEqual([second, first]);
    expect(await above()).toEqual([[74, 76], [69, 71]]);
  });

  it("shows a run completed by another connection (a worker process) on the next read", async () => {
    const before = await boardIds();
    const beforeAbove = await above();
    const third = await complete(worker, 80);
    expect(await boardIds()).toEqual([third, ...before]);
    expect(await above()).toEqual([[79, 81], ...beforeAbove]);
  });

  it("never serves rows of a transaction that rolls back, even when read while it is open", async () => {
    const before = await boardIds();
    const queued = await store.queue.enqueue({ modelId, datasetId });
    await expect(
      store.client.$transaction(async (tx) => {
        await tx.run.update({ where: { id: queued.id }, data: { status: "done", top1: 99, metrics: { top1: { value: 99 } }, finishedAt: new Date() } });
        expect(await boardIds()).toEqual(before); // not committed: not on the board
        throw new Error("lease lost");
      }),
    ).rejects.toThrow("lease lost");
    expect(await boardIds()).toEqual(before);
    // and the same run does appear once it is really completed
    expect((await store.queue.claim("w"))?.id).toBe(queued.id);
    await store.queue.complete(queued.id, "w", { metrics: { top1: { value: 99 } } });
    expect(await boardIds()).toEqual([queued.id, ...before]);
  });

  it("resolves a dataset created or renamed by another connection on the next read", async () => {
    await expect(store.datasets.get("later")).rejects.toThrow('no dataset "later"');
    const later = await worker.datasets.create({ name: "later", task: "classification", checksum: "0", groundTruth: "public", classNames: ["a"], sampleCount: 1 });
    expect((await store.datasets.get("later")).id).toBe(later.id);
    await worker.client.dataset.update({ where: { id: later.id }, data: { name: "renamed" } });
    await expect(store.datasets.get("later")).rejects.toThrow('no dataset "later"');
    expect((await store.datasets.get(later.id)).name).toBe("renamed");
  });

  it("shows a run deleted by another connection as gone", async () => {
    const [top, ...rest] = await boardIds();
    await worker.client.run.delete({ where: { id: top } });
    expect(await boardIds()).toEqual(rest);
  });
});
