import { describe, expect, it } from "vitest";
import { tieGroups } from "@podium/api";

const row = (runId: string, value: number, ci95: [number, number] | null) => ({ runId, value, ci95 });

describe("tieGroups", () => {
  it("groups rows whose interval overlaps the group leader's, not a chain of neighbours", () => {
    const groups = tieGroups([
      row("a", 81, [80, 82]),
      row("b", 80.2, [79.5, 81]), // overlaps a
      row("c", 79.1, [78, 80]), // touches a's lower bound: overlap
      row("d", 78.9, [77.8, 79.9]), // overlaps b and c but not the leader a: new group
      row("e", 78.5, null), // no interval: alone
      row("f", 78.4, [77, 79.95]), // would overlap d, but e leads now
      row("g", 77.2, [76, 78]), // overlaps f
    ]);
    expect([...groups]).toEqual([["a", 1], ["b", 1], ["c", 1], ["d", 2], ["e", 3], ["f", 4], ["g", 4]]);
  });

  it("gives an empty board no groups", () => {
    expect(tieGroups([]).size).toBe(0);
  });
});
