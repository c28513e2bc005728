/**
 * `netpol diff`: the reachability of two sides compared over the union of their endpoints.
 * Pods and workloads match by "namespace/name"; external atoms are shared (./sides). Only the
 * rows and columns a change can reach are computed (./dirty); provenance comes from the
 * reference engine's reading of the head model.
 */
import { ConnectionSet } from "../connections";
import { EngineName, PreparedEngine } from "../engine";
import { engineFor } from "../engines";
import { Endpoint, NetpolModel, PodEndpoint } from "../model";
import { explainSet, SideVerdict } from "../reference";
import { dirtyEndpoints } from "./dirty";
import { comparableModels } from "./sides";
import { EndpointRef, FlowChange, FlowDiff, Presence, Provenance, SideProvenance } from "./types";

export interface DiffOptions {
  readonly engine?: EngineName;
}

/** One endpoint of the union, with its index on each side (-1: absent there). */
interface UnionEndpoint {
  readonly id: string;
  readonly base: number;
  readonly head: number;
  readonly external: boolean;
  /** A Pod (not a workload) on either side: its pair with itself is never compared. */
  readonly podOnSomeSide: boolean;
}

interface Side {
  readonly model: NetpolModel;
  readonly prepared: PreparedEngine;
}

/** Pods of both sides sorted by id, then the shared external atoms. */
function unionEndpoints(base: NetpolModel, head: NetpolModel): UnionEndpoint[] {
  const baseIndex = new Map(base.pods.map((pod, i) => [pod.id, i]));
  const headIndex = new Map(head.pods.map((pod, i) => [pod.id, i]));
  const isPod = (model: NetpolModel, index: number | undefined): boolean => index !== undefined && (model.pods[index] as PodEndpoint).sourceKind === "Pod";
  const ids = [...new Set([...baseIndex.keys(), ...headIndex.keys()])].sort();
  const pods = ids.map((id) => ({
    id,
    base: baseIndex.get(id) ?? -1,
    head: headIndex.get(id) ?? -1,
    external: false,
    podOnSomeSide: isPod(base, baseIndex.get(id)) || isPod(head, headIndex.get(id)),
  }));
  // Stryker disable next-line BooleanLiteral: external-to-external pairs are skipped and equal on both sides (shared atoms); no change either way
  const externals = head.externals.map((external, i) => ({ id: external.id, base: base.pods.length + i, head: head.pods.length + i, external: true, podOnSomeSide: false }));
  return [...pods, ...externals];
}

function presence(endpoint: UnionEndpoint): Presence {
  return endpoint.base < 0 ? "head" : endpoint.head < 0 ? "base" : "both";
}

function connections(side: Side, from: number, to: number): ConnectionSet {
  return from < 0 || to < 0 ? ConnectionSet.NONE : side.prepared.connections(from, to);
}

function sideProvenance(verdict: SideVerdict): SideProvenance {
  switch (verdict.kind) {
    case "allowed":
      return { kind: "allowed", by: verdict.by };
    case "not-policed":
      return { kind: "not-policed" };
    case "not-isolated":
      return { kind: "not-isolated" };
    case "tiered":
      // Stryker disable next-line ConditionalExpression: provenance is only asked for connections the head allows, so a tiered side here allows
      if (verdict.allowed) return { kind: "tiered", allowed: true, decision: verdict.decision };
      // Stryker disable StringLiteral,ConditionalExpression: unreachable throws (see above; a Pod to itself is never compared), kept for the exhaustive switch
      throw new Error("no provenance for an added connection whose side is denied by its tiers");
    case "loopback":
    case "denied":
      // A Pod's pair with itself is never compared, and a side that denies cannot let an added connection through.
      throw new Error(`no provenance for an added connection whose side is ${verdict.kind}`);
  }
}

// Stryker restore StringLiteral,ConditionalExpression
function provenance(head: NetpolModel, from: number, to: number, added: ConnectionSet): Provenance {
  const verdict = explainSet(head, head.endpoints[from] as Endpoint, head.endpoints[to] as Endpoint, added);
  return { egress: sideProvenance(verdict.egress), ingress: sideProvenance(verdict.ingress) };
}

