// The leaderboard route under load: 10,000 done runs seeded into a temp SQLite database, the @podium/api
// fetch handlers served by node:http on 127.0.0.1 (in a child process, so the load generator does not
// share its event loop), autocannon at a fixed 200 requests/s for 10 s cycling through sorted, filtered
// and paged leaderboard.get queries (the tRPC route the site reads, tie groups included). Baseline in
// the same run: a static JSON route on the same server, same rate. Target: p99 ≤ 50 ms at 200 req/s.
// Run: npx tsc -b packages/api && node benchmarks/api-leaderboard.bench.mjs
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createHttpHandlers } from "@podium/api";
import { createStore, migrate } from "@podium/db";

const RUNS = 10_000;
const MODELS = 1_000;
const RATE = 200;
const DURATION_S = 10;
const CONNECTIONS = 16;
const P99_LIMIT_MS = 50;
const FAMILIES = ["ResNet", "ViT", "EfficientNet", "ConvNeXt", "MobileNet", "RegNet", "DeiT", "Swin", "DenseNet", "VGG"];
const DATASET = "imagenet-val-bench";

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same board. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(url) {
  await migrate(url);
  const store = createStore(url);
  const next = random(42);
  const dataset = await store.datasets.create({ name: DATASET, task: "classification", checksum: "sha256:bench", groundTruth: "public", classNames: ["a", "b"], sampleCount: 50_000 });
  const models = Array.from({ length: MODELS }, (_, i) => ({
    id: `model${String(i).padStart(5, "0")}`,
    name: `${FAMILIES[i % FAMILIES.length].toLowerCase()}_${i}`,
    task: "classification",
    format: "onnx",
    architecture: FAMILIES[i % FAMILIES.length],
    family: FAMILIES[i % FAMILIES.length],
    year: 2012 + (i % 14),
    manifest: {},
    fileSha256: i.toString(16).padStart(64, "0"),
    sizeBytes: BigInt(1_000_000 + i),
    paramCount: BigInt(Math.round(1e6 + next() * 1e8)),
  }));
  await store.client.model.createMany({ data: models });
  const base = Date.parse("2026-01-01T00:00:00Z");
  const runs = Array.from({ length: RUNS }, (_, i) => {
    const top1 = 50 + next() * 40;
    const half = 0.3 + next() * 0.2;
    const top5 = Math.min(99.9, top1 + 10 + next() * 5);
    return {
      id: `run${String(i).padStart(6, "0")}`,
      modelId: models[i % MODELS].id,
      datasetId: dataset.id,
      status: "done",
      progress: 1,
      attempts: 1,
      createdAt: new Date(base + i * 1000),
      startedAt: new Date(base + i * 1000 + 10),
      finishedAt: new Date(base + i * 1000 + 500),
      metrics: { top1: { value: top1, ci95: [top1 - half, top1 + half] }, top5: { value: top5, ci95: [top5 - half, top5 + half] } },
      top1,
      top5,
      latencyP50Ms: 1 + next() * 50,
      latencyP90Ms: 2 + next() * 60,
      throughput: 100 + next() * 2000,
      peakMemory: BigInt(Math.round(1e8 + next() * 2e9)),
      hardware: i % 3 === 0 ? "NVIDIA H100" : "AMD EPYC 7B13",
      engine: i % 2 === 0 ? "onnxruntime 1.30.0 (cpu)" : "onnxruntime 1.30.0 (cuda)",
    };
  });
  for (let i = 0; i < runs.length; i += 1000) await store.client.run.createMany({ data: runs.slice(i, i + 1000) });
  await store.close();
}

/** Child mode: serve the handlers on 127.0.0.1 and print the port. */
async function serve(url) {
  const store = createStore(url);
  const http = createHttpHandlers(store);
  const staticBody = JSON.stringify({ result: { data: { ok: true, items: Array.from({ length: 50 }, (_, i) => ({ rank: i + 1, name: `m${i}` })) } } });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/static.json") {
      res.writeHead(200, { "content-type": "application/json" }).end(staticBody);
      return;
    }
    const response = await http.trpc(new Request(url, { method: req.method, headers: { accept: "application/json" } }));
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
}

