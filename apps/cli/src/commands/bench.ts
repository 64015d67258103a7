import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  benchmarkModel,
  devices,
  EngineInputError,
  graphOptimizations,
  ModelRejectedError,
  parseShapeOverride,
  SandboxError,
  saveLayersModel,
  type BenchmarkReport,
  type Device,
  type GraphOptimization,
} from "@podium/engines";
import { atLeastOption, parseOptions } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";

const usage = `usage: podium bench <model | --arch NAME> [options]

Benchmarks an ONNX file or a TF.js model (folder or model.json) in a sandboxed child process:
cold start, single-stream latency (p50/p90/p99 and MLPerf LoadGen's early-stopping p90 bound),
offline throughput at --batch, peak host RSS and (with nvidia-smi) peak GPU memory, and a run fingerprint.

options:
  --batch N             offline throughput batch size (default 1)
  --device D            auto|cpu|cuda|webgpu (default auto: cuda, then webgpu, then cpu)
  --threads N           intra-op threads for onnxruntime (default: its own choice)
  --graph-opt L         disabled|basic|extended|all (default all)
  --input-shape N=DxD…  concrete shape for an input with symbolic dims (repeatable; default batch×…×224)
  --queries N           minimum single-stream queries (default 100; early stopping needs ≥ 64)
  --duration S          minimum seconds for each timed pass (default 2)
  --timeout S           wall-clock limit per child process (default 300)
  --memory-limit MB     memory limit per child process (default 4096)
  --arch NAME           benchmark an (untrained) architecture from the zoo instead of a file
  --json                print one JSON object instead of tables`;

function positiveNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} must be a positive number, got '${value}'`);
  return n;
}

/** An untrained architecture from the zoo, written to a temp folder as a TF.js layers model. */
async function modelFromArch(name: string, dir: string): Promise<string> {
  // Loaded on demand: the zoo pulls in TF.js, which no other bench path (nor any other command) needs up front.
  const { buildArchitecture, UnknownArchitectureError } = await import("@podium/zoo");
  try {
    return await saveLayersModel(await buildArchitecture(name), dir);
  } catch (error) {
    if (error instanceof UnknownArchitectureError) throw new UserError(`--arch: ${error.message}`);
    throw error;
  }
}

const ms = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? "–" : `${v.toFixed(2)} ms`);
const mib = (bytes: number | null) => (bytes === null ? "–" : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join("\n");
}

export function formatReport(r: BenchmarkReport): string {
  const es = r.latency.earlyStopping;
  const nonFinite = Object.entries(r.nonFinite).filter(([, c]) => c.nan + c.inf > 0);
  const sections = [
    `model  ${r.model}  (${r.format}, sha256 ${r.fingerprint.modelSha256.slice(0, 16)}…)`,
    table([
      ["engine", `${r.engine.engine} ${r.engine.version}, backend ${r.engine.backend}`],
      ...r.engine.fallbacks.map((f): [string, string] => [`  ${f.backend} unavailable`, f.error.slice(0, 160)]),
      ["inputs", Object.entries(r.inputShapes).map(([n, d]) => `${n} [${d.join("×")}]`).join(", ")],
    ]),
    "latency (single stream, batch 1, warm-up excluded)",
    table([
      ["queries", String(r.latency.queries)],
      ["p50 / p90 / p99", `${ms(r.latency.p50Ms)} / ${ms(r.latency.p90Ms)} / ${ms(r.latency.p99Ms)}`],
      ["mean (min–max)", `${ms(r.latency.meanMs)} (${ms(r.latency.minMs)} – ${ms(r.latency.maxMs)})`],
      [
        "early-stopping p90",
        es.enough
          ? `${ms(es.value)} (rank ${es.rank + 1} of ${es.queries}, i.e. p${(es.percentileUsed * 100).toFixed(1)}; ${es.discarded} slowest discarded; 99% confidence)`
          : `not enough queries (${es.queries} < ${es.minimumQueries})`,
      ],
      ["cold start", `${ms(r.coldStart.totalMs)} (session ${ms(r.coldStart.openMs)} + first run ${ms(r.coldStart.firstRunMs)})`],
    ]),
    `throughput (offline, batch ${r.throughput.batch})`,
    table([
      ["items/s", r.throughput.itemsPerSecond.toFixed(1)],
      ["per batch", `${ms(r.throughput.msPerBatch)} over ${r.throughput.runs} runs`],
    ]),
    "memory (separate process)",
    table([
      ["peak host RSS", mib(r.memory.peakRssBytes)],
      ["peak GPU memory", r.memory.gpu ? `${r.memory.gpu.peakMiB} MiB (baseline ${r.memory.gpu.baselineMiB} MiB, device-wide)` : "– (no nvidia-smi)"],
    ]),
    "fingerprint",
    table([
      ["cpu", `${r.fingerprint.cpu.model} × ${r.fingerprint.cpu.cores}`],
      ["gpu", r.fingerprint.gpus.map((g) => `${g.name} (driver ${g.driver})`).join(", ") || "none"],
      ["os / node", `${r.fingerprint.os} / ${r.fingerprint.node}`],
    ]),
  ];
  if (nonFinite.length > 0) {
    sections.push(`WARNING non-finite outputs: ${nonFinite.map(([n, c]) => `${n}: ${c.nan} NaN, ${c.inf} Inf`).join("; ")}`);
  }
  return `${sections.join("\n")}\n`;
}

export const benchCommand: Command = {
  name: "bench",
  usage,
  async run(argv) {
    const { values, positionals } = parseOptions(
      argv,
      {
        batch: { type: "string" },
        device: { type: "string" },
        threads: { type: "string" },
        "graph-opt": { type: "string" },
        "input-shape": { type: "string", multiple: true },
        queries: { type: "string" },
        duration: { type: "string" },
        timeout: { type: "string" },
        "memory-limit": { type: "string" },
        arch: { type: "string" },
        json: { type: "boolean" },
      } as const,
      usage,
      true,
    );
    if (positionals.length > 1) throw new UserError(`expected one model, got ${positionals.length}: ${positionals.join(" ")}`);
    if (positionals.length === 1 && values.arch) throw new UserError("give a model file or --arch NAME, not both");
    const device = (values.device ?? "auto") as Device;
    if (!devices.includes(device)) throw new UserError(`--device must be one of ${devices.join("|")}, got '${values.device}'`);
    const graphOptimization = (values["graph-opt"] ?? "all") as GraphOptimization;
    if (!graphOptimizations.includes(graphOptimization)) {
      throw new UserError(`--graph-opt must be one of ${graphOptimizations.join("|")}, got '${values["graph-opt"]}'`);
    }
    const threads = atLeastOption(values.threads, "--threads") ?? 0;
    const duration = positiveNumber("--duration", values.duration, 2);
    let model: string | undefined;
    const archDir = values.arch ? mkdtempSync(join(tmpdir(), "podium-arch-")) : undefined;
    try {
      model = values.arch ? await modelFromArch(values.arch, archDir!) : positionals[0];
      if (!model) throw new UserError(usage);
      const report = await benchmarkModel(model, {
        open: { device, threads, graphOptimization },
        batch: atLeastOption(values.batch, "--batch") ?? 1,
        shapes: Object.fromEntries((values["input-shape"] ?? []).map(parseShapeOverride)),
        minQueries: atLeastOption(values.queries, "--queries") ?? 100,
        minDurationMs: duration * 1000,
        throughputMinDurationMs: duration * 1000,
        timeoutMs: positiveNumber("--timeout", values.timeout, 300) * 1000,
        memoryLimitMb: atLeastOption(values["memory-limit"], "--memory-limit") ?? 4096,
      });
      // The temp folder is gone after this run; name the architecture instead.
      if (values.arch) report.model = `--arch ${values.arch} (untrained, seed 0)`;
      process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatReport(report));
      return 0;
    } catch (error) {
      if (error instanceof ModelRejectedError) throw new UserError(error.message);
      // Engine errors about inputs or devices do not always know the file; name it once.
      if (error instanceof EngineInputError) throw new UserError(model && !error.message.includes(model) ? `${model}: ${error.message}` : error.message);
      if (error instanceof SandboxError) throw new UserError(error.message, 1);
      throw error;
    } finally {
      if (archDir) rmSync(archDir, { recursive: true, force: true });
    }
  },
};
