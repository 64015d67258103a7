import { fixed } from "@/lib/format";

type Row = Record<string, unknown>;

/**
 * Per-class metrics as the worker stored them: either {className: {metric: value}} or
 * [{class/name: …, metric: value}]. Columns are whatever numeric metrics the rows carry.
 */
export function PerClassTable({ perClass, classNames }: { perClass: unknown; classNames: string[] }) {
  let rows: [string, Row][] = [];
  if (Array.isArray(perClass)) {
    rows = perClass.map((r, i) => {
      const row = (r ?? {}) as Row;
      const name = String(row.className ?? row.class ?? row.name ?? classNames[i] ?? i);
      return [name, row];
    });
  } else if (perClass && typeof perClass === "object") {
    rows = Object.entries(perClass as Record<string, unknown>).map(([k, v]) => [k, (v && typeof v === "object" ? v : { value: v }) as Row]);
  }
  if (rows.length === 0) return <p className="muted">No per-class metrics stored for this run.</p>;
  const columns = [...new Set(rows.flatMap(([, r]) => Object.keys(r).filter((k) => typeof r[k] === "number")))];
  return (
    <div className="table-wrap">
      <table id="per-class">
        <caption>Per-class metrics ({rows.length} classes)</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            {columns.map((c) => (
              <th key={c} scope="col" className="num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, r]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {columns.map((c) => (
                <td key={c} className="num">
                  {typeof r[c] === "number" ? fixed(r[c] as number, Number.isInteger(r[c]) ? 0 : 2) : "–"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
