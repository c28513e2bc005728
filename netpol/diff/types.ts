/** The result of comparing two sides (base and head) pair by pair; rendering lives in ./text, ./markdown, ./json. */
import type { TierDecision } from "../calico/evaluate";
import { ConnectionSet } from "../connections";

/** What one side of an added connection says in the head: the policies letting it through, or why nothing has to. */
export type SideProvenance =
  /** These policies select the endpoint for this direction and allow some of the added connections. */
  | { readonly kind: "allowed"; readonly by: readonly string[] }
  /** No policy selects the endpoint for this direction: everything is allowed. */
  | { readonly kind: "not-isolated" }
  /** The endpoint is an external address: NetworkPolicy does not govern its side. */
  | { readonly kind: "not-policed" }
  /** Calico's tiers let (the first of) the added connections through: the tier, policy and rule that did. */
  | { readonly kind: "tiered"; readonly allowed: true; readonly decision: TierDecision };

export interface Provenance {
  /** The source's egress side. */
  readonly egress: SideProvenance;
  /** The destination's ingress side. */
  readonly ingress: SideProvenance;
}

/** Where an endpoint of a changed pair exists. */
export type Presence = "both" | "base" | "head";

/** One ordered pair whose allowed connections differ between base and head. */
export interface FlowChange {
  readonly from: string;
  readonly to: string;
  /** `base` or `head` when that endpoint exists on one side only. */
  readonly fromPresence: Presence;
  readonly toPresence: Presence;
  /** `none` where an endpoint is absent on that side. */
  readonly before: ConnectionSet;
  readonly after: ConnectionSet;
  /** after − before and before − after; at least one is not empty. */
  readonly added: ConnectionSet;
  readonly removed: ConnectionSet;
  /** For `added` (when not empty): the head policies that allow it. */
  readonly allowedBy?: Provenance;
}

export interface EndpointRef {
  /** "namespace/name". */
  readonly id: string;
  /** Pod, Deployment, ... */
  readonly kind: string;
}

export interface SideCounts {
  /** Pods and workloads. */
  readonly endpoints: number;
  readonly policies: number;
}

export interface FlowDiff {
  readonly base: SideCounts;
  readonly head: SideCounts;
  /** Pods and workloads in head only, and in base only, sorted by id. */
  readonly endpointsAdded: readonly EndpointRef[];
  readonly endpointsRemoved: readonly EndpointRef[];
  /** External atoms both sides were split into (the union of both sides' ipBlocks). */
  readonly externals: readonly string[];
  /** Ordered by source, then destination (pods by id, then external atoms). */
  readonly changes: readonly FlowChange[];
  /** How the manifests were read (API defaults applied), per side. */
  readonly notes: { readonly base: readonly string[]; readonly head: readonly string[] };
}

/** What makes `diff` exit 1: connections added or widened (default), any difference, or nothing. */
export type FailOn = "added" | "any" | "never";
export const FAIL_ON: readonly FailOn[] = ["added", "any", "never"];

export function addedChanges(diff: FlowDiff): FlowChange[] {
  return diff.changes.filter((change) => !change.added.isEmpty());
}

export function removedChanges(diff: FlowDiff): FlowChange[] {
  return diff.changes.filter((change) => !change.removed.isEmpty());
}

export function isIdentical(diff: FlowDiff): boolean {
  return diff.changes.length === 0 && diff.endpointsAdded.length === 0 && diff.endpointsRemoved.length === 0;
}

/** Does the diff call for a security review under `failOn`? */
export function diffFails(diff: FlowDiff, failOn: FailOn): boolean {
  switch (failOn) {
    case "added":
      return addedChanges(diff).length > 0;
    case "any":
      return !isIdentical(diff);
    case "never":
      return false;
  }
}
