import type { JsonValue, MetricsJson, RunResultInput } from "@podium/db";
import type { EvalResult } from "@podium/runner";

/** Runner metric names → the store's headline columns (anything else keeps its name). */
const STORE_NAMES: Record<string, string> = { mIoU: "miou", AP: "ap", AP50: "ap50", mAP: "map" };

/**
 * The store's record of an evaluation. The runner reports accuracies, IoUs and APs as fractions; the
 * store (like timm's tables and the ILSVRC history) keeps percentages, so values and intervals are
 * scaled by 100. Latency is per engine call of `batchSize` samples (in the fingerprint). Classification
 * runs keep per-sample top-1 correctness (the target's rank is 0) for paired tests between runs. For a
 * hidden-ground-truth dataset nothing per-sample leaves the worker: the evaluator state and the
 * per-sample correctness are dropped; per-class totals stay.
 */
export function toRunResult(result: EvalResult, options: { hidden: boolean; watchedPeakRssBytes?: number }): RunResultInput {
  const metrics: MetricsJson = {};
  for (const [name, metric] of Object.entries(result.metrics)) {
    if (metric.value === null) continue;
    const lower = metric.interval?.lower;
    const upper = metric.interval?.upper;
    metrics[STORE_NAMES[name] ?? name] = {
      value: metric.value * 100,
      ...(lower != null && upper != null ? { ci95: [lower * 100, upper * 100] as const } : {}),
    };
  }
  const run = result.runs[0];
  const performance = run?.performance;
  const engine = run?.fingerprint.engine;
  const host = run?.fingerprint.host;
  const gpu = host?.gpus[0]?.name;
  return {
    metrics,
    latencyP50Ms: performance?.latency.p50Ms ?? null,
    latencyP90Ms: performance?.latency.p90Ms ?? null,
    throughput: performance?.throughput ?? null,
    peakMemoryBytes: Math.max(performance?.peakRssBytes ?? 0, options.watchedPeakRssBytes ?? 0) || null,
    // Counted by @podium/graph from the model file (batch 1, the manifest's input size); null when it could not be.
    paramCount: result.model.profile?.params ?? null,
    macs: result.model.profile?.macs ?? null,
    hardware: host ? (gpu && engine?.backend !== "cpu" ? gpu : host.cpu.model) : null,
    engine: engine ? `${engine.engine} ${engine.version} (${engine.backend})` : null,
    fingerprint: { ...run?.fingerprint, selection: result.selection, batchSize: performance?.latency.batchSize ?? null } as JsonValue,
    perClass: (result.details.perClass as JsonValue | undefined) ?? null,
    ...(options.hidden ? {} : { evaluatorState: result.state as JsonValue }),
    ...(options.hidden ? {} : sampleCorrectness(result)),
  };
}

function sampleCorrectness(result: EvalResult): { sampleCorrect?: Record<string, boolean> } {
  const perSample = (result.state.state as { perSample?: { ids: string[]; ranks: number[] } } | null)?.perSample;
  if (result.task !== "classification" || !perSample) return {};
  return { sampleCorrect: Object.fromEntries(perSample.ids.map((id, i) => [id, perSample.ranks[i] === 0])) };
}
