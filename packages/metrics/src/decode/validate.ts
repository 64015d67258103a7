import { MetricInputError } from "../errors.js";

export function requirePositiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new MetricInputError(`${name} must be a positive integer, got ${value}`);
}

export function requirePositiveNumber(value: number, name: string): void {
  if (!(Number.isFinite(value) && value > 0)) throw new MetricInputError(`${name} must be a positive finite number, got ${value}`);
}

export function requireThreshold(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new MetricInputError(`${name} must be a finite number, got ${value}`);
}

/**
 * Checks a raw model output against the shape the caller declared, and that every value is finite: a NaN
 * logit would otherwise silently become a NaN score that passes no threshold and vanishes from the result.
 */
export function requireTensor(values: ArrayLike<number>, shape: readonly number[], name: string): void {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    throw new MetricInputError(`${name}: expected ${expected} values for shape [${shape.join(", ")}], got ${values.length}`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new MetricInputError(`${name}: value at flat index ${i} is ${v} (model output must be finite)`);
  }
}