/** The change on one ordered pair, or undefined when both sides allow the same. */
function pairChange(base: Side, head: Side, from: UnionEndpoint, to: UnionEndpoint): FlowChange | undefined {
  const before = connections(base, from.base, to.base);
  const after = connections(head, from.head, to.head);
  if (before.equals(after)) return undefined;
  const added = after.subtract(before);
  const removed = before.subtract(after);
  const change = { from: from.id, to: to.id, fromPresence: presence(from), toPresence: presence(to), before, after, added, removed };
  return added.isEmpty() ? change : { ...change, allowedBy: provenance(head.model, from.head, to.head, added) };
}

/** The pods (and workloads) of the model with these ids. */
function endpointRefs(model: NetpolModel, ids: readonly string[]): EndpointRef[] {
  const pods = new Map(model.pods.map((pod) => [pod.id, pod]));
  return ids.map((id) => ({ id, kind: (pods.get(id) as PodEndpoint).sourceKind }));
}

/** Compare two analysed sides whose external atoms are the same. */
export function diffModels(base: NetpolModel, head: NetpolModel, options: DiffOptions = {}): FlowDiff {
  const requested = options.engine ?? "fast";
  const chosen = { base: engineFor(requested, base), head: engineFor(requested, head) };
  const sides = { base: { model: base, prepared: chosen.base.engine.prepare(base) }, head: { model: head, prepared: chosen.head.engine.prepare(head) } };
  const notes = (model: NetpolModel, note: string | undefined): readonly string[] => (note === undefined ? model.notes : [...model.notes, note]);
  const union = unionEndpoints(base, head);
  const dirty = dirtyEndpoints(base, head);
  const changes: { from: number; to: number; change: FlowChange }[] = [];
  const visit = (from: number, to: number): void => {
    const source = union[from] as UnionEndpoint;
    const destination = union[to] as UnionEndpoint;
    // Stryker disable next-line ConditionalExpression: comparing external-to-external pairs too finds nothing: both sides share the atoms
    if (source.external && destination.external) return;
    if (from === to && source.podOnSomeSide) return; // a Pod to itself: always allowed, never compared
    const change = pairChange(sides.base, sides.head, source, destination);
    if (change !== undefined) changes.push({ from, to, change });
  };
  const indices = union.map((_, i) => i);
  // Stryker disable next-line MethodExpression: comparing every row instead of the dirty ones finds the same changes, with more work
  const sourceRows = indices.filter((i) => dirty.sources.has((union[i] as UnionEndpoint).id));
  const rows = new Set(sourceRows);
  for (const from of sourceRows) for (const to of indices) visit(from, to);
  // Stryker disable next-line MethodExpression: comparing every column instead of the dirty ones finds the same changes, with more work
  for (const to of indices.filter((i) => dirty.destinations.has((union[i] as UnionEndpoint).id))) {
    for (const from of indices) if (!rows.has(from)) visit(from, to);
  }
  // Stryker disable next-line ArithmeticOperator: changes of one source are found in destination order, so the tie-break never reorders
  changes.sort((a, b) => a.from - b.from || a.to - b.to);
  const only = (side: "base" | "head"): string[] => union.filter((endpoint) => !endpoint.external && presence(endpoint) === side).map((endpoint) => endpoint.id);
  return {
    base: { endpoints: base.pods.length, policies: base.policies.length },
    head: { endpoints: head.pods.length, policies: head.policies.length },
    endpointsAdded: endpointRefs(head, only("head")),
    endpointsRemoved: endpointRefs(base, only("base")),
    externals: head.externals.map((external) => external.id),
    changes: changes.map(({ change }) => change),
    notes: { base: notes(base, chosen.base.note), head: notes(head, chosen.head.note) },
  };
}

/** Kubernetes objects of both sides -> their flow diff. Throws NetpolInputError naming every problem of both. */
export function diffObjects(baseObjects: readonly unknown[], headObjects: readonly unknown[], options: DiffOptions = {}): FlowDiff {
  const { base, head } = comparableModels(baseObjects, headObjects);
  return diffModels(base, head, options);
}
