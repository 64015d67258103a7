import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openFashionMnist } from "@podium/datasets";
import { createStore, migrate, type Store } from "@podium/db";
import { createTestDatabase, type DatabaseKind, type TestDatabase } from "../../../db/test/support/test-databases.js";
import { fashionManifest, nearestMeanOnnx, nearestMeanWeights } from "../../../runner/test/helpers/fashion.js";

export { ACTIVE_KINDS } from "../../../db/test/support/test-databases.js";
export { fashionManifest };

export const FASHION_DATASET = "fashion-mnist-test";

/** A migrated database with the bundled Fashion-MNIST test split registered, a user and a token. */
export interface SubmissionWorld {
  database: TestDatabase;
  store: Store;
  scratch: string;
  uploadsDir: string;
  datasetId: string;
  userId: string;
  token: string;
  close(): Promise<void>;
}

export async function createWorld(kind: DatabaseKind, quota = 5, options: { hidden?: boolean } = {}): Promise<SubmissionWorld> {
  const database = await createTestDatabase(kind);
  await migrate(database.url);
  const store = createStore(database.url);
  const fashion = await openFashionMnist();
  const dataset = await store.datasets.create({
    name: fashion.name,
    task: "classification",
    checksum: fashion.checksum,
    groundTruth: options.hidden ? "hidden" : "public",
    classNames: [...fashion.classes],
    sampleCount: fashion.size,
  });
  const user = await store.users.create("ada");
  const token = await store.tokens.create(user.id, "tests", quota);
  const scratch = mkdtempSync(join(tmpdir(), "podium-submission-"));
  return {
    database,
    store,
    scratch,
    uploadsDir: join(scratch, "uploads"),
    datasetId: dataset.id,
    userId: user.id,
    token: token.token,
    close: async () => {
      await store.close();
      await database.drop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

let cachedModel: Uint8Array | undefined;
/**
 * A real Fashion-MNIST classifier: the runner tests' nearest-class-mean model (one ONNX linear layer whose
 * weights are fitted to 2000 test images, ~70% top-1), run by onnxruntime like any submission.
 */
export async function fashionModel(): Promise<Uint8Array> {
  cachedModel ??= await nearestMeanOnnx();
  return cachedModel;
}

export function manifestJson(name = "nearest-mean"): string {
  const manifest = fashionManifest("model.onnx") as { metadata: { name: string } };
  manifest.metadata.name = name;
  return JSON.stringify(manifest);
}

export function writeFile(dir: string, name: string, data: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** A multipart submission request, as the site's form or `podium submit` sends it. */
export function submissionRequest(
  url: string,
  parts: { model?: Uint8Array; manifest?: string; dataset?: string; limit?: number; filename?: string },
  token?: string,
): Request {
  const form = new FormData();
  if (parts.model) form.set("model", new Blob([parts.model]), parts.filename ?? "model.onnx");
  if (parts.manifest !== undefined) form.set("manifest", parts.manifest);
  if (parts.dataset !== undefined) form.set("dataset", parts.dataset);
  if (parts.limit !== undefined) form.set("limit", String(parts.limit));
  return new Request(url, { method: "POST", body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/**
 * The same nearest-class-mean classifier as a TF.js layers model (Flatten + Dense, NHWC 28×28×1 input),
 * saved to `dir` as model.json + weights.bin: score_c = x·μ_c − |μ_c|²/2 with μ_c the mean of the first
 * `fit` test images of class c.
 */
export async function nearestMeanTfjs(dir: string, fit = 2000): Promise<string> {
  const tf = await import("@tensorflow/tfjs");
  const { saveLayersModel } = await import("@podium/engines");
  const { weights, bias } = await nearestMeanWeights(fit);
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10 })] });
  model.layers[1].setWeights([tf.tensor2d(weights, [784, 10]), tf.tensor1d(bias)]);
  return saveLayersModel(model, dir);
}

export function tfjsManifestJson(name = "nearest-mean-tfjs"): string {
  const manifest = JSON.parse(manifestJson(name)) as { runtime: string; model: string; preprocessing: Record<string, unknown> };
  manifest.runtime = "tfjs-layers";
  manifest.model = "model.json";
  manifest.preprocessing.layout = "NHWC";
  return JSON.stringify(manifest);
}
