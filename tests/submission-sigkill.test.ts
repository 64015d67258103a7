import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUploadHandler } from "@podium/api";
import { openFashionMnist, parseModelManifest } from "@podium/datasets";
import { evaluate } from "@podium/runner";
import { ACTIVE_KINDS, createWorld, FASHION_DATASET, fashionModel, manifestJson, submissionRequest, writeFile, type SubmissionWorld } from "../packages/worker/test/support/setup.js";

const cli = fileURLToPath(new URL("../apps/cli/bin/podium.js", import.meta.url));
const LIMIT = 4000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A real `podium worker` process, as an operator starts it. */
function startWorker(world: SubmissionWorld, extra: string[] = []): { process: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [cli, "worker", "--database", world.database.url, "--uploads", world.uploadsDir, "--lease-ms", "1500", "--poll-ms", "100", "--batch", "16", ...extra], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { process: child, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))), stderr: () => stderr };
}

describe.each(ACTIVE_KINDS)("a worker killed with SIGKILL mid-run on %s", (kind) => {
  let world: SubmissionWorld;
  beforeAll(async () => {
    if (!existsSync(fileURLToPath(new URL("../apps/cli/dist/main.js", import.meta.url)))) throw new Error("the CLI is not built: run `npm run build` (npm test does)");
    world = await createWorld(kind, 5);
  });
  afterAll(() => world?.close());

  it("leaves its job re-runnable: another worker completes it exactly once, and no partial run is ever visible", async () => {
    const model = await fashionModel();
    const handle = createUploadHandler(world.store, { uploadsDir: world.uploadsDir });
    const response = await handle(submissionRequest("http://podium.test/api/submissions", { model, manifest: manifestJson(), dataset: FASHION_DATASET, limit: LIMIT }, world.token));
    const { runId } = JSON.parse(await response.text());

    const partials: string[] = [];
    const check = async () => {
      const run = await world.store.runs.get(runId);
      if (run.status !== "done" && (run.metrics !== null || run.top1 !== null)) partials.push(`${run.status} with results`);
      return run;
    };

    const first = startWorker(world);
    let run = await check();
    for (let i = 0; i < 600 && !(run.status === "running" && run.progress > 0); i++) {
      await sleep(25);
      run = await check();
    }
    expect(run.status, first.stderr()).toBe("running");
    expect(run.progress).toBeGreaterThan(0);
    expect(run.progress).toBeLessThan(1);
    first.process.kill("SIGKILL");
    expect(await first.exited).toBeNull();
    const killedOwner = run.leaseOwner;

    // Until another worker takes over, the run stays running (its lease expires), with no results.
    await sleep(500);
    run = await check();
    expect(run.status).toBe("running");
    expect(run.leaseOwner).toBe(killedOwner);

    const second = startWorker(world);
    for (let i = 0; i < 1200 && run.status !== "done" && run.status !== "failed"; i++) {
      await sleep(50);
      run = await check();
    }
    second.process.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(run.status, second.stderr()).toBe("done");
    expect(partials).toEqual([]);

    expect(run.attempts).toBe(2);
    const attempts = await world.store.client.runAttempt.findMany({ where: { runId }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => a.outcome)).toEqual(["lease-expired", "done"]);
    expect(attempts[0].workerId).toBe(killedOwner);
    expect(attempts[1].workerId).not.toBe(killedOwner);

    const direct = await evaluate({
      modelPath: writeFile(world.scratch, "direct.onnx", model),
      manifest: parseModelManifest(JSON.parse(manifestJson()), "manifest"),
      dataset: await openFashionMnist(),
      limit: LIMIT,
      batchSize: 16,
      workers: 0,
      engine: { device: "cpu" },
    });
    expect(run.top1).toBe(direct.metrics.top1.value! * 100);
  }, 120_000);

  async function uploadRun(limit: number): Promise<string> {
    const handle = createUploadHandler(world.store, { uploadsDir: world.uploadsDir });
    const response = await handle(submissionRequest("http://podium.test/api/submissions", { model: await fashionModel(), manifest: manifestJson(), dataset: FASHION_DATASET, limit }, world.token));
    return JSON.parse(await response.text()).runId;
  }
  async function waitForProgress(runId: string) {
    for (let i = 0; i < 600; i++) {
      const run = await world.store.runs.get(runId);
      if (run.status === "running" && run.progress > 0) return run;
      await sleep(25);
    }
    throw new Error(`run ${runId} never showed progress`);
  }

  it("SIGTERM with no grace left releases the running job back to the queue, with no result", async () => {
    const runId = await uploadRun(10_000);
    const worker = startWorker(world, ["--drain", "0"]);
    await waitForProgress(runId);
    worker.process.kill("SIGTERM");
    expect(await worker.exited, worker.stderr()).toBe(0);
    const run = await world.store.runs.get(runId);
    expect(run).toMatchObject({ status: "queued", leaseOwner: null, metrics: null, top1: null });
    const attempts = await world.store.client.runAttempt.findMany({ where: { runId } });
    expect(attempts.map((a) => a.outcome)).toEqual(["failed"]);
    expect(attempts[0].error).toMatch(/stopped before finishing/);
    await world.store.runs.cancel(runId); // out of the way of the next test
  }, 120_000);

  it("SIGTERM within the grace period lets the running job finish, then exits", async () => {
    const runId = await uploadRun(3000);
    const worker = startWorker(world, ["--drain", "60"]);
    await waitForProgress(runId);
    worker.process.kill("SIGTERM");
    expect(await worker.exited, worker.stderr()).toBe(0);
    const run = await world.store.runs.get(runId);
    expect(run.status).toBe("done");
    expect(run.attempts).toBe(1);
  }, 120_000);
});
