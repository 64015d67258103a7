import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUploadHandler } from "@podium/api";
import { openFashionMnist, parseModelManifest } from "@podium/datasets";
import type { RunRecord } from "@podium/db";
import { evaluate } from "@podium/runner";
import { evalChildEntry, Worker, type WorkerOptions } from "@podium/worker";
import { ACTIVE_KINDS, createWorld, FASHION_DATASET, fashionModel, manifestJson, submissionRequest, writeFile, type SubmissionWorld } from "../packages/worker/test/support/setup.js";

const URL_ = "http://podium.test/api/submissions";
const LIMIT = 1200;
const misbehaving = fileURLToPath(new URL("../packages/worker/test/support/misbehaving-child.mjs", import.meta.url));

async function upload(world: SubmissionWorld, model: Uint8Array, name: string, limit = LIMIT) {
  const handle = createUploadHandler(world.store, { uploadsDir: world.uploadsDir });
  const response = await handle(submissionRequest(URL_, { model, manifest: manifestJson(name), dataset: FASHION_DATASET, limit }, world.token));
  const reply = JSON.parse(await response.text());
  if (response.status !== 202) throw new Error(`upload refused: ${reply.error}`);
  return reply as { runId: string; quota: { used: number } };
}

const quotaUsed = async (world: SubmissionWorld) => (await world.store.client.quotaUsage.findMany({})).reduce((n, r) => n + r.count, 0);

