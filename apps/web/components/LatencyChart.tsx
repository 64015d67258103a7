"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";

export interface LatencyBar {
  label: string;
  ms: number;
}

/** Latency percentiles (and the histogram when the worker stored one) as bars, with a text summary. */
export function LatencyChart({ bars, summary }: { bars: LatencyBar[]; summary: string }) {
  return (
    <figure>
      <div className="chart" role="img" aria-label={summary} style={{ maxWidth: 560, aspectRatio: "16 / 9" }}>
        <BarChart responsive style={{ width: "100%", height: "100%" }} data={bars} margin={{ top: 8, right: 8, bottom: 8, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis unit=" ms" width={64} />
          <Tooltip formatter={(v) => [`${Number(v).toFixed(3)} ms`, "latency"]} />
          <Bar dataKey="ms" fill="#1d4ed8" isAnimationActive={false} />
        </BarChart>
      </div>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
