import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Task } from "@podium/db";
import { api, loadApi } from "@/lib/store";
import { boardQuery, METRIC_COLUMNS, parseBoardParams, type SearchParams } from "@/lib/leaderboard-params";
import { LeaderboardTable } from "@/components/LeaderboardTable";
import { BoardFilters, type FilterOptions } from "@/components/BoardFilters";
import { LazyScatterCharts } from "@/components/LazyScatterCharts";
import type { ScatterDatum } from "@/lib/scatter";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Leaderboards" };

const uniqueSorted = <T extends string | number>(values: (T | null | undefined)[]): T[] =>
  [...new Set(values.filter((v): v is T => v !== null && v !== undefined))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export default async function LeaderboardsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = parseBoardParams(await searchParams);
  const caller = await api();
  const { defaultOrder, HEADLINE_BY_TASK } = await loadApi();
  const datasets = await caller.leaderboard.datasets();
  if (datasets.length === 0) {
    return (
      <>
        <h1>Leaderboards</h1>
        <p>No datasets yet. Run the platform&apos;s main command to seed the demo datasets, or submit a model.</p>
      </>
    );
  }
  const datasetName = params.dataset ?? datasets[0].name;
  const dataset = datasets.find((d) => d.name === datasetName || d.id === datasetName);
  if (!dataset) notFound();

  const board = await caller.leaderboard.get({ ...params, dataset: dataset.name, limit: 200 });
  // Filter choices come from the unfiltered board, so a filter never offers a value that matches nothing.
  const everything = await caller.leaderboard.get({ dataset: dataset.name, limit: 500 });
  const options: FilterOptions = {
    family: uniqueSorted(everything.entries.map((e) => e.model.family)),
    year: uniqueSorted(everything.entries.map((e) => e.model.year)),
    hardware: uniqueSorted(everything.entries.map((e) => e.run.hardware)),
    engine: uniqueSorted(everything.entries.map((e) => e.run.engine)),
  };
  const task = dataset.task as Task;
  const headline = HEADLINE_BY_TASK[task];
  const headlineLabel = METRIC_COLUMNS[task].find((c) => c.key === headline)?.label ?? headline;
  const scatter: ScatterDatum[] = board.entries
    .filter((e) => e.run[headline] !== null)
    .map((e) => ({
      name: e.model.name,
      runId: e.run.id,
      accuracy: e.run[headline] as number,
      latencyMs: e.run.latencyP50Ms,
      params: e.run.paramCount ?? e.model.paramCount,
      macs: e.run.macs,
    }));
  const query = boardQuery({ ...params, dataset: dataset.name, sortBy: board.sortBy, order: board.order });
  const byTask = new Map<string, typeof datasets>();
  for (const d of datasets) byTask.set(d.task, [...(byTask.get(d.task) ?? []), d]);

  return (
    <>
      <h1>Leaderboard: {dataset.name}</h1>
      <p className="muted">
        {task} · split {dataset.split ?? "–"} · {dataset.sampleCount} samples · ground truth {dataset.groundTruth}
      </p>
      <nav aria-label="Datasets">
        {[...byTask.entries()].map(([t, list]) => (
          <div key={t}>
            <span className="small muted">{t}: </span>
            <ul className="tabs">
              {list.map((d) => (
                <li key={d.id}>
                  <Link href={`/leaderboards?dataset=${encodeURIComponent(d.name)}`} aria-current={d.id === dataset.id ? "page" : undefined}>
                    {d.name}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <BoardFilters datasetName={dataset.name} params={params} options={options} />
      <ul className="links">
        <li>
          <Link href={`/leaderboards?${query}`} rel="bookmark">
            Permalink to this view
          </Link>
        </li>
        <li>
          <a href={`/api/export/leaderboard.csv?${query}`} download>
            Download CSV
          </a>
        </li>
        <li>
          <a href={`/api/export/leaderboard.json?${query}`} download>
            Download JSON
          </a>
        </li>
      </ul>
      {board.entries.length === 0 ? (
        <p role="status">No finished run matches these filters.</p>
      ) : (
        <LeaderboardTable
          task={task}
          datasetName={dataset.name}
          entries={board.entries}
          params={params}
          sortBy={board.sortBy}
          order={board.order}
          defaultOrder={defaultOrder}
          tieRule={board.tieRule}
          total={board.total}
        />
      )}
      <h2>Accuracy against cost</h2>
      <LazyScatterCharts data={scatter} metric={headlineLabel} />
    </>
  );
}
