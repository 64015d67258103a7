import type { Tensor } from "@podium/engines";
import { RunnerError } from "../errors.js";

/**
 * Splits an [N, C] (or [N, C, 1, 1]) score tensor into one row per sample in the DATASET's label space.
 * Several model classes mapped to one dataset class keep the highest score; logits and probabilities
 * rank the same, so no softmax is applied.
 */
export function classificationScores(tensor: Tensor, count: number, mapping: Int32Array, datasetClasses: number, outputName: string): Float32Array[] {
  const modelClasses = mapping.length;
  const trailing = tensor.dims.slice(1).filter((d) => d !== 1);
  if (tensor.dims[0] < count || trailing.length !== 1 || trailing[0] !== modelClasses) {
    throw new RunnerError(`model output '${outputName}' has shape [${tensor.dims.join(", ")}], expected [${count}, ${modelClasses}] class scores`);
  }
  const data = tensor.data;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) throw new RunnerError(`model output '${outputName}' is ${tensor.dtype}, expected float scores`);
  const rows: Float32Array[] = [];
  for (let n = 0; n < count; n++) {
    const row = new Float32Array(datasetClasses).fill(Number.NEGATIVE_INFINITY);
    for (let m = 0; m < modelClasses; m++) {
      const d = mapping[m];
      const score = data[n * modelClasses + m];
      if (d >= 0 && (score > row[d] || row[d] === Number.NEGATIVE_INFINITY)) row[d] = score;
    }
    rows.push(row);
  }
  return rows;
}
