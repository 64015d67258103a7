// The evaluation child process: runs one evaluation for the worker and exits. Everything a model can do
// wrong (crash, hang, exhaust memory) happens in here, where the parent's limits can kill it.
import { parseModelManifest } from "@podium/datasets";
import { evaluate, openDatasetAt } from "@podium/runner";
import type { ChildMessage, EvaluationRequest } from "./protocol.js";

// The parent died (even by SIGKILL): nobody will read the result, and its job will be claimed again.
process.on("disconnect", () => process.exit(70));

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

process.once("message", async (request: EvaluationRequest) => {
  try {
    const manifest = parseModelManifest(request.manifest, "manifest");
    const dataset = await openDatasetAt(request.datasetPath, { task: manifest.task });
    if (dataset.checksum !== request.datasetChecksum) {
      throw new Error(`dataset ${dataset.name} on this worker (${request.datasetPath}) has checksum ${dataset.checksum}, the store registered ${request.datasetChecksum}`);
    }
    let lastSent = 0;
    const result = await evaluate({
      modelPath: request.modelPath,
      manifest,
      dataset,
      limit: request.limit,
      batchSize: request.batchSize,
      workers: request.preprocessWorkers ?? 1,
      engine: { device: request.device ?? "cpu" },
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastSent < 200 && p.done !== p.total) return;
        lastSent = now;
        process.send!({ type: "progress", done: p.done, total: p.total ?? null } satisfies ChildMessage);
      },
    });
    await send({ type: "result", result });
    process.exit(0);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    await send({ type: "error", name: e.name, message: (e.message.split("\n")[0] ?? "").slice(0, 500) });
    process.exit(1);
  }
});
