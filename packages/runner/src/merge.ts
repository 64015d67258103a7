import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { RunnerError, oneLine } from "./errors.js";
import { evalResultSchema, type EvalResult } from "./result-schema.js";
import { adapterFromState } from "./task-pipeline.js";

export interface NamedResult {
  /** Where the result came from (file name), for error messages. */
  readonly file: string;
  readonly result: EvalResult;
}

/** Reads and validates a result file; any problem is one line naming the file and the field. */
export async function readResultFile(path: string): Promise<NamedResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RunnerError(`${path}: cannot read: ${oneLine(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RunnerError(`${path}: not valid JSON: ${oneLine(error)}`);
  }
  const parsed = evalResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RunnerError(`${path}: not a podium eval result: ${issue.path.join(".") || "(top level)"}: ${oneLine(issue.message)}`);
  }
  return { file: path, result: parsed.data };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Folds shard results into the result one unsharded run gives: the adapters' states are merged and the
 * metrics recomputed from them (bit for bit the one-shot numbers, bootstrap intervals included, since
 * per-image records are ordered by dataset position). Every shard of the same split must be present once,
 * scored with the same model bytes, dataset, preprocessing and --limit. `runs` keeps each shard's own
 * performance and fingerprint (those are per machine and are not merged).
 */
export function mergeResults(inputs: readonly NamedResult[]): EvalResult {
  if (inputs.length === 0) throw new RunnerError("merge needs at least one result file");
  const [first] = inputs;
  const base = first.result;
  const shardCount = base.selection.shards[0]?.count ?? 1;
  const seen = new Map<number, string>();
  for (const { file, result } of inputs) {
    const name = basename(file);
    const mismatch = (what: string, a: unknown, b: unknown) =>
      new RunnerError(`${name}: ${what} differs from ${basename(first.file)} (${JSON.stringify(a)} vs ${JSON.stringify(b)}); these are not shards of one run`);
    if (result.task !== base.task) throw mismatch("task", result.task, base.task);
    if (result.dataset.checksum !== base.dataset.checksum) throw mismatch("dataset checksum", result.dataset.checksum, base.dataset.checksum);
    if (result.selection.limit !== base.selection.limit) throw mismatch("--limit", result.selection.limit, base.selection.limit);
    const fingerprint = result.runs[0]?.fingerprint;
    const baseFingerprint = base.runs[0]?.fingerprint;
    if (fingerprint?.modelSha256 !== baseFingerprint?.modelSha256) throw mismatch("model sha256", fingerprint?.modelSha256, baseFingerprint?.modelSha256);
    if (!sameJson(fingerprint?.preprocessing, baseFingerprint?.preprocessing)) throw mismatch("preprocessing", "…", "…");
    if (!sameJson(result.state.options, base.state.options)) throw mismatch("evaluator options", result.state.options, base.state.options);
    for (const shard of result.selection.shards) {
      if (shard.count !== shardCount) throw mismatch("shard count", shard.count, shardCount);
      const earlier = seen.get(shard.index);
      if (earlier !== undefined) throw new RunnerError(`${name}: shard ${shard.index}/${shard.count} is also in ${basename(earlier)}`);
      seen.set(shard.index, file);
    }
  }
  const missing = Array.from({ length: shardCount }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length) throw new RunnerError(`shards ${missing.map((i) => `${i}/${shardCount}`).join(", ")} missing: merge needs all ${shardCount} shards`);

  const adapter = adapterFromState(base.state);
  for (const { file, result } of inputs) {
    try {
      adapter.merge(result.state);
    } catch (error) {
      throw new RunnerError(`${basename(file)}: ${oneLine(error)}`);
    }
  }
  const metrics = adapter.evaluate();
  const nonFinite: EvalResult["problems"]["nonFinite"] = {};
  for (const { result } of inputs) {
    for (const [name, counts] of Object.entries(result.problems.nonFinite)) {
      const total = (nonFinite[name] ??= { nan: 0, inf: 0 });
      total.nan += counts.nan;
      total.inf += counts.inf;
    }
  }
  const shards = inputs.flatMap(({ result }) => result.selection.shards).sort((a, b) => a.index - b.index);
  return {
    ...base,
    selection: { limit: base.selection.limit, shards, samplesScored: inputs.reduce((n, { result }) => n + result.selection.samplesScored, 0) },
    metrics: metrics.metrics,
    details: metrics.details,
    problems: {
      skippedImages: inputs.flatMap(({ result }) => result.problems.skippedImages).sort((a, b) => a.position - b.position),
      nonFinite,
    },
    runs: inputs.flatMap(({ result }) => result.runs).sort((a, b) => a.shard.index - b.shard.index),
    state: adapter.toState(),
  };
}
