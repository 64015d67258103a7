import { fork } from "node:child_process";
import { readFileSync } from "node:fs";

/** Why a limited child ended without a reply: what the parent's limits did, or how the child died. */
export interface ChildFailure {
  kind: "timeout" | "memory" | "crash" | "stopped";
  /** One line, without the subject: e.g. "exceeded the 30 s time limit and was killed". */
  detail: string;
}

export interface LimitedChildExit<Reply> {
  /** The child's last non-progress message, if it sent one before exiting. */
  reply: Reply | undefined;
  /** Set when the child ended without a reply, or was killed by a limit or by stop(). */
  failure: ChildFailure | undefined;
  /** Highest RSS the watchdog saw (bytes); 0 where /proc is unavailable. */
  watchedPeakRssBytes: number;
}

export interface LimitedChildOptions<Message> {
  /** The built JavaScript module to fork. */
  entry: string;
  /** Wall-clock limit for the whole child (start, load, work), ms. */
  timeoutMs: number;
  /** Resident-memory limit, MiB: the JS heap is capped with --max-old-space-size and an RSS watchdog kills the child above it. */
  memoryLimitMb: number;
  /** "advanced" lets typed arrays cross as typed arrays. */
  serialization?: "json" | "advanced";
  /** Messages the caller consumes as they come (progress); anything else is kept as the reply. */
  isProgress?(message: Message): boolean;
  onProgress?(message: Message): void;
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
 * Forks `entry`, sends it `request`, and enforces a wall-clock and a memory limit (heap cap plus an RSS
 * watchdog on Linux). Whatever the child does — reply, crash, hang, exhaust memory — the returned promise
 * resolves once it has exited, saying which; the caller turns that into its own error type. This is the
 * one place where untrusted models are kept from taking the caller down with them.
 */
export function startLimitedChild<Message, Reply extends Message = Message>(
  request: unknown,
  options: LimitedChildOptions<Message>,
): { exited: Promise<LimitedChildExit<Reply>>; stop(detail: string): void } {
  const child = fork(options.entry, [], {
    execArgv: [`--max-old-space-size=${options.memoryLimitMb}`],
    serialization: options.serialization ?? "json",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  let killedFor: ChildFailure | undefined;
  const kill = (failure: ChildFailure) => {
    killedFor ??= failure;
    child.kill("SIGKILL");
  };
  let peak = 0;
  const exited = new Promise<LimitedChildExit<Reply>>((resolve) => {
    let reply: Reply | undefined;
    let settled = false;
    const timer = setTimeout(() => kill({ kind: "timeout", detail: `exceeded the ${options.timeoutMs / 1000} s time limit and was killed` }), options.timeoutMs);
    const watchdog = setInterval(() => {
      const rss = child.pid ? rssBytes(child.pid) : undefined;
      if (rss === undefined) return;
      peak = Math.max(peak, rss);
      if (rss > options.memoryLimitMb * 2 ** 20) {
        kill({ kind: "memory", detail: `used ${(rss / 2 ** 20).toFixed(0)} MiB, over the ${options.memoryLimitMb} MiB memory limit, and was killed` });
      }
    }, 50);
    const settle = (failure: ChildFailure | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      resolve({ reply: killedFor ? undefined : reply, failure: killedFor ?? failure, watchedPeakRssBytes: peak });
    };
    child.on("message", (message: Message) => {
      if (options.isProgress?.(message)) options.onProgress?.(message);
      else reply = message as Reply;
    });
    child.on("error", (error) => settle({ kind: "crash", detail: `could not be started (${error.message})` }));
    // "close", not "exit": it fires after stderr is drained, so an out-of-memory message is never missed.
    child.on("close", (code, signal) => {
      if (reply !== undefined && !killedFor) return settle(undefined);
      if (/heap out of memory|allocation failed/i.test(stderr)) {
        return settle({ kind: "memory", detail: `ran out of memory (JS heap limit ${options.memoryLimitMb} MiB) and was stopped` });
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const lastLine = stderr.trim().split("\n").filter(Boolean).pop();
      settle({ kind: "crash", detail: `crashed (${how}${lastLine ? `: ${lastLine.slice(0, 200)}` : ""})` });
    });
    child.send(request as object);
  });
  return { exited, stop: (detail) => kill({ kind: "stopped", detail }) };
}
