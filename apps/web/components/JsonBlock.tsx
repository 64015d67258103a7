/** A stored JSON value shown as facts when flat, else pretty-printed. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return <p className="muted">No {label} stored for this run.</p>;
  if (typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== "object")) {
    return (
      <dl className="facts" aria-label={label}>
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <div key={k} style={{ display: "contents" }}>
            <dt>{k}</dt>
            <dd>{String(v)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <details>
      <summary>Show the {label} ({Object.keys(value as object).length} fields)</summary>
      <pre aria-label={label}>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
