"use client";

import { CartesianGrid, Legend, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { HistoryChartPoint, HistorySeries } from "@/lib/history-chart";

// `dodge` shifts a kind of point sideways within its year so that points of different kinds with close
// values (2013: Clarifai's 11.7% and its extra-data 11.2%) stay apart and can each be hovered.
const STYLE: Record<HistorySeries, { name: string; shape: "circle" | "diamond" | "triangle" | "square"; color: string; hollow?: boolean; line?: boolean; dodge: number }> = {
  winner: { name: "ILSVRC winner, test set (ensemble)", shape: "circle", color: "#1d4ed8", line: true, dodge: 0 },
  "extra-data": { name: "Entry with extra training data (test set)", shape: "diamond", color: "#4b5563", hollow: true, dodge: 0.22 },
  "single-model": { name: "Architecture, single model (val set)", shape: "triangle", color: "#b45309", dodge: -0.22 },
  platform: { name: "Podium run (by model year)", shape: "square", color: "#047857", dodge: 0.11 },
};
const LEGEND_ORDER = Object.values(STYLE).map((s) => s.name);
// Winners are drawn last so their line and markers sit on top.
const DRAW_ORDER: HistorySeries[] = ["single-model", "platform", "extra-data", "winner"];

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload: HistoryChartPoint }[] }) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  return (
    <div className="tooltip" data-testid="history-tooltip">
      <strong>{p.label}</strong>
      {p.year} · top-5 error {p.topFiveError}%<br />
      {p.architecture ? (
        <>
          Architecture: {p.architecture}
          <br />
        </>
      ) : null}
      {p.evaluation}
      <br />
      <span className="muted">Source: {p.source.length > 180 ? `${p.source.slice(0, 177)}…` : p.source}</span>
    </div>
  );
}

export function HistoryChart({ points, human, summary }: { points: HistoryChartPoint[]; human: { topFiveError: number; label: string } | null; summary: string }) {
  const series = DRAW_ORDER.map((key) => ({ key, data: points.filter((p) => p.series === key).map((p) => ({ ...p, x: p.year + STYLE[key].dodge })) }));
  return (
    <figure>
      <div className="chart" role="img" aria-label={summary} data-testid="history-chart">
        <ScatterChart responsive style={{ width: "100%", height: "100%" }} margin={{ top: 8, right: 16, bottom: 24, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" name="Year" domain={[2009.5, 2017.5]} ticks={[2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017]} label={{ value: "Year", position: "insideBottom", offset: -12 }} />
          <YAxis type="number" dataKey="topFiveError" name="Top-5 error" unit="%" domain={[0, 30]} width={48} />
          <Tooltip content={<PointTooltip />} cursor={{ strokeDasharray: "3 3" }} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: "0.8rem" }} itemSorter={(item) => LEGEND_ORDER.indexOf(String(item.value))} />
          {human ? (
            <ReferenceLine y={human.topFiveError} stroke="#b42318" strokeDasharray="6 4" label={{ value: `Human ${human.topFiveError}%`, position: "insideTopRight", fill: "#b42318", fontSize: 12 }} />
          ) : null}
          {series.map(({ key, data }) => {
            const style = STYLE[key];
            return (
              <Scatter
                key={key}
                name={style.name}
                data={data}
                shape={style.shape}
                fill={style.hollow ? "#ffffff" : style.color}
                stroke={style.color}
                strokeWidth={style.hollow ? 2 : 1}
                line={style.line ? { stroke: style.color, strokeWidth: 2 } : false}
                lineType="joint"
                isAnimationActive={false}
                legendType={style.shape}
                className={`series-${key}`}
              />
            );
          })}
        </ScatterChart>
      </div>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
