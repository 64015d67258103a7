import type { LayerProfile } from "@/lib/layer-profile";
import { bytes, count } from "@/lib/format";

/** The per-layer figures as a table: the charts' text alternative, and exact numbers. */
export function LayerTable({ profile }: { profile: LayerProfile }) {
  const rows = profile.layers.filter((l) => l.params > 0 || (l.macs ?? 0) > 0 || (l.activationBytes ?? 0) > 0);
  return (
    <details data-total-params={profile.totals.params} data-total-macs={profile.totals.macs}>
      <summary>Per-layer table ({rows.length} layers)</summary>
      <div className="table-wrap">
        <table>
          <caption>Per-layer parameters, MACs and activation memory</caption>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Op</th>
              <th scope="col" className="num">Params</th>
              <th scope="col" className="num">MACs</th>
              <th scope="col" className="num">Activation</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l, i) => (
              <tr key={`${l.name}-${i}`}>
                <th scope="row">{l.name}</th>
                <td>{l.op}</td>
                <td className="num">{l.params.toLocaleString("en-US")}</td>
                <td className="num">{l.macs === null ? "unknown" : l.macs.toLocaleString("en-US")}</td>
                <td className="num">{bytes(l.activationBytes)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td />
              <td className="num">{count(profile.totals.params)}</td>
              <td className="num">{count(profile.totals.macs)}</td>
              <td className="num">{bytes(profile.totals.activationBytes)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </details>
  );
}
