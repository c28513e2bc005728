/** What `netpol report` shows, as data (rendering: ./markdown, ./mermaid). */
import { ConnectionSet } from "../connections";
import { Endpoint, NetpolModel } from "../model";
import { VerifyReport } from "../verify";

export interface ReportSummary {
  /** Pods and workloads. */
  readonly endpoints: number;
  /** External address ranges (atoms). */
  readonly externals: number;
  /** Every policy: Kubernetes NetworkPolicies, Calico policies and admin network policies. */
  readonly policies: number;
  /** The policies per kind (Calico's per tier), NetworkPolicies first, then in tier order. */
  readonly policyKinds: readonly PolicyKindCount[];
  /** Ordered pairs that allow some connection (a Pod to itself is not counted; external to external is not governed). */
  readonly allowedPairs: number;
  /**
   * Pods and workloads some policy isolates for ingress, and for egress. Under tiers (Calico or admin
   * policies), a side counts when a tier applying to it can deny: its default action is Deny (the
   * default tier once a NetworkPolicy selects the pod) or one of its policies applying has a Deny rule.
   */
  readonly isolatedIngress: number;
  readonly isolatedEgress: number;
  /** Endpoints left out of the matrix, the picture and the warnings (`--hide`). */
  readonly hidden: number;
}

/** How many policies of a kind: "NetworkPolicy" (networking.k8s.io/v1), "Calico" (per tier), "AdminNetworkPolicy", "BaselineAdminNetworkPolicy". */
export interface PolicyKindCount {
  readonly kind: "NetworkPolicy" | "Calico" | "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy";
  /** Calico policies: their tier. */
  readonly tier?: string;
  readonly count: number;
}

/** One allowed ordered pair (model indices and ids). */
export interface AllowedPair {
  readonly from: number;
  readonly to: number;
  readonly connections: ConnectionSet;
}

export interface NetworkReport {
  readonly model: NetpolModel;
  readonly summary: ReportSummary;
  /** Shown endpoints (not hidden), in model order: pods sorted, then external atoms. */
  readonly shown: readonly Endpoint[];
  /** Every allowed pair between shown endpoints, in model order. */
  readonly pairs: readonly AllowedPair[];
  readonly warnings: readonly string[];
  /** With an intent: the verification. */
  readonly intent?: { readonly source: string; readonly report: VerifyReport };
}
