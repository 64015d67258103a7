import type { LeaderboardQuery, PublicDataset, SortKey, Store, Task } from "@podium/db";
import { defaultOrder, type LeaderboardInput } from "./inputs.js";

/** The metric a board sorts by when the caller names none. */
export const HEADLINE_BY_TASK: Record<Task, SortKey> = { classification: "top1", segmentation: "miou", detection: "ap" };

/** Resolves defaults against the dataset (which must exist) into a complete store query. */
export async function resolveLeaderboardQuery(store: Store, input: LeaderboardInput): Promise<{ query: LeaderboardQuery; dataset: PublicDataset }> {
  const dataset = await store.datasets.get(input.dataset);
  const task = dataset.task as Task;
  const sortBy = input.sortBy ?? HEADLINE_BY_TASK[task];
  return {
    dataset,
    query: {
      dataset: dataset.id,
      datasetId: dataset.id,
      // No task filter: the queue refuses a model whose task differs from its dataset's, so every run on this
      // dataset already has the dataset's task, and filtering on it would only add a join to every query.
      sortBy,
      order: input.order ?? defaultOrder(sortBy),
      family: input.family,
      year: input.year,
      hardware: input.hardware,
      engine: input.engine,
      offset: input.offset,
      limit: input.limit,
    },
  };
}

/** A stable, shareable URL query for a board: same board, same string. */
export function permalinkQuery(datasetName: string, query: LeaderboardQuery): string {
  const params = new URLSearchParams({ dataset: datasetName, sortBy: query.sortBy, order: query.order });
  for (const key of ["family", "year", "hardware", "engine"] as const) {
    if (query[key] !== undefined) params.set(key, String(query[key]));
  }
  return params.toString();
}
