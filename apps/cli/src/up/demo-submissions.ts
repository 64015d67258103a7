import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createUploadHandler } from "@podium/api";
import type { Store } from "@podium/db";
import { openDatasetAt } from "@podium/runner";
import { modelUpload } from "../model-upload.js";
import type { DemoDataset, DemoModel } from "./demo-catalogue.js";

type Log = (line: string) => void;

/** Registers each bundled dataset once (same name, same checksum); a changed bundle is reported, not overwritten. */
export async function registerDatasets(store: Store, datasets: DemoDataset[], log: Log): Promise<void> {
  for (const entry of datasets) {
    const dataset = await openDatasetAt(entry.path);
    const existing = await store.datasets.get(entry.name).catch(() => null);
    if (existing) {
      if (existing.checksum !== dataset.checksum) {
        log(`dataset ${entry.name}: stored checksum ${existing.checksum.slice(0, 16)}… differs from ${entry.path} (${dataset.checksum.slice(0, 16)}…); workers will refuse it until the store is reset`);
      }
      continue;
    }
    const task = dataset.task === "semantic-segmentation" ? "segmentation" : dataset.task === "classification" ? "classification" : "detection";
    await store.datasets.create({ name: entry.name, task, checksum: dataset.checksum, groundTruth: "public", classNames: [...dataset.classes], sampleCount: dataset.size });
    log(`dataset ${entry.name}: registered (${dataset.size} samples, ${dataset.task})`);
  }
}

/**
 * The demo's own API token, kept in the data folder so a second start reuses it. Demo models are submitted
 * through the same upload handler as a user's, so they are validated, stored and queued the same way.
 */
async function demoToken(store: Store, dataDir: string): Promise<string> {
  const file = join(dataDir, "demo-token");
  if (existsSync(file)) {
    const saved = readFileSync(file, "utf8").trim();
    if (await store.tokens.authenticate(saved)) return saved;
  }
  const existing = await store.client.user.findUnique({ where: { name: "podium-demo" } });
  const user = existing ?? (await store.users.create("podium-demo"));
  const { token } = await store.tokens.create(user.id, "bundled demo", 1000);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export interface QueuedDemo {
  runId: string;
  label: string;
}

/** Submits each demo model that has no queued, running or finished run on its dataset yet. */
export async function submitDemoModels(store: Store, models: DemoModel[], dataDir: string, log: Log): Promise<QueuedDemo[]> {
  const handler = createUploadHandler(store, { uploadsDir: process.env.PODIUM_UPLOAD_DIR || undefined });
  const token = await demoToken(store, dataDir);
  const queued: QueuedDemo[] = [];
  for (const demo of models) {
    const manifestText = readFileSync(demo.manifest, "utf8");
    const name = (JSON.parse(manifestText) as { metadata?: { name?: string } }).metadata?.name ?? basename(demo.model);
    const label = `${name} on ${demo.dataset}`;
    const { bytes, filename } = modelUpload(demo.model);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const dataset = await store.datasets.get(demo.dataset);
    const model = await store.models.findByFile(name, sha256);
    const runs = model ? await store.runs.listForModel(model.id) : [];
    const previous = runs.find((r) => r.datasetId === dataset.id && r.status !== "failed" && r.status !== "cancelled");
    if (previous) {
      log(`${label}: ${previous.status === "done" ? "already scored" : `already ${previous.status}`} (run ${previous.id})`);
      if (previous.status !== "done") queued.push({ runId: previous.id, label });
      continue;
    }
    const form = new FormData();
    form.set("model", new Blob([bytes]), filename);
    form.set("manifest", new Blob([manifestText], { type: "application/json" }), basename(demo.manifest));
    form.set("dataset", demo.dataset);
    const response = await handler(new Request("http://podium.local/api/submissions", { method: "POST", body: form, headers: { authorization: `Bearer ${token}` } }));
    const reply = (await response.json()) as { runId?: string; error?: string };
    if (!response.ok || !reply.runId) {
      log(`${label}: not submitted: ${reply.error ?? response.status} (${dirname(demo.model)})`);
      continue;
    }
    log(`${label}: queued (run ${reply.runId})`);
    queued.push({ runId: reply.runId, label });
  }
  return queued;
}
