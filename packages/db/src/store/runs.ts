import type { DbClient } from "../client.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { toRunRecord, type JsonValue, type RunRecord, type RunStatus } from "./records.js";

export interface EnqueueRunInput {
  modelId: string;
  datasetId: string;
  submitterId?: string | null;
  tokenId?: string | null;
  /** Higher runs first; equal priorities run in submission order. */
  priority?: number;
  /** Evaluation settings the worker needs (engine, batch size, preprocessing …). */
  config?: JsonValue;
  /** Claims allowed before a run whose workers keep dying is marked failed. */
  maxAttempts?: number;
}

export async function enqueueRun(db: DbClient, input: EnqueueRunInput, now: Date): Promise<RunRecord> {
  const [model, dataset] = await Promise.all([
    db.model.findUnique({ where: { id: input.modelId }, select: { task: true } }),
    db.dataset.findUnique({ where: { id: input.datasetId }, select: { task: true, name: true } }),
  ]);
  if (!model) throw new NotFoundError(`no model with id "${input.modelId}"`);
  if (!dataset) throw new NotFoundError(`no dataset with id "${input.datasetId}"`);
  if (model.task !== dataset.task) throw new ConflictError(`a ${model.task} model cannot be evaluated on ${dataset.task} dataset "${dataset.name}"`);
  const run = await db.run.create({
    data: {
      modelId: input.modelId,
      datasetId: input.datasetId,
      submitterId: input.submitterId ?? null,
      tokenId: input.tokenId ?? null,
      priority: input.priority ?? 0,
      config: input.config === undefined || input.config === null ? undefined : (input.config as object),
      maxAttempts: input.maxAttempts ?? 3,
      createdAt: now,
    },
  });
  return toRunRecord(run);
}

export async function getRun(db: DbClient, id: string): Promise<RunRecord> {
  const run = await db.run.findUnique({ where: { id } });
  if (!run) throw new NotFoundError(`no run with id "${id}"`);
  return toRunRecord(run);
}

/**
 * Cancels a queued or running run. A running run's worker learns of it at its next heartbeat and stops;
 * its lease is dropped here so no later complete() can overwrite the cancellation.
 */
export async function cancelRun(db: DbClient, id: string, now: Date): Promise<RunRecord> {
  const { count } = await db.run.updateMany({
    where: { id, status: { in: ["queued", "running"] } },
    data: { status: "cancelled", finishedAt: now, leaseOwner: null, leaseExpiresAt: null },
  });
  const run = await getRun(db, id);
  if (count === 0) throw new ConflictError(`run ${id} is already ${run.status} and cannot be cancelled`);
  await db.runAttempt.updateMany({ where: { runId: id, finishedAt: null }, data: { finishedAt: now, outcome: "cancelled" } });
  return run;
}

export interface QueueStatus {
  status: RunStatus;
  /** 1-based place among queued runs (1 = next to be claimed); null unless queued. */
  position: number | null;
  /** Runs currently held by workers. */
  running: number;
  /** Mean wall time of the last (up to) 20 finished runs on the same dataset; null with no history. */
  meanDurationMs: number | null;
  progress: number;
}

export async function queueStatus(db: DbClient, id: string): Promise<QueueStatus> {
  const run = await getRun(db, id);
  const running = await db.run.count({ where: { status: "running" } });
  let position: number | null = null;
  if (run.status === "queued") {
    // The same order claim() uses: priority desc, then createdAt asc, then id asc.
    const ahead = await db.run.count({
      where: {
        status: "queued",
        OR: [
          { priority: { gt: run.priority } },
          { priority: run.priority, createdAt: { lt: run.createdAt } },
          { priority: run.priority, createdAt: run.createdAt, id: { lt: run.id } },
        ],
      },
    });
    position = ahead + 1;
  }
  const recent = await db.run.findMany({
    where: { datasetId: run.datasetId, status: "done", startedAt: { not: null }, finishedAt: { not: null } },
    orderBy: { finishedAt: "desc" },
    take: 20,
    select: { startedAt: true, finishedAt: true },
  });
  const meanDurationMs =
    recent.length === 0 ? null : recent.reduce((sum, r) => sum + (r.finishedAt!.getTime() - r.startedAt!.getTime()), 0) / recent.length;
  return { status: run.status, position, running, meanDurationMs, progress: run.progress };
}

export async function listRunsForModel(db: DbClient, modelId: string): Promise<RunRecord[]> {
  const runs = await db.run.findMany({ where: { modelId }, orderBy: { createdAt: "desc" } });
  return runs.map(toRunRecord);
}
