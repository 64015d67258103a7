import { fork } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EngineInputError, ModelRejectedError, SandboxError } from "../errors.js";
import type { SandboxReply, SandboxRequest, SandboxResultFor } from "./protocol.js";

export interface SandboxLimits {
  /** Wall-clock limit for the whole child (start, load, work), in milliseconds. Default 120 s. */
  timeoutMs?: number;
  /** Resident-memory limit in MiB: the JS heap is capped with --max-old-space-size and an RSS watchdog kills the child above it. Default 4096. */
  memoryLimitMb?: number;
  /** Script to fork instead of the engine child (tests simulate hangs and crashes this way). */
  entry?: string;
}

export interface SandboxOutcome<T> {
  value: T;
  /** Highest RSS the watchdog saw (bytes); 0 where /proc is unavailable. */
  watchedPeakRssBytes: number;
}

/**
 * The child script. Under vitest this module is loaded from src/ (TypeScript), but a child needs the built
 * JavaScript, so fall back to the package's dist/ (npm test builds first).
 */
export function defaultChildEntry(): string {
  const here = fileURLToPath(new URL("./child.js", import.meta.url));
  if (existsSync(here)) return here;
  const built = here.replace(/([\\/])src([\\/]sandbox[\\/]child\.js)$/, "$1dist$2");
  if (existsSync(built)) return built;
  throw new Error(`sandbox child ${built} not found: build the engines package first (npx tsc -b packages/engines)`);
}

function rssBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const errorTypes: Record<string, (message: string, file: string) => Error> = {
  // The child's message already names the file; keep it verbatim.
  ModelRejectedError: (m, file) => Object.assign(new ModelRejectedError(file, ""), { message: m }),
  EngineInputError: (m) => new EngineInputError(m),
};

/**
 * Runs one request in a child process with a wall-clock and a memory limit. A crash, hang or OOM kills only
 * the child and rejects with a one-line SandboxError; errors the child reports (a rejected model, a bad
 * input) are rethrown here with their type.
 */
export function runInSandbox<R extends SandboxRequest>(request: R, limits: SandboxLimits = {}): Promise<SandboxOutcome<SandboxResultFor<R>>> {
  const timeoutMs = limits.timeoutMs ?? 120_000;
  const memoryLimitMb = limits.memoryLimitMb ?? 4096;
  const entry = limits.entry ?? defaultChildEntry();
  const what = "path" in request ? request.path : "the model";
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      execArgv: [`--max-old-space-size=${memoryLimitMb}`],
      serialization: "advanced", // typed arrays cross as typed arrays
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    let settled = false;
    let reply: SandboxReply | undefined;
    let killedFor: SandboxError | undefined;
    let peak = 0;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      action();
    };
    const kill = (error: SandboxError) => {
      killedFor ??= error;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => kill(new SandboxError(`${what}: model process exceeded the ${timeoutMs / 1000} s time limit and was killed`, "timeout")), timeoutMs);
    const watchdog = setInterval(() => {
      const rss = child.pid ? rssBytes(child.pid) : undefined;
      if (rss === undefined) return;
      peak = Math.max(peak, rss);
      if (rss > memoryLimitMb * 2 ** 20) {
        kill(new SandboxError(`${what}: model process used ${(rss / 2 ** 20).toFixed(0)} MiB, over the ${memoryLimitMb} MiB memory limit, and was killed`, "memory"));
      }
    }, 50);
    child.on("message", (message: SandboxReply) => {
      reply = message;
    });
    child.on("error", (error) => finish(() => reject(new SandboxError(`${what}: could not start the model process (${error.message})`, "crash"))));
    // "close", not "exit": it fires after stderr is drained, so an OOM message is never missed.
    child.on("close", (code, signal) =>
      finish(() => {
        if (killedFor) return reject(killedFor);
        if (reply?.ok) return resolve({ value: reply.value as SandboxResultFor<R>, watchedPeakRssBytes: peak });
        if (reply && !reply.ok) {
          const make = errorTypes[reply.name];
          return reject(make ? make(reply.message, what) : new SandboxError(reply.message, "error"));
        }
        if (/heap out of memory|allocation failed/i.test(stderr)) {
          return reject(new SandboxError(`${what}: model process ran out of memory (JS heap limit ${memoryLimitMb} MiB) and was stopped`, "memory"));
        }
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const lastLine = stderr.trim().split("\n").filter(Boolean).pop();
        reject(new SandboxError(`${what}: model process crashed (${how}${lastLine ? `: ${lastLine.slice(0, 200)}` : ""})`, "crash"));
      }),
    );
    child.send(request);
  });
}
