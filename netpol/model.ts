/**
 * The normalised, immutable model the engines read. Kubernetes objects are turned into it ONCE
 * (netpol/ingest/); deciding a connection only reads it (builder apart from matcher, as in
 * cyclonus). Both the reference and the fast engine consume exactly these types.
 */

import type { CalicoModel } from "./calico/model";

export type Protocol = "TCP" | "UDP" | "SCTP";
export const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

export type Direction = "ingress" | "egress";
export const DIRECTIONS: readonly Direction[] = ["ingress", "egress"];

export type IpFamily = "ipv4" | "ipv6";

/** Label key -> value, keys sorted, frozen. */
export type Labels = Readonly<Record<string, string>>;

// ---- addresses ---------------------------------------------------------------------------

/** A single address as an unsigned integer of its family (32 or 128 bits). */
export interface Address {
  readonly family: IpFamily;
  readonly value: bigint;
  /** Canonical text (IPv4 dotted, IPv6 RFC 5952). */
  readonly text: string;
}

/**
 * A CIDR block. Host bits written by the user are masked away (as the API server accepts
 * "10.0.0.1/8" and means 10.0.0.0/8); `written` keeps the user's text for messages.
 */
export interface Cidr {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
  readonly prefix: number;
  /** Canonical "network/prefix". */
  readonly text: string;
  readonly written: string;
}

// ---- selectors ---------------------------------------------------------------------------

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  /** Sorted, deduplicated; empty for Exists / DoesNotExist. */
  readonly values: readonly string[];
}

/** A label selector as a conjunction of requirements (matchLabels become `In [value]`). Empty matches everything. */
export interface Selector {
  readonly requirements: readonly Requirement[];
}

// ---- endpoints ---------------------------------------------------------------------------

export interface ContainerPort {
  /** Container port name, if any (named ports resolve against it). */
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** A Pod, or a workload standing for the pods of its template. */
export interface PodEndpoint {
  readonly kind: "pod";
  /** "namespace/name". */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** Kubernetes kind it came from: Pod, Deployment, StatefulSet, ... */
  readonly sourceKind: string;
  readonly podLabels: Labels;
  /** Labels of its namespace, always including kubernetes.io/metadata.name. */
  readonly namespaceLabels: Labels;
  /** Container ports of all containers, sorted by port, protocol, name. */
  readonly ports: readonly ContainerPort[];
  /** Known pod IPs (status.podIP / status.podIPs); empty when unknown. */
  readonly ips: readonly Address[];
  /** spec.serviceAccountName (Calico's serviceAccountSelector and serviceAccounts match it); absent means "default". */
  readonly serviceAccount?: string;
}

/**
 * An external address atom: the addresses of CIDR `block` not inside any of `holes` (the
 * blocks written in policies nested directly in it). CIDRs nest or are disjoint, so the atoms
 * are exactly the tree nodes of all ipBlock cidr/except blocks plus 0.0.0.0/0 and ::/0: every
 * address of an atom is matched by exactly the same ipBlocks.
 */
export interface ExternalEndpoint {
  readonly kind: "external";
  /** Deterministic name: "10.0.0.0/8" or "0.0.0.0/0 except 10.0.0.0/8,192.168.0.0/16". */
  readonly id: string;
  readonly block: Cidr;
  readonly holes: readonly Cidr[];
}

export type Endpoint = PodEndpoint | ExternalEndpoint;

// ---- policies (cyclonus style: target -> peer matchers -> port matchers) -------------------

/** Which namespaces a pod peer looks in. */
export type NamespaceMatcher =
  | { readonly kind: "policy-namespace"; readonly namespace: string }
  | { readonly kind: "selector"; readonly selector: Selector };

export type PeerMatcher =
  /** Any pod in the matched namespaces whose labels match `pods` (empty selector = all pods). */
  | { readonly kind: "pods"; readonly namespaces: NamespaceMatcher; readonly pods: Selector }
  /** Addresses in `cidr` and not in any of `except`: external atoms and pods with known IPs. */
  | { readonly kind: "ip-block"; readonly cidr: Cidr; readonly except: readonly Cidr[] };

export type PortMatcher =
  | { readonly kind: "range"; readonly protocol: Protocol; readonly first: number; readonly last: number }
  /** Resolved against the destination pod's container ports (name and protocol must match). */
  | { readonly kind: "named"; readonly protocol: Protocol; readonly name: string };

export interface Rule {
  /** null: `from`/`to` absent or empty, so every peer (pods and external addresses). */
  readonly peers: readonly PeerMatcher[] | null;
  /** null: `ports` absent or empty, so every port and protocol. */
  readonly ports: readonly PortMatcher[] | null;
}

export interface PolicyModel {
  /** "namespace/name". */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** spec.podSelector: the pods (in `namespace`) this policy isolates. */
  readonly target: Selector;
  /**
   * Per direction: null when the policy does not have that type (after policyTypes
   * defaulting), else its rules (an empty list isolates and allows nothing).
   */
  readonly ingress: readonly Rule[] | null;
  readonly egress: readonly Rule[] | null;
}

export interface NetpolModel {
  /** Pods and workloads, sorted by id. */
  readonly pods: readonly PodEndpoint[];
  /** External address atoms, IPv4 before IPv6, then by block address and prefix. */
  readonly externals: readonly ExternalEndpoint[];
  /** pods then externals: the index space engines answer in. */
  readonly endpoints: readonly Endpoint[];
  /** Sorted by id. */
  readonly policies: readonly PolicyModel[];
  /** Namespace name -> labels (declared and implied namespaces). */
  readonly namespaces: Readonly<Record<string, Labels>>;
  /** How the input was read where that is worth a reader's attention (e.g. API defaults applied), in input order. */
  readonly notes: readonly string[];
  /**
   * Calico's tiers (projectcalico.org/v3 policies, with the Kubernetes NetworkPolicies in the
   * default tier); absent when the input has no Calico policy and plain Kubernetes semantics apply.
   */
  readonly calico?: CalicoModel;
  /** Fields read but outside the model (ICMP, host endpoints, ...): the answer may be wrong for them. */
  readonly warnings?: readonly string[];
}
