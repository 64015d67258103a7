"use client";

import { useState, type ReactElement } from "react";
import type { HistoryChartPoint, HistorySeries } from "@/lib/history-chart";

// A hand-drawn SVG rather than recharts: this chart sits above the fold, and recharts' ~115 kB (gzip) of
// script kept the page's Lighthouse performance under 90 on a phone profile. The markup is rendered on the
// server; the client only adds the hover/focus tooltip.

type Shape = "circle" | "diamond" | "triangle" | "square";

// `dodge` shifts a kind of point sideways within its year so that points of different kinds with close
// values (2013: Clarifai's 11.7% and its extra-data 11.2%) stay apart and can each be hovered.
const STYLE: Record<HistorySeries, { name: string; shape: Shape; color: string; hollow?: boolean; dodge: number }> = {
  winner: { name: "ILSVRC winner, test set (ensemble)", shape: "circle", color: "#1d4ed8", dodge: 0 },
  "extra-data": { name: "Entry with extra training data (test set)", shape: "diamond", color: "#4b5563", hollow: true, dodge: 0.22 },
  "single-model": { name: "Architecture, single model (val set)", shape: "triangle", color: "#b45309", dodge: -0.22 },
  platform: { name: "Podium run (by model year)", shape: "square", color: "#047857", dodge: 0.11 },
};
const LEGEND: HistorySeries[] = ["winner", "extra-data", "single-model", "platform"];
// Winners are drawn last so their line and markers sit on top.
const DRAW_ORDER: HistorySeries[] = ["single-model", "platform", "extra-data", "winner"];

const W = 800;
const H = 440;
const M = { left: 60, right: 12, top: 12, bottom: 40 };
const X0 = 2009.5;
const X1 = 2017.5;
const Y1 = 30;
const YEARS = [2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017];
const Y_TICKS = [0, 5, 10, 15, 20, 25, 30];

const sx = (year: number) => M.left + ((year - X0) / (X1 - X0)) * (W - M.left - M.right);
const sy = (error: number) => M.top + (1 - Math.min(error, Y1) / Y1) * (H - M.top - M.bottom);

function Marker({ shape, x, y, color, hollow, size = 7 }: { shape: Shape; x: number; y: number; color: string; hollow?: boolean; size?: number }): ReactElement {
  const fill = hollow ? "#ffffff" : color;
  const common = { fill, stroke: color, strokeWidth: hollow ? 2 : 1 };
  if (shape === "circle") return <circle cx={x} cy={y} r={size} {...common} />;
  if (shape === "square") return <rect x={x - size * 0.85} y={y - size * 0.85} width={size * 1.7} height={size * 1.7} {...common} />;
  if (shape === "triangle") return <path d={`M${x},${y - size * 1.1}L${x + size},${y + size * 0.75}L${x - size},${y + size * 0.75}Z`} {...common} />;
  return <path d={`M${x},${y - size * 1.25}L${x + size * 0.8},${y}L${x},${y + size * 1.25}L${x - size * 0.8},${y}Z`} {...common} />;
}

function LegendIcon({ series }: { series: HistorySeries }) {
  const s = STYLE[series];
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" data-shape={s.shape}>
      {series === "winner" ? <line x1="0" y1="8" x2="16" y2="8" stroke={s.color} strokeWidth="2" /> : null}
      <Marker shape={s.shape} x={8} y={8} color={s.color} hollow={s.hollow} size={5} />
    </svg>
  );
}

