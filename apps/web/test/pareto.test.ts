import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { paretoFront } from "../lib/pareto.js";

describe("paretoFront", () => {
  it("keeps the models no other model beats on both cost and accuracy, cheapest first", () => {
    const points = [
      { name: "alexnet", x: 2.9, y: 56.5 },
      { name: "resnet18", x: 5.1, y: 69.8 },
      { name: "mobilenet", x: 3.5, y: 71.9 },
      { name: "vgg16", x: 40.2, y: 71.6 },
      { name: "resnet50", x: 12.3, y: 76.1 },
    ];
    expect(paretoFront(points).map((p) => p.name)).toEqual(["alexnet", "mobilenet", "resnet50"]);
  });

  it("drops a point that only ties another on cost with lower accuracy, and non-finite points", () => {
    expect(paretoFront([{ x: 1, y: 50 }, { x: 1, y: 60 }, { x: Number.NaN, y: 99 }, { x: 2, y: 60 }])).toEqual([{ x: 1, y: 60 }]);
  });

  it("matches the definition on random boards: front points are undominated, the others dominated", () => {
    const point = fc.record({ x: fc.integer({ min: 1, max: 50 }), y: fc.integer({ min: 0, max: 100 }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 40 }), (points) => {
        const front = new Set(paretoFront(points));
        const dominates = (a: { x: number; y: number }, b: { x: number; y: number }) => a.x <= b.x && a.y >= b.y && (a.x < b.x || a.y > b.y);
        for (const p of points) {
          const dominated = points.some((q) => dominates(q, p));
          if (front.has(p)) expect(dominated).toBe(false);
          // Among exact duplicates only one is kept; any other undominated point must be on the front.
          else if (!dominated) expect([...front].some((f) => f.x === p.x && f.y === p.y)).toBe(true);
        }
      }),
    );
  });
});
