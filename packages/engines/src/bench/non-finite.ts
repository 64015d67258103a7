import type { Outputs } from "../types.js";

export type NonFiniteCounts = Record<string, { nan: number; inf: number }>;

/** A model producing NaN/Inf is a finding to report, not a crash: count per output. */
export function countNonFinite(outputs: Outputs): NonFiniteCounts {
  const counts: NonFiniteCounts = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    let nan = 0;
    let inf = 0;
    const data = tensor.data;
    if (data instanceof Float32Array || data instanceof Float64Array) {
      for (let i = 0; i < data.length; i++) {
        const v = data[i]!;
        if (v !== v) nan++;
        else if (v === Infinity || v === -Infinity) inf++;
      }
    }
    counts[name] = { nan, inf };
  }
  return counts;
}
