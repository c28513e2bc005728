// The application as data: where each tier runs and which flows zero trust allows.
import type { PortSpec, TierName } from "../config/types";

export type { PortSpec, TierName };

/** One tier of one tenant: a namespace holding one workload. */
export interface Workload {
  readonly tenant: string;
  readonly tier: TierName;
  readonly namespace: string;
  /** Name of the Deployment/StatefulSet and its Service. */
  readonly name: string;
  /** Labels on the namespace: the policies select on these. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Labels on the pods (and the workload's selector). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The ports the pods listen on, named so Services and policies can refer to them. */
  readonly ports: readonly NamedPort[];
  readonly replicas: number;
}

export interface NamedPort extends PortSpec {
  readonly name: string;
}

/** Cluster DNS as the workloads reach it: kube-dns pods in kube-system. */
export interface DnsTarget {
  readonly namespace: string;
  /** The Deployment serving DNS (EKS: coredns). */
  readonly name: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly NamedPort[];
}

/** One end of a flow. */
export type FlowPeer =
  | { readonly kind: "workload"; readonly tenant: string; readonly tier: TierName }
  | { readonly kind: "dns" }
  | {
      readonly kind: "cidr";
      readonly cidr: string;
      /**
       * Addresses excluded from `cidr`: the VPC whenever it lies inside it. Pods and nodes have
       * VPC addresses, and Calico (like the VPC CNI) matches an ipBlock against them too.
       */
      readonly except: readonly string[];
    };

/** An allowed connection: from a client to a server on the server's ports. Nothing else is allowed. */
export interface Flow {
  readonly from: FlowPeer;
  readonly to: FlowPeer;
  readonly ports: readonly PortSpec[];
  /** Why the flow exists, for rendered policy annotations and review output. */
  readonly reason: string;
}

export interface Topology {
  readonly tenants: readonly string[];
  readonly workloads: readonly Workload[];
  readonly dns: DnsTarget;
  readonly flows: readonly Flow[];
}
