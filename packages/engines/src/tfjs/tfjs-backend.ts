import * as tf from "@tensorflow/tfjs";
import type { EngineInfo, ResolvedOpenOptions } from "../types.js";

/**
 * TF.js backends in the order we prefer them. tfjs-node(-gpu) are native addons a user may have installed
 * (they cannot be installed offline, so they are not dependencies): imported by a runtime-computed name only
 * when asked for. wasm ships with the package; cpu is pure JS and always works.
 */
const nativePackages: Record<string, string> = { "tensorflow-gpu": "@tensorflow/tfjs-node-gpu", tensorflow: "@tensorflow/tfjs-node" };

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();

let chosen: { backend: string; fallbacks: EngineInfo["fallbacks"]; key: string } | undefined;

function orderFor(options: ResolvedOpenOptions): string[] {
  if (options.tfjsBackend) return [options.tfjsBackend === "tensorflow" ? "tensorflow" : options.tfjsBackend];
  switch (options.device) {
    case "cuda":
      return ["tensorflow-gpu"];
    case "webgpu":
      return ["webgpu"];
    case "cpu":
      return ["tensorflow", "wasm", "cpu"];
    default:
      return ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];
  }
}

async function tryBackend(name: string): Promise<void> {
  if (name in nativePackages) {
    const pkg = nativePackages[name]!;
    await import(pkg); // registers the "tensorflow" backend
    if (!(await tf.setBackend("tensorflow"))) throw new Error(`${pkg} loaded but the tensorflow backend did not initialise`);
    return;
  }
  if (name === "wasm") await import("@tensorflow/tfjs-backend-wasm");
  if (name === "webgpu") throw new Error("the TF.js WebGPU backend (@tensorflow/tfjs-backend-webgpu) is not installed and needs a browser WebGPU");
  if (!(await tf.setBackend(name))) throw new Error(`backend '${name}' failed to initialise`);
}

/** TF.js has one global backend per process; the first model opened picks it and later ones reuse it. */
export async function selectTfjsBackend(options: ResolvedOpenOptions): Promise<{ backend: string; fallbacks: EngineInfo["fallbacks"] }> {
  const order = orderFor(options);
  const key = order.join(",");
  if (chosen && chosen.key === key) return chosen;
  const fallbacks: EngineInfo["fallbacks"] = [];
  for (const name of order) {
    try {
      await tryBackend(name);
      await tf.ready();
      chosen = { backend: name === "tensorflow-gpu" ? "tensorflow (tfjs-node-gpu)" : name === "tensorflow" ? "tensorflow (tfjs-node)" : tf.getBackend(), fallbacks, key };
      return chosen;
    } catch (error) {
      fallbacks.push({ backend: name, error: firstLine(error) });
    }
  }
  throw new Error(`no TF.js backend could be initialised (${fallbacks.map((f) => `${f.backend}: ${f.error}`).join("; ")})`);
}
