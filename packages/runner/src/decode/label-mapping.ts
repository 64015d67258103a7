import type { LabelSpace } from "@podium/datasets";
import { RunnerError } from "../errors.js";

/**
 * Model class index → dataset class index (−1: not scored), from the manifest's `labels` and the number
 * of classes the model actually outputs. Every dataset class must be reachable from some model class:
 * a dataset class the model can never predict would make any accuracy meaningless, so it is an error.
 */
export function labelMapping(labels: LabelSpace, modelClasses: number, datasetClasses: readonly string[], where: string): Int32Array {
  if (labels.classes && labels.classes.length !== modelClasses) {
    throw new RunnerError(`${where}: the model outputs ${modelClasses} classes but its manifest lists ${labels.classes.length} (output.labels.classes)`);
  }
  const mapping = new Int32Array(modelClasses);
  const spec = labels.to_dataset;
  if (spec === "identity") {
    if (modelClasses !== datasetClasses.length) {
      throw new RunnerError(
        `${where}: the model outputs ${modelClasses} classes (${labels.space}) but the dataset has ${datasetClasses.length}; give output.labels.to_dataset to map them`,
      );
    }
    mapping.forEach((_, i) => (mapping[i] = i));
  } else if (spec === "by-name") {
    const index = new Map(datasetClasses.map((name, i) => [name, i]));
    labels.classes!.forEach((name, i) => (mapping[i] = index.get(name) ?? -1));
  } else {
    if (spec.length !== modelClasses) throw new RunnerError(`${where}: output.labels.to_dataset has ${spec.length} entries but the model outputs ${modelClasses} classes`);
    spec.forEach((target, i) => {
      if (target >= datasetClasses.length) throw new RunnerError(`${where}: output.labels.to_dataset[${i}] = ${target} is not a dataset class (0..${datasetClasses.length - 1})`);
      mapping[i] = target;
    });
  }
  if (labels.background_index !== undefined && labels.background_index < modelClasses) mapping[labels.background_index] = -1;
  const covered = new Set(mapping);
  const missing = datasetClasses.findIndex((_, d) => !covered.has(d));
  if (missing >= 0) throw new RunnerError(`${where}: no model class maps to dataset class ${missing} ('${datasetClasses[missing]}') under output.labels`);
  return mapping;
}
