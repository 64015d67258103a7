import { paretoFront } from "./pareto";

export interface ScatterDatum {
  name: string;
  runId: string;
  accuracy: number;
  latencyMs: number | null;
  params: number | null;
  macs: number | null;
}

export interface Axis {
  key: "latencyMs" | "params" | "macs";
  label: string;
  log: boolean;
}

export const AXES: Axis[] = [
  { key: "latencyMs", label: "Latency p50 (ms)", log: false },
  { key: "params", label: "Parameters", log: true },
  { key: "macs", label: "MACs", log: true },
];

export function formatAxis(axis: Axis, v: number): string {
  if (axis.key === "latencyMs") return v.toFixed(v < 10 ? 2 : 1);
  if (v >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`;
  if (v >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  return `${+(v / 1e3).toPrecision(3)}k`;
}

export interface ScatterPoint {
  x: number;
  y: number;
  name: string;
  runId: string;
}

/** The points one chart plots (log axes drop non-positive costs) and its Pareto front. */
export function scatterPoints(data: ScatterDatum[], axis: Axis): { points: ScatterPoint[]; front: ScatterPoint[] } {
  const points = data
    .filter((d) => d[axis.key] !== null && (!axis.log || (d[axis.key] as number) > 0))
    .map((d) => ({ x: d[axis.key] as number, y: d.accuracy, name: d.name, runId: d.runId }));
  return { points, front: paretoFront(points) };
}

/** The chart's text alternative: what is plotted and which models form the front. */
export function scatterSummary(data: ScatterDatum[], axis: Axis, metric: string): string {
  const { points, front } = scatterPoints(data, axis);
  if (points.length === 0) return `No results on this board report ${axis.label.toLowerCase()}.`;
  return `${points.length} models plotted, ${metric} against ${axis.label.toLowerCase()}. Pareto front (no other model is both cheaper and more accurate): ${front
    .map((p) => `${p.name} (${p.y.toFixed(2)}%, ${formatAxis(axis, p.x)})`)
    .join("; ")}.`;
}
