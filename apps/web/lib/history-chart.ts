import type { HistoricalRecord, PlatformRunPoint } from "@podium/db";

/** The kinds of point on the ILSVRC chart; each gets its own marker shape and legend entry. */
export type HistorySeries = "winner" | "extra-data" | "single-model" | "platform";

export interface HistoryChartPoint {
  id: string;
  series: HistorySeries;
  year: number;
  /** Top-5 error, percent. */
  topFiveError: number;
  label: string;
  architecture: string | null;
  /** How the number was measured, in words (test-set ensemble, single-model val …). */
  evaluation: string;
  source: string;
  /** Link target for platform runs. */
  href: string | null;
}

export interface NotPlotted {
  id: string;
  label: string;
  year: number | null;
  topFiveError: number | null;
  reason: string;
  source: string;
}

export interface HistoryChartData {
  points: HistoryChartPoint[];
  human: { topFiveError: number; label: string; source: string; split: string | null } | null;
  notPlotted: NotPlotted[];
}

export const FIRST_YEAR = 2010;
export const LAST_YEAR = 2017;

// Errors derived as 100 - accuracy are rounded to the precision the sources print (3 decimals), so no
// binary floating-point tail like 7.888999999 reaches the page.
const errorFrom = (accuracyPct: number) => Math.round((100 - accuracyPct) * 1000) / 1000;
const inRange = (year: number | null): year is number => year !== null && year >= FIRST_YEAR && year <= LAST_YEAR;

/**
 * ILSVRC classification top-5 error by year: challenge winners trained on the supplied data only (test-set
 * ensembles), entries that used extra training data (kept apart, never joined to the winners' line), the
 * architectures' single-model validation errors, and this platform's own runs placed by model year.
 */
export function historyChartData(published: HistoricalRecord[], runs: PlatformRunPoint[]): HistoryChartData {
  const points: HistoryChartPoint[] = [];
  const notPlotted: NotPlotted[] = [];
  let human: HistoryChartData["human"] = null;
  for (const row of published) {
    if (row.kind === "human-baseline" && row.metric === "top5_error_pct" && row.value !== null) {
      human = { topFiveError: row.value, label: row.name, source: row.source, split: row.split };
      continue;
    }
    if (row.kind === "ilsvrc" && row.metric === "top5_error_pct" && row.value !== null) {
      const base = { id: row.sourceKey, year: row.year ?? 0, topFiveError: row.value, label: row.team ?? row.name, architecture: row.architecture, source: row.source, href: null };
      if (!inRange(row.year)) notPlotted.push({ ...base, year: row.year, reason: `outside ${FIRST_YEAR}–${LAST_YEAR}` });
      else if (row.externalData === true) points.push({ ...base, series: "extra-data", evaluation: "test-set entry trained with extra data" });
      else if (row.place === 1) points.push({ ...base, series: "winner", evaluation: "test-set winner (ensemble), supplied training data only" });
      else notPlotted.push({ ...base, year: row.year, reason: `place ${row.place ?? "?"}: only winners are plotted` });
      continue;
    }
    if (row.kind === "paper" && row.metric === "top5_error_pct") {
      notPlotted.push({ id: row.sourceKey, label: row.name, year: row.year, topFiveError: row.value, reason: "paper result, not a challenge entry", source: row.source });
      continue;
    }
    if (row.kind === "architecture") {
      if (row.top5 === null) continue; // no top-5 reported (LeNet-5, ZFNet): nothing to place
      const topFiveError = errorFrom(row.top5);
      if (!inRange(row.year)) {
        notPlotted.push({ id: row.sourceKey, label: row.name, year: row.year, topFiveError, reason: `outside ${FIRST_YEAR}–${LAST_YEAR}`, source: row.source });
        continue;
      }
      points.push({
        id: row.sourceKey,
        series: "single-model",
        year: row.year,
        topFiveError,
        label: row.name,
        architecture: row.architecture,
        evaluation: `single model, ${row.split ?? "val"} set (100 − top-5 ${row.top5}%)`,
        source: row.source,
        href: null,
      });
    }
  }
  for (const point of runs) {
    if (point.run.top5 === null) continue;
    const topFiveError = errorFrom(point.run.top5);
    const label = `${point.modelName} (Podium)`;
    const source = `Podium run ${point.run.id} on ${point.datasetName} (${point.run.engine ?? "engine ?"}, ${point.run.hardware ?? "hardware ?"})`;
    if (!inRange(point.modelYear)) {
      notPlotted.push({ id: point.run.id, label, year: point.modelYear, topFiveError, reason: point.modelYear === null ? "model has no year" : `model year outside ${FIRST_YEAR}–${LAST_YEAR}`, source });
      continue;
    }
    points.push({
      id: point.run.id,
      series: "platform",
      year: point.modelYear,
      topFiveError,
      label,
      architecture: point.architecture,
      evaluation: `Podium evaluation on ${point.datasetName}`,
      source,
      href: `/runs/${point.run.id}`,
    });
  }
  const order: HistorySeries[] = ["winner", "extra-data", "single-model", "platform"];
  points.sort((a, b) => order.indexOf(a.series) - order.indexOf(b.series) || a.year - b.year || a.topFiveError - b.topFiveError);
  return { points, human, notPlotted };
}
