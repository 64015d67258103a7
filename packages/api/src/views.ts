import type { LeaderboardRun, ModelRecord, PublicDataset, RunRecord } from "@podium/db";

/**
 * A run as routes show it. Per-sample correctness and evaluator state stay inside: on a hidden-ground-truth
 * dataset either would let a submitter read labels back (correct/incorrect per image, per-item records).
 */
export type RunView = Omit<RunRecord, "sampleCorrect" | "evaluatorState" | "tokenId" | "leaseOwner"> & {
  hasSampleCorrectness: boolean;
  permalink: string;
};

export function runView(run: RunRecord, baseUrl: string): RunView {
  const { sampleCorrect, evaluatorState: _state, tokenId: _token, leaseOwner: _lease, ...rest } = run;
  return { ...rest, hasSampleCorrectness: sampleCorrect !== null, permalink: `${baseUrl}/runs/${run.id}` };
}

/** The same view of a board row, which the store reads without the per-sample results. */
export function leaderboardRunView(run: LeaderboardRun, baseUrl: string): RunView {
  const { tokenId: _token, leaseOwner: _lease, ...rest } = run;
  return { ...rest, permalink: `${baseUrl}/runs/${run.id}` };
}

export type ModelView = ModelRecord & { permalink: string };

export function modelView(model: ModelRecord, baseUrl: string): ModelView {
  return { ...model, permalink: `${baseUrl}/models/${model.id}` };
}

/** Datasets are already stripped of hidden labels by the store; only the permalink is added. */
export function datasetView(dataset: PublicDataset, baseUrl: string): PublicDataset & { permalink: string } {
  return { ...dataset, permalink: `${baseUrl}/datasets/${encodeURIComponent(dataset.name)}` };
}
