import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore, migrate, type Store } from "@podium/db";
import { createHttpHandlers } from "@podium/api";
import { createTestDatabase, type TestDatabase } from "../../db/test/support/test-databases.js";
import { seedModelAndDataset } from "../../db/test/support/fixtures.js";

// leaderboard.get's serialised response is kept until the next commit: it must change as soon as a run lands,
// whoever commits it (this process or a worker).
describe("cached leaderboard.get responses on sqlite", () => {
  let database: TestDatabase;
  let store: Store;
  let worker: Store;
  let modelId: string;
  let datasetId: string;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    await migrate(database.url);
    store = createStore(database.url);
    worker = createStore(database.url);
    ({ model: { id: modelId }, dataset: { id: datasetId } } = await seedModelAndDataset(store));
  });
  afterAll(async () => {
    await store?.close();
    await worker?.close();
    await database?.drop();
  });

  const get = async (input: unknown) => {
    const { trpc } = createHttpHandlers(store);
    const url = `http://podium.test/api/trpc/leaderboard.get?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await trpc(new Request(url));
    return { status: response.status, body: (await response.json()) as { result?: { data: { entries: { run: { id: string } }[] } } } };
  };
  const ids = async () => (await get({ dataset: "imagenet-mini", sortBy: "top1", order: "desc" })).body.result!.data.entries.map((e) => e.run.id);

  async function complete(by: Store, top1: number): Promise<string> {
    const run = await by.queue.enqueue({ modelId, datasetId });
    await by.queue.claim("w");
    await by.queue.complete(run.id, "w", { metrics: { top1: { value: top1, ci95: [top1 - 1, top1 + 1] } } });
    return run.id;
  }

  it("serves the same body until a run completes, then the new board", async () => {
    const first = await complete(store, 70);
    expect(await ids()).toEqual([first]);
    expect(await ids()).toEqual([first]);
    const second = await complete(worker, 80);
    expect(await ids()).toEqual([second, first]);
  });
});
