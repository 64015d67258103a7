/** RFC 4180: quote a field holding a comma, quote or line break; double inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

/**
 * A float as timm's results CSVs print it: Python `round(x, digits)` then `str()`, so 76.13 stays "76.13" and a
 * whole number keeps its ".0" ("80.0"). Empty for a missing value.
 */
export function pyFloat(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  const rounded = Number(value.toFixed(digits));
  return Number.isInteger(rounded) ? `${rounded}.0` : String(rounded);
}
