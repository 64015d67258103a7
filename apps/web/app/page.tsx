import Link from "next/link";
import { api } from "@/lib/store";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const datasets = await (await api()).leaderboard.datasets();
  return (
    <>
      <h1>Podium: open computer-vision leaderboards</h1>
      <p>
        Every result is an evaluation this platform ran itself, with 95% confidence intervals, statistical ties marked, and the cost of each
        model (parameters, MACs, latency, memory) next to its accuracy.
      </p>
      <h2>Leaderboards</h2>
      {datasets.length === 0 ? (
        <p>No datasets yet.</p>
      ) : (
        <ul className="cards">
          {datasets.map((d) => (
            <li key={d.id}>
              <Link href={`/leaderboards?dataset=${encodeURIComponent(d.name)}`}>{d.name}</Link>
              <div className="small muted">
                {d.task} · {d.sampleCount} samples
              </div>
            </li>
          ))}
        </ul>
      )}
      <h2>More</h2>
      <ul>
        <li>
          <Link href="/history">ILSVRC top-5 error, 2010–2017</Link>, with the human baseline and this platform&apos;s runs.
        </li>
        <li>
          <Link href="/demo">The mini-ILSVRC demo</Link>: LeNet, AlexNet, VGG, GoogLeNet and ResNet miniatures on Fashion-MNIST.
        </li>
        <li>
          <Link href="/zoo">The architecture zoo</Link>, with per-layer parameters and MACs.
        </li>
        <li>
          <Link href="/upload">Submit a model</Link>.
        </li>
      </ul>
    </>
  );
}
