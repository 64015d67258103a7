#!/usr/bin/env node
// Runs every benchmarks/*.bench.mjs in its own process (so peak-RSS figures are not shared), then prints
// one table of all targets. Each suite prints its own table and writes benchmarks/results/<name>.json:
//   { name, measurements: [...], targets: [{ name, value, limit, unit, pass }] }
// Usage: npm run bench [-- <filter>]   (filter = substring of the suite file name)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const resultsDir = `${here}results`;
mkdirSync(resultsDir, { recursive: true });
const filter = process.argv[2] ?? "";
const suites = readdirSync(here).filter((f) => f.endsWith(".bench.mjs") && f.includes(filter)).sort();
if (suites.length === 0) {
  process.stderr.write(`no benchmark suite matches '${filter}'\n`);
  process.exit(2);
}

const summary = [];
let failures = 0;
for (const suite of suites) {
  const name = suite.replace(/\.bench\.mjs$/, "");
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const child = spawnSync(process.execPath, ["--expose-gc", `${here}${suite}`], { stdio: "inherit" });
  const file = `${resultsDir}/${name}.json`;
  const fresh = existsSync(file) && statSync(file).mtimeMs >= started;
  // A suite may exit non-zero because a target failed; its results file still says which.
  if (!fresh) {
    failures++;
    summary.push({ suite: name, target: "(suite failed)", value: "", limit: "", unit: "", pass: false });
    continue;
  }
  const result = JSON.parse(readFileSync(file, "utf8"));
  for (const t of result.targets ?? []) {
    summary.push({ suite: name, target: t.name, value: t.value, limit: t.limit, unit: t.unit, pass: t.pass });
    if (!t.pass) failures++;
  }
}
process.stdout.write("\n=== targets ===\n");
console.table(summary);
process.stdout.write(`results in ${resultsDir}\n`);
process.exitCode = failures ? 1 : 0;
