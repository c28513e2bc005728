/**
 * The few shapes of raw Kubernetes objects the generators emit. Plain data, as a parsed
 * manifest would hold it: optional fields are absent, never `undefined`.
 */
export type Protocol = "TCP" | "UDP" | "SCTP";
export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";
export interface SelectorExpression {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values?: readonly string[];
}
export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly SelectorExpression[];
}

export interface ContainerPort { readonly containerPort: number; readonly name?: string; readonly protocol?: Protocol }
export interface PodSpec { readonly containers: readonly { readonly name: string; readonly ports?: readonly ContainerPort[] }[] }
export interface Metadata { readonly name: string; readonly namespace?: string; readonly labels?: Labels }

export interface NamespaceObject { readonly apiVersion: "v1"; readonly kind: "Namespace"; readonly metadata: Metadata }
export interface PodObject {
  readonly apiVersion: "v1";
  readonly kind: "Pod";
  readonly metadata: Metadata;
  readonly spec: PodSpec;
  readonly status?: { readonly podIP?: string; readonly podIPs?: readonly { readonly ip: string }[] };
}
export interface DeploymentObject {
  readonly apiVersion: "apps/v1";
  readonly kind: "Deployment";
  readonly metadata: Metadata;
  readonly spec: {
    readonly selector: LabelSelector;
    readonly template: { readonly metadata: { readonly labels?: Labels }; readonly spec: PodSpec };
  };
}

export interface IpBlock { readonly cidr: string; readonly except?: readonly string[] }
export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IpBlock;
}
export interface PolicyPort { readonly port?: number | string; readonly endPort?: number; readonly protocol?: Protocol }
export interface IngressRule { readonly from?: readonly PolicyPeer[]; readonly ports?: readonly PolicyPort[] }
export interface EgressRule { readonly to?: readonly PolicyPeer[]; readonly ports?: readonly PolicyPort[] }
export type PolicyType = "Ingress" | "Egress";
export interface NetworkPolicyObject {
  readonly apiVersion: "networking.k8s.io/v1";
  readonly kind: "NetworkPolicy";
  readonly metadata: Metadata;
  readonly spec: {
    readonly podSelector: LabelSelector;
    readonly policyTypes?: readonly PolicyType[];
    readonly ingress?: readonly IngressRule[];
    readonly egress?: readonly EgressRule[];
  };
}

/** A projectcalico.org/v3 object (the synthetic cluster's Calico layer); its spec is plain data. */
export interface CalicoObject {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "Tier" | "GlobalNetworkPolicy";
  readonly metadata: Metadata;
  readonly spec: Readonly<Record<string, unknown>>;
}

export type KubeObject = NamespaceObject | PodObject | DeploymentObject | NetworkPolicyObject | CalicoObject;

/** Drops keys whose value is `undefined`, so generated objects look like parsed YAML. */
export function withoutUndefined<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) result[key] = field;
  }
  return result as T;
}
