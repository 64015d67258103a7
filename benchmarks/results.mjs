// What every suite does last: write benchmarks/results/<name>.json, the file `npm run bench` (run.mjs)
// reads its targets from, with the machine's load recorded (timings on a shared machine need it).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

export function writeResults(name, body) {
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const record = { name, node: process.version, cores: cpus().length, loadAverageAtEnd: loadavg(), ...body };
  writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(record, null, 2)}\n`);
  if ((body.targets ?? []).some((t) => !t.pass)) process.exitCode = 1;
}
