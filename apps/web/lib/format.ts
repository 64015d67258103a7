/** Display formatting shared by tables, charts and tooltips. Missing values show as an en dash. */
export const DASH = "–";

export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : value.toFixed(digits);
}

/** 25_557_032 -> "25.56 M"; 4.1e9 -> "4.10 G". */
export function count(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)} G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return String(Math.round(value));
}

/** Bytes in binary units, as memory tools print them. */
export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** A metric with its 95% interval as "76.13 ±0.37" (half-width; asymmetric intervals show both ends). */
export function withInterval(value: number | null, ci95: readonly [number, number] | null | undefined, digits = 2): string {
  if (value === null) return DASH;
  if (!ci95) return value.toFixed(digits);
  const below = value - ci95[0];
  const above = ci95[1] - value;
  if (Math.abs(below - above) < 10 ** -(digits + 1)) return `${value.toFixed(digits)} ±${above.toFixed(digits)}`;
  return `${value.toFixed(digits)} (${ci95[0].toFixed(digits)}–${ci95[1].toFixed(digits)})`;
}

export function isoDate(value: Date | string | null | undefined): string {
  if (!value) return DASH;
  const date = typeof value === "string" ? new Date(value) : value;
  return date.toISOString().slice(0, 10);
}
