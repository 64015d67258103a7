import Link from "next/link";
import type { SortKey, Task } from "@podium/db";
import type { RunView } from "@podium/api";
import { boardQuery, COST_COLUMNS, METRIC_COLUMNS, type BoardParams } from "@/lib/leaderboard-params";
import { bytes, count, fixed, withInterval } from "@/lib/format";

export interface BoardEntry {
  rank: number;
  tieGroup: number;
  model: { id: string; name: string; architecture: string | null; family: string | null; year: number | null; paramCount: number | null };
  run: RunView;
}

interface Props {
  task: Task;
  datasetName: string;
  entries: BoardEntry[];
  params: BoardParams;
  sortBy: SortKey;
  order: "asc" | "desc";
  defaultOrder: (key: SortKey) => "asc" | "desc";
  tieRule: string;
  total: number;
}

/** Sortable column header: a plain link (works without JS) that re-sorts the board, keeping the filters. */
function SortHeader({ label, column, props }: { label: string; column: SortKey; props: Props }) {
  const active = props.sortBy === column;
  const nextOrder = active ? (props.order === "asc" ? "desc" : "asc") : props.defaultOrder(column);
  const href = `/leaderboards?${boardQuery({ ...props.params, dataset: props.datasetName, sortBy: column, order: nextOrder })}`;
  const arrow = active ? (props.order === "asc" ? " ▲" : " ▼") : "";
  return (
    <th scope="col" className="num" aria-sort={active ? (props.order === "asc" ? "ascending" : "descending") : "none"}>
      <Link href={href} data-sort={column} title={`Sort by ${label}`}>
        {label}
        <span aria-hidden="true">{arrow}</span>
      </Link>
    </th>
  );
}

export function LeaderboardTable(props: Props) {
  const metricColumns = METRIC_COLUMNS[props.task];
  const groupSizes = new Map<number, number>();
  for (const e of props.entries) groupSizes.set(e.tieGroup, (groupSizes.get(e.tieGroup) ?? 0) + 1);
  const sortLabel = [...metricColumns, ...COST_COLUMNS].find((c) => c.key === props.sortBy)?.label ?? props.sortBy;
  return (
    <>
    <p className="tie-note">
      <span className="badge tie">tied</span> Highlighted rows share a tie group. {props.tieRule}
    </p>
    <div className="table-wrap">
      <table id="leaderboard">
        <caption>
          {props.datasetName}: {props.total} result{props.total === 1 ? "" : "s"}, sorted by {sortLabel} ({props.order === "asc" ? "ascending" : "descending"}).
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">Rank</th>
            <th scope="col">Model</th>
            {metricColumns.map((c) => (
              <SortHeader key={c.key} label={c.label} column={c.key} props={props} />
            ))}
            {COST_COLUMNS.map((c) => (
              <SortHeader key={c.key} label={c.label} column={c.key} props={props} />
            ))}
            <th scope="col">Hardware</th>
            <th scope="col">Engine</th>
            <th scope="col">Tie group</th>
            <th scope="col">Permalink</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => {
            const tied = (groupSizes.get(e.tieGroup) ?? 0) > 1;
            const run = e.run;
            return (
              <tr key={run.id} className={tied ? "tied" : undefined} data-run={run.id} data-tie-group={e.tieGroup}>
                <td className="num">{e.rank}</td>
                <th scope="row">
                  <Link href={`/models/${e.model.id}?run=${run.id}`}>{e.model.name}</Link>
                  <div className="muted small model-meta">
                    {[e.model.architecture, e.model.family, e.model.year].filter((v) => v !== null && v !== undefined).join(" · ")}
                  </div>
                </th>
                {metricColumns.map((c) => (
                  <td key={c.key} className="num" data-col={c.key}>
                    {withInterval(run[c.key as "top1"] as number | null, run.metrics?.[c.key]?.ci95)}
                  </td>
                ))}
                <td className="num" data-col="paramCount">{count(run.paramCount ?? e.model.paramCount)}</td>
                <td className="num" data-col="macs">{count(run.macs)}</td>
                <td className="num" data-col="latencyP50Ms">{fixed(run.latencyP50Ms)}</td>
                <td className="num" data-col="latencyP90Ms">{fixed(run.latencyP90Ms)}</td>
                <td className="num" data-col="throughput">{fixed(run.throughput, 1)}</td>
                <td className="num" data-col="peakMemory">{bytes(run.peakMemory)}</td>
                <td data-col="hardware">{run.hardware ?? "–"}</td>
                <td data-col="engine">{run.engine ?? "–"}</td>
                <td>
                  {tied ? (
                    <span className="badge tie" title="Confidence interval overlaps the group leader's">
                      tied · group {e.tieGroup}
                    </span>
                  ) : (
                    <span className="badge">group {e.tieGroup}</span>
                  )}
                </td>
                <td>
                  <Link href={run.permalink} aria-label={`Permalink of run ${run.id} (${e.model.name})`}>
                    run
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
    </>
  );
}
