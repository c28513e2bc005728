// Typed views of the generated NetworkPolicies, so tests read like the rules they check.
import type { StackConfig } from "../../config/types";
import type { K8sObject } from "../../manifests/k8s";
import { buildNetworkPolicies } from "../../manifests/policies";
import type { EgressRule, IngressRule, NetworkPolicyPeer, NetworkPolicySpec } from "../../manifests/policies/types";
import { buildTopology, type Topology } from "../../topology";
import { testStackConfig } from "../fixtures/stackConfig";

export interface Built {
  readonly config: StackConfig;
  readonly topology: Topology;
  readonly policies: readonly K8sObject[];
}

export function build(overrides: Partial<StackConfig["app"]> = {}): Built {
  const config = testStackConfig(overrides);
  const topology = buildTopology(config);
  return { config, topology, policies: buildNetworkPolicies(topology, config) };
}

export function specOf(policy: K8sObject): NetworkPolicySpec {
  return policy.spec as NetworkPolicySpec;
}

export function inNamespace(policies: readonly K8sObject[], namespace: string): K8sObject[] {
  return policies.filter((p) => p.metadata.namespace === namespace);
}

export function ingressRules(policies: readonly K8sObject[]): IngressRule[] {
  return policies.flatMap((p) => [...(specOf(p).ingress ?? [])]);
}

export function egressRules(policies: readonly K8sObject[]): EgressRule[] {
  return policies.flatMap((p) => [...(specOf(p).egress ?? [])]);
}

/** A peer as one readable string: `ns=<name> pods=<k=v,...>` or `cidr=<cidr>[ except=<cidr>,...]`. */
export function describePeer(peer: NetworkPolicyPeer): string {
  if ("ipBlock" in peer) {
    const { cidr, except = [] } = peer.ipBlock;
    return except.length === 0 ? `cidr=${cidr}` : `cidr=${cidr} except=${except.join(",")}`;
  }
  const namespace = peer.namespaceSelector.matchLabels?.["kubernetes.io/metadata.name"] ?? "?";
  const pods = Object.entries(peer.podSelector.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `ns=${namespace} pods=${pods}`;
}
