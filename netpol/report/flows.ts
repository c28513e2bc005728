/** Allowed connections between groups (./groups): per group pair, the union of its pairs' connections. */
import { ConnectionSet } from "../connections";
import { isLoopback } from "../match";
import { Endpoint } from "../model";
import { Group, Grouping } from "./groups";
import { NetworkReport } from "./types";

export interface GroupFlow {
  readonly from: number;
  readonly to: number;
  readonly connections: ConnectionSet;
  /** Endpoint pairs that allow something, of `pairs` governed endpoint pairs between the two groups. */
  readonly allowed: number;
  readonly pairs: number;
}

/**
 * Governed endpoint pairs between two groups: not a Pod to itself. Never called for two ranges
 * (external to external is not governed, so no flow joins them).
 */
function governedPairCount(report: NetworkReport, from: Group, to: Group): number {
  let count = 0;
  for (const a of from.members) {
    for (const b of to.members) {
      if (!isLoopback(report.model.endpoints[a] as Endpoint, report.model.endpoints[b] as Endpoint)) count++;
    }
  }
  return count;
}

/** Group pairs with something allowed, ordered by source group, then destination group. */
export function groupFlows(report: NetworkReport, grouping: Grouping): GroupFlow[] {
  const byPair = new Map<number, { from: number; to: number; sets: ConnectionSet[] }>();
  const size = grouping.groups.length;
  for (const pair of report.pairs) {
    const from = grouping.groupOf.get(pair.from) as number;
    const to = grouping.groupOf.get(pair.to) as number;
    const key = from * size + to;
    const entry = byPair.get(key) ?? { from, to, sets: [] };
    entry.sets.push(pair.connections);
    byPair.set(key, entry);
  }
  return [...byPair.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, { from, to, sets }]) => ({
      from,
      to,
      connections: ConnectionSet.unionAll(sets),
      allowed: sets.length,
      pairs: governedPairCount(report, grouping.groups[from] as Group, grouping.groups[to] as Group),
    }));
}

/** "TCP 8080", or "TCP 8080 (3 of 4 pairs)" when only some endpoint pairs of the groups allow it. */
export function flowLabel(flow: GroupFlow): string {
  const partial = flow.allowed < flow.pairs ? ` (${flow.allowed} of ${flow.pairs} pairs)` : "";
  return `${flow.connections.format()}${partial}`;
}
