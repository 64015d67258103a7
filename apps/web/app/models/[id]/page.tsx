import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { api } from "@/lib/store";
import { bytes, count, fixed, isoDate, withInterval } from "@/lib/format";
import { layerProfileFor } from "@/lib/layer-profile";
import { LayerBars } from "@/components/LayerBars";
import { LayerTable } from "@/components/LayerTable";
import { JsonBlock } from "@/components/JsonBlock";
import { PerClassTable } from "@/components/PerClassTable";
import { LatencyChart, type LatencyBar } from "@/components/LatencyChart";

export const dynamic = "force-dynamic";

type Params = { id: string };
type Search = Record<string, string | string[] | undefined>;

async function load(id: string) {
  const caller = await api();
  try {
    return await caller.models.get({ id });
  } catch (error) {
    if ((error as { code?: string }).code === "NOT_FOUND") return null;
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const found = await load((await params).id);
  return { title: found ? found.model.name : "Model not found" };
}

interface StoredLatency {
  meanMs?: number | null;
  p50Ms?: number | null;
  p90Ms?: number | null;
  p99Ms?: number | null;
  batches?: number;
  batchSize?: number;
}

export default async function ModelPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const { id } = await params;
  const search = await searchParams;
  const found = await load(id);
  if (!found) notFound();
  const { model, runs } = found;
  const wanted = typeof search.run === "string" ? search.run : undefined;
  const done = runs.filter((r) => r.status === "done");
  const run = runs.find((r) => r.id === wanted) ?? done[done.length - 1] ?? runs[runs.length - 1] ?? null;
  const caller = await api();
  const detail = run ? await caller.runs.get({ id: run.id }) : null;
  const profile = await layerProfileFor(run?.config ?? null, model.architecture ?? model.name, model);

  const stored = ((run?.config as { performance?: { latency?: StoredLatency } } | null)?.performance?.latency ?? {}) as StoredLatency;
  const latencyBars: LatencyBar[] = [
    { label: "mean", ms: stored.meanMs ?? NaN },
    { label: "p50", ms: run?.latencyP50Ms ?? stored.p50Ms ?? NaN },
    { label: "p90", ms: run?.latencyP90Ms ?? stored.p90Ms ?? NaN },
    { label: "p99", ms: stored.p99Ms ?? NaN },
  ].filter((b) => Number.isFinite(b.ms));
  const latencySummary =
    latencyBars.length === 0
      ? "No latency was measured for this run."
      : `Engine latency per batch${stored.batchSize ? ` of ${stored.batchSize}` : ""}: ${latencyBars.map((b) => `${b.label} ${b.ms.toFixed(3)} ms`).join(", ")}${stored.batches ? ` over ${stored.batches} timed batches` : ""}.`;

  return (
    <>
      <h1>{model.name}</h1>
      <dl className="facts">
        <dt>Architecture</dt>
        <dd>{model.architecture ?? "–"}</dd>
        <dt>Family / year</dt>
        <dd>
          {model.family ?? "–"} / {model.year ?? "–"}
        </dd>
        <dt>Task / format</dt>
        <dd>
          {model.task} / {model.format}
        </dd>
        <dt>Parameters</dt>
        <dd>
          {model.paramCount !== null ? count(model.paramCount) : profile ? `${count(profile.totals.params)} (counted per layer, below)` : count(null)}
        </dd>
        <dt>File</dt>
        <dd>
          {bytes(model.sizeBytes)}, sha256 <code>{model.fileSha256}</code>
        </dd>
        <dt>Registered</dt>
        <dd>{isoDate(model.createdAt)}</dd>
      </dl>

      <h2>Runs</h2>
      <div className="table-wrap">
        <table id="runs">
          <caption>Every evaluation of this model</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Top-1 %</th>
              <th scope="col" className="num">Top-5 %</th>
              <th scope="col">Hardware</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={`/models/${model.id}?run=${r.id}`} aria-current={r.id === run?.id ? "true" : undefined}>
                    {r.id}
                  </Link>
                </th>
                <td>{r.status === "failed" ? <span className="badge bad">failed</span> : r.status}</td>
                <td className="num">{fixed(r.top1)}</td>
                <td className="num">{fixed(r.top5)}</td>
                <td>{r.hardware ?? "–"}</td>
                <td>{isoDate(r.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {run && detail ? (
        <section aria-labelledby="run-heading" id="run">
          <h2 id="run-heading">
            Run {run.id} on {detail.dataset.name}
          </h2>
          <ul className="links">
            <li>
              <a href={`/api/runs/${run.id}/result.json`} download>
                Download the result JSON
              </a>
            </li>
            <li>
              <Link href={run.permalink}>Permalink</Link>
            </li>
            <li>
              <Link href={`/leaderboards?dataset=${encodeURIComponent(detail.dataset.name)}`}>Leaderboard</Link>
            </li>
          </ul>
          {run.status === "failed" ? <p className="error">This run failed: {run.error ?? "no reason recorded"}</p> : null}
          <h3>Metrics</h3>
          {run.metrics ? (
            <div className="table-wrap">
              <table id="metrics">
                <caption>Metrics with 95% confidence intervals</caption>
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col" className="num">Value (95% CI)</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(run.metrics).map(([key, m]) => (
                    <tr key={key}>
                      <th scope="row">{key}</th>
                      <td className="num">{withInterval(m.value, m.ci95, 3)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">No metrics yet (status: {run.status}).</p>
          )}
          <h3>Cost</h3>
          <dl className="facts">
            <dt>MACs</dt>
            <dd>{run.macs !== null ? count(run.macs) : profile ? `${count(profile.totals.macs)} (counted per layer, below)` : count(null)}</dd>
            <dt>Throughput</dt>
            <dd>{fixed(run.throughput, 1)} images/s</dd>
            <dt>Peak memory</dt>
            <dd>{bytes(run.peakMemory)}</dd>
            <dt>Hardware / engine</dt>
            <dd>
              {run.hardware ?? "–"} / {run.engine ?? "–"}
            </dd>
          </dl>
          <h3>Latency distribution</h3>
          {latencyBars.length > 0 ? <LatencyChart bars={latencyBars} summary={latencySummary} /> : <p className="muted">{latencySummary}</p>}
          <h3>Per-class metrics</h3>
          <PerClassTable perClass={run.perClass} classNames={[]} />
          <h3>Fingerprint</h3>
          <JsonBlock value={run.fingerprint} label="fingerprint" />
        </section>
      ) : (
        <p>This model has no runs yet.</p>
      )}

      <h2>Per-layer parameters, MACs and activation memory</h2>
      {profile ? (
        <>
          <p className="small muted">{profile.origin}</p>
          <LayerBars layers={profile.layers} />
          <LayerTable profile={profile} />
        </>
      ) : (
        <p className="muted">No per-layer inspection is stored for this model, and its architecture is not in the zoo.</p>
      )}
    </>
  );
}
