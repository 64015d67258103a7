import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EngineInputError, ModelRejectedError, SandboxError } from "../errors.js";
import { startLimitedChild } from "./limited-child.js";
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
  const { exited } = startLimitedChild<SandboxReply>(request, { entry, timeoutMs, memoryLimitMb, serialization: "advanced" });
  return exited.then(({ reply, failure, watchedPeakRssBytes }) => {
    if (failure) {
      const kind = failure.kind === "stopped" ? "crash" : failure.kind;
      throw new SandboxError(`${what}: model process ${failure.detail}`, kind);
    }
    if (reply?.ok) return { value: reply.value as SandboxResultFor<R>, watchedPeakRssBytes };
    const make = reply ? errorTypes[reply.name] : undefined;
    throw make ? make(reply!.message, what) : new SandboxError(reply?.message ?? `${what}: model process sent no reply`, "error");
  });
}
