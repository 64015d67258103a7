"use client";

import { CartesianGrid, ComposedChart, Legend, Line, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { AXES, formatAxis, scatterPoints, scatterSummary, type Axis, type ScatterDatum, type ScatterPoint } from "@/lib/scatter";

/** Ticks at 1, 2 and 5 times each power of ten inside the data's range, for the log-scaled axes. */
function logTicks(values: number[]): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo / 1.5 && t <= hi * 1.5) ticks.push(t);
    }
  }
  return ticks.length > 6 ? ticks.filter((t) => String(t).startsWith("1")) : ticks;
}

function PointTooltip({ active, payload, axis, metric }: { active?: boolean; payload?: { payload: ScatterPoint }[]; axis: Axis; metric: string }) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  return (
    <div className="tooltip" role="status">
      <strong>{p.name}</strong>
      {metric}: {p.y.toFixed(2)}%<br />
      {axis.label}: {formatAxis(axis, p.x)}
    </div>
  );
}

function OneScatter({ data, axis, metric }: { data: ScatterDatum[]; axis: Axis; metric: string }) {
  const { points, front } = scatterPoints(data, axis);
  const summary = scatterSummary(data, axis, metric);
  return (
    <figure>
      <div className="chart" role="img" aria-label={`${metric} against ${axis.label}. ${summary}`}>
        {points.length > 0 ? (
          <ComposedChart responsive style={{ width: "100%", height: "100%" }} margin={{ top: 8, right: 16, bottom: 24, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              name={axis.label}
              scale={axis.log ? "log" : "auto"}
              domain={axis.log ? [(min: number) => min / 1.5, (max: number) => max * 1.5] : [0, "auto"]}
              ticks={axis.log ? logTicks(points.map((p) => p.x)) : undefined}
              tickFormatter={(v: number) => formatAxis(axis, v)}
              label={{ value: axis.label, position: "insideBottom", offset: -12 }}
            />
            <YAxis type="number" dataKey="y" name={metric} unit="%" domain={["auto", "auto"]} width={56} />
            <Tooltip content={<PointTooltip axis={axis} metric={metric} />} />
            <Legend verticalAlign="top" height={28} />
            <Scatter name="Models" data={points} fill="#1d4ed8" isAnimationActive={false} />
            <Line name="Pareto front" data={front} dataKey="y" type="stepAfter" stroke="#b42318" strokeWidth={2} dot={false} isAnimationActive={false} legendType="line" />
          </ComposedChart>
        ) : null}
      </div>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}

/** Accuracy against latency, params and MACs, each with its Pareto front drawn and summarised in text. */
export function ScatterCharts({ data, metric }: { data: ScatterDatum[]; metric: string }) {
  return (
    <div className="chart-grid">
      {AXES.map((axis) => (
        <OneScatter key={axis.key} data={data} axis={axis} metric={metric} />
      ))}
    </div>
  );
}
