import { existsSync } from "node:fs";
import type { GraphReport, LayerReport } from "@podium/graph";
import { loadApi, loadGraph, loadZoo } from "./store";

/** One layer's bar in the per-layer figures. */
export interface LayerBar {
  name: string;
  op: string;
  params: number;
  macs: number | null;
  activationBytes: number | null;
}

export interface LayerProfile {
  layers: LayerBar[];
  totals: { params: number; macs: number; activationBytes: number };
  /** Where the figures come from, shown under the charts. */
  origin: string;
}

const toBars = (layers: LayerReport[]): LayerBar[] =>
  layers.map((l) => ({ name: l.name, op: l.op, params: l.params, macs: l.macs, activationBytes: l.newMemory ? l.activationBytes : 0 }));

function fromReport(report: GraphReport, origin: string): LayerProfile {
  return {
    layers: toBars(report.layers),
    totals: { params: report.totals.params, macs: report.totals.macs, activationBytes: report.totals.activationBytes },
    origin,
  };
}

/** A stored @podium/graph inspection report, if the worker kept one in the run's config under `inspection`. */
function storedReport(config: unknown): GraphReport | null {
  const inspection = (config as { inspection?: unknown } | null)?.inspection as GraphReport | undefined;
  return inspection && Array.isArray(inspection.layers) && inspection.totals ? inspection : null;
}

/** Zoo name for a model's architecture text ("resnet50", "ResNet-50" …), or null when the zoo has none. */
export async function zooNameFor(architecture: string | null): Promise<string | null> {
  if (!architecture) return null;
  const { listArchitectures, architectureInfo } = await loadZoo();
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const wanted = norm(architecture);
  for (const name of listArchitectures()) {
    if (norm(name) === wanted || norm(architectureInfo(name).displayName) === wanted) return name;
  }
  return null;
}

/** Per-layer params, MACs and activation memory of a zoo architecture, counted from its layers topology. */
export async function zooLayerProfile(name: string): Promise<LayerProfile> {
  const [{ architectureTopology, architectureInfo }, { inspectLayersTopology }] = await Promise.all([loadZoo(), loadGraph()]);
  const info = architectureInfo(name);
  const report = inspectLayersTopology(architectureTopology(name), { source: name });
  const [h, w, c] = info.defaultInputShape;
  return fromReport(report, `Counted by @podium/graph from the zoo's ${info.displayName} topology (input ${h}×${w}×${c}, batch 1).`);
}

// Inspections of uploaded files, by sha256: the bytes never change, and a big ONNX file takes a while to parse.
const inspected = new Map<string, Promise<LayerProfile | null>>();

/** Inspects the uploaded model file itself (ONNX, or a TF.js layers model.json), when this server can read it. */
async function uploadedFileProfile(model: { fileSha256: string; format: string; name: string }): Promise<LayerProfile | null> {
  const { storedModelPath, DEFAULT_UPLOADS_DIR } = await loadApi();
  const path = storedModelPath(process.env.PODIUM_UPLOAD_DIR || DEFAULT_UPLOADS_DIR, model.fileSha256, model.format);
  if (!existsSync(path)) return null;
  const { inspectModelFile } = await loadGraph();
  try {
    const report = inspectModelFile(path, { source: model.name });
    return fromReport(report, `Counted by @podium/graph from the uploaded ${model.format === "onnx" ? "ONNX file" : `TF.js ${report.format}`} (batch ${report.batch}).`);
  } catch {
    // Not inspectable (an op the inspector does not know, a graph model): fall back to the next source.
    return null;
  }
}

/**
 * The per-layer figures for a model page: the run's stored inspection when there is one, else the uploaded
 * file itself, else the zoo architecture of the same name (said so in `origin`), else null.
 */
export async function layerProfileFor(
  runConfig: unknown,
  architecture: string | null,
  model?: { fileSha256: string; format: string; name: string },
): Promise<LayerProfile | null> {
  const stored = storedReport(runConfig);
  if (stored) return fromReport(stored, `From the inspection stored with this run (${stored.format}, batch ${stored.batch}).`);
  if (model) {
    if (!inspected.has(model.fileSha256)) inspected.set(model.fileSha256, uploadedFileProfile(model));
    const fromFile = await inspected.get(model.fileSha256)!;
    if (fromFile) return fromFile;
    inspected.delete(model.fileSha256); // the file may reach this server later

  }
  const zooName = await zooNameFor(architecture);
  if (!zooName) return null;
  const profile = await zooLayerProfile(zooName);
  return { ...profile, origin: `${profile.origin} No inspection was stored with this run, so these are the reference architecture's figures, not the uploaded file's.` };
}
