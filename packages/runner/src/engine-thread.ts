import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Engine, EngineInfo, Feeds, ModelDescription, OpenOptions, Outputs } from "@podium/engines";

/**
 * The worker opens the model with @podium/engines (its built dist/, resolved like any dependency) and
 * runs it on request. Outputs are copied into fresh buffers and transferred, since engine-owned output
 * memory may not be detachable.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
let engine;
import(workerData.enginesUrl).then((engines) => {
  parentPort.on("message", async (message) => {
    try {
      if (message.type === "open") {
        engine = await engines.openModel(message.path, message.options);
        parentPort.postMessage({ id: message.id, ok: true, info: engine.info, description: engine.describe() });
      } else if (message.type === "run") {
        const outputs = await engine.run(message.feeds);
        const copies = {};
        const transfer = [];
        for (const [name, tensor] of Object.entries(outputs)) {
          const data = tensor.data.slice();
          copies[name] = { dtype: tensor.dtype, dims: tensor.dims, data };
          transfer.push(data.buffer);
        }
        parentPort.postMessage({ id: message.id, ok: true, outputs: copies }, transfer);
      } else if (message.type === "dispose") {
        if (engine) await engine.dispose();
        parentPort.postMessage({ id: message.id, ok: true });
      }
    } catch (error) {
      parentPort.postMessage({ id: message.id, ok: false, name: error && error.name, message: String((error && error.message) || error) });
    }
  });
  parentPort.postMessage({ ready: true });
}, (error) => parentPort.postMessage({ ready: false, message: String((error && error.message) || error) }));
`;

interface Reply {
  id?: number;
  ok?: boolean;
  ready?: boolean;
  name?: string;
  message?: string;
  info?: EngineInfo;
  description?: ModelDescription;
  outputs?: Outputs;
}

/** The worker could not load @podium/engines (not built): callers may fall back to an in-process engine. */
export class EngineThreadStartError extends Error {
  override readonly name = "EngineThreadStartError";
}

/** An error from the worker, keeping the engine's error name (ModelRejectedError, EngineInputError…) and one-line message. */
class EngineThreadError extends Error {
  constructor(name: string | undefined, message: string) {
    super(message);
    this.name = name ?? "Error";
  }
}

/**
 * An Engine whose model runs in a worker thread. onnxruntime-node and TF.js run a model synchronously
 * on the calling thread; on the main thread that stalls the preprocessing pool's dispatch and the
 * runner's decoding for the whole run. In a worker, batch k is decoded and scored while batch k + 1 runs.
 */
export async function openEngineThread(path: string, options: OpenOptions = {}): Promise<Engine> {
  let enginesUrl: string;
  try {
    const entry = createRequire(import.meta.url).resolve("@podium/engines");
    if (!existsSync(entry)) throw new Error(`${entry} does not exist`);
    enginesUrl = pathToFileURL(entry).href;
  } catch (error) {
    throw new EngineThreadStartError(`engine thread failed to start: ${(error as Error).message.split("\n")[0]}`);
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { enginesUrl } });
  const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let dead: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    worker.once("message", (reply: Reply) => (reply.ready ? resolve() : reject(new EngineThreadStartError(`engine thread failed to start: ${reply.message}`))));
  });
  worker.on("message", (reply: Reply) => {
    if (reply.id === undefined) return;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiter) return;
    if (reply.ok) waiter.resolve(reply);
    else waiter.reject(new EngineThreadError(reply.name, reply.message ?? "engine error"));
  });
  const fail = (error: Error) => {
    dead = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on("error", (error) => fail(new Error(`engine thread crashed: ${error.message.split("\n")[0]}`)));
  worker.on("exit", (code) => fail(new Error(`engine thread exited (code ${code})`)));
  const call = (message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<Reply> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  };
  try {
    await ready;
    const opened = await call({ type: "open", path, options });
    const info = opened.info!;
    const description = opened.description!;
    return {
      info,
      path,
      describe: () => description,
      async run(feeds: Feeds): Promise<Outputs> {
        // Feeds are transferred: the caller must not reuse their buffers.
        const transfer = [...new Set(Object.values(feeds).map((f) => f.data.buffer as ArrayBuffer))];
        return (await call({ type: "run", feeds }, transfer)).outputs!;
      },
      async dispose() {
        try {
          if (!dead) await call({ type: "dispose" });
        } finally {
          await worker.terminate();
        }
      },
    };
  } catch (error) {
    await worker.terminate();
    throw error;
  }
}
