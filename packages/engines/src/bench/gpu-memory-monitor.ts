import { spawn, type ChildProcess } from "node:child_process";

/**
 * Polls nvidia-smi (`-lms`, one long-lived process) for used GPU memory while a pass runs, and keeps the peak
 * over polls and GPUs. Device-wide: other processes' use counts too, so the baseline seen before the pass is reported.
 */
export class GpuMemoryMonitor {
  private process: ChildProcess | undefined;
  private buffer = "";
  private samples = 0;
  baselineMiB: number | undefined;
  peakMiB = 0;

  start(intervalMs = 100): boolean {
    try {
      this.process = spawn("nvidia-smi", ["--query-gpu=memory.used", "--format=csv,noheader,nounits", `-lms`, String(intervalMs)], {
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      return false;
    }
    this.process.on("error", () => {
      this.process = undefined;
    });
    this.process.stdout?.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString("utf8");
      // One line per GPU per poll; the peak is the busiest GPU's.
      const lines = this.buffer.split("\n");
      this.buffer = lines.pop() ?? "";
      for (const line of lines) {
        const used = Number(line.trim());
        if (!Number.isFinite(used) || line.trim() === "") continue;
        this.samples++;
        this.baselineMiB ??= used;
        this.peakMiB = Math.max(this.peakMiB, used);
      }
    });
    return true;
  }

  stop(): { peakMiB: number; baselineMiB: number; samples: number } | undefined {
    this.process?.kill();
    this.process = undefined;
    if (this.samples === 0 || this.baselineMiB === undefined) return undefined;
    return { peakMiB: this.peakMiB, baselineMiB: this.baselineMiB, samples: this.samples };
  }
}
