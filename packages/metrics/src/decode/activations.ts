export function sigmoid(x: number): number {
  // Two branches keep exp() from overflowing for large |x|.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Expected bin index under softmax(values[offset + k·step]) for k = 0 … bins−1 (the DFL / GFL "integral"
 * of a distribution head). The maximum is subtracted before exp() so large logits cannot overflow.
 */
export function softmaxExpectation(values: ArrayLike<number>, offset: number, step: number, bins: number): number {
  let max = -Infinity;
  for (let k = 0; k < bins; k++) max = Math.max(max, values[offset + k * step]);
  let sum = 0;
  let weighted = 0;
  for (let k = 0; k < bins; k++) {
    const p = Math.exp(values[offset + k * step] - max);
    sum += p;
    weighted += k * p;
  }
  return weighted / sum;
}
