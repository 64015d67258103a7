import type { DbClient } from "../client.js";
import { LeaseLostError, NotFoundError, StoreError } from "../errors.js";
import { enqueueRun, type EnqueueRunInput } from "./runs.js";
import { HEADLINE_METRICS, toRunRecord, type JsonValue, type MetricsJson, type RunRecord } from "./records.js";

/** What a worker reports when an evaluation finishes. */
export interface RunResultInput {
  /** Every metric with its CI, e.g. {top1: {value: 76.13, ci95: [75.76, 76.50]}}; headline columns are copied from it. */
  metrics: MetricsJson;
  latencyP50Ms?: number | null;
  latencyP90Ms?: number | null;
  /** Samples per second. */
  throughput?: number | null;
  peakMemoryBytes?: number | null;
  paramCount?: number | null;
  macs?: number | null;
  hardware?: string | null;
  engine?: string | null;
  fingerprint?: JsonValue;
  perClass?: JsonValue;
  /** Per-sample top-1 correctness, keyed by sample id (for McNemar comparisons). */
  sampleCorrect?: Record<string, boolean>;
  evaluatorState?: JsonValue;
}

export interface HeartbeatInput {
  /** Fraction done, 0..1. */
  progress?: number;
  /** Checkpointed evaluator state, so a retry could resume (optional). */
  evaluatorState?: JsonValue;
}

export interface HeartbeatResult {
  /** True when the run was cancelled: the worker should stop and report nothing. */
  cancelled: boolean;
  leaseExpiresAt: Date | null;
}

export interface ClaimOptions {
  /** How long the claim holds without a heartbeat. */
  leaseMs?: number;
}

/**
 * The submission queue as workers see it. Implemented on the database (DatabaseJobQueue); a BullMQ or
 * pg-boss implementation can stand in as long as results still reach the store through complete().
 */
export interface JobQueue {
  enqueue(input: EnqueueRunInput): Promise<RunRecord>;
  /** The next runnable job, leased to `workerId`, or null when none. Never hands one job to two workers. */
  claim(workerId: string, options?: ClaimOptions): Promise<RunRecord | null>;
  heartbeat(runId: string, workerId: string, input?: HeartbeatInput, options?: ClaimOptions): Promise<HeartbeatResult>;
  /** Writes the whole result at once; throws LeaseLostError when the worker no longer holds the run. */
  complete(runId: string, workerId: string, result: RunResultInput): Promise<RunRecord>;
  /** Records a failure; with retry the run goes back to the queue while attempts remain. */
  fail(runId: string, workerId: string, error: string, options?: { retry?: boolean }): Promise<RunRecord>;
}

export const DEFAULT_LEASE_MS = 60_000;
const MAX_CLAIM_RACES = 20;

/**
 * Database-backed queue. Claiming is an optimistic compare-and-set: pick the oldest claimable run, then
 * update it only if its attempt counter is still what we read. Two workers racing for one run both issue the
 * conditional UPDATE; the database serialises them and the loser matches zero rows and looks again. A run
 * whose lease expired (its worker died or hung) is claimable like a queued one.
 */
