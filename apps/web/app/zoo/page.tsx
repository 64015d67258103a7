import type { Metadata } from "next";
import Link from "next/link";
import { loadZoo } from "@/lib/store";
import { fixed } from "@/lib/format";

export const metadata: Metadata = { title: "Architecture zoo" };
export const dynamic = "force-dynamic";

export default async function ZooPage() {
  const { listArchitectures, architectureInfo } = await loadZoo();
  const infos = listArchitectures().map((name) => architectureInfo(name));
  return (
    <>
      <h1>Architecture zoo</h1>
      <p>
        The lecture&apos;s networks, built layer by layer. Each page counts the parameters, multiply-accumulates and activation memory of every
        layer from the architecture itself; accuracies are the published single-model figures, with their source.
      </p>
      <div className="table-wrap">
        <table id="zoo">
          <caption>Architectures ({infos.length})</caption>
          <thead>
            <tr>
              <th scope="col">Architecture</th>
              <th scope="col" className="num">Year</th>
              <th scope="col">Input</th>
              <th scope="col" className="num">Top-1 %</th>
              <th scope="col" className="num">Top-5 %</th>
              <th scope="col">Paper</th>
            </tr>
          </thead>
          <tbody>
            {infos.map((info) => (
              <tr key={info.name}>
                <th scope="row">
                  <Link href={`/zoo/${info.name}`}>{info.displayName}</Link>
                </th>
                <td className="num">{info.year}</td>
                <td>{info.defaultInputShape.join("×")}</td>
                <td className="num">{fixed(info.accuracy.top1Pct, 3)}</td>
                <td className="num">{fixed(info.accuracy.top5Pct, 3)}</td>
                <td className="small">{info.paper.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
