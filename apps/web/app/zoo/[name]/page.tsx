import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadZoo } from "@/lib/store";
import { zooLayerProfile } from "@/lib/layer-profile";
import { count, bytes, fixed } from "@/lib/format";
import { LayerBars } from "@/components/LayerBars";
import { LayerTable } from "@/components/LayerTable";

export const dynamic = "force-dynamic";

type Params = { name: string };

async function info(name: string) {
  const { listArchitectures, architectureInfo } = await loadZoo();
  return listArchitectures().includes(name) ? architectureInfo(name) : null;
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const found = await info((await params).name);
  return { title: found ? found.displayName : "Unknown architecture" };
}

export default async function ArchitecturePage({ params }: { params: Promise<Params> }) {
  const { name } = await params;
  const arch = await info(name);
  if (!arch) notFound();
  const profile = await zooLayerProfile(name);
  return (
    <>
      <p className="small">
        <Link href="/zoo">← Architecture zoo</Link>
      </p>
      <h1>{arch.displayName}</h1>
      <dl className="facts">
        <dt>Year</dt>
        <dd>{arch.year}</dd>
        <dt>Paper</dt>
        <dd>
          <a href={arch.paper.url} rel="noopener">
            {arch.paper.title}
          </a>
        </dd>
        <dt>Input</dt>
        <dd>
          {arch.defaultInputShape.join("×")}, {arch.defaultNumClasses} classes
        </dd>
        <dt>Parameters</dt>
        <dd>{count(profile.totals.params)}</dd>
        <dt>MACs</dt>
        <dd>{count(profile.totals.macs)}</dd>
        <dt>Activations</dt>
        <dd>{bytes(profile.totals.activationBytes)} (float32, batch 1)</dd>
        <dt>Published accuracy</dt>
        <dd>
          top-1 {fixed(arch.accuracy.top1Pct, 3)}%, top-5 {fixed(arch.accuracy.top5Pct, 3)}% <span className="small muted">— {arch.accuracy.source}</span>
        </dd>
      </dl>
      <p>{arch.notes}</p>
      <h2>Per-layer parameters, MACs and activation memory</h2>
      <p className="small muted">{profile.origin}</p>
      <LayerBars layers={profile.layers} />
      <LayerTable profile={profile} />
    </>
  );
}
