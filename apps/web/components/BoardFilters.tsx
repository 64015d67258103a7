import type { BoardParams } from "@/lib/leaderboard-params";

export interface FilterOptions {
  family: string[];
  year: number[];
  hardware: string[];
  engine: string[];
}

const LABELS: Record<keyof FilterOptions, string> = { family: "Architecture family", year: "Year", hardware: "Hardware", engine: "Engine" };

/** A GET form: filtering works without JavaScript and the result is a shareable URL. */
export function BoardFilters({ datasetName, params, options }: { datasetName: string; params: BoardParams; options: FilterOptions }) {
  return (
    <form className="filters" method="get" action="/leaderboards" aria-label="Filter the leaderboard">
      <input type="hidden" name="dataset" value={datasetName} />
      {params.sortBy ? <input type="hidden" name="sortBy" value={params.sortBy} /> : null}
      {params.order ? <input type="hidden" name="order" value={params.order} /> : null}
      {(Object.keys(LABELS) as (keyof FilterOptions)[]).map((key) => (
        <label key={key}>
          {LABELS[key]}
          <select name={key} defaultValue={params[key] === undefined ? "" : String(params[key])}>
            <option value="">All</option>
            {options[key].map((value) => (
              <option key={String(value)} value={String(value)}>
                {String(value)}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button type="submit">Apply filters</button>
    </form>
  );
}
