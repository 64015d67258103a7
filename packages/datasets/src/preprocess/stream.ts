import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { DatasetError, oneLine } from "../core/errors.js";
import type { ImageSource, Sample } from "../core/types.js";
import { resolvePreprocessing, type PreprocessingConfig, type ResolvedPreprocessing } from "./config.js";
import { createPreprocessKernel, type ImageTransform, type PreprocessOutput } from "./kernel.js";
import { PreprocessPool } from "./worker-pool.js";

export type PreprocessedRecord<S extends Sample = Sample> =
  | { readonly kind: "tensor"; readonly sample: S; readonly tensor: Float32Array | Uint8Array; readonly transform: ImageTransform }
  /** A bad image under `onBadImage: "skip"`: never silent, the caller counts and reports these. */
  | { readonly kind: "skipped"; readonly sample: S; readonly reason: string };

export interface PreprocessStreamOptions {
  /** Images in flight (decoding or queued); also the bound on buffered results. Default: 2 × pool size. */
  readonly concurrency?: number;
  /** "fail" (default) throws a one-line DatasetError naming the file; "skip" yields a `skipped` record. */
  readonly onBadImage?: "skip" | "fail";
  /** sharp's failOn level; "truncated" (default) makes truncated JPEG/PNG fail instead of decoding grey. */
  readonly failOn?: ResolvedPreprocessing["failOn"];
  /** Worker threads: a pool to share, a thread count, or 0 to run on this thread. Default: one per core. */
  readonly workers?: PreprocessPool | number;
}

const mainThreadKernel = createPreprocessKernel();

/** Preprocesses one image on the calling thread (sharp still decodes on libuv's pool). */
export function preprocessImage(source: ImageSource, config: PreprocessingConfig | ResolvedPreprocessing): Promise<PreprocessOutput> {
  return mainThreadKernel.run(sharp, source, "cropMode" in config ? config : resolvePreprocessing(config), readFile);
}

/**
 * Decodes and preprocesses samples in worker threads while the consumer runs inference, yielding
 * records in input order. At most `concurrency` images are in flight or waiting to be consumed, so
 * memory stays bounded however long the input is.
 */
export async function* preprocessStream<S extends Sample>(
  samples: AsyncIterable<S> | Iterable<S>,
  config: PreprocessingConfig | ResolvedPreprocessing,
  options: PreprocessStreamOptions = {},
): AsyncGenerator<PreprocessedRecord<S>> {
  const resolved = "cropMode" in config ? config : resolvePreprocessing(config, options.failOn);
  const ownPool = typeof options.workers !== "object" && options.workers !== 0;
  const pool = typeof options.workers === "object" ? options.workers : ownPool ? new PreprocessPool(options.workers) : undefined;
  const concurrency = Math.max(1, options.concurrency ?? 2 * (pool?.size ?? 2));
  const onBadImage = options.onBadImage ?? "fail";
  const run = (source: ImageSource) => (pool ? pool.run(source, resolved) : mainThreadKernel.run(sharp, source, resolved, readFile));

  const window: Array<Promise<PreprocessedRecord<S>>> = [];
  const start = (sample: S) => {
    const job = run(sample.image).then(
      (out): PreprocessedRecord<S> => ({ kind: "tensor", sample, tensor: out.tensor, transform: out.transform }),
      (error: unknown): PreprocessedRecord<S> => ({ kind: "skipped", sample, reason: oneLine(String((error as Error)?.message ?? error)) }),
    );
    window.push(job);
  };
  const iterator = (Symbol.asyncIterator in samples ? samples[Symbol.asyncIterator]() : (samples as Iterable<S>)[Symbol.iterator]()) as
    | AsyncIterator<S>
    | Iterator<S>;
  let exhausted = false;
  try {
    while (true) {
      while (!exhausted && window.length < concurrency) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else start(next.value);
      }
      const head = window.shift();
      if (!head) break;
      const record = await head;
      if (record.kind === "skipped" && onBadImage === "fail") {
        throw new DatasetError(sourceName(record.sample.image), stripName(record.reason, sourceName(record.sample.image)));
      }
      yield record;
    }
  } finally {
    // Let in-flight jobs settle (their results are dropped) before closing a pool we own.
    await Promise.allSettled(window);
    if (!exhausted) await iterator.return?.();
    if (ownPool) await pool?.close();
  }
}

function sourceName(source: ImageSource): string {
  return source.kind === "file" ? source.path : source.name;
}

function stripName(reason: string, name: string): string {
  return reason.startsWith(`${name}: `) ? reason.slice(name.length + 2) : reason;
}