function load(url, requests) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, overallRate: RATE, duration: DURATION_S, requests }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const summary = (name, r) => ({
  name,
  requestsPerSecond: r.requests.average,
  requests: r.requests.total,
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  maxMs: r.latency.max,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
});

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), "podium-bench-api-"));
  const url = `file:${join(scratch, "bench.db")}`;
  try {
    const t0 = performance.now();
    await seed(url);
    const seedSeconds = (performance.now() - t0) / 1000;
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--serve", url], { stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise((resolve, reject) => {
      child.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim())));
      child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });
    const origin = `http://127.0.0.1:${port}`;
    const trpc = (input) => ({ method: "GET", path: `/api/trpc/leaderboard.get?input=${encodeURIComponent(JSON.stringify(input))}` });
    const queries = [
      trpc({ dataset: DATASET, sortBy: "top1" }),
      trpc({ dataset: DATASET, sortBy: "top1", family: "ResNet" }),
      trpc({ dataset: DATASET, sortBy: "top1", offset: 2000, limit: 50 }),
      trpc({ dataset: DATASET, sortBy: "latencyP50Ms", hardware: "NVIDIA H100", year: 2020 }),
      trpc({ dataset: DATASET, sortBy: "throughput", engine: "onnxruntime 1.30.0 (cuda)", limit: 100 }),
    ];
    // Every query must answer 200 with a full page before we time it.
    for (const q of queries) {
      const response = await fetch(origin + q.path);
      const body = await response.json();
      if (response.status !== 200 || !body.result?.data?.entries?.length) throw new Error(`${q.path}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
    }
    // Baseline first, while the server is idle; then each query alone (sequential, no load) to show
    // where the time goes; then a warm-up and the timed load.
    const baseline = summary("static JSON route (baseline)", await load(`${origin}/static.json`));
    const single = [];
    for (const q of queries) {
      const times = [];
      for (let i = 0; i < 15; i++) {
        const t = performance.now();
        await (await fetch(origin + q.path)).arrayBuffer();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      single.push({ name: `one request, no load: ${decodeURIComponent(q.path.split("input=")[1])}`, medianMs: Number(times[7].toFixed(2)) });
    }
    console.table(single);
    await load(origin, queries.slice(0, 1)); // warm-up (JIT, SQLite page cache), not reported
    const board = summary("leaderboard.get (5 queries, 10,000 runs)", await load(origin, queries));
    child.kill("SIGTERM");

    const measurements = [{ name: "seed 10,000 runs", seconds: seedSeconds }, ...single, baseline, board];
    const ratio = board.p99Ms / Math.max(baseline.p99Ms, 0.001);
    console.table([baseline, board]);
    console.log(`p99 leaderboard / static: ${ratio.toFixed(1)}×; leaderboard p50 ${board.p50Ms} ms, p99 ${board.p99Ms} ms at ${board.requestsPerSecond} req/s`);
    const targets = [
      { name: `leaderboard.get p99 at ${RATE} req/s (SQLite, ${RUNS} runs)`, value: board.p99Ms, limit: P99_LIMIT_MS, unit: "ms", pass: board.p99Ms <= P99_LIMIT_MS && board.non2xx === 0 && board.errors === 0 },
      { name: "leaderboard.get sustained rate", value: board.requestsPerSecond, limit: RATE * 0.95, unit: "req/s", pass: board.requestsPerSecond >= RATE * 0.95 },
    ];
    const results = fileURLToPath(new URL("./results/", import.meta.url));
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, "api-leaderboard.json"), JSON.stringify({ name: "api-leaderboard", measurements: [...measurements, { name: "p99 ratio leaderboard/static", value: ratio }], targets }, null, 2) + "\n");
    console.table(targets);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// --seed URL leaves a seeded database behind for looking at query plans; --serve URL is the server child.
if (process.argv[2] === "--serve") await serve(process.argv[3]);
else if (process.argv[2] === "--seed") await seed(process.argv[3]);
else await main();
