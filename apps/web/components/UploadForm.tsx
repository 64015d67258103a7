"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";

interface Created {
  runId: string;
  modelId: string;
  status: string;
  permalink: string;
}
interface Status {
  runId: string;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  position: number | null;
  progress: number;
  etaMs: number | null;
}
interface RunResult {
  run: { top1: number | null; top5: number | null; miou: number | null; ap: number | null; error: string | null };
  model: { id: string; name: string };
  dataset: { name: string };
}

async function trpcQuery<T>(path: string, input: unknown): Promise<T> {
  const response = await fetch(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok || body.error) throw new Error(body.error?.message ?? `${path}: HTTP ${response.status}`);
  return body.result.data as T;
}

const eta = (ms: number | null) => (ms === null ? "unknown (no finished runs on this dataset yet)" : ms < 60_000 ? `about ${Math.ceil(ms / 1000)} s` : `about ${Math.ceil(ms / 60_000)} min`);

export function UploadForm({ datasets }: { datasets: { name: string; task: string }[] }) {
  const [uploadFraction, setUploadFraction] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  useEffect(() => {
    if (!created) return;
    let stopped = false;
    const poll = async () => {
      try {
        const next = await trpcQuery<Status>("submissions.status", { runId: created.runId });
        if (stopped) return;
        setStatus(next);
        if (next.status === "done" || next.status === "failed" || next.status === "cancelled") {
          setResult(await trpcQuery<RunResult>("runs.get", { id: created.runId }));
          return;
        }
      } catch (e) {
        if (!stopped) setError((e as Error).message);
      }
      if (!stopped) timer.current = setTimeout(poll, 1000);
    };
    void poll();
    return () => { stopped = true; };
  }, [created]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setCreated(null);
    setStatus(null);
    setResult(null);
    const form = event.currentTarget;
    const data = new FormData(form);
    const token = String(data.get("token") ?? "").trim();
    data.delete("token");
    if (String(data.get("limit") ?? "") === "") data.delete("limit");
    // XMLHttpRequest, not fetch: only XHR reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/submissions");
    if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) setUploadFraction(e.loaded / e.total); };
    xhr.onerror = () => setError("upload failed: the server could not be reached");
    xhr.onload = () => {
      setUploadFraction(1);
      let body: { error?: string } & Partial<Created> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        setError(`upload failed: HTTP ${xhr.status}`);
        return;
      }
      if (xhr.status >= 400) setError(body.error ?? `upload failed: HTTP ${xhr.status}`);
      else setCreated(body as Created);
    };
    setUploadFraction(0);
    xhr.send(data);
  }

  const headline = result ? (result.run.top1 ?? result.run.miou ?? result.run.ap) : null;
  return (
    <>
      <form onSubmit={submit} className="filters upload-form" aria-label="Submit a model" style={{ flexDirection: "column", alignItems: "stretch" }}>
        <label>
          API token
          <input name="token" type="password" autoComplete="off" required />
        </label>
        <label>
          Model file (.onnx, or a ZIP of a TF.js model.json and its weight shards)
          <input name="model" type="file" required accept=".onnx,.zip" />
        </label>
        <label>
          Manifest (JSON: task, runtime, preprocessing, labels, metadata)
          <input name="manifest" type="file" required accept=".json,application/json" />
        </label>
        <label>
          Dataset
          <select name="dataset" required>
            {datasets.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} ({d.task})
              </option>
            ))}
          </select>
        </label>
        <label>
          Evaluate only the first N samples (optional)
          <input name="limit" type="number" min={1} />
        </label>
        <button type="submit" disabled={uploadFraction !== null && uploadFraction < 1}>
          Upload and evaluate
        </button>
      </form>
      {uploadFraction !== null ? (
        <p>
          <label>
            Upload: {Math.round(uploadFraction * 100)}%{" "}
            <progress className="progress" max={1} value={uploadFraction} data-testid="upload-progress" />
          </label>
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div aria-live="polite" data-testid="submission-status">
        {created && status ? (
          <dl className="facts">
            <dt>Run</dt>
            <dd>
              <a href={created.permalink}>{created.runId}</a>
            </dd>
            <dt>Status</dt>
            <dd data-status={status.status}>{status.status}</dd>
            {status.status === "queued" ? (
              <>
                <dt>Queue position</dt>
                <dd>{status.position ?? "–"}</dd>
              </>
            ) : null}
            {status.status === "running" ? (
              <>
                <dt>Progress</dt>
                <dd>
                  <progress max={1} value={status.progress} aria-label="Evaluation progress" /> {Math.round(status.progress * 100)}%
                </dd>
              </>
            ) : null}
            {status.status === "queued" || status.status === "running" ? (
              <>
                <dt>Estimated time left</dt>
                <dd>{eta(status.etaMs)}</dd>
              </>
            ) : null}
            {result && status.status === "done" ? (
              <>
                <dt>Result</dt>
                <dd>
                  {headline === null ? "done" : `${headline.toFixed(2)}%`} on {result.dataset.name} ·{" "}
                  <a href={`/models/${result.model.id}?run=${created.runId}`}>model page</a> ·{" "}
                  <a href={`/leaderboards?dataset=${encodeURIComponent(result.dataset.name)}`}>leaderboard</a>
                </dd>
              </>
            ) : null}
            {result && status.status === "failed" ? (
              <>
                <dt>Failure</dt>
                <dd className="error">{result.run.error ?? "no reason recorded"}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
      </div>
    </>
  );
}
