import { createHash } from "node:crypto";
import { parseModelManifest, type ModelManifest } from "@podium/datasets";
import type { Identity, JsonValue, Store, Task } from "@podium/db";
import { authFromHeader } from "../context.js";
import { DEFAULT_UPLOADS_DIR, storeModelFiles } from "./model-files.js";
import { consumeQuota, peekQuota, quotaHeaders, refundQuota, type QuotaReport } from "./quota.js";
import { readBodyLimited } from "./read-body.js";
import { tfjsModelFiles } from "./tfjs-archive.js";
import { UploadError } from "./upload-error.js";
import { DEFAULT_ZIP_LIMITS, ZipRejectedError, type ZipLimits } from "./zip-reader.js";

export interface UploadOptions {
  /** Where model files go, one content-addressed folder per sha256. Default `<repo>/data/uploads`. */
  uploadsDir?: string;
  /** Largest request body accepted. Default 200 MiB. */
  maxUploadBytes?: number;
  zipLimits?: Partial<ZipLimits>;
  /** Origin for permalinks; "" gives root-relative links. */
  baseUrl?: string;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 2 ** 20;

/** What a client sent, whichever encoding it used. */
interface Submission {
  model: Uint8Array;
  manifestText: string;
  dataset: string;
  limit?: number;
}

/** The store's task for a manifest's task: instance masks are scored by COCO AP like boxes. */
const STORE_TASK: Record<ModelManifest["task"], Task> = {
  classification: "classification",
  detection: "detection",
  "semantic-segmentation": "segmentation",
  "instance-segmentation": "detection",
};

const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);

function json(status: number, body: Record<string, unknown>, quota?: QuotaReport): Response {
  return new Response(JSON.stringify(quota ? { ...body, quota } : body) + "\n", {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...(quota ? quotaHeaders(quota) : {}) },
  });
}

function parseLimit(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UploadError(400, `limit must be a positive integer, got "${value}"`);
  return Number(value);
}

async function readSubmission(request: Request, body: Uint8Array): Promise<Submission> {
  const type = request.headers.get("content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": type } }).formData();
    } catch (error) {
      throw new UploadError(400, `malformed multipart body: ${(error as Error).message.split("\n")[0]}`);
    }
    const model = form.get("model");
    const manifest = form.get("manifest");
    const dataset = form.get("dataset");
    if (!(model instanceof Blob)) throw new UploadError(400, 'multipart field "model" (the model file) is missing');
    if (manifest === null) throw new UploadError(400, 'multipart field "manifest" (the model manifest JSON) is missing');
    if (typeof dataset !== "string" || !dataset) throw new UploadError(400, 'multipart field "dataset" (a dataset name) is missing');
    const limit = form.get("limit");
    return {
      model: new Uint8Array(await model.arrayBuffer()),
      manifestText: typeof manifest === "string" ? manifest : await manifest.text(),
      dataset,
      limit: parseLimit(typeof limit === "string" ? limit : undefined),
    };
  }
  // Raw upload: the body is the model; the manifest travels base64-encoded in a header.
  const params = new URL(request.url).searchParams;
  const encoded = request.headers.get("x-podium-manifest");
  const dataset = params.get("dataset");
  if (!encoded) throw new UploadError(400, 'raw upload needs the manifest as base64 JSON in the "X-Podium-Manifest" header (or send multipart/form-data)');
  if (!dataset) throw new UploadError(400, 'raw upload needs "?dataset=<name>" in the URL');
  return { model: body, manifestText: Buffer.from(encoded, "base64").toString("utf8"), dataset, limit: parseLimit(params.get("limit")) };
}

