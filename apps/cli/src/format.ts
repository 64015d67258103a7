/** NaN has no JSON form; reports use null for "undefined under this convention". */
export function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** A fraction as a percentage with 2 decimals; undefined values as an em dash. */
export function percent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return `${(value * 100).toFixed(digits)}`;
}

/** A plain left/right aligned text table (numbers right-aligned), for terminal output. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map((_, i) => rows.every((r) => /^[-+−—\d.,%e ]*$/.test(r[i] ?? "")));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ")}`.trimEnd();
  return `${[line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n`;
}
