import { z } from "zod";
import { SORT_KEYS, TASKS, type SortKey } from "@podium/db";

export const idInput = z.string().min(1).max(64);
export const taskInput = z.enum(TASKS);
export const sortKeyInput = z.enum(SORT_KEYS);

/** Lower is better for these; every other sort key (accuracies, mIoU, AP, throughput) is higher-better. */
const LOWER_IS_BETTER = new Set<SortKey>(["latencyP50Ms", "latencyP90Ms", "peakMemory", "paramCount", "macs"]);
export function defaultOrder(sortBy: SortKey): "asc" | "desc" {
  return LOWER_IS_BETTER.has(sortBy) ? "asc" : "desc";
}

export const leaderboardInput = z.object({
  dataset: z.string().min(1).max(200),
  task: taskInput.optional(),
  sortBy: sortKeyInput.optional(),
  order: z.enum(["asc", "desc"]).optional(),
  family: z.string().min(1).max(100).optional(),
  year: z.number().int().min(1950).max(2100).optional(),
  hardware: z.string().min(1).max(200).optional(),
  engine: z.string().min(1).max(200).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});
export type LeaderboardInput = z.infer<typeof leaderboardInput>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (sha256)");

export const modelInput = z.object({
  name: z.string().min(1).max(200),
  task: taskInput,
  format: z.enum(["onnx", "tfjs", "tflite", "torchscript"]),
  manifest: z.record(z.string(), z.json()),
  fileSha256: sha256,
  sizeBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  architecture: z.string().min(1).max(200).optional(),
  family: z.string().min(1).max(100).optional(),
  year: z.number().int().min(1950).max(2100).optional(),
  paramCount: z.number().int().nonnegative().optional(),
  macs: z.number().nonnegative().optional(),
});

export const submissionInput = z.object({
  model: modelInput,
  /** Dataset id or name. */
  dataset: z.string().min(1).max(200),
  priority: z.number().int().min(-10).max(10).optional(),
  config: z.record(z.string(), z.json()).optional(),
});
