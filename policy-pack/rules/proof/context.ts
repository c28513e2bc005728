// Pods a real cluster has, or may get later, that the stack does not register, added ONLY for the
// analysis, so that weakening a policy changes the computed reachability (the pack's generic
// counterpart of manifests/analysisContext.ts, which works from this app's topology; this one works
// from whatever workloads a stack registers):
// - the cluster's own pods (config clusterPods; EKS's CoreDNS by default) that flows may name, and a
//   stranger beside them: "DNS only to kube-dns" is checked against a real target and a wrong one;
// - in every namespace the stack runs pods in, a stranger no allow policy selects (only the default
//   deny closes it) and look-alikes wearing the pod labels of every workload elsewhere;
// - an intruder namespace created later, holding a look-alike of every workload and cluster pod:
//   a peer that does not pin its namespace lets it in.
import { DNS_NAMESPACE, DNS_POD_LABELS, LABEL_APP } from "../../../topology/naming";
import type { Entry, PlainObject } from "../kubernetes/inventory";
import { podLabelsOf } from "../kubernetes/objects";
import type { Props } from "../kit";

/** A pod the cluster runs that the stack does not register (config clusterPods). */
export interface ClusterPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `PROTO/port`, e.g. `UDP/53`. */
  readonly ports: readonly string[];
}

/** EKS's CoreDNS add-on: Deployment coredns in kube-system, pods labelled k8s-app=kube-dns, port 53. */
export const EKS_COREDNS: ClusterPod = { namespace: DNS_NAMESPACE, name: "coredns", labels: DNS_POD_LABELS, ports: ["UDP/53", "TCP/53"] };

/** Every name the context invents starts with this, so a reader (and the report's order) can tell probes from the stack's pods. */
export const PROBE_MARK = "policy-pack-";
export const INTRUDER_NAMESPACE = "policy-pack-intruder";
export const STRANGER = "policy-pack-stranger";
export const LOOK_ALIKE_PREFIX = "policy-pack-looks-like-";

export interface Context {
  readonly objects: readonly PlainObject[];
  /** Endpoints outside the stack's namespaces: everything between them and the world is allowed in the intent. */
  readonly unmanaged: readonly string[];
}

interface Impersonated {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, unknown>>;
}

export function analysisContext(workloads: readonly Entry[], clusterPods: readonly ClusterPod[]): Context {
  const governed = [...new Set(workloads.map((w) => w.object.metadata.namespace ?? "default"))].sort();
  const impersonated: Impersonated[] = [
    ...workloads.map((w) => ({ namespace: w.object.metadata.namespace ?? "default", name: w.object.metadata.name, labels: podLabelsOf(w.type, w.object as unknown as Props) })),
    ...clusterPods.map((p) => ({ namespace: p.namespace, name: p.name, labels: p.labels })),
  ];
  const clusterNamespaces = [...new Set(clusterPods.map((p) => p.namespace))].filter((n) => !governed.includes(n)).sort();
  const objects: PlainObject[] = [
    ...clusterPods.map((p) => pod(p.namespace, p.name, p.labels, p.ports)),
    ...clusterNamespaces.map((namespace) => pod(namespace, STRANGER, { [LABEL_APP]: STRANGER }, [])),
    ...governed.flatMap((namespace) => [
      pod(namespace, STRANGER, { [LABEL_APP]: STRANGER }, []),
      ...impersonated.filter((e) => e.namespace !== namespace).map((e) => lookAlike(namespace, e)),
    ]),
    ...impersonated.map((e) => lookAlike(INTRUDER_NAMESPACE, e)),
  ];
  const unmanaged = [
    ...clusterPods.map((p) => `${p.namespace}/${p.name}`),
    ...clusterNamespaces.map((namespace) => `${namespace}/${STRANGER}`),
    ...impersonated.map((e) => `${INTRUDER_NAMESPACE}/${lookAlikeName(e)}`),
  ];
  return { objects, unmanaged };
}

function lookAlikeName(e: Impersonated): string {
  return `${LOOK_ALIKE_PREFIX}${e.namespace}-${e.name}`;
}

function lookAlike(namespace: string, e: Impersonated): PlainObject {
  return pod(namespace, lookAlikeName(e), e.labels, []);
}

/** A bare pod with these labels; ports `PROTO/port` become container ports (look-alikes listen on every port anyway). */
function pod(namespace: string, name: string, labels: Readonly<Record<string, unknown>>, ports: readonly string[]): PlainObject {
  const containerPorts = ports.map((spec) => {
    const [protocol, port] = spec.split("/");
    return { containerPort: Number(port), protocol };
  });
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) },
    spec: { containers: [{ name: "probe", ports: containerPorts }] },
  };
}
