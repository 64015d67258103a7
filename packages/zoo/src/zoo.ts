import * as tf from "@tensorflow/tfjs";
import type { ArchitectureOptions, ResolvedOptions } from "./architectures/options.js";
import type { ArchitectureFacts } from "./facts.js";
import { factsFor } from "./facts.js";
import type { Paper } from "./registry.js";
import { ARCHITECTURES } from "./registry.js";
import type { Topology } from "./topology.js";

export class UnknownArchitectureError extends Error {
  override readonly name = "UnknownArchitectureError";
}

export interface ReportedAccuracy {
  top1Pct: number | null;
  top5Pct: number | null;
  /** Where the figure comes from, quoted from ilsvrc-history.json. */
  source: string;
}

export interface ArchitectureInfo {
  name: string;
  displayName: string;
  year: number;
  paper: Paper;
  variantPaper?: Paper;
  defaultInputShape: [number, number, number];
  defaultNumClasses: number;
  notes: string;
  accuracy: ReportedAccuracy;
  /** The whole ilsvrc-history.json entry (torchvision params/GMACs, notes, unverified markers). */
  facts: ArchitectureFacts;
}

function spec(name: string) {
  const found = ARCHITECTURES.find((a) => a.name === name);
  if (!found) throw new UnknownArchitectureError(`unknown architecture '${name}' (known: ${ARCHITECTURES.map((a) => a.name).join(", ")})`);
  return found;
}

export function listArchitectures(): string[] {
  return ARCHITECTURES.map((a) => a.name);
}

export function architectureInfo(name: string): ArchitectureInfo {
  const s = spec(name);
  const facts = factsFor(s.factsName);
  let accuracy: ReportedAccuracy = { top1Pct: facts.top1_pct, top5Pct: facts.top5_pct, source: facts.source };
  if (name === "alexnet_two_tower") {
    // The two-tower network is the paper's; its single-CNN validation error is in the entry's paper_reported block.
    const reported = facts.paper_reported as { ilsvrc2012_val_1cnn_top1_top5_err: [number, number]; source: string };
    const [top1Err, top5Err] = reported.ilsvrc2012_val_1cnn_top1_top5_err;
    accuracy = { top1Pct: Math.round((100 - top1Err) * 1e6) / 1e6, top5Pct: Math.round((100 - top5Err) * 1e6) / 1e6, source: `${reported.source} (error rates ${top1Err}/${top5Err}%, as accuracy)` };
  }
  return {
    name: s.name, displayName: s.displayName, year: s.year, paper: s.paper, ...(s.variantPaper ? { variantPaper: s.variantPaper } : {}),
    defaultInputShape: s.defaultInputShape, defaultNumClasses: s.defaultNumClasses, notes: s.notes, accuracy, facts,
  };
}

function resolve(name: string, options: ArchitectureOptions): ResolvedOptions {
  const s = spec(name);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const numClasses = options.numClasses ?? s.defaultNumClasses;
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer, got ${numClasses}`);
  const inputShape = options.inputShape ?? s.defaultInputShape;
  if (inputShape.length !== 3 || inputShape.some((d) => !Number.isInteger(d) || d < 1)) throw new RangeError(`inputShape must be [height, width, channels], got [${inputShape.join(", ")}]`);
  return { seed, numClasses, inputShape };
}

/**
 * The layers topology (model.json `modelTopology`) of an architecture. Allocates no weights: this is the path for
 * counting params and MACs of the large networks (inspect it with @podium/graph's inspectLayersTopology).
 */
export function architectureTopology(name: string, options: ArchitectureOptions = {}): Topology {
  return spec(name).build(resolve(name, options));
}

/** Builds the tfjs model with deterministic weights: the same name, seed and options give the same weights. */
export async function buildArchitecture(name: string, options: ArchitectureOptions = {}): Promise<tf.LayersModel> {
  const topology = architectureTopology(name, options);
  return tf.models.modelFromJSON({ modelTopology: topology as unknown as tf.io.ModelJSON["modelTopology"] });
}
