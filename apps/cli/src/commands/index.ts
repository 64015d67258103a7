import type { CommandEntry } from "../command.js";

// Every subcommand lives in its own file and is imported only when it runs, so `podium --help` and light
// commands start fast. This list is the only place commands are registered.
export const commands: CommandEntry[] = [
  { name: "up", summary: "the whole platform on this machine: migrate, seed, demo runs, a worker and the site", load: async () => (await import("./up.js")).upCommand },
  { name: "score", summary: "score prediction files against ground truth (COCO, segmentation, classification, VOC)", load: async () => (await import("./score.js")).scoreCommand },
  { name: "eval", summary: "evaluate a model on a dataset end to end (metrics with CIs, latency, memory, fingerprint)", load: async () => (await import("./eval.js")).evalCommand },
  { name: "merge", summary: "merge sharded `podium eval --shard` results into the exact unsharded result", load: async () => (await import("./merge.js")).mergeCommand },
  { name: "inspect", summary: "params, MACs and activation memory per layer of a model or a zoo architecture", load: async () => (await import("./inspect.js")).inspectCommand },
  { name: "bench", summary: "latency (p50/p90/p99), throughput, cold start and peak memory of a model", load: async () => (await import("./bench.js")).benchCommand },
  { name: "submit", summary: "upload a model (ONNX or TF.js) and its manifest to a Podium server for scoring", load: async () => (await import("./submit.js")).submitCommand },
  { name: "worker", summary: "run queued submissions (each in a limited child process) and report them to the database", load: async () => (await import("./worker.js")).workerCommand },
  { name: "db", summary: "prepare the results database: migrate (+ history seed), register datasets, create tokens", load: async () => (await import("./db.js")).dbCommand },
];
