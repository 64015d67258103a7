import { resolve } from "node:path";
import { createStore } from "@podium/db";
import { Worker } from "@podium/worker";
import { atLeastOption, integerOption, parseOptions } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";

const usage = `usage: podium worker [--once] [--concurrency N] [options]

Claims queued submissions and scores each in a child process with a time and memory limit,
heartbeating progress to the database. SIGTERM/SIGINT: claim nothing more, let running jobs
finish for --drain seconds, then hand them back to the queue.

  --once             exit when no job is claimable and none is running
  --concurrency N    jobs at once, one child process each (default 1)
  --lease-ms N       claim lease without a heartbeat (default 60000): a killed worker's job is
                     claimable again after it
  --timeout S        wall-clock limit per job, seconds (default 1800)
  --memory MB        memory limit per job, MiB (default 4096)
  --batch N          samples per engine call (default 8)
  --drain S          grace period after SIGTERM, seconds (default 10)
  --poll-ms N        wait between looks at an empty queue (default 1000)
  --datasets DIR     this worker's datasets, one folder per dataset name (default <repo>/datasets)
  --uploads DIR      uploaded models (default <repo>/data/uploads)
  --database URL     postgres://… or a SQLite file (default: DATABASE_URL, else <repo>/data/podium.db)`;

const options = {
  once: { type: "boolean" },
  concurrency: { type: "string" },
  "lease-ms": { type: "string" },
  timeout: { type: "string" },
  memory: { type: "string" },
  batch: { type: "string" },
  drain: { type: "string" },
  "poll-ms": { type: "string" },
  datasets: { type: "string" },
  uploads: { type: "string" },
  database: { type: "string" },
} as const;

export const workerCommand: Command = {
  name: "worker",
  usage,
  async run(argv) {
    const { values } = parseOptions(argv, options, usage);
    const store = createStore(values.database);
    const worker = new Worker(store, {
      concurrency: atLeastOption(values.concurrency, "--concurrency") ?? 1,
      leaseMs: atLeastOption(values["lease-ms"], "--lease-ms") ?? 60_000,
      limits: { timeoutMs: (atLeastOption(values.timeout, "--timeout") ?? 1800) * 1000, memoryLimitMb: atLeastOption(values.memory, "--memory") ?? 4096 },
      batchSize: atLeastOption(values.batch, "--batch"),
      drainMs: integerOption(values.drain, "--drain", 10) * 1000,
      pollMs: atLeastOption(values["poll-ms"], "--poll-ms") ?? 1000,
      datasetsRoot: values.datasets === undefined ? undefined : resolve(values.datasets),
      uploadsDir: values.uploads === undefined ? undefined : resolve(values.uploads),
      log: (line) => process.stderr.write(`[worker] ${line}\n`),
    });
    const stop = () => worker.stop();
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    process.stderr.write(`[worker] ${worker.id} started\n`);
    try {
      const outcomes = await worker.run({ once: values.once === true });
      process.stderr.write(`[worker] stopped after ${outcomes.length} job(s)\n`);
      return 0;
    } finally {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      await store.close();
    }
  },
};
