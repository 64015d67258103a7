import { fork } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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

function rssBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one evaluation in a child process under a wall-clock and a memory limit. A model that crashes,
 * hangs or exhausts memory kills only the child: the result rejects with a one-line EvaluationFailedError.
 */
export function evaluateInChild(request: EvaluationRequest, limits: ChildLimits, onProgress?: (done: number, total: number | null) => void): ChildEvaluation {
  const child = fork(limits.entry ?? evalChildEntry(), [], {
    execArgv: [`--max-old-space-size=${limits.memoryLimitMb}`],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  let killedFor: EvaluationFailedError | undefined;
  const kill = (error: EvaluationFailedError) => {
    killedFor ??= error;
    child.kill("SIGKILL");
  };
  let peak = 0;
  const result = new Promise<{ result: EvalResult; watchedPeakRssBytes: number }>((resolve, reject) => {
    let reply: ChildMessage | undefined;
    const timer = setTimeout(() => kill(new EvaluationFailedError(`evaluation exceeded the ${limits.timeoutMs / 1000} s time limit and was killed`, "timeout")), limits.timeoutMs);
    const watchdog = setInterval(() => {
      const rss = child.pid ? rssBytes(child.pid) : undefined;
      if (rss === undefined) return;
      peak = Math.max(peak, rss);
      if (rss > limits.memoryLimitMb * 2 ** 20) {
        kill(new EvaluationFailedError(`evaluation used ${(rss / 2 ** 20).toFixed(0)} MiB, over the ${limits.memoryLimitMb} MiB memory limit, and was killed`, "memory"));
      }
    }, 50);
    child.on("message", (message: ChildMessage) => {
      if (message.type === "progress") onProgress?.(message.done, message.total);
      else reply = message;
    });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      action();
    };
    child.on("error", (error) => settle(() => reject(new EvaluationFailedError(`could not start the evaluation process (${error.message})`, "crash"))));
    child.on("exit", (code, signal) =>
      settle(() => {
        if (killedFor) return reject(killedFor);
        if (reply?.type === "result") return resolve({ result: reply.result, watchedPeakRssBytes: peak });
        if (reply?.type === "error") return reject(new EvaluationFailedError(reply.message, "error"));
        if (/heap out of memory|allocation failed/i.test(stderr)) {
          return reject(new EvaluationFailedError(`evaluation ran out of memory (JS heap limit ${limits.memoryLimitMb} MiB)`, "memory"));
        }
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const lastLine = stderr.trim().split("\n").filter(Boolean).pop();
        reject(new EvaluationFailedError(`evaluation process crashed (${how}${lastLine ? `: ${lastLine.slice(0, 200)}` : ""})`, "crash"));
      }),
    );
    child.send(request);
  });
  return { result, stop: (reason) => kill(new EvaluationFailedError(reason, "stopped")) };
}
