import { detectModel } from "./detect-format.js";
import { resolveOpenOptions, type Engine, type OpenOptions } from "./types.js";

/**
 * Opens an ONNX file or a TF.js model (folder or model.json) behind one Engine interface. This runs the
 * model in the calling process: for untrusted files use runInSandbox / benchmarkModel, which run it in a
 * child process with time and memory limits.
 */
export async function openModel(path: string, options: OpenOptions = {}): Promise<Engine> {
  const resolved = resolveOpenOptions(options);
  const detected = detectModel(path);
  // Each runtime is loaded only when a model needs it: onnxruntime's native library and TF.js are heavy, and
  // importing this package (e.g. by the CLI for every command) should not pay for them.
  if (detected.format === "onnx") return (await import("./onnx/onnx-engine.js")).openOnnx(detected.entry, resolved);
  return (await import("./tfjs/tfjs-engine.js")).openTfjs(detected.entry, resolved);
}
