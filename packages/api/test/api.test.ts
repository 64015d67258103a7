import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore, migrate, type Store, type RunResultInput, type PublicDataset } from "@podium/db";
import { mcnemarFromCounts } from "@podium/metrics";
import { appRouter, createCallerFactory, createHttpHandlers, type HttpHandlers } from "@podium/api";
import { ACTIVE_KINDS, createTestDatabase, manualClock, type TestDatabase } from "../../db/test/support/test-databases.js";

const BASE = "https://podium.test";
const SECRET_LABELS = { "img-1": "tench-hidden-label-xyzzy", "img-2": "goldfish-hidden-label-plugh", "img-3": "tench-hidden-label-xyzzy", "img-4": "goldfish-hidden-label-plugh" };
const sha = (c: string) => c.repeat(64);

interface TrpcReply {
  status: number;
  body: { result?: { data: unknown }; error?: { message: string; data: { code: string; httpStatus: number } } };
}

describe.each(ACTIVE_KINDS)("API on %s", (kind) => {
  let database: TestDatabase;
  let store: Store;
  let http: HttpHandlers;
  let hidden: PublicDataset;
  let token: string;
  let otherToken: string;
  const clock = manualClock();
  const runIds: Record<string, string> = {};
  const caller = () => createCallerFactory(appRouter)({ store, authorization: null, baseUrl: BASE });

  async function trpc(path: string, input: unknown, options: { mutation?: boolean; auth?: string } = {}): Promise<TrpcReply> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (options.auth) headers.authorization = options.auth;
    const url = options.mutation ? `${BASE}/api/trpc/${path}` : `${BASE}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await http.trpc(new Request(url, { method: options.mutation ? "POST" : "GET", headers, body: options.mutation ? JSON.stringify(input) : undefined }));
    return { status: response.status, body: (await response.json()) as TrpcReply["body"] };
  }

  /** A finished run on `dataset`, pushed through the real queue. */
  async function finishedRun(name: string, datasetId: string, result: RunResultInput, extra: { family?: string; year?: number; config?: object; task?: "classification" | "segmentation" } = {}) {
    const model = await store.models.create({ name, task: extra.task ?? "classification", format: "onnx", manifest: {}, fileSha256: sha(String(Object.keys(runIds).length % 10)), sizeBytes: 1000, family: extra.family ?? "resnet", year: extra.year ?? 2015, paramCount: 25_557_032 });
    const run = await store.queue.enqueue({ modelId: model.id, datasetId, config: extra.config as never });
    clock.advance(1000);
    const claimed = await store.queue.claim("worker-1");
    expect(claimed?.id).toBe(run.id);
    clock.advance(60_000);
    await store.queue.complete(run.id, "worker-1", result);
    runIds[name] = run.id;
    return run.id;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.url);
    store = createStore(database.url, { now: clock.now });
    http = createHttpHandlers(store, { baseUrl: BASE });
    await store.history.seed();
    const alice = await store.users.create("alice");
    const bob = await store.users.create("bob");
    token = (await store.tokens.create(alice.id, "ci", 3)).token;
    otherToken = (await store.tokens.create(bob.id, "ci")).token;
    hidden = await store.datasets.create({ name: "imagenet-hidden", task: "classification", split: "test", checksum: sha("e"), groundTruth: "hidden", classNames: ["tench", "goldfish"], labels: SECRET_LABELS, sampleCount: 4 });
    const preprocessing = { preprocessing: { imgSize: 224, cropPct: 0.875, interpolation: "bilinear" } };
    await finishedRun("resnet50", hidden.id, {
      metrics: { top1: { value: 80, ci95: [78, 82] }, top5: { value: 95.5, ci95: [94, 97] } },
      latencyP50Ms: 9, hardware: "cpu", engine: "onnxruntime",
      sampleCorrect: { "img-1": true, "img-2": true, "img-3": true, "img-4": false },
      perClass: { tench: { top1: 100 }, goldfish: { top1: 50 } },
      evaluatorState: { kind: "classification", records: SECRET_LABELS },
    }, { config: preprocessing });
    await finishedRun("resnet18, \"small\"", hidden.id, {
      metrics: { top1: { value: 79, ci95: [77, 81] }, top5: { value: 94, ci95: [92, 96] } },
      latencyP50Ms: 4, hardware: "cpu", engine: "onnxruntime",
      sampleCorrect: { "img-1": false, "img-2": true, "img-3": false, "img-4": true },
    }, { config: preprocessing });
    await finishedRun("alexnet", hidden.id, { metrics: { top1: { value: 56.522, ci95: [55, 58] }, top5: { value: 79.066 } }, latencyP50Ms: 2, hardware: "gpu", engine: "tfjs" }, { family: "alexnet", year: 2012 });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  describe("auth on writes", () => {
    const submission = () => ({
      model: { name: "mobilenet", task: "classification", format: "onnx", manifest: { input: [1, 3, 224, 224] }, fileSha256: sha("a"), sizeBytes: 14_000_000 },
      dataset: "imagenet-hidden",
    });

    it("refuses a write without a token", async () => {
      const reply = await trpc("submissions.create", submission(), { mutation: true });
      expect(reply.status).toBe(401);
      expect(reply.body.error?.message).toBe("this action needs an API token: send Authorization: Bearer <token>");
    });

    it("refuses a bad or malformed token", async () => {
      const bad = await trpc("submissions.create", submission(), { mutation: true, auth: "Bearer pod_not-a-real-token" });
      expect([bad.status, bad.body.error?.message]).toEqual([401, "unknown or revoked API token"]);
      const malformed = await trpc("submissions.create", submission(), { mutation: true, auth: `Token ${token}` });
      expect([malformed.status, malformed.body.error?.message]).toEqual([401, 'Authorization header must be "Bearer <token>"']);
    });

    it("accepts a good token, queues the run, reports position and ETA, and lets only the submitter cancel", async () => {
      const reply = await trpc("submissions.create", submission(), { mutation: true, auth: `Bearer ${token}` });
      expect(reply.status).toBe(200);
      const created = reply.body.result!.data as { runId: string; status: string; quota: { used: number; limit: number }; permalink: string };
      expect(created).toMatchObject({ status: "queued", quota: { used: 1, limit: 3 }, permalink: `${BASE}/runs/${created.runId}` });
      const again = (await trpc("submissions.create", submission(), { mutation: true, auth: `Bearer ${token}` })).body.result!.data as { runId: string; modelId: string };
      expect(again.modelId).toBe((created as unknown as { modelId: string }).modelId); // same name + bytes: model reused

      const status = (await trpc("submissions.status", { runId: again.runId })).body.result!.data;
      // three finished runs took 60 s each; two queued ahead of and including this one
      expect(status).toEqual({ runId: again.runId, status: "queued", position: 2, progress: 0, etaMs: 120_000 });

      const forbidden = await trpc("submissions.cancel", { runId: created.runId }, { mutation: true, auth: `Bearer ${otherToken}` });
      expect([forbidden.status, forbidden.body.error?.message]).toEqual([403, `run ${created.runId} was submitted by another user`]);
      const cancelled = await trpc("submissions.cancel", { runId: created.runId }, { mutation: true, auth: `Bearer ${token}` });
      expect(cancelled.body.result?.data).toEqual({ runId: created.runId, status: "cancelled" });
      const twice = await trpc("submissions.cancel", { runId: created.runId }, { mutation: true, auth: `Bearer ${token}` });
      expect([twice.status, twice.body.error?.message]).toEqual([409, `run ${created.runId} is already cancelled and cannot be cancelled`]);

      await trpc("submissions.create", submission(), { mutation: true, auth: `Bearer ${token}` });
      const over = await trpc("submissions.create", submission(), { mutation: true, auth: `Bearer ${token}` });
      expect([over.status, over.body.error?.message]).toEqual([429, "daily submission quota of 3 reached for this token (UTC day 2026-01-05)"]);
      await store.client.run.deleteMany({ where: { status: { in: ["queued", "cancelled"] } } });
    });

    it("validates inputs with a clear message", async () => {
      const reply = await trpc("submissions.create", { ...submission(), model: { ...submission().model, fileSha256: "xyz" } }, { mutation: true, auth: `Bearer ${otherToken}` });
      expect(reply.status).toBe(400);
      expect(reply.body.error?.message).toContain("must be 64 lowercase hex characters (sha256)");
      const unknown = await trpc("leaderboard.get", { dataset: "no-such-dataset" });
      expect([unknown.status, unknown.body.error?.message]).toEqual([404, 'no dataset "no-such-dataset"']);
    });
  });

  it("serves a board sorted by any metric, with tie groups, filters, pagination and a permalink", async () => {
    const board = await caller().leaderboard.get({ dataset: "imagenet-hidden" });
    expect([board.sortBy, board.order, board.total]).toEqual(["top1", "desc", 3]);
    expect(board.entries.map((e) => [e.rank, e.model.name, e.tieGroup])).toEqual([[1, "resnet50", 1], [2, 'resnet18, "small"', 1], [3, "alexnet", 2]]);
    expect(board.permalink).toBe(`${BASE}/leaderboards?dataset=imagenet-hidden&sortBy=top1&order=desc`);
    const fastest = await caller().leaderboard.get({ dataset: "imagenet-hidden", sortBy: "latencyP50Ms" });
    expect([fastest.order, fastest.entries.map((e) => e.model.name)]).toEqual(["asc", ["alexnet", 'resnet18, "small"', "resnet50"]]);
    const page2 = await caller().leaderboard.get({ dataset: "imagenet-hidden", offset: 1, limit: 1 });
    expect(page2.entries.map((e) => [e.rank, e.tieGroup])).toEqual([[2, 1]]); // the group is decided over the whole board
    expect((await caller().leaderboard.get({ dataset: "imagenet-hidden", family: "alexnet" })).entries.map((e) => e.model.name)).toEqual(["alexnet"]);
    expect((await caller().leaderboard.get({ dataset: "imagenet-hidden", hardware: "cpu", engine: "onnxruntime", year: 2015 })).total).toBe(2);
    await expect(caller().leaderboard.get({ dataset: "imagenet-hidden", sortBy: "bogus" as never })).rejects.toThrow(/sortBy/);
  });

  it("compares two runs with McNemar's test on paired per-sample correctness", async () => {
    const result = await caller().runs.compare({ a: runIds["resnet50"], b: runIds['resnet18, "small"'] });
    // a right / b wrong on img-1 and img-3, b right / a wrong on img-4
    const expected = mcnemarFromCounts(2, 1);
    expect(result).toMatchObject({ aOnlyCorrect: 2, bOnlyCorrect: 1, samples: 4, method: expected.method, statistic: expected.statistic, pValue: expected.pValue });
    expect(result.pValue).toBe(1); // exact two-sided binomial: min(1, 2 * P(X <= 1 | n = 3)) = min(1, 2 * 4/8)
    await expect(caller().runs.compare({ a: runIds["resnet50"], b: runIds["alexnet"] })).rejects.toThrow(`run ${runIds["alexnet"]} has no per-sample results to pair`);
  });

  it("exports the board as timm-style CSV and as JSON, with permalinks", async () => {
    const response = await http.leaderboardCsv(new Request(`${BASE}/api/export/leaderboard.csv?dataset=imagenet-hidden`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("link")).toBe(`<${BASE}/api/export/leaderboard.csv?dataset=imagenet-hidden&sortBy=top1&order=desc>; rel="canonical"`);
    expect(await response.text()).toBe(
      [
        "model,top1,top1_err,top5,top5_err,param_count,img_size,crop_pct,interpolation",
        "resnet50,80.0,20.0,95.5,4.5,25.56,224,0.875,bilinear",
        '"resnet18, ""small""",79.0,21.0,94.0,6.0,25.56,224,0.875,bilinear',
        "alexnet,56.522,43.478,79.066,20.934,25.56,,,",
        "",
      ].join("\n"),
    );
    const json = await http.leaderboardJson(new Request(`${BASE}/api/export/leaderboard.json?dataset=imagenet-hidden&sortBy=latencyP50Ms&family=resnet`));
    const body = (await json.json()) as { permalink: string; rows: { model: string; rank: number; run: string }[] };
    expect(body.permalink).toBe(`${BASE}/api/export/leaderboard.json?dataset=imagenet-hidden&sortBy=latencyP50Ms&order=asc&family=resnet`);
    expect(body.rows.map((r) => [r.rank, r.model])).toEqual([[1, 'resnet18, "small"'], [2, "resnet50"]]);
    expect(body.rows[0].run).toBe(`${BASE}/runs/${runIds['resnet18, "small"']}`);
    const bad = await http.leaderboardCsv(new Request(`${BASE}/api/export/leaderboard.csv?dataset=imagenet-hidden&year=abc`));
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'query parameter "year": Invalid input: expected number, received NaN' }]);
    const missing = await http.leaderboardCsv(new Request(`${BASE}/api/export/leaderboard.csv?dataset=nope`));
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'no dataset "nope"' }]);
  });

  it("exports a segmentation board with the mIoU columns", async () => {
    const ade = await store.datasets.create({ name: "ade-mini", task: "segmentation", checksum: sha("2"), groundTruth: "public", classNames: ["wall", "sky"], sampleCount: 2 });
    await finishedRun("segformer-b0", ade.id, { metrics: { miou: { value: 37.4, ci95: [36, 39] } } }, { task: "segmentation", config: { preprocessing: { imgSize: 512 } } });
    const file = await caller().exports.leaderboardCsv({ dataset: "ade-mini" });
    expect(file.body).toBe("model,mIoU,param_count,img_size\nsegformer-b0,37.4,25.56,512\n");
    expect(file.permalink).toBe(`${BASE}/api/export/leaderboard.csv?dataset=ade-mini&sortBy=miou&order=desc`);
  });

  it("never returns hidden labels through any route or export", async () => {
    const c = caller();
    const modelId = (await store.runs.get(runIds["resnet50"])).modelId;
    const outputs: unknown[] = [
      await c.leaderboard.get({ dataset: "imagenet-hidden" }),
      await c.leaderboard.datasets(),
      await c.runs.get({ id: runIds["resnet50"] }),
      await c.models.get({ id: modelId }),
      await c.runs.compare({ a: runIds["resnet50"], b: runIds['resnet18, "small"'] }),
      await c.history.series({ task: "classification" }),
      await c.submissions.status({ runId: runIds["resnet50"] }),
      await c.exports.leaderboardCsv({ dataset: "imagenet-hidden" }),
      await c.exports.leaderboardJson({ dataset: "imagenet-hidden" }),
      await (await http.leaderboardCsv(new Request(`${BASE}/api/export/leaderboard.csv?dataset=imagenet-hidden`))).text(),
      (await trpc("runs.get", { id: runIds["resnet50"] })).body,
    ];
    const text = JSON.stringify(outputs);
    for (const label of Object.values(SECRET_LABELS)) expect(text).not.toContain(label);
    expect(text).not.toContain('"img-4"'); // no per-sample outcomes either
    expect((outputs[2] as { run: { hasSampleCorrectness: boolean } }).run.hasSampleCorrectness).toBe(true);
    // the same routes do serve labels of a public dataset, so the check above can fail
    await store.datasets.create({ name: "public-set", task: "classification", checksum: sha("1"), groundTruth: "public", classNames: ["a"], labels: { "img-9": "public-label-visible" }, sampleCount: 1 });
    expect(JSON.stringify(await c.leaderboard.datasets())).toContain("public-label-visible");
  });

  it("serves history with official ILSVRC points, architectures and platform runs, each with its source and kind", async () => {
    const { points } = await caller().history.series({ task: "classification" });
    const winner2015 = points.find((p) => p.kind === "ilsvrc" && p.year === 2015)!;
    expect(winner2015).toMatchObject({ evaluation: "test-ensemble", metric: "top5_error_pct", value: 3.57, split: "test", sourceKey: "ilsvrc_classification[10]" });
    expect(winner2015.source).toContain("won the 1st place on the ILSVRC 2015 classification task");
    expect(points.find((p) => p.name === "ResNet-152")).toMatchObject({ kind: "architecture", evaluation: "val-single-model", metric: "top1_pct", value: 78.312 });
    expect(points.find((p) => p.kind === "human-baseline")).toMatchObject({ value: 5.1, year: null });
    const platform = points.filter((p) => p.kind === "platform-run");
    expect(platform.map((p) => [p.name, p.value, p.year])).toEqual([["resnet50", 80, 2015], ['resnet18, "small"', 79, 2015], ["alexnet", 56.522, 2012]]);
    expect(platform[0].source).toBe(`Podium run ${runIds["resnet50"]} on imagenet-hidden (onnxruntime, cpu)`);
  });
});