/** Polls a run while `work` runs and checks the invariant readers rely on: results appear only with status done. */
async function watch<T>(world: SubmissionWorld, runId: string, work: Promise<T>) {
  const seen: Pick<RunRecord, "status" | "progress" | "top1" | "metrics">[] = [];
  let finished = false;
  const poller = (async () => {
    while (!finished) {
      const run = await world.store.runs.get(runId);
      seen.push({ status: run.status, progress: run.progress, top1: run.top1, metrics: run.metrics });
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  })();
  const result = await work.finally(() => (finished = true));
  await poller;
  for (const s of seen) if (s.status !== "done") expect(s.metrics === null && s.top1 === null, `partial results visible while ${s.status}`).toBe(true);
  return { result, seen };
}

describe.each(ACTIVE_KINDS)("upload → worker → run on %s", (kind) => {
  let world: SubmissionWorld;
  let worker: Worker;
  const options = (): WorkerOptions => ({
    uploadsDir: world.uploadsDir,
    leaseMs: 10_000,
    heartbeatMs: 50,
    pollMs: 50,
    batchSize: 32,
    preprocessWorkers: 0,
    limits: { timeoutMs: 30_000, memoryLimitMb: 1024 },
  });
  beforeAll(async () => {
    evalChildEntry(); // fails clearly when the worker package is not built
    world = await createWorld(kind, 20);
    worker = new Worker(world.store, options());
  });
  afterAll(() => world?.close());

  it("scores an uploaded ONNX classifier in a child process: queued → running (progress) → done, same numbers as the runner", async () => {
    const model = await fashionModel();
    const { runId } = await upload(world, model, "nearest-mean");
    expect((await world.store.runs.get(runId)).status).toBe("queued");
    const { result: outcome, seen } = await watch(world, runId, worker.runOne());
    expect(outcome).toEqual({ runId, status: "done" });
    expect(seen.some((s) => s.status === "running" && s.progress > 0 && s.progress < 1)).toBe(true);

    const run = await world.store.runs.get(runId);
    const direct = await evaluate({
      modelPath: writeFile(world.scratch, "direct.onnx", model),
      manifest: parseModelManifest(JSON.parse(manifestJson()), "manifest"),
      dataset: await openFashionMnist(),
      limit: LIMIT,
      batchSize: 32,
      workers: 0,
      engine: { device: "cpu" },
    });
    const top1 = direct.metrics.top1;
    expect(run.status).toBe("done");
    expect(run.progress).toBe(1);
    expect(run.attempts).toBe(1);
    expect(run.top1).toBe(top1.value! * 100);
    expect(run.top5).toBe(direct.metrics.top5.value! * 100);
    expect(run.metrics!.top1).toEqual({ value: top1.value! * 100, ci95: [top1.interval!.lower! * 100, top1.interval!.upper! * 100] });
    expect(run.top1!).toBeGreaterThan(50);
    expect(run.engine).toMatch(/^onnxruntime/);
    expect(run.latencyP50Ms).toBeGreaterThan(0);
    expect(run.peakMemory).toBeGreaterThan(0);
    expect((run.fingerprint as { selection: { samplesScored: number } }).selection.samplesScored).toBe(LIMIT);
    expect((run.perClass as unknown[]).length).toBe(10);
    // Per-sample correctness for paired tests: one entry per scored sample, as many true as top-1 counts.
    const correct = Object.values(run.sampleCorrect as Record<string, boolean>);
    expect(correct).toHaveLength(LIMIT);
    expect(correct.filter(Boolean).length).toBe((direct.details.topK as { k: number; correct: number }[]).find((t) => t.k === 1)!.correct);
    const attempts = await world.store.client.runAttempt.findMany({ where: { runId } });
    expect(attempts.map((a) => [a.workerId, a.outcome])).toEqual([[worker.id, "done"]]);
  });

  it("a model the engine rejects fails its run with the reason, and the submission is given back to the quota", async () => {
    const used = await quotaUsed(world);
    const { runId } = await upload(world, new TextEncoder().encode("this is not an onnx model at all"), "garbage");
    expect(await quotaUsed(world)).toBe(used + 1);
    expect(await worker.runOne()).toMatchObject({ runId, status: "failed" });
    const run = await world.store.runs.get(runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/\S/);
    expect(run.error!.split("\n")).toHaveLength(1);
    expect(run.metrics).toBeNull();
    expect(await quotaUsed(world)).toBe(used);
  });

  it("a model that crashes, hangs or exhausts memory fails only its own job; the worker goes on to the next", async () => {
    process.env.PODIUM_REAL_EVAL_CHILD = evalChildEntry();
    const hostile = new Worker(world.store, { ...options(), limits: { timeoutMs: 8000, memoryLimitMb: 512, entry: misbehaving } });
    const used = await quotaUsed(world);
    const crash = await upload(world, new TextEncoder().encode("#CRASH!! model"), "crashes");
    const hang = await upload(world, new TextEncoder().encode("#HANG!!! model"), "hangs");
    const memory = await upload(world, new TextEncoder().encode("#MEMORY! model"), "eats-memory");
    const good = await upload(world, await fashionModel(), "nearest-mean", 100);
    const outcomes = await hostile.run({ once: true });
    expect(outcomes.map((o) => o.status)).toEqual(["failed", "failed", "failed", "done"]);
    expect((await world.store.runs.get(crash.runId)).error).toMatch(/evaluation process crashed \(was killed by SIGSEGV\)/);
    expect((await world.store.runs.get(hang.runId)).error).toBe("evaluation exceeded the 8 s time limit and was killed");
    expect((await world.store.runs.get(memory.runId)).error).toMatch(/^evaluation used \d+ MiB, over the 512 MiB memory limit, and was killed$/);
    expect((await world.store.runs.get(good.runId)).status).toBe("done");
    // Three failures given back: only the good run still counts.
    expect(await quotaUsed(world)).toBe(used + 1);
  }, 120_000);

  it("a run cancelled while it runs stops its child and keeps no result", async () => {
    const { runId } = await upload(world, await fashionModel(), "nearest-mean", 10_000);
    const work = worker.runOne();
    for (let i = 0; i < 400 && (await world.store.runs.get(runId)).progress === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await world.store.runs.cancel(runId);
    expect(await work).toEqual({ runId, status: "cancelled" });
    const run = await world.store.runs.get(runId);
    expect(run.status).toBe("cancelled");
    expect(run.metrics).toBeNull();
  });

  it("with concurrency 2 runs two jobs at once, each in its own child, both to done", async () => {
    const model = await fashionModel();
    const a = await upload(world, model, "nearest-mean", 3000);
    const b = await upload(world, model, "nearest-mean", 3000);
    const pair = new Worker(world.store, { ...options(), concurrency: 2 });
    const outcomes = await pair.run({ once: true });
    expect(outcomes.map((o) => o.status)).toEqual(["done", "done"]);
    const [first, second] = await Promise.all([a, b].map(({ runId }) => world.store.client.runAttempt.findFirstOrThrow({ where: { runId } })));
    // Overlapping attempts: the second started before the first finished.
    expect(Math.max(first.startedAt.getTime(), second.startedAt.getTime())).toBeLessThan(Math.min(first.finishedAt!.getTime(), second.finishedAt!.getTime()));
    expect((await world.store.runs.get(a.runId)).top1).toBe((await world.store.runs.get(b.runId)).top1);
  });
});
