import type { Feeds, ModelDescription, EngineInfo, OpenOptions, Outputs } from "../types.js";
import type { LatencyPassResult, MemoryPassResult, PassOptions } from "../bench/passes.js";

/** What the parent asks a sandbox child to do; one request per child process. */
export type SandboxRequest =
  | { task: "describe"; path: string; open: OpenOptions }
  | { task: "run"; path: string; open: OpenOptions; feeds: Feeds }
  | { task: "latency"; path: string; pass: PassOptions }
  | { task: "memory"; path: string; pass: PassOptions };

export type SandboxResultFor<R extends SandboxRequest> = R["task"] extends "describe"
  ? { description: ModelDescription; info: EngineInfo }
  : R["task"] extends "run"
    ? { outputs: Outputs; info: EngineInfo }
    : R["task"] extends "latency"
      ? LatencyPassResult
      : MemoryPassResult;

export type SandboxReply = { ok: true; value: unknown } | { ok: false; name: string; message: string };
