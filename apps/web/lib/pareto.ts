export interface ParetoPoint {
  /** The cost (latency, params, MACs): lower is better. */
  x: number;
  /** The accuracy: higher is better. */
  y: number;
}

/**
 * The Pareto front of (cost, accuracy) points: those no other point beats on both (lower-or-equal cost AND
 * higher-or-equal accuracy, strictly better on one). Returned in increasing cost, which is also increasing accuracy.
 */
export function paretoFront<T extends ParetoPoint>(points: readonly T[]): T[] {
  const sorted = [...points].filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x || b.y - a.y);
  const front: T[] = [];
  let best = -Infinity;
  for (const point of sorted) {
    if (point.y > best) {
      front.push(point);
      best = point.y;
    }
  }
  return front;
}
