/**
 * Calico's projectcalico.org/v3 policy objects (and the Kubernetes NetworkPolicies, as Calico
 * sees them) in the normalised model: tiers in evaluation order, each with its policies in
 * evaluation order. Built once by netpol/calico/ingest.ts; netpol/calico/evaluate.ts reads it.
 */
import { Cidr, Direction, PolicyModel, PortMatcher, Protocol, Selector } from "../model";
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

/**
 * A Calico policy, a Kubernetes NetworkPolicy in the default tier (kind "KubernetesNetworkPolicy"),
 * or an AdminNetworkPolicy / BaselineAdminNetworkPolicy in its own tier (kind of AdminTierPolicy).
 */
export type TieredPolicy = CalicoPolicy | KubernetesTierPolicy | AdminTierPolicy;

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

/** policy.networking.k8s.io/v1alpha1 rule actions: ANP Allow, Deny or Pass; BANP Allow or Deny. */
export type AdminAction = "Allow" | "Deny" | "Pass";

/** One peer of an admin rule (exactly one field set upstream). */
export type AdminPeer =
  /** Every pod of the namespaces the selector matches. */
  | { readonly kind: "namespaces"; readonly namespaces: Selector }
  /** Pods matching `pods` in namespaces matching `namespaces`. */
  | { readonly kind: "pods"; readonly namespaces: Selector; readonly pods: Selector }
  /** Egress only: addresses in any of the CIDRs (external atoms, and pods by known IP). */
  | { readonly kind: "networks"; readonly nets: readonly Cidr[] }
  /** Egress only: node IPs, outside the model (warned about); matches nothing. */
  | { readonly kind: "nodes"; readonly nodes: Selector }
  /** ANP egress only, experimental: domain names, outside the model (warned about); matches nothing. */
  | { readonly kind: "domainNames"; readonly names: readonly string[] };

export interface AdminRule {
  /** The rule's `name` (optional upstream): verdicts show it beside the index. */
  readonly name?: string;
  readonly action: AdminAction;
  /** `from` / `to`: alternatives; never empty (the API requires at least one). */
  readonly peers: readonly AdminPeer[];
  /** null: `ports` absent, so every port and protocol. Named ports resolve on the destination. */
  readonly ports: readonly PortMatcher[] | null;
}

/**
 * An AdminNetworkPolicy (tier "adminnetworkpolicy", order = spec.priority) or the
 * BaselineAdminNetworkPolicy "default" (tier "baselineadminnetworkpolicy"), as Calico runs them.
 */
export interface AdminTierPolicy {
  readonly kind: "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy";
  /** "AdminNetworkPolicy <name>" or "BaselineAdminNetworkPolicy default": what verdicts name. */
  readonly id: string;
  readonly name: string;
  readonly tier: typeof ADMIN_TIER | typeof BASELINE_TIER;
  /** ANP: spec.priority (lower first); BANP: undefined. */
  readonly order?: number;
  /** spec.subject: pods in namespaces matching `namespaces` (and matching `pods` when set). */
  readonly subject: { readonly namespaces: Selector; readonly pods?: Selector };
  /** null: no rules of that direction, so the policy does not take part in it ("do not affect"). */
  readonly ingress: readonly AdminRule[] | null;
  readonly egress: readonly AdminRule[] | null;
}

/** Is this tiered policy an AdminNetworkPolicy or the BaselineAdminNetworkPolicy? */
export function isAdminPolicy(policy: TieredPolicy): policy is AdminTierPolicy {
  return policy.kind === "AdminNetworkPolicy" || policy.kind === "BaselineAdminNetworkPolicy";
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
/** Calico's tiers for the Kubernetes admin policies: before the default tier, and after it. */
export const ADMIN_TIER = "adminnetworkpolicy";
export const ADMIN_TIER_ORDER = 1000;
export const BASELINE_TIER = "baselineadminnetworkpolicy";
export const BASELINE_TIER_ORDER = 10_000_000;

/** The Calico labels of things, as selectors see them (docs "Calico automatic labels"). */
export const CALICO_LABELS = {
  namespace: "projectcalico.org/namespace",
  orchestrator: "projectcalico.org/orchestrator",
  serviceAccount: "projectcalico.org/serviceaccount",
  namespaceName: "projectcalico.org/name",
} as const;

export type { Direction };
