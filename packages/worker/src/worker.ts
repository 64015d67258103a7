import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { DEFAULT_SQLITE_PATH, type RunRecord, type Store } from "@podium/db";
import type { Device } from "@podium/engines";
import { evaluateInChild, EvaluationFailedError, type ChildEvaluation, type ChildLimits } from "./child-evaluation.js";
import { DEFAULT_DATASETS_ROOT, resolveDatasetPath } from "./dataset-paths.js";
import { toRunResult } from "./run-result.js";

export interface WorkerOptions {
  /** Names this worker in leases and attempt rows; default host:pid:random. */
  workerId?: string;
  /** How long a claim holds without a heartbeat (default 60 s); a killed worker's jobs are claimable after it. */
  leaseMs?: number;
  /** Heartbeat period (default leaseMs / 4). */
  heartbeatMs?: number;
  /** Wait between looks at an empty queue (default 1 s). */
  pollMs?: number;
  /** Jobs run at once, each in its own child process (default 1). */
  concurrency?: number;
  /** Per-job child limits; default 30 min and 4096 MiB. */
  limits?: Partial<ChildLimits>;
  /** Where uploaded models are stored (default `<repo>/data/uploads`, as the upload handler writes them). */
  uploadsDir?: string;
  /** Folder of this worker's datasets (default `<repo>/datasets`). */
  datasetsRoot?: string;
  /** Explicit dataset name → path entries, checked before datasetsRoot. */
  datasetPaths?: Record<string, string>;
  batchSize?: number;
  device?: Device;
  preprocessWorkers?: number;
  /** After stop(), how long running jobs may finish before they are killed and released (default 10 s). */
  drainMs?: number;
  log?: (line: string) => void;
}

export type JobStatus = "done" | "failed" | "cancelled" | "lost" | "released";
export interface JobOutcome {
  runId: string;
  status: JobStatus;
  error?: string;
}

export const DEFAULT_WORKER_UPLOADS_DIR = join(dirname(DEFAULT_SQLITE_PATH), "uploads");

/** Same layout as @podium/api's storeModelFiles: `<uploads>/<sha256>/model.onnx` or `/model.json`. */
export function modelFilePath(uploadsDir: string, sha256: string, format: string): string {
  return join(uploadsDir, sha256, format === "onnx" ? "model.onnx" : "model.json");
}

const sleep = (ms: number, wake: { cancel?: () => void }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake.cancel = () => {
      clearTimeout(timer);
      resolve();
    };
  });

/**
 * Claims queued runs and scores each in a child process with a wall-clock and memory limit, heartbeating
 * progress to the store. A run ends in one complete() transaction (done, with all its numbers) or one
 * fail() (with the reason); a worker that dies leaves its run to be claimed again when the lease expires.
 */
export class Worker {
  readonly id: string;
  private readonly options: Required<Omit<WorkerOptions, "workerId" | "limits" | "datasetPaths" | "batchSize" | "device" | "preprocessWorkers" | "log">> &
    Pick<WorkerOptions, "batchSize" | "device" | "preprocessWorkers">;
  private readonly limits: ChildLimits;
  private readonly datasetPaths: Record<string, string>;
  private readonly log: (line: string) => void;
  private stopping = false;
  private readonly wake: { cancel?: () => void } = {};
  private readonly running = new Map<string, ChildEvaluation>();
  private readonly progressSinks = new Map<string, (done: number, total: number | null) => void>();

