// Topology -> Kubernetes NetworkPolicies: a default deny for both directions in every tier
// namespace, then one allowance per side of every declared flow. Nothing else is allowed.
import type { StackConfig } from "../../config/types";
import type { Topology, Workload } from "../../topology";
import { LABEL_PART_OF, LABEL_TENANT, LABEL_TIER, PART_OF } from "../../topology";
import type { K8sObject } from "../k8s";
import { compareCodeUnits } from "../order";
import { type FlowSide, flowSides, sortedLabels } from "./sides";
import type { EgressRule, IngressRule, NetworkPolicySpec, PolicyType } from "./types";

export { PolicyBuildError } from "./sides";
export type { FlowSide } from "./sides";

export const DEFAULT_DENY_NAME = "default-deny";
/** Why a policy exists, one line per flow it carries. */
export const ANNOTATION_REASON = "zero-trust-eks.io/reason";
/** The flows a policy carries, as `from -> to PROTO/port`, in the analyzer's endpoint names. */
export const ANNOTATION_FLOWS = "zero-trust-eks.io/flows";
export const LABEL_POLICY_KIND = "zero-trust-eks.io/policy";

/**
 * `config` is accepted for the uniform builder signature of the manifests layer; the
 * policies follow from the topology alone (which was itself built from the config).
 */
export function buildNetworkPolicies(topology: Topology, _config: StackConfig): K8sObject[] {
  const defaultDenies = uniqueNamespaces(topology.workloads).map(defaultDeny);
  const sides = topology.flows.flatMap((flow) => flowSides(topology, flow));
  const allowances = [...groupSides(sides).values()].map(allowPolicy);
  return [...defaultDenies, ...allowances].sort(byNamespaceThenName);
}

function uniqueNamespaces(workloads: readonly Workload[]): Workload[] {
  const byNamespace = new Map<string, Workload>();
  // Stryker disable next-line ConditionalExpression: one workload per tenant and tier, each in its own namespace: no namespace comes twice
  for (const workload of workloads) if (!byNamespace.has(workload.namespace)) byNamespace.set(workload.namespace, workload);
  return [...byNamespace.values()];
}

/** Selects every pod of the namespace, both types, no rules: nothing in or out until allowed. */
function defaultDeny(workload: Workload): K8sObject {
  const spec: NetworkPolicySpec = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name: DEFAULT_DENY_NAME,
      namespace: workload.namespace,
      labels: policyLabels(workload, "default-deny"),
      annotations: { [ANNOTATION_REASON]: "zero trust: every pod of the tier starts closed in both directions" },
    },
    spec,
  };
}

/** Sides with the same namespace and name (several ports or CIDR rules of one pair) share a policy. */
function groupSides(sides: readonly FlowSide[]): Map<string, FlowSide[]> {
  const groups = new Map<string, FlowSide[]>();
  for (const side of sides) {
    const key = `${side.target.namespace}/${side.policyName}`;
    groups.set(key, [...(groups.get(key) ?? []), side]);
  }
  return groups;
}

function allowPolicy(sides: readonly FlowSide[]): K8sObject {
  const [first] = sides;
  const ingress: IngressRule[] = sides.filter((s) => s.direction === "ingress").map((s) => ({ from: [s.peer], ports: s.ports }));
  const egress: EgressRule[] = sides.filter((s) => s.direction === "egress").map((s) => ({ to: [s.peer], ports: s.ports }));
  const policyTypes: PolicyType[] = [...(ingress.length > 0 ? ["Ingress" as const] : []), ...(egress.length > 0 ? ["Egress" as const] : [])];
  const spec: NetworkPolicySpec = {
    podSelector: { matchLabels: sortedLabels(first.target.podLabels) },
    policyTypes,
    ...(ingress.length > 0 ? { ingress } : {}),
    ...(egress.length > 0 ? { egress } : {}),
  };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name: first.policyName,
      namespace: first.target.namespace,
      labels: policyLabels(first.target, "allow"),
      annotations: {
        [ANNOTATION_FLOWS]: unique(sides.map((s) => s.summary)).join("\n"),
        [ANNOTATION_REASON]: unique(sides.map((s) => s.reason)).join("\n"),
      },
    },
    spec,
  };
}

function policyLabels(workload: Workload, kind: "default-deny" | "allow"): Record<string, string> {
  return sortedLabels({
    [LABEL_PART_OF]: PART_OF,
    [LABEL_POLICY_KIND]: kind,
    [LABEL_TENANT]: workload.tenant,
    [LABEL_TIER]: workload.tier,
  });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function byNamespaceThenName(a: K8sObject, b: K8sObject): number {
  // Stryker disable next-line StringLiteral: every object sorted here is a namespaced NetworkPolicy: the fallback is never used
  const left = `${a.metadata.namespace ?? ""}/${a.metadata.name}`;
  // Stryker disable next-line StringLiteral: every object sorted here is a namespaced NetworkPolicy: the fallback is never used
  const right = `${b.metadata.namespace ?? ""}/${b.metadata.name}`;
  return compareCodeUnits(left, right);
}
