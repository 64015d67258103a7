import type { Metadata } from "next";
import Link from "next/link";
import { api } from "@/lib/store";
import { fixed, withInterval } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Mini-ILSVRC demo" };

/** The bundled demo: miniature LeNet/AlexNet/VGG/GoogLeNet/ResNet trained on Fashion-MNIST (models/fashion-mnist/). */
export default async function DemoPage() {
  const caller = await api();
  const datasets = (await caller.leaderboard.datasets()).filter((d) => /fashion/i.test(d.name));
  const boards = await Promise.all(datasets.map((d) => caller.leaderboard.get({ dataset: d.name, limit: 50 })));
  return (
    <>
      <h1>The mini-ILSVRC demo</h1>
      <p>
        The history of ImageNet in miniature: LeNet, AlexNet, VGG, GoogLeNet and ResNet, scaled down and trained on Fashion-MNIST (10 classes,
        28×28 grey images) by <code>scripts/train-fashion-mnist.py</code>, exported to ONNX, and evaluated by this platform like any submission.
        The models live in <code>models/fashion-mnist/</code>; the platform&apos;s main command evaluates them on first start.
      </p>
      {boards.length === 0 ? (
        <p role="status">
          No Fashion-MNIST results are stored yet. Start the platform with its main command to run the demo evaluations, then reload.
        </p>
      ) : (
        boards.map((board) => (
          <section key={board.dataset.id} aria-labelledby={`demo-${board.dataset.id}`}>
            <h2 id={`demo-${board.dataset.id}`}>{board.dataset.name}</h2>
            <div className="table-wrap">
              <table>
                <caption>
                  {board.dataset.name}: top-1 and top-5 with 95% confidence intervals (
                  <Link href={`/leaderboards?dataset=${encodeURIComponent(board.dataset.name)}`}>full leaderboard</Link>)
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">Rank</th>
                    <th scope="col">Model</th>
                    <th scope="col" className="num">Year</th>
                    <th scope="col" className="num">Top-1 %</th>
                    <th scope="col" className="num">Top-5 %</th>
                    <th scope="col" className="num">Latency p50 (ms)</th>
                  </tr>
                </thead>
                <tbody>
                  {board.entries.map((e) => (
                    <tr key={e.run.id}>
                      <td className="num">{e.rank}</td>
                      <th scope="row">
                        <Link href={`/models/${e.model.id}?run=${e.run.id}`}>{e.model.name}</Link>
                      </th>
                      <td className="num">{e.model.year ?? "–"}</td>
                      <td className="num">{withInterval(e.run.top1, e.run.metrics?.top1?.ci95)}</td>
                      <td className="num">{withInterval(e.run.top5, e.run.metrics?.top5?.ci95)}</td>
                      <td className="num">{fixed(e.run.latencyP50Ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
    </>
  );
}
