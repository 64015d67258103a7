import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { integerOption, parseOptions, requireOption } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";
import { modelUpload } from "../model-upload.js";

const usage = `usage: podium submit <model> --manifest FILE --dataset NAME --server URL --token T [--limit N]

Uploads a model to a Podium server for scoring. <model> is an .onnx file, a TF.js model.json (its
weight shards are sent with it, zipped), a folder holding model.json, or a ready .zip.

  --manifest FILE   the model manifest (podium-model/1)
  --dataset NAME    the dataset to score on, as the server names it
  --server URL      the server's origin, e.g. http://127.0.0.1:3000 (POSTs to /api/submissions)
  --token T         API token (default: PODIUM_TOKEN)
  --limit N         score only the first N samples (a quick check, not a leaderboard run)
  --json            print the server's JSON reply`;

const options = {
  manifest: { type: "string" },
  dataset: { type: "string" },
  server: { type: "string" },
  token: { type: "string" },
  limit: { type: "string" },
  json: { type: "boolean" },
} as const;

export const submitCommand: Command = {
  name: "submit",
  usage,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, options, usage, true);
    if (positionals.length !== 1) throw new UserError(`expected one model path, got ${positionals.length} (${usage.split("\n")[0]})`);
    const manifestPath = resolve(requireOption(values.manifest, "--manifest", usage));
    const dataset = requireOption(values.dataset, "--dataset", usage);
    const server = requireOption(values.server, "--server", usage);
    const token = values.token ?? process.env.PODIUM_TOKEN;
    if (!token) throw new UserError("missing --token (or PODIUM_TOKEN): submitting needs an API token");
    if (!existsSync(manifestPath)) throw new UserError(`${manifestPath}: no such manifest file`);
    const limit = values.limit === undefined ? undefined : integerOption(values.limit, "--limit");
    if (limit !== undefined && limit < 1) throw new UserError(`--limit must be ≥ 1, got ${limit}`);
    const { bytes, filename } = modelUpload(positionals[0]);

    const form = new FormData();
    form.set("model", new Blob([bytes]), filename);
    form.set("manifest", new Blob([readFileSync(manifestPath)], { type: "application/json" }), basename(manifestPath));
    form.set("dataset", dataset);
    if (limit !== undefined) form.set("limit", String(limit));
    let url: URL;
    try {
      url = new URL("/api/submissions", server);
    } catch {
      throw new UserError(`--server must be a URL like http://127.0.0.1:3000, got '${server}'`);
    }
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", body: form, headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      const cause = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new UserError(`cannot reach ${url.origin}: ${cause.split("\n")[0]}`, 1);
    }
    const text = await response.text();
    let reply: { error?: string; runId?: string; permalink?: string; deduplicated?: boolean; quota?: { used: number; limit: number; remaining: number } };
    try {
      reply = JSON.parse(text);
    } catch {
      throw new UserError(`${url.origin} answered ${response.status} with a non-JSON body: ${text.slice(0, 120).replace(/\s+/g, " ")}`, 1);
    }
    const quota = reply.quota ? `quota ${reply.quota.used}/${reply.quota.limit} today (${reply.quota.remaining} left)` : "";
    if (!response.ok) throw new UserError(`${response.status}: ${reply.error ?? "refused"}${quota ? `; ${quota}` : ""}`, 1);
    process.stdout.write(values.json ? `${text.trim()}\n` : `queued run ${reply.runId}${reply.deduplicated ? " (model already stored: same bytes)" : ""}  ${reply.permalink ?? ""}\n${quota}\n`);
    return 0;
  },
};
