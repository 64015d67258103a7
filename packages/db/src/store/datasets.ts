import type { DbClient } from "../client.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { toPublicDataset, type JsonValue, type PublicDataset, type Task } from "./records.js";
import { isUniqueViolation } from "./prisma-errors.js";

export interface CreateDatasetInput {
  name: string;
  task: Task;
  split?: string | null;
  /** sha256 of the dataset's canonical archive or manifest. */
  checksum: string;
  groundTruth: "public" | "hidden";
  classNames: string[];
  /** Ground-truth labels; for a hidden dataset they are kept for the evaluator only. */
  labels?: JsonValue;
  sampleCount: number;
}

export async function createDataset(db: DbClient, input: CreateDatasetInput): Promise<PublicDataset> {
  try {
    const dataset = await db.dataset.create({
      data: { ...input, classNames: input.classNames, labels: input.labels === undefined || input.labels === null ? undefined : (input.labels as object) },
    });
    return toPublicDataset(dataset);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`dataset "${input.name}" already exists`);
    throw error;
  }
}

/** By id or by name. */
export async function getDataset(db: DbClient, idOrName: string): Promise<PublicDataset> {
  const dataset = await db.dataset.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] } });
  if (!dataset) throw new NotFoundError(`no dataset "${idOrName}"`);
  return toPublicDataset(dataset);
}

export async function listDatasets(db: DbClient, task?: Task): Promise<PublicDataset[]> {
  const rows = await db.dataset.findMany({ where: task ? { task } : {}, orderBy: { name: "asc" } });
  return rows.map(toPublicDataset);
}

/** The labels, hidden or not: for the evaluator inside a worker only, never for a route. */
export async function labelsForEvaluator(db: DbClient, datasetId: string): Promise<JsonValue | null> {
  const dataset = await db.dataset.findUnique({ where: { id: datasetId }, select: { labels: true } });
  if (!dataset) throw new NotFoundError(`no dataset with id "${datasetId}"`);
  return (dataset.labels ?? null) as JsonValue | null;
}
