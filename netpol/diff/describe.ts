/** Wording shared by the diff formats. */
import { describeSide } from "../reference";
import { addedChanges, FlowChange, FlowDiff, Presence, Provenance, removedChanges } from "./types";

function count(n: number, singular: string, plural: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}

/** "2 connections added or widened, 1 removed or narrowed; 1 endpoint added, 0 removed". */
export function diffSummary(diff: FlowDiff): string {
  const connections = `${count(addedChanges(diff).length, "connection", "connections")} added or widened, ${removedChanges(diff).length.toLocaleString("en-US")} removed or narrowed`;
  const endpoints = `${count(diff.endpointsAdded.length, "endpoint", "endpoints")} added, ${diff.endpointsRemoved.length.toLocaleString("en-US")} removed`;
  return `${connections}; ${endpoints}`;
}

/** "both sides allow the same connections (18 pods/workloads, 12 policies)". */
export function identicalLine(diff: FlowDiff): string {
  return `no difference: both sides allow the same connections (${count(diff.head.endpoints, "pod/workload", "pods/workloads")}, ${count(diff.head.policies, "policy", "policies")})`;
}

/** "egress: allowed by ns/p; ingress: not isolated". */
export function describeProvenance(provenance: Provenance): string {
  return `${describeSide("egress", provenance.egress)}; ${describeSide("ingress", provenance.ingress)}`;
}

/** " (new)" for an endpoint only in head, " (gone)" for one only in base. */
export function presenceMark(presence: Presence): string {
  return presence === "head" ? " (new)" : presence === "base" ? " (gone)" : "";
}

export type ChangeKind = "added" | "removed" | "changed";

/** added: nothing before; removed: nothing after; changed: both sides allow something. */
export function changeKind(change: FlowChange): ChangeKind {
  if (change.before.isEmpty()) return "added";
  if (change.after.isEmpty()) return "removed";
  return "changed";
}
