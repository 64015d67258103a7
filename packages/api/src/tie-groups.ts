import type { ConfidenceInterval, RankedInterval } from "@podium/db";

/**
 * Statistical tie groups over a sorted board. Rule: walk the rows in rank order; the first row leads group 1;
 * each next row joins the current group when its 95% interval overlaps the LEADER's interval
 * (lo <= leader.hi and hi >= leader.lo), otherwise it leads a new group. Comparing with the leader, not the
 * previous row, keeps a chain of small overlaps from tying rows that are clearly apart. A row without an
 * interval cannot be shown tied with anything and forms its own group.
 */
class TieWalk {
  group = 0;
  private leader: ConfidenceInterval | null | undefined = undefined;

  /** Places the next row in rank order and returns its 1-based group number. */
  next(ci95: ConfidenceInterval | null): number {
    const leader = this.leader;
    const joins = leader !== undefined && leader !== null && ci95 !== null && ci95[0] <= leader[1] && ci95[1] >= leader[0];
    if (!joins) {
      this.group += 1;
      this.leader = ci95;
    }
    return this.group;
  }
}

/** Tie groups of a whole board in rank order. Returns runId -> 1-based group number. */
export function tieGroups(rows: readonly RankedInterval[]): Map<string, number> {
  return tieGroupsOfPage([], rows);
}

/**
 * Tie groups of one page, numbered as on the whole board. Groups are decided from the top, so the rows above
 * the page (`above`: their intervals in rank order) matter only through how many groups they open and which
 * row leads the group the page starts in; rows below the page cannot change a page row's group.
 * Returns runId -> 1-based group number for the page's rows.
 */
export function tieGroupsOfPage(above: readonly (ConfidenceInterval | null)[], page: readonly Pick<RankedInterval, "runId" | "ci95">[]): Map<string, number> {
  const walk = new TieWalk();
  for (const ci95 of above) walk.next(ci95);
  const groups = new Map<string, number>();
  for (const row of page) groups.set(row.runId, walk.next(row.ci95));
  return groups;
}

export const TIE_RULE =
  "Rows are tied when their 95% confidence intervals overlap the interval of their group's leader (the best-ranked row of the group); rows without an interval are never tied.";
