import { RunnerError } from "./errors.js";

/**
 * A deterministic slice of a dataset: shard i of n holds the samples whose position in the dataset's
 * canonical order (after `--limit`) is ≡ i (mod n). Round-robin rather than contiguous ranges so every
 * shard sees the same mix of classes and image sizes, and so a shard needs no dataset size up front.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** Parses "i/n" (0-based i, 0 ≤ i < n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new RunnerError(`--shard must look like i/n (e.g. 0/4), got '${text}'`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index >= count) throw new RunnerError(`--shard ${text}: need 0 ≤ i < n`);
  return { index, count };
}

export function inShard(position: number, shard: Shard): boolean {
  return position % shard.count === shard.index;
}
