import { detectModel } from "./detect-format.js";
import { openOnnx } from "./onnx/onnx-engine.js";
import { openTfjs } from "./tfjs/tfjs-engine.js";
import { resolveOpenOptions, type Engine, type OpenOptions } from "./types.js";

/**
 * Opens an ONNX file or a TF.js model (folder or model.json) behind one Engine interface. This runs the
 * model in the calling process: for untrusted files use runInSandbox / benchmarkModel, which run it in a
 * child process with time and memory limits.
 */
export async function openModel(path: string, options: OpenOptions = {}): Promise<Engine> {
  const resolved = resolveOpenOptions(options);
  const detected = detectModel(path);
  return detected.format === "onnx" ? openOnnx(detected.entry, resolved) : openTfjs(detected.entry, resolved);
}
