// A declared flow becomes one or two "sides": the client's egress allowance in the client's
// namespace and the server's ingress allowance in the server's namespace. Both are needed
// because every tier namespace denies both directions by default.
import type { Flow, FlowPeer, Topology, Workload } from "../../topology";
import { LABEL_NAMESPACE_NAME, externalName, findWorkload } from "../../topology";
import { compareCodeUnits } from "../order";
import type { NetworkPolicyPeer, NetworkPolicyPort } from "./types";

export type Direction = "ingress" | "egress";

export interface FlowSide {
  readonly direction: Direction;
  /** The policy's name, shared by both sides of a flow: `allow-<from>-to-<to>`. */
  readonly policyName: string;
  /** The pods the side protects (and whose namespace holds the policy). */
  readonly target: Workload;
  /** The other end of the flow. */
  readonly peer: NetworkPolicyPeer;
  readonly ports: readonly NetworkPolicyPort[];
  readonly reason: string;
  /** `from -> to PROTO/port,...`, in the analyzer's endpoint names, for review. */
  readonly summary: string;
}

/** A flow that no policy of ours can enforce (neither end is one of our workloads). */
export class PolicyBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyBuildError";
  }
}

export function flowSides(topology: Topology, flow: Flow): FlowSide[] {
  const common = {
    policyName: `allow-${slug(topology, flow.from, flow.to)}-to-${slug(topology, flow.to, flow.from)}`,
    reason: flow.reason,
    summary: `${endpointName(topology, flow.from)} -> ${endpointName(topology, flow.to)} ${flow.ports
      .map((p) => `${p.protocol}/${p.port}`)
      .join(",")}`,
  };
  // Numeric pod ports, as declared (docs/policies.md, "Numeric ports"); fresh objects per side so
  // no two policies share a node (a shared node would render as a YAML anchor).
  const ports = (): NetworkPolicyPort[] => flow.ports.map(({ protocol, port }) => ({ protocol, port }));
  const sides: FlowSide[] = [];
  if (flow.from.kind === "workload") {
    const target = workloadOf(topology, flow.from);
    sides.push({ ...common, direction: "egress", target, peer: peerOf(topology, flow.to), ports: ports() });
  }
  if (flow.to.kind === "workload") {
    const target = workloadOf(topology, flow.to);
    sides.push({ ...common, direction: "ingress", target, peer: peerOf(topology, flow.from), ports: ports() });
  }
  if (sides.length === 0) throw new PolicyBuildError(`flow "${common.summary}" has no workload end to attach a policy to`);
  return sides;
}

type WorkloadPeer = Extract<FlowPeer, { kind: "workload" }>;

function workloadOf(topology: Topology, peer: WorkloadPeer): Workload {
  return findWorkload(topology, peer.tenant, peer.tier);
}

/**
 * The other end as a NetworkPolicy peer. Pods are matched by namespace AND pod labels in one
 * peer; the namespace by `kubernetes.io/metadata.name`, which the API server sets and nobody
 * can forge, so a look-alike pod in another namespace never matches.
 */
function peerOf(topology: Topology, peer: FlowPeer): NetworkPolicyPeer {
  switch (peer.kind) {
    case "workload": {
      const workload = workloadOf(topology, peer);
      return podsIn(workload.namespace, workload.podLabels);
    }
    case "dns":
      return podsIn(topology.dns.namespace, topology.dns.podLabels);
    case "cidr":
      // Fresh arrays, as for ports: a shared node would render as a YAML anchor.
      return { ipBlock: { cidr: peer.cidr, ...(peer.except.length > 0 ? { except: [...peer.except] } : {}) } };
  }
}

function podsIn(namespace: string, podLabels: Readonly<Record<string, string>>): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [LABEL_NAMESPACE_NAME]: namespace } },
    podSelector: { matchLabels: sortedLabels(podLabels) },
  };
}

export function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareCodeUnits(a, b)));
}

/** A short DNS-label-safe name for one end: the tier within a tenant, else the namespace. */
function slug(topology: Topology, peer: FlowPeer, other: FlowPeer): string {
  switch (peer.kind) {
    case "workload": {
      const sameTenant = other.kind !== "workload" || other.tenant === peer.tenant;
      return sameTenant ? peer.tier : workloadOf(topology, peer).namespace;
    }
    case "dns":
      return "dns";
    case "cidr":
      return peer.cidr.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }
}

function endpointName(topology: Topology, peer: FlowPeer): string {
  switch (peer.kind) {
    case "workload": {
      const workload = workloadOf(topology, peer);
      return `${workload.namespace}/${workload.name}`;
    }
    case "dns":
      return `${topology.dns.namespace}/${topology.dns.name}`;
    case "cidr":
      return externalName(peer.cidr, peer.except);
  }
}