function parseManifest(text: string): { manifest: ModelManifest; raw: JsonValue } {
  let raw: JsonValue;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UploadError(400, `manifest: not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  try {
    return { manifest: parseModelManifest(raw, "manifest"), raw };
  } catch (error) {
    throw new UploadError(400, (error as Error).message.split("\n")[0]);
  }
}

/** The files to store for the model, checked against what the manifest says it is. */
function modelFiles(bytes: Uint8Array, manifest: ModelManifest, zipLimits: ZipLimits): Map<string, Uint8Array> {
  if (bytes.length === 0) throw new UploadError(400, "the model file is empty");
  if (manifest.runtime === "onnx") {
    if (isZip(bytes)) throw new UploadError(400, 'the manifest says runtime "onnx" but the upload is a ZIP archive; send the .onnx file itself');
    return new Map([["model.onnx", bytes]]);
  }
  if (!isZip(bytes)) throw new UploadError(400, `the manifest says runtime "${manifest.runtime}": send the TF.js model as a ZIP of model.json and its weight shards`);
  try {
    return tfjsModelFiles(bytes, zipLimits);
  } catch (error) {
    if (error instanceof ZipRejectedError) throw new UploadError(400, error.message);
    throw error;
  }
}

/**
 * POST handler for model submissions (mount at /api/submissions). Accepts multipart/form-data with
 * fields model (file), manifest (file or text) and dataset (name), optionally limit; or a raw body (the
 * model) with `?dataset=` and the manifest in `X-Podium-Manifest` (base64 JSON). Needs a bearer token.
 * Every check runs before anything is written or counted; then one submission is counted against the
 * token's daily quota, the files are stored by sha256 (same bytes, same stored model) and a run is queued.
 * Responses are JSON with a one-line `error` on refusal; the token's quota is in the JSON and in
 * X-Quota-Limit / X-Quota-Used / X-Quota-Remaining whenever the token is valid.
 */
export function createUploadHandler(store: Store, options: UploadOptions = {}): (request: Request) => Promise<Response> {
  const uploadsDir = options.uploadsDir ?? DEFAULT_UPLOADS_DIR;
  const maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const zipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits };
  const baseUrl = options.baseUrl ?? "";
  return async (request) => {
    if (request.method !== "POST") return json(405, { error: `${request.method} not allowed; POST a model to submit it` });
    const auth = await authFromHeader(store, request.headers.get("authorization"));
    if (auth.kind === "none") return json(401, { error: 'submitting needs an API token: send "Authorization: Bearer <token>"' });
    if (auth.kind === "invalid") return json(401, { error: auth.reason });
    const identity = auth.identity;
    try {
      const body = await readBodyLimited(request, maxBytes);
      const submission = await readSubmission(request, body);
      const { manifest, raw } = parseManifest(submission.manifestText);
      const files = modelFiles(submission.model, manifest, zipLimits);
      const dataset = await store.datasets.get(submission.dataset).catch((error: Error) => {
        throw error.name === "NotFoundError" ? new UploadError(404, error.message) : error;
      });
      const task = STORE_TASK[manifest.task];
      if (dataset.task !== task) throw new UploadError(400, `a ${manifest.task} model cannot be evaluated on ${dataset.task} dataset "${dataset.name}"`);
      const sha256 = createHash("sha256").update(submission.model).digest("hex");
      const quota = await consumeQuota(store, identity).catch((error: Error) => {
        throw error.name === "QuotaExceededError" ? new UploadError(429, error.message) : error;
      });
      return await queueSubmission(store, identity, { uploadsDir, baseUrl, manifest, raw, files, sha256, task, datasetId: dataset.id, submission, quota });
    } catch (error) {
      const quota = await peekQuota(store, identity);
      if (error instanceof UploadError) return json(error.status, { error: error.message }, quota);
      return json(500, { error: `submission failed: ${(error as Error).message.split("\n")[0]}` }, quota);
    }
  };
}

interface Accepted {
  uploadsDir: string;
  baseUrl: string;
  manifest: ModelManifest;
  raw: JsonValue;
  files: Map<string, Uint8Array>;
  sha256: string;
  task: Task;
  datasetId: string;
  submission: Submission;
  quota: QuotaReport;
}

/** After the quota is counted: store, register, queue; any failure here gives the count back. */
async function queueSubmission(store: Store, identity: Identity, a: Accepted): Promise<Response> {
  const countedAt = new Date();
  try {
    const stored = storeModelFiles(a.uploadsDir, a.sha256, a.files);
    const meta = a.manifest.metadata;
    const format = a.manifest.runtime === "onnx" ? "onnx" : "tfjs";
    const existing = await store.models.findByFile(meta.name, a.sha256);
    const model =
      existing ??
      (await store.models.create({
        name: meta.name,
        task: a.task,
        format,
        manifest: a.raw,
        fileSha256: a.sha256,
        sizeBytes: a.submission.model.byteLength,
        ownerId: identity.userId,
        architecture: meta.architecture,
        family: meta.architecture,
        year: meta.year ?? null,
      }));
    const run = await store.queue.enqueue({
      modelId: model.id,
      datasetId: a.datasetId,
      submitterId: identity.userId,
      tokenId: identity.tokenId,
      config: a.submission.limit === undefined ? undefined : { limit: a.submission.limit },
    });
    return json(
      202,
      { runId: run.id, modelId: model.id, sha256: a.sha256, deduplicated: !stored || existing !== null, status: run.status, permalink: `${a.baseUrl}/runs/${run.id}` },
      a.quota,
    );
  } catch (error) {
    await refundQuota(store, identity.tokenId, countedAt);
    throw error;
  }
}
