import { readFile, stat } from "node:fs/promises";
import { DatasetError, describeError } from "./errors.js";

/** Reads a whole (annotation-sized) file, with a one-line error naming it when it is missing. */
export async function readRequired(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new DatasetError(path, `${what} not found`);
    throw new DatasetError(path, `cannot read ${what}: ${describeError(error)}`);
  }
}

export async function readRequiredText(path: string, what: string): Promise<string> {
  return (await readRequired(path, what)).toString("utf8");
}

export async function parseJsonFile(path: string, what: string): Promise<unknown> {
  const text = await readRequiredText(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DatasetError(path, `${what} is not valid JSON: ${describeError(error)}`);
  }
}

/** Size of a file the dataset needs; a missing one is a one-line error naming it and who refers to it. */
export async function requireFileSize(path: string, referencedBy: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DatasetError(path, `not a regular file (referenced by ${referencedBy})`);
    return info.size;
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(path, `missing file (referenced by ${referencedBy})`);
  }
}

/** Runs `fn` over items with at most `limit` in flight (stat-ing 50k files one by one is slow). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Throws on the first repeated id, naming the file that holds the ids. */
export function assertUniqueIds(ids: Iterable<string>, file: string, what = "id"): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new DatasetError(file, `duplicate ${what} "${id}"`);
    seen.add(id);
  }
}