  constructor(
    private readonly store: Store,
    options: WorkerOptions = {},
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    const leaseMs = options.leaseMs ?? 60_000;
    this.options = {
      leaseMs,
      heartbeatMs: options.heartbeatMs ?? Math.max(50, Math.floor(leaseMs / 4)),
      pollMs: options.pollMs ?? 1000,
      concurrency: options.concurrency ?? 1,
      uploadsDir: options.uploadsDir ?? DEFAULT_WORKER_UPLOADS_DIR,
      datasetsRoot: options.datasetsRoot ?? DEFAULT_DATASETS_ROOT,
      drainMs: options.drainMs ?? 10_000,
      batchSize: options.batchSize,
      device: options.device,
      preprocessWorkers: options.preprocessWorkers,
    };
    this.limits = { timeoutMs: 30 * 60_000, memoryLimitMb: 4096, ...options.limits };
    this.datasetPaths = options.datasetPaths ?? {};
    this.log = options.log ?? (() => {});
  }

  /**
   * Runs jobs until stop() (or, with `once`, until no job is claimable and none is running), at most
   * `concurrency` at a time. Returns what happened to each job.
   */
  async run({ once = false }: { once?: boolean } = {}): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    const active = new Set<Promise<void>>();
    while (!this.stopping) {
      if (active.size < this.options.concurrency) {
        let job: RunRecord | null;
        try {
          job = await this.store.queue.claim(this.id, { leaseMs: this.options.leaseMs });
        } catch (error) {
          // The database may be briefly unreachable: keep the worker alive and look again.
          this.log(`claim failed: ${(error as Error).message.split("\n")[0]}`);
          await sleep(this.options.pollMs, this.wake);
          continue;
        }
        if (job) {
          const runId = job.id;
          const processing = this.process(job).catch((error: Error): JobOutcome => {
            // Only the store can fail here (the evaluation's own failures are outcomes): the lease
            // will expire and the run be claimed again.
            this.log(`run ${runId} left to its lease: ${error.message.split("\n")[0]}`);
            return { runId, status: "lost", error: error.message };
          });
          const task = processing.then((outcome) => {
            outcomes.push(outcome);
            active.delete(task);
            this.wake.cancel?.();
          });
          active.add(task);
          continue;
        }
        if (once && active.size === 0) break;
      }
      await sleep(this.options.pollMs, this.wake);
    }
    await Promise.all(active);
    return outcomes;
  }

  /** Claims and runs one job; null when none is claimable. */
  async runOne(): Promise<JobOutcome | null> {
    const job = await this.store.queue.claim(this.id, { leaseMs: this.options.leaseMs });
    return job ? this.process(job) : null;
  }

  /**
   * Graceful stop (SIGTERM): claim nothing more; running jobs get `drainMs` to finish, then their
   * children are killed and their runs released back to the queue.
   */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.wake.cancel?.();
    if (this.running.size === 0) return;
    const timer = setTimeout(() => {
      for (const child of this.running.values()) child.stop("worker shutting down");
    }, this.options.drainMs);
    timer.unref();
  }

  private async process(run: RunRecord): Promise<JobOutcome> {
    this.log(`claimed run ${run.id} (attempt ${run.attempts})`);
    let prepared: { child: ChildEvaluation; hidden: boolean };
    try {
      prepared = await this.start(run);
    } catch (error) {
      return this.failRun(run, (error as Error).message.split("\n")[0]);
    }
    const { child, hidden } = prepared;
    this.running.set(run.id, child);
    let progress = 0;
    let ended: JobStatus | undefined;
    let beating = true;
    let heartbeat: NodeJS.Timeout | undefined;
    const stopBeating = () => {
      beating = false;
      clearTimeout(heartbeat);
    };
    const beat = async () => {
      if (!beating) return;
      try {
        const result = await this.store.queue.heartbeat(run.id, this.id, { progress }, { leaseMs: this.options.leaseMs });
        if (result.cancelled) {
          ended = "cancelled";
          child.stop("run was cancelled");
        }
      } catch (error) {
        if ((error as Error).name === "LeaseLostError" || (error as Error).name === "NotFoundError") {
          ended = "lost";
          child.stop("lease lost");
        } else {
          this.log(`heartbeat for run ${run.id} failed: ${(error as Error).message.split("\n")[0]}`);
        }
      }
      if (beating && !ended) heartbeat = setTimeout(beat, this.options.heartbeatMs);
    };
    heartbeat = setTimeout(beat, this.options.heartbeatMs);
    this.progressSinks.set(run.id, (done, total) => {
      if (total) progress = Math.min(1, done / total);
    });
    let evaluation: Awaited<ChildEvaluation["result"]>;
    try {
      evaluation = await child.result;
    } catch (error) {
      stopBeating();
      if (error instanceof EvaluationFailedError && error.kind === "stopped") {
        if (ended === "cancelled" || ended === "lost") return { runId: run.id, status: ended };
        // Shutting down: hand the run back to the queue for another worker.
        await this.store.queue.fail(run.id, this.id, `worker ${this.id} stopped before finishing`, { retry: true }).catch(() => {});
        return { runId: run.id, status: "released" };
      }
      return this.failRun(run, (error as Error).message.split("\n")[0]);
    } finally {
      stopBeating();
      this.running.delete(run.id);
      this.progressSinks.delete(run.id);
    }
    try {
      await this.store.queue.complete(run.id, this.id, toRunResult(evaluation.result, { hidden, watchedPeakRssBytes: evaluation.watchedPeakRssBytes }));
    } catch (error) {
      // Cancelled or re-claimed meanwhile: this result must not overwrite the run.
      if ((error as Error).name === "LeaseLostError") return { runId: run.id, status: "lost", error: (error as Error).message };
      throw error;
    }
    this.log(`run ${run.id} done`);
    return { runId: run.id, status: "done" };
  }

  private async start(run: RunRecord): Promise<{ child: ChildEvaluation; hidden: boolean }> {
    const model = await this.store.models.get(run.modelId);
    const dataset = await this.store.datasets.get(run.datasetId);
    const modelPath = modelFilePath(this.options.uploadsDir, model.fileSha256, model.format);
    if (!existsSync(modelPath)) throw new Error(`model file ${modelPath} is missing on worker ${this.id}`);
    const datasetPath = resolveDatasetPath(dataset.name, this.options.datasetsRoot, this.datasetPaths);
    if (!datasetPath) throw new Error(`dataset "${dataset.name}" is not available on worker ${this.id} (looked under ${this.options.datasetsRoot})`);
    const config = (run.config ?? {}) as { limit?: unknown };
    const child = evaluateInChild(
      {
        modelPath,
        manifest: model.manifest,
        datasetPath,
        datasetChecksum: dataset.checksum,
        limit: typeof config.limit === "number" ? config.limit : undefined,
        batchSize: this.options.batchSize,
        device: this.options.device,
        preprocessWorkers: this.options.preprocessWorkers,
      },
      this.limits,
      (done, total) => this.progressSinks.get(run.id)?.(done, total),
    );
    return { child, hidden: dataset.groundTruth === "hidden" };
  }

  /** Fails the run for good and gives its submission back to the token's quota (failed runs are free). */
  private async failRun(run: RunRecord, reason: string): Promise<JobOutcome> {
    try {
      const failed = await this.store.queue.fail(run.id, this.id, reason);
      if (failed.status === "failed" && failed.tokenId) await refundQuota(this.store, failed.tokenId, failed.createdAt);
    } catch (error) {
      if ((error as Error).name === "LeaseLostError") return { runId: run.id, status: "lost", error: reason };
      throw error;
    }
    this.log(`run ${run.id} failed: ${reason}`);
    return { runId: run.id, status: "failed", error: reason };
  }
}

/**
 * One submission back to the token's count for the UTC day the run was submitted on. Matches
 * @podium/api's refundQuota (the upload handler counts the submission on that day).
 */
export async function refundQuota(store: Store, tokenId: string, submittedAt: Date): Promise<void> {
  const day = submittedAt.toISOString().slice(0, 10);
  await store.client.quotaUsage.updateMany({ where: { tokenId, day, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
}
