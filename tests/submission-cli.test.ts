import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUploadHandler } from "@podium/api";
import { createStore, type Store } from "@podium/db";
import { serveFetch } from "../packages/worker/test/support/http-server.js";
import { openFashionMnist, parseModelManifest } from "@podium/datasets";
import { evaluate } from "@podium/runner";
import { fashionModel, manifestJson, nearestMeanTfjs, tfjsManifestJson } from "../packages/worker/test/support/setup.js";
import { expectOneLineFailure, podium, repoRoot } from "./helpers.js";

// The single-machine setup as an operator runs it, every step through the built `podium` command:
// db migrate --seed, db add-dataset, db token, a server mounting the upload handler, submit, worker.
const scratch = mkdtempSync(join(tmpdir(), "podium-submit-cli-"));
const database = `file:${join(scratch, "podium.db")}`;
const uploads = join(scratch, "uploads");
const modelPath = join(scratch, "nearest-mean.onnx");
const manifestPath = join(scratch, "nearest-mean.podium.json");
let store: Store;
let server: Awaited<ReturnType<typeof serveFetch>>;
let token: string;

beforeAll(async () => {
  writeFileSync(modelPath, await fashionModel());
  writeFileSync(manifestPath, manifestJson());
  const migrated = podium(["db", "migrate", "--seed", "--database", database]);
  expect(migrated.stderr).toBe("");
  expect(migrated.status).toBe(0);
  expect(migrated.stdout).toMatch(/history rows: \d+/);
  const added = podium(["db", "add-dataset", join(repoRoot, "datasets", "fashion-mnist"), "--hidden", "--database", database]);
  expect(added.status, added.stderr).toBe(0);
  expect(added.stdout).toMatch(/^dataset fashion-mnist-test \(classification, 10000 samples, ground truth hidden\)/);
  const created = podium(["db", "token", "grace", "--quota", "3", "--database", database]);
  expect(created.status, created.stderr).toBe(0);
  token = created.stdout.trim();
  expect(token).toMatch(/^pod_/);
  store = createStore(database);
  server = await serveFetch({ "/api/submissions": createUploadHandler(store, { uploadsDir: uploads }) });
});
afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** podium as a child process without blocking this one (the upload server runs in this process). */
function podiumAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, "apps/cli/bin/podium.js"), ...args], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("podium submit → podium worker", () => {
  it("submits a model, the worker scores it, and the hidden dataset's per-sample state stays in the worker", async () => {
    const submitted = await podiumAsync(["submit", modelPath, "--manifest", manifestPath, "--dataset", "fashion-mnist-test", "--server", server.url, "--token", token, "--limit", "300"]);
    expect(submitted.stderr).toBe("");
    expect(submitted.status).toBe(0);
    const runId = /^queued run (\S+)/.exec(submitted.stdout)?.[1];
    expect(runId).toBeDefined();
    expect(submitted.stdout).toMatch(/quota 1\/3 today \(2 left\)/);

    const worked = await podiumAsync(["worker", "--once", "--database", database, "--uploads", uploads, "--batch", "32", "--poll-ms", "50"]);
    expect(worked.status, worked.stderr).toBe(0);
    expect(worked.stderr).toMatch(/stopped after 1 job\(s\)/);
    const run = await store.runs.get(runId!);
    expect(run.status).toBe("done");
    expect(run.top1).toBeGreaterThan(50);
    expect((run.fingerprint as { selection: { samplesScored: number } }).selection.samplesScored).toBe(300);
    expect(run.evaluatorState).toBeNull();
    expect(run.sampleCorrect).toBeNull();
    const dataset = await store.datasets.get("fashion-mnist-test");
    expect(dataset.groundTruth).toBe("hidden");
    expect(dataset.labels).toBeNull();
  });

  it("reports refusals in one line: bad token, unknown dataset, unreachable server, missing flags", async () => {
    const badToken = await podiumAsync(["submit", modelPath, "--manifest", manifestPath, "--dataset", "fashion-mnist-test", "--server", server.url, "--token", "pod_wrong"]);
    expect(expectOneLineFailure(badToken)).toBe("podium submit: 401: unknown or revoked API token");
    const unknown = await podiumAsync(["submit", modelPath, "--manifest", manifestPath, "--dataset", "coco-val2017", "--server", server.url, "--token", token]);
    expect(expectOneLineFailure(unknown)).toMatch(/^podium submit: 404: no dataset "coco-val2017"; quota 1\/3 today \(2 left\)$/);
    const offline = await podiumAsync(["submit", modelPath, "--manifest", manifestPath, "--dataset", "fashion-mnist-test", "--server", "http://127.0.0.1:9", "--token", token]);
    expect(expectOneLineFailure(offline)).toMatch(/^podium submit: cannot reach http:\/\/127\.0\.0\.1:9: /);
    expect(expectOneLineFailure(podium(["submit", modelPath, "--dataset", "x", "--server", server.url, "--token", token]))).toMatch(/missing --manifest/);
    expect(expectOneLineFailure(podium(["db", "frobnicate"]))).toMatch(/unknown db action 'frobnicate'/);
  });

  it("submits a TF.js layers model folder (zipped by podium submit) and scores it like the runner does", async () => {
    const folder = join(scratch, "tfjs-model");
    const modelJson = await nearestMeanTfjs(folder);
    const manifest = join(scratch, "tfjs.podium.json");
    writeFileSync(manifest, tfjsManifestJson());
    const submitted = await podiumAsync(["submit", folder, "--manifest", manifest, "--dataset", "fashion-mnist-test", "--server", server.url, "--token", token, "--limit", "200", "--json"]);
    expect(submitted.status, submitted.stderr).toBe(0);
    const reply = JSON.parse(submitted.stdout);
    const worked = await podiumAsync(["worker", "--once", "--database", database, "--uploads", uploads, "--batch", "32", "--poll-ms", "50"]);
    expect(worked.status, worked.stderr).toBe(0);
    const run = await store.runs.get(reply.runId);
    expect(run.status, run.error ?? "").toBe("done");
    expect((await store.models.get(reply.modelId)).format).toBe("tfjs");
    const direct = await evaluate({
      modelPath: modelJson,
      manifest: parseModelManifest(JSON.parse(tfjsManifestJson()), "manifest"),
      dataset: await openFashionMnist(),
      limit: 200,
      batchSize: 32,
      workers: 0,
      engine: { device: "cpu" },
    });
    expect(run.engine).toBe(`${direct.runs[0].fingerprint.engine.engine} ${direct.runs[0].fingerprint.engine.version} (${direct.runs[0].fingerprint.engine.backend})`);
    expect(run.top1).toBe(direct.metrics.top1.value! * 100);
    expect(run.top1).toBeGreaterThan(50);
  });
});
