/**
 * mulberry32: a small, fast 32-bit PRNG (period 2^32). Deterministic across platforms because it only
 * uses 32-bit integer arithmetic; good enough for resampling, not for cryptography.
 * Returns a function yielding uint32 values.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
