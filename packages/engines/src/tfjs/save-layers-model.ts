import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs";

/** Anything with TF.js LayersModel's save(): kept structural so callers need not import TF.js themselves. */
export interface SavableModel {
  save(handler: tf.io.IOHandler): Promise<unknown>;
}

/**
 * Writes an in-memory TF.js layers model (e.g. an architecture built by @podium/zoo) to `dir` as model.json +
 * weights.bin, the layout tfjs-converter produces, so it can be opened and benchmarked like any model on disk.
 * Returns the model.json path.
 */
export async function saveLayersModel(model: SavableModel, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const jsonPath = join(dir, "model.json");
  const { io } = await import("@tensorflow/tfjs");
  await model.save(
    io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData;
      const data = weights === undefined ? new Uint8Array(0) : Array.isArray(weights) ? concat(weights) : new Uint8Array(weights);
      writeFileSync(join(dir, "weights.bin"), data);
      const json = {
        format: "layers-model",
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(jsonPath, JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: data.length } };
    }),
  );
  return jsonPath;
}

function concat(buffers: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}
