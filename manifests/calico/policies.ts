// Calico defence in depth beside the Kubernetes NetworkPolicies (projectcalico.org/v3, served by
// the Calico API server). Calico evaluates tiers by ascending order, and policies inside a
// tier by ascending order; Kubernetes NetworkPolicies live in the `default` tier at order 1000.
import type { Topology } from "../../topology";
import type { K8sObject } from "../k8s";

export const CALICO_API_VERSION = "projectcalico.org/v3";

/** Namespaces of the platform itself: they keep their own (Calico-, EKS-managed) rules. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  "calico-apiserver",
  "calico-system",
  "kube-node-lease",
  "kube-public",
  "kube-system",
  "tigera-operator",
];

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

const LABELS = { "app.kubernetes.io/part-of": "zero-trust-eks" };

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
 * Every non-system namespace, including ones created later, starts closed: after the Kubernetes
 * policies have allowed what they allow, everything else is dropped, except DNS to kube-dns.
 * Calico's own recipe (docs "Enable a default deny policy", v3.31): no Deny rule, the
 * end-of-tier drop does the denying.
 */
export function clusterDefaultDeny(topology: Topology): K8sObject {
  const dnsDestination = {
    namespaceSelector: `kubernetes.io/metadata.name == "${topology.dns.namespace}"`,
    selector: labelsSelector(topology.dns.podLabels),
    ports: [53],
  };
  return {
    apiVersion: CALICO_API_VERSION,
    kind: "GlobalNetworkPolicy",
    metadata: { name: DEFAULT_DENY_NAME, labels: { ...LABELS } },
    spec: {
      order: DEFAULT_DENY_ORDER,
      namespaceSelector: `kubernetes.io/metadata.name not in {${SYSTEM_NAMESPACES.map((n) => `"${n}"`).join(", ")}}`,
      types: ["Ingress", "Egress"],
      egress: (["UDP", "TCP"] as const).map((protocol) => ({
        action: "Allow",
        protocol,
        destination: { ...dnsDestination, ports: [...dnsDestination.ports] },
      })),
    },
  };
}

function labelsSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key} == "${value}"`)
    .join(" && ");
}
