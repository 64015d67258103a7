import { existsSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { loadModelManifest } from "@podium/datasets";
import { devices, type Device } from "@podium/engines";
import { evaluate, openDatasetAt, parseShard, progressBar, writeResultAtomically, type EvalResult } from "@podium/runner";
import { atLeastOption, choiceOption, integerOption, parseOptions } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";
import { formatTable, percent } from "../format.js";

const usage = `usage: podium eval --model <file> --dataset <path> [options]

Scores a model on a dataset end to end: read → preprocess (worker threads) → batch → engine → decode
(by the model manifest) → evaluator. Prints metrics with 95% intervals (Wilson for accuracies, a seeded
bootstrap over images for mIoU), throughput, latency, peak memory and the run fingerprint.

  --model FILE          ONNX file or TF.js model (folder or model.json); optional with --manifest
  --dataset PATH        IDX folder (Fashion-MNIST), ImageFolder, COCO instances JSON, VOC folder,
                        label-map folder (images/ + labels/ + classes.txt) or podium-dataset/1 manifest
  --manifest FILE       model manifest (podium-model/1); default: <model stem>.model.json or
                        <model stem>.podium.json, or podium-model.json beside the model
  --limit N             score only the first N samples
  --shard i/n           score only samples whose position (after --limit) is i mod n; merge the
                        result files with \`podium merge\`
  --device D            auto|cpu|cuda|webgpu (default auto)
  --threads N           intra-op threads for onnxruntime (default: its own choice)
  --batch N             samples per engine call (default 8; fixed-batch models use theirs)
  --workers N           preprocessing threads (default: max(cores, min(batch, 8)); 0 = main thread)
  --on-bad-image M      skip|fail (default fail): skipped images are counted in the result
  --split NAME          VOC image set (default val)
  --images DIR          COCO image folder, when not beside annotations/
  --seed N              bootstrap seed (default 0)
  --resamples N         bootstrap resamples (default 1000)
  --out FILE            write the result JSON (atomically: nothing is written if the run fails)
  --json                print the result JSON instead of a summary; no progress bar`;

const options = {
  model: { type: "string" },
  dataset: { type: "string" },
  manifest: { type: "string" },
  limit: { type: "string" },
  shard: { type: "string" },
  device: { type: "string" },
  threads: { type: "string" },
  batch: { type: "string" },
  workers: { type: "string" },
  "on-bad-image": { type: "string" },
  split: { type: "string" },
  images: { type: "string" },
  seed: { type: "string" },
  resamples: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
} as const;

/** The manifest a model file comes with, when --manifest is not given. */
function findManifest(model: string): string {
  const path = resolve(model);
  const folder = existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
  const stem = basename(path, extname(path));
  const candidates = [join(dirname(path), `${stem}.model.json`), join(dirname(path), `${stem}.podium.json`), join(folder, "podium-model.json")];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new UserError(`no model manifest for ${model}: pass --manifest FILE (looked for ${candidates.map((c) => basename(c)).join(", ")})`);
  return found;
}

export const evalCommand: Command = {
  name: "eval",
  usage,
  async run(argv) {
    const { values } = parseOptions(argv, options, usage);
    if (!values.dataset) throw new UserError(`missing --dataset (${usage.split("\n")[0]})`);
    if (!values.model && !values.manifest) throw new UserError(`missing --model (${usage.split("\n")[0]})`);
    const loaded = await loadModelManifest(values.manifest ?? findManifest(values.model!));
    const modelPath = values.model ? resolve(values.model) : loaded.modelPath;
    const device = choiceOption(values.device, "--device", devices, "auto") as Device;
    const onBadImage = choiceOption(values["on-bad-image"], "--on-bad-image", ["skip", "fail"] as const, "fail");
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    const labels = loaded.manifest.output.labels;
    const dataset = await openDatasetAt(values.dataset, { task: loaded.manifest.task, split: values.split, images: values.images, classes: labels.classes });
    const bar = values.json ? undefined : progressBar();
    let result: EvalResult;
    try {
      result = await evaluate({
        modelPath,
        manifest: loaded.manifest,
        dataset,
        limit: atLeastOption(values.limit, "--limit"),
        shard,
        batchSize: atLeastOption(values.batch, "--batch"),
        workers: atLeastOption(values.workers, "--workers", 0),
        engine: { device, threads: atLeastOption(values.threads, "--threads", 0) },
        onBadImage,
        bootstrap: { seed: atLeastOption(values.seed, "--seed", 0), resamples: atLeastOption(values.resamples, "--resamples") },
        onProgress: bar?.update,
      });
    } finally {
      bar?.end();
    }
    if (values.out) await writeResultAtomically(resolve(values.out), result);
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : formatSummary(result, values.out));
    return 0;
  },
};

const num = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? "—" : v.toFixed(digits));

export function formatSummary(result: EvalResult, out?: string): string {
  const rows = Object.entries(result.metrics).map(([name, m]) => [
    name,
    percent(m.value),
    m.interval ? `[${percent(m.interval.lower)}, ${percent(m.interval.upper)}]` : "",
    m.interval ? (m.interval.method === "bootstrap" ? `bootstrap ×${m.interval.resamples}, seed ${m.interval.seed}` : "Wilson") : "",
  ]);
  const shards = result.selection.shards.map((s) => `${s.index}/${s.count}`).join(", ");
  const lines = [
    `${result.model.name} on ${result.dataset.name}: ${result.selection.samplesScored} samples scored${shards !== "0/1" ? ` (shard ${shards})` : ""}`,
    formatTable(["metric", "%", "95% interval", "method"], rows).trimEnd(),
  ];
  const profile = result.model.profile;
  if (profile) {
    lines.push(
      profile.error
        ? `params/MACs not counted: ${profile.error}`
        : `params ${profile.params?.toLocaleString("en-US") ?? "?"}  MACs ${profile.macs === null ? `not fully counted (ops not inferred: ${profile.unknownOps.join(", ") || "?"})` : `${(profile.macs / 1e6).toFixed(2)} M`} per image (conv/linear multiply-accumulates, counted from the file)`,
    );
  }
  for (const run of result.runs) {
    const p = run.performance;
    lines.push(
      `throughput ${num(p.throughput)} img/s end to end, ${num(p.engineThroughput)} img/s engine; batch ${p.latency.batchSize} p50 ${num(p.latency.p50Ms, 2)} ms p90 ${num(p.latency.p90Ms, 2)} ms; peak RSS ${(p.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
      `model sha256 ${run.fingerprint.modelSha256.slice(0, 16)}…  dataset ${run.fingerprint.datasetChecksum.slice(0, 23)}…  ${run.fingerprint.engine.engine} ${run.fingerprint.engine.version} (${run.fingerprint.engine.backend})`,
    );
  }
  const skipped = result.problems.skippedImages.length;
  if (skipped) lines.push(`${skipped} bad image(s) skipped, e.g. ${result.problems.skippedImages[0].id}: ${result.problems.skippedImages[0].reason}`);
  for (const [name, c] of Object.entries(result.problems.nonFinite)) if (c.inf) lines.push(`output '${name}': ${c.inf} infinite values`);
  if (out) lines.push(`result written to ${out}`);
  return `${lines.join("\n")}\n`;
}
