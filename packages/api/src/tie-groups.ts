import type { RankedInterval } from "@podium/db";

/**
 * Statistical tie groups over a sorted board. Rule: walk the rows in rank order; the first row leads group 1;
 * each next row joins the current group when its 95% interval overlaps the LEADER's interval
 * (lo <= leader.hi and hi >= leader.lo), otherwise it leads a new group. Comparing with the leader, not the
 * previous row, keeps a chain of small overlaps from tying rows that are clearly apart. A row without an
 * interval cannot be shown tied with anything and forms its own group.
 * Returns runId -> 1-based group number.
 */
export function tieGroups(rows: readonly RankedInterval[]): Map<string, number> {
  const groups = new Map<string, number>();
  let group = 0;
  let leader: RankedInterval | null = null;
  for (const row of rows) {
    const joins =
      leader !== null && leader.ci95 !== null && row.ci95 !== null && row.ci95[0] <= leader.ci95[1] && row.ci95[1] >= leader.ci95[0];
    if (!joins) {
      group += 1;
      leader = row;
    }
    groups.set(row.runId, group);
  }
  return groups;
}

export const TIE_RULE =
  "Rows are tied when their 95% confidence intervals overlap the interval of their group's leader (the best-ranked row of the group); rows without an interval are never tied.";
