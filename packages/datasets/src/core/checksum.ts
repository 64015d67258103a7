import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { portableRelative } from "./paths.js";
import { mapLimited, requireFileSize } from "./files.js";
import { DatasetError, describeError } from "./errors.js";

/**
 * A dataset checksum is sha256 over a canonical text listing, so it does not depend on where the
 * dataset lives or on directory order:
 *
 *   podium-dataset v1
 *   meta <file name> <size> <sha256 of bytes>         annotation/manifest/mapping files, always hashed
 *                                                     (by name only: they may live outside the image root)
 *   file <relative path> <size>[ <sha256>]            data files (images), sorted by path
 *
 * Data files are listed by size only by default: one stat per file (ImageNet val: 50k stats, ~1 s),
 * which catches missing, added, renamed and truncated images. `hashFiles: true` also hashes every
 * image (ImageNet val: 6.4 GB read, about a minute on a fast disk) and catches same-size edits.
 * The choice is part of the listing header, so the two kinds of checksum never compare equal.
 */
export interface ChecksumOptions {
  readonly hashFiles?: boolean;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (error) {
    throw new DatasetError(path, `cannot read for checksum: ${describeError(error)}`);
  }
  return hash.digest("hex");
}

export async function datasetChecksum(
  root: string,
  metaFiles: readonly string[],
  dataFiles: readonly string[],
  options: ChecksumOptions = {},
): Promise<string> {
  const lines = [`podium-dataset v1${options.hashFiles ? " hashed" : ""}`];
  const meta = [...new Set(metaFiles)].map((path) => ({ path, rel: basename(path) })).sort(byRel);
  for (const { path, rel } of meta) {
    const size = await requireFileSize(path, "dataset");
    lines.push(`meta ${rel} ${size} ${await sha256File(path)}`);
  }
  const data = [...new Set(dataFiles)].map((path) => ({ path, rel: portableRelative(root, path) })).sort(byRel);
  const entries = await mapLimited(data, 32, async ({ path, rel }) => {
    const size = await requireFileSize(path, "dataset");
    return options.hashFiles ? `file ${rel} ${size} ${await sha256File(path)}` : `file ${rel} ${size}`;
  });
  lines.push(...entries);
  return `sha256:${createHash("sha256").update(lines.join("\n") + "\n").digest("hex")}`;
}

function byRel(a: { rel: string }, b: { rel: string }): number {
  return a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0;
}
