import { resolve } from "node:path";
import { mergeResults, readResultFile, writeResultAtomically } from "@podium/runner";
import { parseOptions } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";
import { formatSummary } from "./eval.js";

const usage = `usage: podium merge <shard.json> <shard.json> … [--out FILE] [--json]

Merges the results of \`podium eval --shard i/n\` runs into exactly the unsharded result: the evaluator
states are folded and every metric (bootstrap intervals included) is recomputed from them. All n shards
must be given, from the same model file, dataset, preprocessing and --limit.

  --out FILE   write the merged result JSON (atomically)
  --json       print the merged result JSON instead of a summary`;

export const mergeCommand: Command = {
  name: "merge",
  usage,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { out: { type: "string" }, json: { type: "boolean" } } as const, usage, true);
    if (positionals.length === 0) throw new UserError(`no result files given (${usage.split("\n")[0]})`);
    const inputs = [];
    for (const file of positionals) inputs.push(await readResultFile(file));
    const merged = mergeResults(inputs);
    if (values.out) await writeResultAtomically(resolve(values.out), merged);
    process.stdout.write(values.json ? `${JSON.stringify(merged)}\n` : formatSummary(merged, values.out));
    return 0;
  },
};
