import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { ImageSource } from "../core/types.js";
import type { ResolvedPreprocessing } from "./config.js";
import { createPreprocessKernel, type PreprocessOutput } from "./kernel.js";

/**
 * The worker runs the kernel's own source text (see kernel.ts), so no separate worker file has to be
 * built or resolved: the same code runs from `src/` under vitest and from `dist/` in production.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const __name = (target) => target;
const sharp = require(workerData.sharpPath);
const { readFile } = require("node:fs/promises");
// Parallelism comes from the pool; one libvips thread per worker avoids oversubscribing the cores.
sharp.concurrency(1);
sharp.cache(false);
const kernel = (${createPreprocessKernel.toString()})();
parentPort.on("message", async ({ id, source, config }) => {
  try {
    const out = await kernel.run(sharp, source, config, readFile);
    parentPort.postMessage({ id, ok: true, tensor: out.tensor, transform: out.transform }, [out.tensor.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve: (value: PreprocessOutput) => void;
  reject: (error: Error) => void;
}

/** A fixed set of worker threads, each preprocessing one image at a time; `close()` ends them. */
export class PreprocessPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ source: ImageSource; config: ResolvedPreprocessing; pending: Pending }> = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private nextId = 0;
  private closed = false;
  private live = 0;

  constructor(readonly size: number = availableParallelism()) {
    const sharpPath = createRequire(import.meta.url).resolve("sharp");
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sharpPath } });
      worker.unref();
      worker.on("message", (message: { ok: boolean; tensor?: Float32Array | Uint8Array; transform?: PreprocessOutput["transform"]; message?: string }) => {
        const pending = this.inFlight.get(worker);
        this.inFlight.delete(worker);
        if (pending) {
          if (message.ok) pending.resolve({ tensor: message.tensor!, transform: message.transform! });
          else pending.reject(new Error(message.message));
        }
        this.release(worker);
      });
      worker.on("error", (error) => {
        const pending = this.inFlight.get(worker);
        this.inFlight.delete(worker);
        pending?.reject(new Error(`preprocessing worker crashed: ${error.message}`));
        this.live--;
        if (this.live === 0) for (const job of this.queue.splice(0)) job.pending.reject(new Error("all preprocessing workers crashed"));
      });
      this.workers.push(worker);
      this.live++;
      this.idle.push(worker);
    }
  }

  run(source: ImageSource, config: ResolvedPreprocessing): Promise<PreprocessOutput> {
    if (this.closed) return Promise.reject(new Error("preprocessing pool is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ source, config, pending: { resolve, reject } });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { pending } of this.queue.splice(0)) pending.reject(new Error("preprocessing pool closed"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private release(worker: Worker): void {
    // An idle worker must not keep the process alive; a busy one must (its caller awaits it).
    worker.unref();
    this.idle.push(worker);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.inFlight.set(worker, job.pending);
      worker.ref();
      // Pixel sources are copied into the worker (structured clone); file sources send only the path.
      worker.postMessage({ id: this.nextId++, source: job.source, config: job.config });
    }
  }
}
