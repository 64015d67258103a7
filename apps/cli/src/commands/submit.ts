import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { crc32 } from "node:zlib";
import { integerOption, parseOptions, requireOption } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";

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

/** A ZIP of stored (uncompressed) entries: weight shards barely compress and the server checks every byte anyway. */
function storedZip(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    central.push(header, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** The bytes to upload: the ONNX file or ZIP as it is, or a TF.js model.json zipped with its shards. */
function modelUpload(path: string): { bytes: Uint8Array; filename: string } {
  const full = resolve(path);
  if (!existsSync(full)) throw new UserError(`${full}: no such model file or folder`);
  const modelJson = statSync(full).isDirectory() ? join(full, "model.json") : full;
  if (basename(modelJson) !== "model.json") return { bytes: readFileSync(full), filename: basename(full) };
  if (!existsSync(modelJson)) throw new UserError(`${full}: the folder has no model.json (a TF.js model) — pass an .onnx file or a TF.js model`);
  let manifest: { weightsManifest?: { paths?: string[] }[] };
  try {
    manifest = JSON.parse(readFileSync(modelJson, "utf8"));
  } catch (error) {
    throw new UserError(`${modelJson}: not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const files = [{ name: "model.json", data: readFileSync(modelJson) as Uint8Array }];
  for (const shard of (manifest.weightsManifest ?? []).flatMap((g) => g.paths ?? [])) {
    const file = join(dirname(modelJson), shard);
    if (!existsSync(file)) throw new UserError(`${modelJson}: weight shard ${shard} not found beside it`);
    files.push({ name: shard, data: readFileSync(file) });
  }
  return { bytes: storedZip(files), filename: "model.zip" };
}

export const submitCommand: Command = {
  name: "submit",
  summary: "upload a model (ONNX or TF.js) and its manifest to a Podium server for scoring",
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
