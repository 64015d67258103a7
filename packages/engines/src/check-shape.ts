import { EngineInputError } from "./errors.js";
import type { TensorInfo } from "./types.js";

/** Fixed dims must match; symbolic dims (strings) accept any size, which is how dynamic batch works. */
export function checkShape(input: TensorInfo, dims: number[]): void {
  const mismatch =
    dims.length !== input.shape.length || input.shape.some((d, i) => typeof d === "number" && d !== dims[i]) || dims.some((d) => !Number.isInteger(d) || d < 0);
  if (mismatch) throw new EngineInputError(`input '${input.name}' expects shape [${input.shape.join(", ")}], got [${dims.join(", ")}]`);
}
