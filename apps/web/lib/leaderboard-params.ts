import type { SortKey, Task } from "@podium/db";

/** @podium/db's SORT_KEYS (kept here because the store is not bundled into pages; the type keeps them in step). */
const SORT_KEYS = ["top1", "top5", "miou", "ap", "ap50", "map", "latencyP50Ms", "latencyP90Ms", "throughput", "peakMemory", "paramCount", "macs"] as const satisfies readonly SortKey[];

export type SearchParams = Record<string, string | string[] | undefined>;

/** What a board URL asks for; every field is optional so a bare /leaderboards still works. */
export interface BoardParams {
  dataset?: string;
  sortBy?: SortKey;
  order?: "asc" | "desc";
  family?: string;
  year?: number;
  hardware?: string;
  engine?: string;
}

const first = (value: string | string[] | undefined): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v.trim() === "" ? undefined : v.trim();
};

/** Reads the board's URL query, ignoring values that cannot be right (unknown sort key, non-numeric year). */
export function parseBoardParams(search: SearchParams): BoardParams {
  const sortBy = first(search.sortBy);
  const order = first(search.order);
  const year = first(search.year);
  return {
    dataset: first(search.dataset),
    sortBy: sortBy && (SORT_KEYS as readonly string[]).includes(sortBy) ? (sortBy as SortKey) : undefined,
    order: order === "asc" || order === "desc" ? order : undefined,
    family: first(search.family),
    year: year && /^\d{4}$/.test(year) ? Number(year) : undefined,
    hardware: first(search.hardware),
    engine: first(search.engine),
  };
}

/** The URL query of a board, in a stable key order so equal boards get equal links. */
export function boardQuery(params: BoardParams): string {
  const query = new URLSearchParams();
  for (const key of ["dataset", "sortBy", "order", "family", "year", "hardware", "engine"] as const) {
    const value = params[key];
    if (value !== undefined) query.set(key, String(value));
  }
  return query.toString();
}

export interface Column {
  key: SortKey;
  label: string;
  /** The metric key in run.metrics holding the value's 95% interval. */
  interval: boolean;
}

/** The headline metric columns per task; every board also shows the cost columns. */
export const METRIC_COLUMNS: Record<Task, Column[]> = {
  classification: [
    { key: "top1", label: "Top-1 %", interval: true },
    { key: "top5", label: "Top-5 %", interval: true },
  ],
  segmentation: [{ key: "miou", label: "mIoU %", interval: true }],
  detection: [
    { key: "ap", label: "AP %", interval: true },
    { key: "ap50", label: "AP50 %", interval: true },
  ],
};

export const COST_COLUMNS: { key: SortKey; label: string }[] = [
  { key: "paramCount", label: "Params" },
  { key: "macs", label: "MACs" },
  { key: "latencyP50Ms", label: "Latency p50 (ms)" },
  { key: "latencyP90Ms", label: "Latency p90 (ms)" },
  { key: "throughput", label: "Throughput (img/s)" },
  { key: "peakMemory", label: "Peak memory" },
];
