import type { LeaderboardEntry, Store, Task } from "@podium/db";
import { csvLine, pyFloat } from "./csv.js";
import { type LeaderboardInput } from "./inputs.js";
import { permalinkQuery, resolveLeaderboardQuery } from "./leaderboard-query.js";

/** Preprocessing facts a worker stores in run.config.preprocessing (timm's data_config names). */
interface Preprocessing {
  imgSize?: number;
  cropPct?: number;
  interpolation?: string;
}

function preprocessing(entry: LeaderboardEntry): Preprocessing {
  const config = entry.run.config as { preprocessing?: Preprocessing } | null;
  return config?.preprocessing ?? {};
}

const int = (v: number | undefined) => (v === undefined ? "" : String(v));
const paramsM = (e: LeaderboardEntry) => pyFloat((e.run.paramCount ?? e.model.paramCount) === null ? null : (e.run.paramCount ?? e.model.paramCount)! / 1e6, 2);

/**
 * Columns per task. Classification is timm's results-imagenet.csv layout exactly (validate.py rounds
 * accuracies to 4 decimals and param_count, in millions, to 2); segmentation and detection follow the same style.
 */
const COLUMNS: Record<Task, { header: string[]; row: (e: LeaderboardEntry) => string[] }> = {
  classification: {
    header: ["model", "top1", "top1_err", "top5", "top5_err", "param_count", "img_size", "crop_pct", "interpolation"],
    row: (e) => {
      const p = preprocessing(e);
      const err = (v: number | null) => (v === null ? null : 100 - v);
      return [e.model.name, pyFloat(e.run.top1, 4), pyFloat(err(e.run.top1), 4), pyFloat(e.run.top5, 4), pyFloat(err(e.run.top5), 4), paramsM(e), int(p.imgSize), pyFloat(p.cropPct, 4), p.interpolation ?? ""];
    },
  },
  segmentation: {
    header: ["model", "mIoU", "param_count", "img_size"],
    row: (e) => [e.model.name, pyFloat(e.run.miou, 4), paramsM(e), int(preprocessing(e).imgSize)],
  },
  detection: {
    header: ["model", "AP", "AP50", "mAP", "param_count", "img_size"],
    row: (e) => [e.model.name, pyFloat(e.run.ap, 4), pyFloat(e.run.ap50, 4), pyFloat(e.run.map, 4), paramsM(e), int(preprocessing(e).imgSize)],
  },
};

/** Exports read the whole board (every page) so a file is never silently truncated. */
async function wholeBoard(store: Store, input: LeaderboardInput) {
  const { query, dataset } = await resolveLeaderboardQuery(store, { ...input, offset: 0, limit: 500 });
  const entries: LeaderboardEntry[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await store.leaderboard({ ...query, offset, limit: 500 });
    entries.push(...page.entries);
    if (entries.length >= page.total || page.entries.length === 0) break;
  }
  return { query, dataset, entries };
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
  permalink: string;
}

export async function leaderboardCsv(store: Store, input: LeaderboardInput, baseUrl: string): Promise<ExportFile> {
  const { query, dataset, entries } = await wholeBoard(store, input);
  const columns = COLUMNS[dataset.task as Task];
  const lines = [csvLine(columns.header), ...entries.map((e) => csvLine(columns.row(e)))];
  return {
    filename: `${dataset.name}-${query.sortBy}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: lines.join("\n") + "\n",
    permalink: `${baseUrl}/api/export/leaderboard.csv?${permalinkQuery(dataset.name, query)}`,
  };
}

export async function leaderboardJson(store: Store, input: LeaderboardInput, baseUrl: string): Promise<ExportFile> {
  const { query, dataset, entries } = await wholeBoard(store, input);
  const permalink = `${baseUrl}/api/export/leaderboard.json?${permalinkQuery(dataset.name, query)}`;
  const body = {
    dataset: { name: dataset.name, task: dataset.task, split: dataset.split, checksum: dataset.checksum, groundTruth: dataset.groundTruth },
    sortBy: query.sortBy,
    order: query.order,
    permalink,
    rows: entries.map((e) => ({
      rank: e.rank,
      model: e.model.name,
      architecture: e.model.architecture,
      family: e.model.family,
      runId: e.run.id,
      run: `${baseUrl}/runs/${e.run.id}`,
      metrics: e.run.metrics,
      latencyP50Ms: e.run.latencyP50Ms,
      latencyP90Ms: e.run.latencyP90Ms,
      throughput: e.run.throughput,
      peakMemoryBytes: e.run.peakMemory,
      paramCount: e.run.paramCount ?? e.model.paramCount,
      macs: e.run.macs,
      hardware: e.run.hardware,
      engine: e.run.engine,
      finishedAt: e.run.finishedAt?.toISOString() ?? null,
    })),
  };
  return { filename: `${dataset.name}-${query.sortBy}.json`, contentType: "application/json; charset=utf-8", body: JSON.stringify(body, null, 2) + "\n", permalink };
}
