/**
 * The fast engine's counting as it was before issue 13 (dense bitset rows over all classes, so
 * classes² time and memory), frozen here as an oracle: the medium-size differential test checks
 * that the new counting gives exactly the old numbers. Not used by the product.
 */
import { PortProbe } from "../../../../netpol/engine";
import { NetpolModel } from "../../../../netpol/model";
import { Bitset, has } from "./bitset";
import { groupIntoClasses } from "./classes";
import { compilePolicies } from "./compile";
import { countAllowedPairs } from "./count";
import { probeRows } from "./probe";

/** Allowed ordered pod pairs per probe, self-pairs included, as the pre-issue-13 fast engine counted them. */
export function legacyCountAllowedPodPairs(model: NetpolModel, probes: readonly PortProbe[]): number[] {
  const grouping = groupIntoClasses(model);
  const compiled = compilePolicies(model, grouping);
  const podClasses = grouping.classes.slice(0, grouping.podClassCount);
  const weights = podClasses.map((endpointClass) => endpointClass.members.length);
  const loopbacks = podClasses.map((endpointClass) => endpointClass.members.filter((member) => {
    const endpoint = model.endpoints[member];
    return endpoint?.kind === "pod" && endpoint.sourceKind === "Pod";
  }).length);
  return probes.map((probe) => {
    const rows = probeRows(grouping, compiled, probe);
    const blocked = loopbacks.reduce((sum, pods, c) => (has(rows.egress[c] as Bitset, c) && has(rows.ingress[c] as Bitset, c) ? sum : sum + pods), 0);
    return countAllowedPairs(rows.ingress, rows.egress, weights, compiled.sets.all) + blocked;
  });
}
