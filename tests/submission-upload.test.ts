import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUploadHandler } from "@podium/api";
import { buildZip } from "../packages/worker/test/support/zip-builder.js";
import { ACTIVE_KINDS, createWorld, FASHION_DATASET, fashionModel, manifestJson, submissionRequest, type SubmissionWorld } from "../packages/worker/test/support/setup.js";

const URL_ = "http://podium.test/api/submissions";
const tfjsManifest = JSON.stringify({ ...JSON.parse(manifestJson("tiny-tfjs")), runtime: "tfjs-layers", model: "model.json" });
const tfjsModelJson = JSON.stringify({ format: "layers-model", modelTopology: {}, weightsManifest: [{ paths: ["group1-shard1of1.bin"], weights: [] }] });
const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

describe.each(ACTIVE_KINDS)("model uploads on %s", (kind) => {
  let world: SubmissionWorld;
  let handle: (request: Request) => Promise<Response>;
  let model: Uint8Array;
  beforeAll(async () => {
    world = await createWorld(kind, 4);
    model = await fashionModel();
    handle = createUploadHandler(world.store, { uploadsDir: world.uploadsDir, maxUploadBytes: 2 * 2 ** 20, zipLimits: { maxEntries: 16 } });
  });
  afterAll(() => world?.close());

  const submit = (parts: Parameters<typeof submissionRequest>[1], token: string | null = world.token) => handle(submissionRequest(URL_, parts, token ?? undefined));
  const body = async (response: Response) => JSON.parse(await response.text());

  it("refuses a submission without a token, or with a bad one, before reading it", async () => {
    const none = await submit({ model, manifest: manifestJson(), dataset: FASHION_DATASET }, null);
    expect(none.status).toBe(401);
    expect((await body(none)).error).toMatch(/needs an API token/);
    const bad = await submit({ model, manifest: manifestJson(), dataset: FASHION_DATASET }, "pod_not-a-real-token");
    expect(bad.status).toBe(401);
    expect((await body(bad)).error).toBe("unknown or revoked API token");
    expect(listing(world.uploadsDir)).toEqual([]);
  });

  it("stores an ONNX model under its sha256, queues a run and reports the quota in headers and JSON", async () => {
    const response = await submit({ model, manifest: manifestJson(), dataset: FASHION_DATASET, limit: 50 });
    const reply = await body(response);
    expect(response.status).toBe(202);
    const sha = createHash("sha256").update(model).digest("hex");
    expect(reply).toMatchObject({ sha256: sha, deduplicated: false, status: "queued", quota: { used: 1, limit: 4, remaining: 3 } });
    expect(response.headers.get("x-quota-used")).toBe("1");
    expect(response.headers.get("x-quota-limit")).toBe("4");
    expect(response.headers.get("x-quota-remaining")).toBe("3");
    expect(readFileSync(join(world.uploadsDir, sha, "model.onnx"))).toEqual(Buffer.from(model));
    expect(listing(world.uploadsDir)).toEqual([sha]); // no temp folder left behind
    const run = await world.store.runs.get(reply.runId);
    expect(run).toMatchObject({ status: "queued", tokenId: expect.any(String), submitterId: world.userId, config: { limit: 50 } });
    const stored = await world.store.models.get(reply.modelId);
    expect(stored).toMatchObject({ name: "nearest-mean", task: "classification", format: "onnx", fileSha256: sha, sizeBytes: model.length });

    // Same bytes again: same stored model, no second copy, a second run.
    const again = await body(await submit({ model, manifest: manifestJson(), dataset: FASHION_DATASET }));
    expect(again).toMatchObject({ modelId: reply.modelId, sha256: sha, deduplicated: true, quota: { used: 2 } });
    expect(again.runId).not.toBe(reply.runId);
    expect(listing(world.uploadsDir)).toEqual([sha]);
  });

  it("accepts a TF.js model as a ZIP (model.json + its shards in a top folder)", async () => {
    const shard = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 256);
    const zip = buildZip([{ name: "tiny/model.json", data: tfjsModelJson, deflate: true }, { name: "tiny/group1-shard1of1.bin", data: shard, deflate: true }]);
    const response = await submit({ model: zip, manifest: tfjsManifest, dataset: FASHION_DATASET, filename: "tiny.zip" });
    const reply = await body(response);
    expect(response.status, reply.error).toBe(202);
    expect(readFileSync(join(world.uploadsDir, reply.sha256, "model.json"), "utf8")).toBe(tfjsModelJson);
    expect(new Uint8Array(readFileSync(join(world.uploadsDir, reply.sha256, "group1-shard1of1.bin")))).toEqual(shard);
    expect((await world.store.models.get(reply.modelId)).format).toBe("tfjs");
  });

  describe("hostile or broken uploads are refused with one line, nothing written, nothing counted", () => {
    const json = '{"weightsManifest":[{"paths":["w.bin"]}]}';
    const cases: [string, () => Uint8Array, RegExp][] = [
      ["zip bomb (ratio)", () => buildZip([{ name: "model.json", data: json }, { name: "w.bin", data: new Uint8Array(2 ** 20), deflate: true }]), /compression ratio over 100:1/],
      ["zip bomb (declared size lies)", () => buildZip([{ name: "model.json", data: json }, { name: "w.bin", data: new Uint8Array(2 ** 20), deflate: true, declaredSize: 100 }]), /inflates past its declared 100 bytes/],
      ["../ path", () => buildZip([{ name: "model.json", data: json }, { name: "../w.bin", data: "x" }]), /points outside the archive/],
      ["absolute path", () => buildZip([{ name: "/model.json", data: json }]), /absolute path/],
      ["symlink", () => buildZip([{ name: "model.json", data: json }, { name: "w.bin", data: "/etc/shadow", unixMode: 0o120777 }]), /symbolic link/],
      ["too many entries", () => buildZip(Array.from({ length: 17 }, (_, i) => ({ name: `f${i}`, data: "x" }))), /17 entries, more than the limit of 16/],
      ["duplicate names", () => buildZip([{ name: "model.json", data: json }, { name: "model.json", data: json }]), /appears twice/],
      ["encrypted entry", () => buildZip([{ name: "model.json", data: json, flags: 1 }]), /encrypted/],
      ["missing shard", () => buildZip([{ name: "model.json", data: json }]), /lacks weight shard "w\.bin"/],
    ];
    it.each(cases)("%s", async (_, make, reason) => {
      const before = listing(world.uploadsDir);
      const usedBefore = (await world.store.client.quotaUsage.findMany({})).reduce((n, r) => n + r.count, 0);
      const response = await submit({ model: make(), manifest: tfjsManifest, dataset: FASHION_DATASET, filename: "m.zip" });
      const reply = await body(response);
      expect(response.status).toBe(400);
      expect(reply.error).toMatch(reason);
      expect(reply.error.split("\n")).toHaveLength(1);
      expect(reply.quota.used).toBe(usedBefore);
      expect(listing(world.uploadsDir)).toEqual(before);
    });
  });

  it("refuses an upload over the size limit (413), a bad manifest, an unknown dataset and a runtime mismatch", async () => {
    const before = listing(world.uploadsDir);
    const huge = await submit({ model: new Uint8Array(2 * 2 ** 20 + 1), manifest: manifestJson(), dataset: FASHION_DATASET });
    expect(huge.status).toBe(413);
    expect((await body(huge)).error).toBe("upload is larger than the 2 MiB limit");
    const badManifest = await body(await submit({ model, manifest: '{"format":"podium-model/1"}', dataset: FASHION_DATASET }));
    expect(badManifest.error).toMatch(/^manifest: /);
    const notJson = await body(await submit({ model, manifest: "{oops", dataset: FASHION_DATASET }));
    expect(notJson.error).toMatch(/^manifest: not valid JSON/);
    const unknown = await submit({ model, manifest: manifestJson(), dataset: "imagenet-val" });
    expect(unknown.status).toBe(404);
    const zipAsOnnx = await body(await submit({ model: buildZip([{ name: "model.onnx", data: "x" }]), manifest: manifestJson(), dataset: FASHION_DATASET }));
    expect(zipAsOnnx.error).toMatch(/runtime "onnx" but the upload is a ZIP/);
    expect(listing(world.uploadsDir)).toEqual(before);
  });

  it("refuses submissions over the daily quota with 429 and leaves the count unchanged", async () => {
    // 3 counted so far (two ONNX runs + the TF.js one); the quota is 4.
    const fourth = await submit({ model, manifest: manifestJson("another-name"), dataset: FASHION_DATASET });
    expect(fourth.status).toBe(202);
    expect((await body(fourth)).quota).toEqual({ used: 4, limit: 4, remaining: 0 });
    const fifth = await submit({ model, manifest: manifestJson(), dataset: FASHION_DATASET });
    expect(fifth.status).toBe(429);
    const reply = await body(fifth);
    expect(reply.error).toMatch(/daily submission quota of 4 reached/);
    expect(reply.quota).toEqual({ used: 4, limit: 4, remaining: 0 });
    expect(fifth.headers.get("x-quota-remaining")).toBe("0");
  });

  it("accepts a raw upload (body = model, manifest in X-Podium-Manifest) from a token with quota left", async () => {
    const other = await world.store.tokens.create(world.userId, "raw", 2);
    const response = await handle(
      new Request(`${URL_}?dataset=${FASHION_DATASET}&limit=10`, {
        method: "POST",
        body: model,
        headers: { authorization: `Bearer ${other.token}`, "content-type": "application/octet-stream", "x-podium-manifest": Buffer.from(manifestJson()).toString("base64") },
      }),
    );
    const reply = await body(response);
    expect(response.status, reply.error).toBe(202);
    expect(reply).toMatchObject({ deduplicated: true, quota: { used: 1, limit: 2 } });
    expect((await world.store.runs.get(reply.runId)).config).toEqual({ limit: 10 });
  });
});
