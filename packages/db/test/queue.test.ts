import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStore, migrate, LeaseLostError, ConflictError, type Store, type RunResultInput } from "@podium/db";
import { ACTIVE_KINDS, createTestDatabase, manualClock, type TestDatabase } from "./support/test-databases.js";
import { seedModelAndDataset } from "./support/fixtures.js";

const RESULT: RunResultInput = {
  metrics: { top1: { value: 76.13, ci95: [75.76, 76.5] }, top5: { value: 92.862, ci95: [92.6, 93.1] } },
  latencyP50Ms: 6.2,
  latencyP90Ms: 7.9,
  throughput: 161.3,
  peakMemoryBytes: 4_294_967_296 * 2,
  paramCount: 25_557_032,
  macs: 4.089e9,
  hardware: "2x vCPU",
  engine: "onnxruntime-node 1.30.0 cpu",
  fingerprint: { os: "linux" },
  perClass: { tench: { top1: 80 }, goldfish: { top1: 72.26 } },
  sampleCorrect: { "img-1": true, "img-2": false },
};

async function installFailingTrigger(store: Store): Promise<void> {
  // Fails the second write of complete() (closing the attempt row), after the run row was already updated.
  if (store.provider === "sqlite") {
    await store.client.$executeRawUnsafe(
      `CREATE TRIGGER "inject_failure" BEFORE UPDATE ON "RunAttempt" WHEN NEW."outcome" = 'done' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
  } else {
    await store.client.$executeRawUnsafe(
      `CREATE FUNCTION inject_failure() RETURNS trigger AS $$ BEGIN IF NEW."outcome" = 'done' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await store.client.$executeRawUnsafe(`CREATE TRIGGER "inject_failure" BEFORE UPDATE ON "RunAttempt" FOR EACH ROW EXECUTE FUNCTION inject_failure()`);
  }
}

async function dropFailingTrigger(store: Store): Promise<void> {
  await store.client.$executeRawUnsafe(`DROP TRIGGER "inject_failure"${store.provider === "postgres" ? ` ON "RunAttempt"` : ""}`);
}

describe.each(ACTIVE_KINDS)("database job queue on %s", (kind) => {
  let database: TestDatabase;
  let store: Store;
  let clock: ReturnType<typeof manualClock>;
  let ids: Awaited<ReturnType<typeof seedModelAndDataset>>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.url);
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    clock = manualClock();
    store = createStore(database.url, { now: clock.now });
    await store.client.run.deleteMany();
    await store.client.model.deleteMany();
    await store.client.dataset.deleteMany();
    ids = await seedModelAndDataset(store);
  });
  afterEach(async () => {
    await store.close();
  });

  const enqueue = (priority = 0) => store.queue.enqueue({ modelId: ids.model.id, datasetId: ids.dataset.id, priority });

  it("claims in priority then submission order and returns null when the queue is empty", async () => {
    const first = await enqueue();
    clock.advance(1);
    const second = await enqueue();
    clock.advance(1);
    const urgent = await enqueue(5);
    expect((await store.runs.queueStatus(second.id)).position).toBe(3);
    expect((await store.queue.claim("w1"))?.id).toBe(urgent.id);
    expect((await store.queue.claim("w1"))?.id).toBe(first.id);
    const claimed = await store.queue.claim("w2", { leaseMs: 1000 });
    expect(claimed).toMatchObject({ id: second.id, status: "running", leaseOwner: "w2", attempts: 1 });
    expect(claimed?.leaseExpiresAt?.getTime()).toBe(clock.now().getTime() + 1000);
    expect(await store.queue.claim("w1")).toBeNull();
    expect((await store.runs.queueStatus(second.id)).running).toBe(3);
  });

  it("never hands one job to two concurrent claimers on separate connections", async () => {
    const other = createStore(database.url, { now: clock.now });
    try {
      await enqueue();
      const results = await Promise.all([store.queue.claim("a"), other.queue.claim("b")]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);

      // five jobs, eight racing claims from two connections: each job exactly once
      const jobs = await Promise.all([1, 2, 3, 4, 5].map(() => enqueue()));
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).queue.claim(`w${i}`)));
      const won = claims.filter((c) => c !== null).map((c) => c!.id);
      expect(won.sort()).toEqual(jobs.map((j) => j.id).sort());
      expect(await store.client.runAttempt.count()).toBe(6);
    } finally {
      await other.close();
    }
  });

  it("makes a run whose lease expired claimable again, and the stale worker cannot complete it", async () => {
    const run = await enqueue();
    await store.queue.claim("dead-worker", { leaseMs: 30_000 });
    clock.advance(29_999);
    expect(await store.queue.claim("w2")).toBeNull();
    clock.advance(2);
    const reclaimed = await store.queue.claim("w2", { leaseMs: 30_000 });
    expect(reclaimed).toMatchObject({ id: run.id, leaseOwner: "w2", attempts: 2 });
    await expect(store.queue.complete(run.id, "dead-worker", RESULT)).rejects.toThrow(LeaseLostError);
    await expect(store.queue.heartbeat(run.id, "dead-worker")).rejects.toThrow(`worker dead-worker no longer holds run ${run.id} (status running); drop it`);
    const attempts = await store.client.runAttempt.findMany({ where: { runId: run.id }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.workerId, a.outcome])).toEqual([[1, "dead-worker", "lease-expired"], [2, "w2", null]]);
    const done = await store.queue.complete(run.id, "w2", RESULT);
    expect(done.status).toBe("done");
  });

  it("heartbeats extend the lease and report progress; a run whose workers keep dying fails after maxAttempts", async () => {
    const run = await store.queue.enqueue({ modelId: ids.model.id, datasetId: ids.dataset.id, maxAttempts: 2 });
    await store.queue.claim("w1", { leaseMs: 1000 });
    clock.advance(900);
    await store.queue.heartbeat(run.id, "w1", { progress: 0.5 }, { leaseMs: 1000 });
    clock.advance(900);
    expect(await store.queue.claim("w2")).toBeNull();
    expect((await store.runs.get(run.id)).progress).toBe(0.5);
    await expect(store.queue.heartbeat(run.id, "w1", { progress: 1.5 })).rejects.toThrow("progress must be between 0 and 1, got 1.5");
    clock.advance(1000);
    expect((await store.queue.claim("w2", { leaseMs: 1000 }))?.attempts).toBe(2);
    clock.advance(1001);
    expect(await store.queue.claim("w3")).toBeNull();
    const failed = await store.runs.get(run.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("gave up after 2 attempts: the lease of worker w2 expired without a heartbeat");
  });

  it("complete writes the whole result in one transaction: an injected failure leaves no trace", async () => {
    const run = await enqueue();
    await store.queue.claim("w1");
    await installFailingTrigger(store);
    try {
      await expect(store.queue.complete(run.id, "w1", RESULT)).rejects.toThrow(
        // SQLite reports RAISE(ABORT) as a constraint failure; PostgreSQL passes the message through
        kind === "sqlite" ? /constraint violated/ : /injected failure/,
      );
    } finally {
      await dropFailingTrigger(store);
    }
    const after = await store.runs.get(run.id);
    expect(after).toMatchObject({ status: "running", leaseOwner: "w1", metrics: null, top1: null, throughput: null, finishedAt: null, perClass: null });
    expect((await store.leaderboard({ dataset: ids.dataset.name, sortBy: "top1", order: "desc" })).total).toBe(0);

    const done = await store.queue.complete(run.id, "w1", RESULT);
    expect(done).toMatchObject({
      status: "done", progress: 1, top1: 76.13, top5: 92.862, miou: null, leaseOwner: null, peakMemory: 8_589_934_592,
      paramCount: 25_557_032, hardware: "2x vCPU", metrics: RESULT.metrics, sampleCorrect: RESULT.sampleCorrect,
    });
    expect((await store.client.runAttempt.findFirstOrThrow({ where: { runId: run.id } })).outcome).toBe("done");
    await expect(store.queue.complete(run.id, "w1", RESULT)).rejects.toThrow(`worker w1 no longer holds run ${run.id} (status done)`);
  });

  it("fail retries while attempts remain, then fails for good", async () => {
    const run = await store.queue.enqueue({ modelId: ids.model.id, datasetId: ids.dataset.id, maxAttempts: 2 });
    await store.queue.claim("w1");
    expect(await store.queue.fail(run.id, "w1", "onnxruntime: out of memory", { retry: true })).toMatchObject({ status: "queued", error: "onnxruntime: out of memory" });
    await store.queue.claim("w1");
    expect(await store.queue.fail(run.id, "w1", "again", { retry: true })).toMatchObject({ status: "failed", error: "again" });
    await expect(store.queue.fail(run.id, "w1", "x")).rejects.toThrow(LeaseLostError);
  });

  it("cancel stops a queued run and tells a running worker at its next heartbeat", async () => {
    const queued = await enqueue();
    clock.advance(1);
    const running = await enqueue();
    await store.runs.cancel(queued.id);
    expect((await store.queue.claim("w1"))?.id).toBe(running.id);
    await store.runs.cancel(running.id);
    expect(await store.queue.heartbeat(running.id, "w1")).toEqual({ cancelled: true, leaseExpiresAt: null });
    await expect(store.queue.complete(running.id, "w1", RESULT)).rejects.toThrow(LeaseLostError);
    await expect(store.runs.cancel(running.id)).rejects.toThrow(new ConflictError(`run ${running.id} is already cancelled and cannot be cancelled`));
    expect((await store.runs.queueStatus(running.id)).position).toBeNull();
  });

  it("refuses to queue a model on a dataset of another task", async () => {
    const seg = await store.datasets.create({ name: "ade-mini", task: "segmentation", checksum: "0", groundTruth: "public", classNames: ["wall"], sampleCount: 1 });
    await expect(store.queue.enqueue({ modelId: ids.model.id, datasetId: seg.id })).rejects.toThrow(
      new ConflictError('a classification model cannot be evaluated on segmentation dataset "ade-mini"'),
    );
    await store.client.dataset.delete({ where: { id: seg.id } });
  });
});
