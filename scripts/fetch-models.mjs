#!/usr/bin/env node
// Fetches the real models the engine tests and benchmarks run, from the npm registry only (`npm pack`), into
// <repo>/.cache/models/<name>/ (gitignored). Every file is sha256-checked against scripts/models.lock.json;
// a file already present with the locked hash is not fetched again. A lock entry whose sha256 is null is
// filled in from the first fetch (commit the lock afterwards).
//   node scripts/fetch-models.mjs            # all models
//   node scripts/fetch-models.mjs nanodet    # some
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const lockPath = join(repoRoot, "scripts", "models.lock.json");
export const modelsCacheDir = join(repoRoot, ".cache", "models");

export function readLock() {
  return JSON.parse(readFileSync(lockPath, "utf8"));
}

function sha256File(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}

/** Absolute path of the file a model is opened from (the .onnx file or the TF.js model.json). */
export function modelEntryPath(name, lock = readLock()) {
  const model = lock.models[name];
  if (!model) throw new Error(`unknown model '${name}' (known: ${Object.keys(lock.models).join(", ")})`);
  return join(modelsCacheDir, name, model.entry);
}

async function isPresent(name, model) {
  for (const file of model.files) {
    const path = join(modelsCacheDir, name, basename(file.path));
    if (!existsSync(path) || !file.sha256 || (await sha256File(path)) !== file.sha256) return false;
  }
  return true;
}

/**
 * Makes sure each named model (default: all in the lock) is in the cache with its locked hashes.
 * Returns { name: entryPath }. Throws on a hash mismatch (the registry served different bytes).
 */
export async function fetchModels(names, log = (line) => process.stderr.write(`${line}\n`)) {
  const lock = readLock();
  const wanted = names?.length ? names : Object.keys(lock.models);
  const missing = [];
  for (const name of wanted) {
    const model = lock.models[name];
    if (!model) throw new Error(`unknown model '${name}' (known: ${Object.keys(lock.models).join(", ")})`);
    if (!(await isPresent(name, model))) missing.push(name);
  }
  // One `npm pack` per package, however many models come from it (human-models is a 144 MB tarball).
  const byPackage = new Map();
  for (const name of missing) {
    const spec = `${lock.models[name].package}@${lock.models[name].version}`;
    byPackage.set(spec, [...(byPackage.get(spec) ?? []), name]);
  }
  let lockChanged = false;
  for (const [spec, modelNames] of byPackage) {
    const work = mkdtempSync(join(tmpdir(), "podium-models-"));
    try {
      log(`fetch-models: npm pack ${spec} (for ${modelNames.join(", ")})`);
      const out = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", work], {
        cwd: work,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      const tarball = join(work, out.trim().split("\n").pop());
      const members = modelNames.flatMap((name) => lock.models[name].files.map((f) => f.path));
      execFileSync("tar", ["-xzf", tarball, "-C", work, ...members], { stdio: "inherit" });
      for (const name of modelNames) {
        const dir = join(modelsCacheDir, name);
        mkdirSync(dir, { recursive: true });
        for (const file of lock.models[name].files) {
          const extracted = join(work, file.path);
          const digest = await sha256File(extracted);
          if (file.sha256 === null) {
            file.sha256 = digest;
            lockChanged = true;
            log(`fetch-models: recorded sha256 ${digest} for ${name}/${basename(file.path)}`);
          } else if (file.sha256 !== digest) {
            throw new Error(`${spec} ${file.path}: sha256 ${digest} does not match the lock (${file.sha256})`);
          }
          renameSync(extracted, join(dir, basename(file.path)));
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  if (lockChanged) writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  // A model manifest must sit beside its model (the loader refuses paths leaving the manifest's folder), so the
  // committed demo manifests are laid next to the cached files.
  for (const name of wanted) {
    const manifest = join(repoRoot, "models", "demo", `${name}.podium.json`);
    if (!existsSync(manifest)) continue;
    const target = join(modelsCacheDir, name, `${name}.podium.json`);
    const text = readFileSync(manifest, "utf8");
    if (!existsSync(target) || readFileSync(target, "utf8") !== text) writeFileSync(target, text);
  }
  return Object.fromEntries(wanted.map((name) => [name, modelEntryPath(name, lock)]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  fetchModels(process.argv.slice(2))
    .then((paths) => {
      for (const [name, path] of Object.entries(paths)) process.stdout.write(`${name}\t${path}\n`);
    })
    .catch((error) => {
      process.stderr.write(`fetch-models: ${error.message}\n`);
      process.exitCode = 1;
    });
}
