import type { Metadata } from "next";
import { api } from "@/lib/store";
import { UploadForm } from "@/components/UploadForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Submit a model" };

export default async function UploadPage() {
  const datasets = await (await api()).leaderboard.datasets();
  return (
    <>
      <h1>Submit a model</h1>
      <p>
        Upload a model file and its manifest with your API token. The file is stored by its sha256, a run is queued, and this page follows it
        through the queue to its result (or the reason it failed). Finished runs appear on the dataset&apos;s leaderboard.
      </p>
      {datasets.length === 0 ? <p>No datasets to evaluate on yet.</p> : <UploadForm datasets={datasets.map((d) => ({ name: d.name, task: d.task }))} />}
    </>
  );
}