export function HistoryChart({ points, human, summary }: { points: HistoryChartPoint[]; human: { topFiveError: number; label: string } | null; summary: string }) {
  const [active, setActive] = useState<HistoryChartPoint | null>(null);
  const placed = points.map((p) => ({ p, x: sx(p.year + STYLE[p.series].dodge), y: sy(p.topFiveError) }));
  const winners = placed.filter((d) => d.p.series === "winner").sort((a, b) => a.p.year - b.p.year);
  const activePlace = active ? placed.find((d) => d.p.id === active.id) : undefined;
  return (
    <figure>
      <ul className="history-legend">
        {LEGEND.map((series) => (
          <li key={series} data-series={series}>
            <LegendIcon series={series} /> {STYLE[series].name}
          </li>
        ))}
        {human ? (
          <li data-series="human">
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <line x1="0" y1="8" x2="16" y2="8" stroke="#b42318" strokeWidth="2" strokeDasharray="4 3" />
            </svg>{" "}
            Human annotator
          </li>
        ) : null}
      </ul>
      {/* On a phone the chart keeps a readable minimum width and scrolls sideways inside its own box. */}
      <div className="history-chart-scroll">
      <div className="history-chart" data-testid="history-chart" onMouseLeave={() => setActive(null)}>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
          <g className="grid">
            {Y_TICKS.map((t) => (
              <g key={t}>
                <line x1={M.left} x2={W - M.right} y1={sy(t)} y2={sy(t)} stroke="#d7dbe2" strokeDasharray="3 3" />
                <text x={M.left - 6} y={sy(t) + 4} textAnchor="end" fontSize="14" fill="#4b5563">
                  {t}%
                </text>
              </g>
            ))}
            {YEARS.map((year) => (
              <g key={year}>
                <line x1={sx(year)} x2={sx(year)} y1={M.top} y2={H - M.bottom} stroke="#eef0f3" />
                <text x={sx(year)} y={H - M.bottom + 18} textAnchor="middle" fontSize="14" fill="#4b5563">
                  {year}
                </text>
              </g>
            ))}
            <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" fontSize="14" fill="#4b5563">
              Year
            </text>
            <text x={14} y={(M.top + H - M.bottom) / 2} textAnchor="middle" fontSize="14" fill="#4b5563" transform={`rotate(-90 14 ${(M.top + H - M.bottom) / 2})`}>
              Top-5 error (%)
            </text>
          </g>
          {human ? (
            <g data-testid="human-line">
              <line x1={M.left} x2={W - M.right} y1={sy(human.topFiveError)} y2={sy(human.topFiveError)} stroke="#b42318" strokeWidth="1.5" strokeDasharray="6 4" />
              <text x={M.left + 6} y={sy(human.topFiveError) + 16} fontSize="14" fill="#b42318">
                Human {human.topFiveError}%
              </text>
            </g>
          ) : null}
          <polyline className="winner-line" points={winners.map((d) => `${d.x},${d.y}`).join(" ")} fill="none" stroke={STYLE.winner.color} strokeWidth="2" />
          {DRAW_ORDER.map((series) => (
            <g key={series} className={`series-${series}`}>
              {placed
                .filter((d) => d.p.series === series)
                .map((d) => (
                  <g
                    key={d.p.id}
                    className="history-point"
                    data-id={d.p.id}
                    onMouseEnter={() => setActive(d.p)}
                    onClick={() => setActive(d.p)}
                  >
                    {/* A larger transparent target makes the small markers easy to hover and tap. */}
                    <circle cx={d.x} cy={d.y} r={10} fill="transparent" />
                    <Marker shape={STYLE[series].shape} x={d.x} y={d.y} color={STYLE[series].color} hollow={STYLE[series].hollow} />
                  </g>
                ))}
            </g>
          ))}
        </svg>
        {active && activePlace ? (
          <div
            className="tooltip history-tooltip"
            data-testid="history-tooltip"
            role="status"
            style={{
              left: `${(activePlace.x / W) * 100}%`,
              top: `${(activePlace.y / H) * 100}%`,
              transform: `translate(${activePlace.x > W * 0.55 ? "calc(-100% - 12px)" : "12px"}, ${activePlace.y > H * 0.5 ? "calc(-100% - 8px)" : "8px"})`,
            }}
          >
            <strong>{active.label}</strong>
            {active.year} · top-5 error {active.topFiveError}%<br />
            {active.architecture ? (
              <>
                Architecture: {active.architecture}
                <br />
              </>
            ) : null}
            {active.evaluation}
            <br />
            <span className="muted">Source: {active.source.length > 180 ? `${active.source.slice(0, 177)}…` : active.source}</span>
          </div>
        ) : null}
      </div>
      </div>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
