"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { LayerBar } from "@/lib/layer-profile";

type Key = "params" | "macs" | "activationBytes";

const TITLES: Record<Key, string> = { params: "Parameters by layer", macs: "MACs by layer", activationBytes: "Activation memory by layer (bytes, float32)" };
const COLORS: Record<Key, string> = { params: "#1d4ed8", macs: "#b45309", activationBytes: "#047857" };

const short = (v: number) =>
  v >= 1e9 ? `${(v / 1e9).toFixed(1)}G` : v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(0)}k` : String(v);

function share(layers: LayerBar[], key: Key): string {
  const total = layers.reduce((s, l) => s + (l[key] ?? 0), 0);
  if (total === 0) return "all zero";
  const top = [...layers].sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0)).slice(0, 3);
  return top.map((l) => `${l.name} ${(((l[key] ?? 0) / total) * 100).toFixed(1)}%`).join(", ");
}

function OneBars({ layers, k }: { layers: LayerBar[]; k: Key }) {
  // Only layers that carry any of this quantity: the lecture figure shows conv/fc layers, not ReLUs.
  const data = layers.filter((l) => (l[k] ?? 0) > 0).map((l) => ({ name: l.name, op: l.op, value: l[k] ?? 0 }));
  const summary = `${TITLES[k]}: ${data.length} layers. Largest shares: ${share(layers, k)}.`;
  return (
    <figure>
      <h3>{TITLES[k]}</h3>
      <div className="chart" role="img" aria-label={summary}>
        <BarChart responsive style={{ width: "100%", height: "100%" }} data={data} margin={{ top: 8, right: 8, bottom: 48, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" angle={-50} textAnchor="end" interval="preserveStartEnd" tick={{ fontSize: 10 }} height={56} />
          <YAxis tickFormatter={short} width={60} />
          <Tooltip formatter={(v) => [Number(v).toLocaleString("en-US"), TITLES[k].split(" by")[0]]} labelFormatter={(label) => String(label)} />
          <Bar dataKey="value" fill={COLORS[k]} isAnimationActive={false} />
        </BarChart>
      </div>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}

/** The lecture's per-layer params and MACs bars (AlexNet figure), for any model, plus activation memory. */
export function LayerBars({ layers }: { layers: LayerBar[] }) {
  return (
    <div className="chart-grid">
      <OneBars layers={layers} k="params" />
      <OneBars layers={layers} k="macs" />
      <OneBars layers={layers} k="activationBytes" />
    </div>
  );
}
