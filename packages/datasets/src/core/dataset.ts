import type { Dataset, Sample, Target, Task } from "./types.js";

/** A dataset whose index (ids, paths, labels: small) is in memory and whose pixels are read lazily. */
export function indexedDataset<T extends Target>(fields: {
  name: string;
  task: Task;
  classes: readonly string[];
  checksum: string;
  files: readonly string[];
  samples: readonly Sample<T>[];
}): Dataset<T> {
  const files = [...new Set(fields.files)].sort();
  const samples = fields.samples;
  return {
    name: fields.name,
    task: fields.task,
    classes: fields.classes,
    size: samples.length,
    checksum: fields.checksum,
    async *files() {
      yield* files;
    },
    async *samples() {
      yield* samples;
    },
  };
}
