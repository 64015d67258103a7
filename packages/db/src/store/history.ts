import type { DbClient } from "../client.js";
import type { HistoricalResult } from "../generated/sqlite/client.js";
import { toRunRecord, type RunRecord } from "./records.js";

export type HistoricalRecord = HistoricalResult;

export interface HistoryQuery {
  task?: string;
  kinds?: string[];
}

export async function listHistorical(db: DbClient, query: HistoryQuery = {}): Promise<HistoricalRecord[]> {
  return db.historicalResult.findMany({
    where: { ...(query.task ? { task: query.task } : {}), ...(query.kinds ? { kind: { in: query.kinds } } : {}) },
    orderBy: [{ year: "asc" }, { sourceKey: "asc" }],
  });
}

export interface PlatformRunPoint {
  run: RunRecord;
  modelName: string;
  modelYear: number | null;
  architecture: string | null;
  datasetName: string;
}

/** Done runs on the platform for one task, with what a history chart needs to place them. */
export async function platformRunsForHistory(db: DbClient, task: string): Promise<PlatformRunPoint[]> {
  const runs = await db.run.findMany({
    where: { status: "done", dataset: { task } },
    include: { model: { select: { name: true, year: true, architecture: true } }, dataset: { select: { name: true } } },
    orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
  });
  return runs.map(({ model, dataset, ...run }) => ({
    run: toRunRecord(run),
    modelName: model.name,
    modelYear: model.year,
    architecture: model.architecture,
    datasetName: dataset.name,
  }));
}
