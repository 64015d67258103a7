/** What a running evaluation reports after each batch (the worker forwards this to the database). */
export interface Progress {
  /** Samples handled so far (scored + skipped) in this run's selection. */
  readonly done: number;
  /** Samples this run will handle, when known (dataset size after --limit and --shard). */
  readonly total: number | undefined;
  readonly skipped: number;
  /** Images per second since warm-up ended (undefined during warm-up). */
  readonly imagesPerSecond: number | undefined;
  /** Seconds left at the current rate, when the total is known. */
  readonly etaSeconds: number | undefined;
}

/** A one-line progress bar redrawn in place on a TTY (stderr); silent anywhere else. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update: (p: Progress) => void; end: () => void } {
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      const width = 30;
      const fraction = p.total ? Math.min(1, p.done / p.total) : 0;
      const bar = p.total ? `[${"#".repeat(Math.round(fraction * width)).padEnd(width, ".")}] ` : "";
      const rate = p.imagesPerSecond === undefined ? "warming up" : `${p.imagesPerSecond.toFixed(1)} img/s`;
      const eta = p.etaSeconds === undefined ? "" : `  ETA ${formatSeconds(p.etaSeconds)}`;
      const skipped = p.skipped ? `  ${p.skipped} skipped` : "";
      stream.write(`\r${bar}${p.done}${p.total ? `/${p.total}` : ""}  ${rate}${eta}${skipped}\x1b[K`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write("\n");
    },
  };
}

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
