import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createStore, migrate, resolveDatabase, DEFAULT_SQLITE_PATH, type Store } from "@podium/db";
import { integerOption, parseOptions } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";
import { demoDatasets, demoModels } from "../up/demo-catalogue.js";
import { registerDatasets, submitDemoModels, type QueuedDemo } from "../up/demo-submissions.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));

const usage = `usage: podium up [--port 3000] [--no-demo] [--once] [--database URL]

The single-machine platform: migrates and seeds the database (SQLite at data/podium.db unless
DATABASE_URL or --database names PostgreSQL), registers the bundled datasets, submits the bundled demo
models that have no run yet (the Fashion-MNIST miniatures, NanoDet and CenterNet on the hand-annotated
photos, MediaPipe selfie and Meet on the hand-made person masks), starts a worker and serves the
leaderboard on http://localhost:<port>. Ctrl+C stops everything.

  --port N       port of the site (default 3000, or PORT)
  --no-demo      do not submit the demo models
  --once         wait until the demo runs finish and the site answers, then stop (for scripts and tests)
  --database URL postgres://… or a SQLite file`;

const options = {
  port: { type: "string" },
  "no-demo": { type: "boolean" },
  once: { type: "boolean" },
  database: { type: "string" },
} as const;

const log = (line: string) => process.stderr.write(`[podium] ${line}\n`);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => server.close(() => resolve(true)))
      .listen(port, "0.0.0.0");
  });
}

/** Runs a child with its output prefixed, so the worker's and the site's lines stay attributable. */
function startChild(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const relay = (stream: NodeJS.ReadableStream | null) => {
    let pending = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) process.stderr.write(line.startsWith(`[${name}]`) ? `${line}\n` : `[${name}] ${line}\n`);
    });
  };
  relay(child.stdout);
  relay(child.stderr);
  return child;
}

async function waitForSite(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new UserError(`the site exited with code ${child.exitCode} before answering (see [web] lines above)`, 1);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new UserError(`the site did not answer at ${url} within ${timeoutMs / 1000} s`, 1);
}

/** Reports each demo run as it ends; resolves when all have ended. */
async function followRuns(store: Store, queued: QueuedDemo[], stop: { stopped: boolean }): Promise<number> {
  const pending = new Map(queued.map((q) => [q.runId, q.label]));
  const lastProgress = new Map<string, number>();
  let failures = 0;
  while (pending.size > 0 && !stop.stopped) {
    for (const [runId, label] of pending) {
      const run = await store.runs.get(runId);
      if (run.status === "done") {
        const headline = Object.entries(run.metrics ?? {})
          .slice(0, 2)
          .map(([key, m]) => `${key} ${(m as { value: number }).value.toFixed(2)}`)
          .join(", ");
        log(`done: ${label}: ${headline}`);
        pending.delete(runId);
      } else if (run.status === "failed" || run.status === "cancelled") {
        log(`${run.status}: ${label}: ${run.error ?? "no reason recorded"}`);
        failures++;
        pending.delete(runId);
      } else if (run.status === "running") {
        const progress = Math.floor((run.progress ?? 0) * 10);
        if (progress !== lastProgress.get(runId)) {
          lastProgress.set(runId, progress);
          log(`running: ${label}: ${progress * 10}%`);
        }
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return failures;
}

export const upCommand: Command = {
  name: "up",
  usage,
  async run(argv) {
    const { values } = parseOptions(argv, options, usage);
    const port = integerOption(values.port ?? process.env.PORT, "--port", 3000);
    const url = values.database ?? process.env.DATABASE_URL;
    const next = join(repo, "node_modules/next/dist/bin/next");
    const web = join(repo, "apps/web");
    if (!existsSync(join(web, ".next/BUILD_ID"))) throw new UserError("the site is not built: run `npm start` (or `npm run build`) from the repository root");
    if (!(await portFree(port))) throw new UserError(`port ${port} is already in use: stop what listens there or pass --port N`);

    const migration = await migrate(url);
    log(`database ${migration.provider}${url ? "" : ` at ${DEFAULT_SQLITE_PATH}`}: ${migration.applied.length} migration(s) applied, ${migration.alreadyApplied.length} already there`);
    const store = createStore(url);
    const children: ChildProcess[] = [];
    const stop = { stopped: false };
    const shutdown = () => {
      if (stop.stopped) return;
      stop.stopped = true;
      log("stopping the worker and the site");
      for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
    try {
      const seeded = await store.history.seed();
      log(`history facts: ${seeded} rows (ILSVRC 2010–2017, architectures, human baseline; each with its source)`);
      let queued: QueuedDemo[] = [];
      if (!values["no-demo"]) {
        await registerDatasets(store, demoDatasets(repo), log);
        const { models, missing } = demoModels(repo);
        for (const line of missing) log(`demo model left out: ${line}`);
        // The demo's token lives beside the SQLite file it belongs to (data/ for PostgreSQL).
        const database = resolveDatabase(url);
        const dataDir = database.provider === "sqlite" && database.target !== ":memory:" ? dirname(database.target) : dirname(DEFAULT_SQLITE_PATH);
        queued = await submitDemoModels(store, models, dataDir, log);
      }
      const env = { ...process.env, ...(url ? { DATABASE_URL: url } : {}), NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };
      // The site stores uploads where PODIUM_UPLOAD_DIR says; the worker must read them from the same place.
      const uploads = process.env.PODIUM_UPLOAD_DIR ? ["--uploads", process.env.PODIUM_UPLOAD_DIR] : [];
      children.push(startChild("worker", process.execPath, [join(repo, "apps/cli/bin/podium.js"), "worker", ...uploads], repo, env));
      const site = startChild("web", process.execPath, [next, "start", "-p", String(port)], web, env);
      children.push(site);
      const address = `http://localhost:${port}`;
      await waitForSite(address, site, 60_000);
      log(`the leaderboard is up at ${address}${queued.length ? ` (${queued.length} demo run(s) in the queue; they appear as they finish)` : ""}${values.once ? "" : " — Ctrl+C to stop"}`);
      const failures = await followRuns(store, queued, stop);
      if (values.once) {
        shutdown();
        return failures ? 1 : 0;
      }
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (stop.stopped || children.every((c) => c.exitCode !== null)) {
            clearInterval(check);
            resolve();
          }
        }, 500);
      });
      return 0;
    } finally {
      shutdown();
      await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once("exit", r)))));
      await store.close();
    }
  },
};
