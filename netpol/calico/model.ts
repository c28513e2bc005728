/**
 * Calico's projectcalico.org/v3 policy objects (and the Kubernetes NetworkPolicies, as Calico
 * sees them) in the normalised model: tiers in evaluation order, each with its policies in
 * evaluation order. Built once by netpol/calico/ingest.ts; netpol/calico/evaluate.ts reads it.
 */
import { Cidr, Direction, PolicyModel, PortMatcher, Protocol } from "../model";
import { CalicoSelector } from "./selector";

export type CalicoAction = "Allow" | "Deny" | "Pass" | "Log";

/** Calico's protocol field: a name Calico knows, or a number 1-255; TCP, UDP and SCTP are the model's. */
export type CalicoProtocol = { readonly kind: "modelled"; readonly protocol: Protocol } | { readonly kind: "other"; readonly name: string };

export interface ServiceAccountMatch {
  /** Empty: any name. */
  readonly names: readonly string[];
  readonly selector?: CalicoSelector;
}

/** A rule's `source` or `destination` (Calico's EntityRule); absent fields restrict nothing. */
export interface EntityMatch {
  readonly nets?: readonly Cidr[];
  readonly notNets?: readonly Cidr[];
  readonly selector?: CalicoSelector;
  readonly notSelector?: CalicoSelector;
  readonly namespaceSelector?: CalicoSelector;
  readonly serviceAccounts?: ServiceAccountMatch;
  /** Destination ports (numbers, ranges, names; on the rule's protocol). Source ports are outside the model. */
  readonly ports?: readonly PortMatcher[];
  readonly notPorts?: readonly PortMatcher[];
}

export interface CalicoRule {
  readonly action: CalicoAction;
  /** Undefined: any protocol. */
  readonly protocol?: CalicoProtocol;
  readonly notProtocol?: CalicoProtocol;
  readonly source: EntityMatch;
  readonly destination: EntityMatch;
}

/** A Calico policy, or a Kubernetes NetworkPolicy in the default tier (kind "KubernetesNetworkPolicy"). */
export type TieredPolicy = CalicoPolicy | KubernetesTierPolicy;

export interface CalicoPolicy {
  readonly kind: "GlobalNetworkPolicy" | "NetworkPolicy";
  /** "GlobalNetworkPolicy name" or "NetworkPolicy ns/name": what verdicts name. */
  readonly id: string;
  readonly name: string;
  /** Undefined for GlobalNetworkPolicy. */
  readonly namespace?: string;
  readonly tier: string;
  /** Undefined: after every ordered policy of the tier. */
  readonly order?: number;
  readonly selector: CalicoSelector;
  /** GlobalNetworkPolicy only: the namespaces of the endpoints it applies to. */
  readonly namespaceSelector?: CalicoSelector;
  readonly serviceAccountSelector?: CalicoSelector;
  /** null: the policy does not have that type. */
  readonly ingress: readonly CalicoRule[] | null;
  readonly egress: readonly CalicoRule[] | null;
}

/** A Kubernetes NetworkPolicy as Calico runs it: default tier, order 1000, rules that Allow. */
export interface KubernetesTierPolicy {
  readonly kind: "KubernetesNetworkPolicy";
  /** "NetworkPolicy ns/name" (networking.k8s.io/v1). */
  readonly id: string;
  /** Calico's name for it, "knp.default.<name>", which orders it among equal orders. */
  readonly name: string;
  readonly tier: "default";
  readonly order: number;
  readonly policy: PolicyModel;
}

export interface TierModel {
  readonly name: string;
  /** Undefined: after every ordered tier. */
  readonly order?: number;
  readonly defaultAction: "Deny" | "Pass";
  /** In evaluation order: by order (undefined last), then name. */
  readonly policies: readonly TieredPolicy[];
}

/** A GlobalNetworkSet (no namespace) or a NetworkSet: labelled addresses that rule selectors match. */
export interface NetworkSetModel {
  readonly id: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nets: readonly Cidr[];
}

export interface CalicoModel {
  /** In evaluation order: by order (undefined last), then name; the default tier included. */
  readonly tiers: readonly TierModel[];
  readonly networkSets: readonly NetworkSetModel[];
  /** "namespace/name" of a ServiceAccount -> its labels (for serviceAccountSelector and serviceAccounts.selector). */
  readonly serviceAccountLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const DEFAULT_TIER = "default";
/** Calico v3.31 gives the default tier order 1,000,000; Kubernetes NetworkPolicies sit in it at order 1000. */
export const DEFAULT_TIER_ORDER = 1_000_000;
export const KUBERNETES_POLICY_ORDER = 1000;

/** The Calico labels of things, as selectors see them (docs "Calico automatic labels"). */
export const CALICO_LABELS = {
  namespace: "projectcalico.org/namespace",
  orchestrator: "projectcalico.org/orchestrator",
  serviceAccount: "projectcalico.org/serviceaccount",
  namespaceName: "projectcalico.org/name",
} as const;

export type { Direction };
