import { existsSync } from "node:fs";
import { startLimitedChild } from "@podium/engines";
import { fileURLToPath } from "node:url";
import type { EvalResult } from "@podium/runner";
import type { ChildMessage, EvaluationRequest } from "./protocol.js";

export interface ChildLimits {
  /** Wall-clock limit for the whole evaluation (start, load, score), ms. */
  timeoutMs: number;
  /** Resident-memory limit, MiB: caps the JS heap and an RSS watchdog kills the child above it. */
  memoryLimitMb: number;
  /** Script to fork instead of the evaluation child (tests stand in crashing children this way). */
  entry?: string;
}

export type FailureKind = "timeout" | "memory" | "crash" | "error" | "stopped";

/** An evaluation that produced no result; the message is one line, fit for the run's error column. */
export class EvaluationFailedError extends Error {
  override readonly name = "EvaluationFailedError";
  constructor(
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

export interface ChildEvaluation {
  readonly result: Promise<{ result: EvalResult; watchedPeakRssBytes: number }>;
  /** Kills the child; the result rejects with kind "stopped" and `reason`. */
  stop(reason: string): void;
}

/** dist/eval-child.js: under vitest this module runs from src/, but the child must be built JavaScript. */
export function evalChildEntry(): string {
  const here = fileURLToPath(new URL("./eval-child.js", import.meta.url));
  if (existsSync(here)) return here;
  const built = here.replace(/([\\/])src([\\/]eval-child\.js)$/, "$1dist$2");
  if (existsSync(built)) return built;
  throw new Error(`evaluation child ${built} not found: build the worker package first (npx tsc -b packages/worker)`);
}

/**
 * Runs one evaluation in a child process under a wall-clock and a memory limit. A model that crashes,
 * hangs or exhausts memory kills only the child: the result rejects with a one-line EvaluationFailedError.
 */
export function evaluateInChild(request: EvaluationRequest, limits: ChildLimits, onProgress?: (done: number, total: number | null) => void): ChildEvaluation {
  const { exited, stop } = startLimitedChild<ChildMessage, Exclude<ChildMessage, { type: "progress" }>>(request, {
    entry: limits.entry ?? evalChildEntry(),
    timeoutMs: limits.timeoutMs,
    memoryLimitMb: limits.memoryLimitMb,
    isProgress: (message) => message.type === "progress",
    onProgress: (message) => {
      if (message.type === "progress") onProgress?.(message.done, message.total);
    },
  });
  const result = exited.then(({ reply, failure, watchedPeakRssBytes }) => {
    if (failure) {
      // "the evaluation exceeded its limit", but "the evaluation process crashed": limits apply to the work, crashes to the process.
      const subject = failure.kind === "crash" ? "evaluation process " : failure.kind === "stopped" ? "" : "evaluation ";
      throw new EvaluationFailedError(`${subject}${failure.detail}`, failure.kind);
    }
    if (reply?.type === "result") return { result: reply.result, watchedPeakRssBytes };
    throw new EvaluationFailedError(reply?.message ?? "evaluation process sent no result", "error");
  });
  return { result, stop };
}
