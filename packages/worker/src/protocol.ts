import type { Device } from "@podium/engines";
import type { EvalResult } from "@podium/runner";

/** What the worker asks its evaluation child to do: one run, then exit. */
export interface EvaluationRequest {
  modelPath: string;
  /** The manifest JSON as submitted; the child validates it again. */
  manifest: unknown;
  datasetPath: string;
  /** The checksum the store holds for the dataset: the child refuses a dataset on disk that differs. */
  datasetChecksum: string;
  limit?: number;
  batchSize?: number;
  /** Engine device (default cpu). */
  device?: Device;
  /** Preprocessing threads inside the child. */
  preprocessWorkers?: number;
}

export type ChildMessage =
  | { type: "progress"; done: number; total: number | null }
  | { type: "result"; result: EvalResult }
  | { type: "error"; name: string; message: string };