export class DatabaseJobQueue implements JobQueue {
  constructor(
    private readonly db: DbClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  enqueue(input: EnqueueRunInput): Promise<RunRecord> {
    return enqueueRun(this.db, input, this.now());
  }

  async claim(workerId: string, options: ClaimOptions = {}): Promise<RunRecord | null> {
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    for (let race = 0; race < MAX_CLAIM_RACES; race++) {
      const now = this.now();
      const claimable = { OR: [{ status: "queued" }, { status: "running", leaseExpiresAt: { lt: now } }] };
      const candidate = await this.db.run.findFirst({
        where: claimable,
        orderBy: [{ priority: "desc" }, { createdAt: "asc" }, { id: "asc" }],
        select: { id: true, attempts: true, maxAttempts: true, status: true, leaseOwner: true },
      });
      if (!candidate) return null;
      const expired = candidate.status === "running";
      if (expired && candidate.attempts >= candidate.maxAttempts) {
        await this.giveUp(candidate.id, candidate.attempts, candidate.leaseOwner, now);
        continue;
      }
      const { count } = await this.db.run.updateMany({
        where: { id: candidate.id, attempts: candidate.attempts, ...claimable },
        data: {
          status: "running",
          attempts: candidate.attempts + 1,
          leaseOwner: workerId,
          leaseExpiresAt: new Date(now.getTime() + leaseMs),
          heartbeatAt: now,
          startedAt: now,
          progress: 0,
        },
      });
      if (count === 0) continue; // another worker won this one
      if (expired) {
        await this.db.runAttempt.updateMany({
          where: { runId: candidate.id, attempt: candidate.attempts, finishedAt: null },
          data: { finishedAt: now, outcome: "lease-expired" },
        });
      }
      await this.db.runAttempt.create({ data: { runId: candidate.id, attempt: candidate.attempts + 1, workerId, startedAt: now } });
      return toRunRecord((await this.db.run.findUnique({ where: { id: candidate.id } }))!);
    }
    throw new StoreError(`claim lost ${MAX_CLAIM_RACES} races in a row; too many workers for this database`);
  }

  async heartbeat(runId: string, workerId: string, input: HeartbeatInput = {}, options: ClaimOptions = {}): Promise<HeartbeatResult> {
    const now = this.now();
    const leaseExpiresAt = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
    if (input.progress !== undefined && !(input.progress >= 0 && input.progress <= 1)) {
      throw new StoreError(`progress must be between 0 and 1, got ${input.progress}`);
    }
    const { count } = await this.db.run.updateMany({
      where: { id: runId, status: "running", leaseOwner: workerId },
      data: {
        heartbeatAt: now,
        leaseExpiresAt,
        ...(input.progress === undefined ? {} : { progress: input.progress }),
        ...(input.evaluatorState === undefined ? {} : { evaluatorState: input.evaluatorState as object }),
      },
    });
    if (count === 1) return { cancelled: false, leaseExpiresAt };
    const run = await this.db.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (!run) throw new NotFoundError(`no run with id "${runId}"`);
    if (run.status === "cancelled") return { cancelled: true, leaseExpiresAt: null };
    throw new LeaseLostError(`worker ${workerId} no longer holds run ${runId} (status ${run.status}); drop it`);
  }

  async complete(runId: string, workerId: string, result: RunResultInput): Promise<RunRecord> {
    const now = this.now();
    const headline = Object.fromEntries(HEADLINE_METRICS.map((key) => [key, result.metrics[key]?.value ?? null]));
    // One transaction: the run flips to done together with all of its numbers, so no reader ever sees a
    // done run with half its results, and a failure anywhere leaves it running for a retry.
    const run = await this.db.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: { id: runId, status: "running", leaseOwner: workerId },
        data: {
          status: "done",
          progress: 1,
          finishedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
          error: null,
          metrics: result.metrics as object,
          ...headline,
          latencyP50Ms: result.latencyP50Ms ?? null,
          latencyP90Ms: result.latencyP90Ms ?? null,
          throughput: result.throughput ?? null,
          peakMemory: result.peakMemoryBytes == null ? null : BigInt(result.peakMemoryBytes),
          paramCount: result.paramCount == null ? null : BigInt(result.paramCount),
          macs: result.macs ?? null,
          hardware: result.hardware ?? null,
          engine: result.engine ?? null,
          ...(result.fingerprint === undefined ? {} : { fingerprint: result.fingerprint as object }),
          ...(result.perClass === undefined ? {} : { perClass: result.perClass as object }),
          ...(result.sampleCorrect === undefined ? {} : { sampleCorrect: result.sampleCorrect }),
          ...(result.evaluatorState === undefined ? {} : { evaluatorState: result.evaluatorState as object }),
        },
      });
      if (count === 0) throw await this.leaseLost(tx, runId, workerId);
      await tx.runAttempt.updateMany({ where: { runId, workerId, finishedAt: null }, data: { finishedAt: now, outcome: "done" } });
      return tx.run.findUniqueOrThrow({ where: { id: runId } });
    });
    return toRunRecord(run);
  }

  async fail(runId: string, workerId: string, error: string, options: { retry?: boolean } = {}): Promise<RunRecord> {
    const now = this.now();
    // Read before the transaction so that it starts with a write: on SQLite in WAL mode a transaction that
    // reads first cannot always upgrade to a writer once another process has written.
    const current = await this.db.run.findUnique({ where: { id: runId }, select: { attempts: true, maxAttempts: true } });
    if (!current) throw new NotFoundError(`no run with id "${runId}"`);
    const requeue = options.retry === true && current.attempts < current.maxAttempts;
    const run = await this.db.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: { id: runId, status: "running", leaseOwner: workerId, attempts: current.attempts },
        data: requeue
          ? { status: "queued", error, leaseOwner: null, leaseExpiresAt: null, progress: 0 }
          : { status: "failed", error, finishedAt: now, leaseOwner: null, leaseExpiresAt: null },
      });
      if (count === 0) throw await this.leaseLost(tx, runId, workerId);
      await tx.runAttempt.updateMany({ where: { runId, workerId, finishedAt: null }, data: { finishedAt: now, outcome: "failed", error } });
      return tx.run.findUniqueOrThrow({ where: { id: runId } });
    });
    return toRunRecord(run);
  }

  private async giveUp(runId: string, attempts: number, lastWorker: string | null, now: Date): Promise<void> {
    const { count } = await this.db.run.updateMany({
      where: { id: runId, attempts, status: "running", leaseExpiresAt: { lt: now } },
      data: {
        status: "failed",
        finishedAt: now,
        leaseOwner: null,
        leaseExpiresAt: null,
        error: `gave up after ${attempts} attempts: the lease of worker ${lastWorker ?? "?"} expired without a heartbeat`,
      },
    });
    if (count === 1) {
      await this.db.runAttempt.updateMany({ where: { runId, attempt: attempts, finishedAt: null }, data: { finishedAt: now, outcome: "lease-expired" } });
    }
  }

  // Reads through the transaction's client: a second connection could wait on the transaction's own lock.
  private async leaseLost(client: Pick<DbClient, "run">, runId: string, workerId: string): Promise<Error> {
    const run = await client.run.findUnique({ where: { id: runId }, select: { status: true, leaseOwner: true } });
    if (!run) return new NotFoundError(`no run with id "${runId}"`);
    return new LeaseLostError(`worker ${workerId} no longer holds run ${runId} (status ${run.status}${run.leaseOwner ? `, leased to ${run.leaseOwner}` : ""})`);
  }
}
