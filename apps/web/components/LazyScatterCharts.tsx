"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import { AXES, scatterSummary, type ScatterDatum } from "@/lib/scatter";

// The charts sit below the table: their script (recharts) loads only when they scroll into view, so it
// does not delay the table becoming interactive. Until then the text summaries stand in, at the same size.
function Placeholder({ data, metric }: { data: ScatterDatum[]; metric: string }) {
  return (
    <div className="chart-grid">
      {AXES.map((axis) => (
        <figure key={axis.key}>
          <div className="chart" />
          <figcaption>{scatterSummary(data, axis, metric)}</figcaption>
        </figure>
      ))}
    </div>
  );
}

const ScatterCharts = dynamic(() => import("./ScatterCharts").then((m) => m.ScatterCharts), { ssr: false });

export function LazyScatterCharts({ data, metric }: { data: ScatterDatum[]; metric: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setVisible(true);
        observer.disconnect();
      }
    }, { rootMargin: "100px" });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} data-testid="scatter-charts" data-loaded={visible ? "true" : "false"}>
      {visible ? <ScatterCharts data={data} metric={metric} /> : <Placeholder data={data} metric={metric} />}
    </div>
  );
}
