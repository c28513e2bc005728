// The networking.k8s.io/v1 NetworkPolicy fields the generator writes, typed so a typo in a field
// name is a compile error rather than a silently ignored (and so permissive) policy.
import type { Protocol } from "../../config/types";

export type PolicyType = "Ingress" | "Egress";

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
}

/** `cidr` minus every `except` (each strictly inside `cidr`). */
export interface IpBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

/** A namespace and a pod selector in ONE peer: both must match (AND), never either (OR). */
export type NetworkPolicyPeer =
  | { readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector }
  | { readonly ipBlock: IpBlock };

export interface NetworkPolicyPort {
  readonly protocol: Protocol;
  readonly port: number;
}

export interface IngressRule {
  readonly from: readonly NetworkPolicyPeer[];
  readonly ports: readonly NetworkPolicyPort[];
}

export interface EgressRule {
  readonly to: readonly NetworkPolicyPeer[];
  readonly ports: readonly NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  readonly podSelector: LabelSelector;
  readonly policyTypes: readonly PolicyType[];
  readonly ingress?: readonly IngressRule[];
  readonly egress?: readonly EgressRule[];
}
