import type { Metadata } from "next";
import Link from "next/link";
import { store } from "@/lib/store";
import { FIRST_YEAR, historyChartData, LAST_YEAR, type HistorySeries } from "@/lib/history-chart";
import { HistoryChart } from "@/components/HistoryChart";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "ILSVRC history" };

const SERIES_LABEL: Record<HistorySeries, string> = {
  winner: "Winner (test, ensemble)",
  "extra-data": "Extra training data (test)",
  "single-model": "Single model (val)",
  platform: "Podium run",
};

export default async function HistoryPage() {
  // Read from the store directly: the chart needs team, architecture, place and top-5 of each published row.
  const db = await store();
  const [published, runs] = await Promise.all([db.history.list({ task: "classification" }), db.history.platformRuns("classification")]);
  const { points, human, notPlotted } = historyChartData(published, runs);
  const winners = points.filter((p) => p.series === "winner");
  const extra = points.filter((p) => p.series === "extra-data");
  const summary =
    `ILSVRC classification top-5 error, ${FIRST_YEAR}–${LAST_YEAR}. Winners (test-set ensembles, supplied training data only): ` +
    winners.map((p) => `${p.year} ${p.label} ${p.topFiveError}%`).join(", ") +
    `. Entries that used extra training data are drawn apart as hollow diamonds (${extra.map((p) => `${p.year} ${p.label} ${p.topFiveError}%`).join(", ") || "none"}).` +
    (human ? ` Human annotator: ${human.topFiveError}%.` : "") +
    ` ${points.filter((p) => p.series === "single-model").length} single-model validation errors (triangles) and ${points.filter((p) => p.series === "platform").length} Podium runs (squares) are overlaid. Every point is listed with its source in the table below.`;
  return (
    <>
      <h1>ILSVRC classification: top-5 error, {FIRST_YEAR}–{LAST_YEAR}</h1>
      <p>
        Challenge winners are <strong>test-set</strong> results of <strong>ensembles</strong>; architecture points are <strong>single models</strong> on
        the <strong>validation</strong> set (100 − top-5 accuracy). The two kinds are not directly comparable, so they use different markers and
        only the winners are joined by a line. The 2012 winner is plotted at its no-extra-data 16.4%; its 15.3% entry pre-trained on ImageNet Fall
        2011 is the hollow diamond.
      </p>
      <HistoryChart points={points} human={human} summary={summary} />
      <h2>Every point and its source</h2>
      <div className="table-wrap">
        <table id="history-points">
          <caption>Points on the chart ({points.length}), with the human baseline</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col" className="num">Year</th>
              <th scope="col">Team / model</th>
              <th scope="col">Architecture</th>
              <th scope="col" className="num">Top-5 error %</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.id} data-series={p.series}>
                <td>{SERIES_LABEL[p.series]}</td>
                <td className="num">{p.year}</td>
                <th scope="row">{p.href ? <Link href={p.href}>{p.label}</Link> : p.label}</th>
                <td>{p.architecture ?? "–"}</td>
                <td className="num">{p.topFiveError}</td>
                <td className="small">{p.source}</td>
              </tr>
            ))}
            {human ? (
              <tr data-series="human">
                <td>Human baseline (line)</td>
                <td className="num">–</td>
                <th scope="row">{human.label}</th>
                <td>–</td>
                <td className="num">{human.topFiveError}</td>
                <td className="small">
                  {human.source}
                  {human.split ? ` (${human.split})` : ""}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {notPlotted.length > 0 ? (
        <>
          <h2>Not plotted</h2>
          <div className="table-wrap">
            <table id="history-not-plotted">
              <caption>Published or evaluated results left off the chart, and why</caption>
              <thead>
                <tr>
                  <th scope="col">Team / model</th>
                  <th scope="col" className="num">Year</th>
                  <th scope="col" className="num">Top-5 error %</th>
                  <th scope="col">Why</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {notPlotted.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.label}</th>
                    <td className="num">{p.year ?? "–"}</td>
                    <td className="num">{p.topFiveError ?? "–"}</td>
                    <td>{p.reason}</td>
                    <td className="small">{p.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
