import { resolve } from "node:path";
import { createStore, migrate, type Task as StoreTask } from "@podium/db";
import { openDatasetAt } from "@podium/runner";
import { integerOption, parseOptions } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";

const usage = `usage: podium db <migrate|add-dataset|token> [options]

  podium db migrate [--seed]              apply the committed migrations (no Prisma engine needed);
                                          --seed also loads the ILSVRC history facts (idempotent)
  podium db add-dataset <path> [--name N] [--hidden]
                                          register a dataset the workers hold on disk (name, task,
                                          classes, size, checksum); --hidden keeps its ground truth
                                          out of every route and export
  podium db token <user> [--label L] [--quota N]
                                          create an API token for <user> (created if new); printed once

  --database URL   postgres://… or a SQLite file (default: DATABASE_URL, else <repo>/data/podium.db)`;

const options = {
  database: { type: "string" },
  seed: { type: "boolean" },
  name: { type: "string" },
  hidden: { type: "boolean" },
  label: { type: "string" },
  quota: { type: "string" },
} as const;

/** The store's task for a dataset's task (instance masks are scored by AP, like boxes). */
const STORE_TASK: Record<string, StoreTask> = {
  classification: "classification",
  detection: "detection",
  "semantic-segmentation": "segmentation",
  "instance-segmentation": "detection",
};

export const dbCommand: Command = {
  name: "db",
  usage,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, options, usage, true);
    const [action, target] = positionals;
    const url = values.database;
    if (action === "migrate") {
      const result = await migrate(url);
      const store = createStore(url);
      try {
        const seeded = values.seed ? await store.history.seed() : undefined;
        process.stdout.write(`${JSON.stringify(result)}\n${seeded === undefined ? "" : `history rows: ${seeded}\n`}`);
      } finally {
        await store.close();
      }
      return 0;
    }
    if (action === "add-dataset") {
      if (!target) throw new UserError(`missing the dataset path (${usage.split("\n")[0]})`);
      const dataset = await openDatasetAt(resolve(target));
      const task = STORE_TASK[dataset.task];
      const store = createStore(url);
      try {
        const created = await store.datasets.create({
          name: values.name ?? dataset.name,
          task,
          checksum: dataset.checksum,
          groundTruth: values.hidden ? "hidden" : "public",
          classNames: [...dataset.classes],
          sampleCount: dataset.size,
        });
        process.stdout.write(`dataset ${created.name} (${task}, ${created.sampleCount} samples, ground truth ${created.groundTruth}) id ${created.id}\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    if (action === "token") {
      if (!target) throw new UserError(`missing the user name (${usage.split("\n")[0]})`);
      const quota = values.quota === undefined ? undefined : integerOption(values.quota, "--quota");
      if (quota !== undefined && quota < 1) throw new UserError(`--quota must be ≥ 1, got ${quota}`);
      const store = createStore(url);
      try {
        const existing = await store.client.user.findUnique({ where: { name: target } });
        const user = existing ?? (await store.users.create(target));
        const token = await store.tokens.create(user.id, values.label ?? "cli", quota);
        process.stdout.write(`${token.token}\n`);
        process.stderr.write(`token for ${target} (daily quota ${token.dailyQuota}); shown once, store it now\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    throw new UserError(action ? `unknown db action '${action}' (migrate, add-dataset or token)` : `missing the db action (${usage.split("\n")[0]})`);
  },
};
