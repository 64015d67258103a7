import type { TrainingMemoryEstimate } from "./report.js";

export interface InspectOptions {
  /** Overrides the batch dim (dim 0) of every graph input; symbolic batch dims default to 1. */
  batch?: number;
  /** Overrides the spatial dims (height, width) of rank-4 image inputs. */
  inputSize?: [number, number];
  /** Optimizer assumed by the training-memory estimate (default adam). */
  optimizer?: TrainingMemoryEstimate["optimizer"];
  /** Names the source in the report and in error messages. */
  source?: string;
}

/** Parses "224", "224x224" or "480x640" (height × width). */
export function parseInputSize(text: string): [number, number] {
  const m = /^(\d+)(?:[x×,](\d+))?$/i.exec(text.trim());
  if (!m) throw new RangeError(`--input-size must look like 224 or 224x224 (height x width), got '${text}'`);
  const h = Number(m[1]);
  const w = m[2] === undefined ? h : Number(m[2]);
  if (h <= 0 || w <= 0) throw new RangeError(`--input-size must be positive, got '${text}'`);
  return [h, w];
}
