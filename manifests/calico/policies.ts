// Calico defence in depth beside the Kubernetes NetworkPolicies (projectcalico.org/v3, served by
// the Calico API server). Calico evaluates tiers by ascending order, and policies inside a
// tier by ascending order; Kubernetes NetworkPolicies live in the `default` tier at order 1000.
import type { Protocol } from "../../config/types";
import { LABEL_NAMESPACE_NAME, LABEL_PART_OF, PART_OF, type Topology } from "../../topology";
import type { K8sObject } from "../k8s";
import { compareCodeUnits } from "../order";
import { namespacesOtherThan } from "./systemNamespaces";

export const CALICO_API_VERSION = "projectcalico.org/v3";

/** Where Kubernetes NetworkPolicies sit in Calico's default tier. */
export const KUBERNETES_POLICY_ORDER = 1000;
/** After every Kubernetes NetworkPolicy: catches only what none of them allowed. */
export const DEFAULT_DENY_ORDER = 2000;
/** A tier evaluated before the default tier (order 1,000,000) and the admin tier (1,000). */
export const SECURITY_TIER = "security";
export const SECURITY_TIER_ORDER = 100;
export const METADATA_DENY_ORDER = 10;

export const INSTANCE_METADATA_CIDR = "169.254.169.254/32";
export const DEFAULT_DENY_NAME = "zero-trust-default-deny";
export const METADATA_DENY_NAME = `${SECURITY_TIER}.deny-instance-metadata`;

const LABELS = { [LABEL_PART_OF]: PART_OF };

/**
 * The security tier. `defaultAction: Pass` hands everything its policies do not decide to the
 * next tier: without it, a tier that applies to a pod drops all its unmatched traffic.
 */
export function securityTier(): K8sObject {
  return {
    apiVersion: CALICO_API_VERSION,
    kind: "Tier",
    metadata: { name: SECURITY_TIER, labels: { ...LABELS } },
    spec: { order: SECURITY_TIER_ORDER, defaultAction: "Pass" },
  };
}

/**
 * No pod reaches the EC2 instance metadata service (node credentials), whatever any later
 * policy allows. Selects workload endpoints only (they carry projectcalico.org/namespace), so
 * host endpoints, if ever enabled, keep the node's own access.
 */
export function denyInstanceMetadata(): K8sObject {
  return {
    apiVersion: CALICO_API_VERSION,
    kind: "GlobalNetworkPolicy",
    metadata: { name: METADATA_DENY_NAME, labels: { ...LABELS } },
    spec: {
      tier: SECURITY_TIER,
      order: METADATA_DENY_ORDER,
      selector: "has(projectcalico.org/namespace)",
      types: ["Egress"],
      egress: [{ action: "Deny", destination: { nets: [INSTANCE_METADATA_CIDR] } }],
    },
  };
}

/**
 * Every namespace but `exempt` (SYSTEM_NAMESPACES, the one list to extend, and kind's add-ons on
 * kind: systemNamespacesOf), including ones created later,
 * starts closed: after the Kubernetes policies have allowed what they allow, everything else is
 * dropped, except DNS to kube-dns. Calico's own recipe (docs "Enable a default deny policy",
 * v3.31): no Deny rule, the end-of-tier drop does the denying.
 */
export function clusterDefaultDeny(topology: Topology, exempt: readonly string[]): K8sObject {
  const { dns } = topology;
  const dnsAllows = portsByProtocol(dns.ports).map(([protocol, ports]) => ({
    action: "Allow",
    protocol,
    destination: {
      namespaceSelector: `${LABEL_NAMESPACE_NAME} == "${dns.namespace}"`,
      selector: labelsSelector(dns.podLabels),
      ports,
    },
  }));
  return {
    apiVersion: CALICO_API_VERSION,
    kind: "GlobalNetworkPolicy",
    metadata: { name: DEFAULT_DENY_NAME, labels: { ...LABELS } },
    spec: {
      order: DEFAULT_DENY_ORDER,
      namespaceSelector: namespacesOtherThan(exempt),
      types: ["Ingress", "Egress"],
      egress: dnsAllows,
    },
  };
}

/** The topology's DNS ports as Calico rules need them: one rule per protocol, in first-seen order. */
function portsByProtocol(ports: readonly { port: number; protocol: Protocol }[]): [Protocol, number[]][] {
  const grouped = new Map<Protocol, number[]>();
  for (const { port, protocol } of ports) grouped.set(protocol, [...(grouped.get(protocol) ?? []), port]);
  return [...grouped.entries()];
}

function labelsSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([key, value]) => `${key} == "${value}"`)
    .join(" && ");
}
