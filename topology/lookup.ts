// Finding things in a Topology by what they are, not by recomputing their names.
import type { TierName, Topology, Workload } from "./types";

export function findWorkload(topology: Topology, tenant: string, tier: TierName): Workload {
  const found = topology.workloads.find((w) => w.tenant === tenant && w.tier === tier);
  if (!found) throw new Error(`topology has no ${tier} workload for tenant ${tenant}`);
  return found;
}
