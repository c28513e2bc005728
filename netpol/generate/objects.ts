/** Builders of raw Kubernetes objects, shared by the random and the synthetic generators. */
import {
  ContainerPort, DeploymentObject, EgressRule, IngressRule, LabelSelector, Labels, NamespaceObject,
  NetworkPolicyObject, PodObject, PodSpec, PolicyType, withoutUndefined,
} from "./kube";

export interface GeneratedEndpoint {
  readonly kind: "Pod" | "Deployment";
  readonly name: string;
  /** Absent means the object carries no namespace, so it lands in `default`. */
  readonly namespace?: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** Only pods have addresses; the first is `status.podIP`, all of them `status.podIPs`. */
  readonly ips: readonly string[];
}

export interface GeneratedPolicy {
  readonly namespace?: string;
  readonly podSelector: LabelSelector;
  readonly policyTypes?: readonly PolicyType[];
  readonly ingress?: readonly IngressRule[];
  readonly egress?: readonly EgressRule[];
}

export function namespaceObject(name: string, labels: Labels): NamespaceObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** Port names are unique within a pod (API validation); later duplicates are dropped. */
function podSpec(ports: readonly ContainerPort[]): PodSpec {
  const seenNames = new Set<string>();
  const unique = ports.filter((port) => port.name === undefined || (!seenNames.has(port.name) && seenNames.add(port.name) !== undefined));
  // Two containers when there are several ports: a pod's ports are the union over its containers.
  const first = unique.filter((_, index) => index % 2 === 0);
  const second = unique.filter((_, index) => index % 2 === 1);
  const containers = [{ name: "c0", ports: first }];
  return { containers: second.length > 0 ? [...containers, { name: "c1", ports: second }] : containers };
}

function podStatus(ips: readonly string[]): PodObject["status"] {
  if (ips.length === 0) return undefined;
  return withoutUndefined({ podIP: ips[0], podIPs: ips.length > 1 ? ips.map((ip) => ({ ip })) : undefined });
}

export function endpointObject(endpoint: GeneratedEndpoint): PodObject | DeploymentObject {
  const metadata = withoutUndefined({ name: endpoint.name, namespace: endpoint.namespace, labels: endpoint.labels });
  const spec = podSpec(endpoint.ports);
  if (endpoint.kind === "Deployment") {
    return {
      apiVersion: "apps/v1", kind: "Deployment", metadata,
      spec: { selector: { matchLabels: endpoint.labels }, template: { metadata: { labels: endpoint.labels }, spec } },
    };
  }
  return withoutUndefined({ apiVersion: "v1" as const, kind: "Pod" as const, metadata, spec, status: podStatus(endpoint.ips) });
}

export function policyObject(name: string, policy: GeneratedPolicy): NetworkPolicyObject {
  const { namespace, ...spec } = policy;
  return {
    apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
    metadata: withoutUndefined({ name, namespace }),
    spec: withoutUndefined(spec),
  };
}
