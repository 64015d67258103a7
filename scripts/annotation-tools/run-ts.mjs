#!/usr/bin/env node
// Runs one of the TypeScript scripts in this folder against the workspace packages' sources (the same
// @podium/* aliases as vitest.config.ts), so the checks never depend on a stale or missing dist/.
//   node scripts/annotation-tools/run-ts.mjs scripts/annotation-tools/sanity-check.ts [args…]
import { createServer } from "vite";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const [script, ...rest] = process.argv.slice(2);
if (!script) throw new Error("usage: run-ts.mjs <script.ts> [args…]");
process.argv = [process.argv[0], script, ...rest];
const server = await createServer({
  root: repo,
  configFile: resolve(repo, "vitest.config.ts"),
  logLevel: "error",
  server: { middlewareMode: true, hmr: false, watch: null },
  appType: "custom",
  optimizeDeps: { noDiscovery: true, include: [] },
});
try {
  await server.ssrLoadModule(resolve(script));
} finally {
  await server.close();
}
