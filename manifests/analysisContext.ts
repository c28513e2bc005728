// Objects a real cluster has but the stack does not apply, added ONLY for offline analysis:
// cluster DNS (so "DNS only to kube-dns" is checked against a real target) and an intruder
// (so "a pod in a new namespace cannot reach the backend or the database" is checked).
// Never applied: render and the components do not use this module.
import { type IntentFile, type IntentFlow, LABEL_NAMESPACE_NAME, type Topology, toIntent } from "../topology";
import type { K8sObject } from "./k8s";

export const INTRUDER_NAMESPACE = "intruder";
export const INTRUDER_POD = "probe";
/** Marks every object here, so nobody mistakes it for something the stack deploys. */
export const ANNOTATION_ANALYSIS_ONLY = "zero-trust-eks.io/analysis-only";

const ANALYSIS_ONLY = { [ANNOTATION_ANALYSIS_ONLY]: "true" };

export function analysisContext(topology: Topology): K8sObject[] {
  return [systemNamespace(topology), clusterDns(topology), intruderNamespace(), intruderPod(topology)];
}

/** Every address outside the cluster, both families. */
const WORLD: readonly string[] = ["0.0.0.0/0", "::/0"];

/**
 * The intent to verify the rendered stack PLUS this context against: the declared flows, and
 * "all" between the endpoints the stack does not manage (cluster DNS, the intruder) and between
 * them and the world, which our NetworkPolicies do not govern. The analyzer's exact comparison
 * then covers precisely the pairs that touch an app pod: those must equal the declared flows.
 */
export function analysisIntent(topology: Topology): IntentFile {
  const unmanaged = [`${topology.dns.namespace}/${topology.dns.name}`, `${INTRUDER_NAMESPACE}/${INTRUDER_POD}`];
  const all = ["all"];
  const unmanagedFlows: IntentFlow[] = [
    ...unmanaged.flatMap((from) => unmanaged.map((to) => ({ from, to, ports: all }))),
    ...unmanaged.flatMap((endpoint) =>
      WORLD.flatMap((cidr) => [{ from: cidr, to: endpoint, ports: all }, { from: endpoint, to: cidr, ports: all }]),
    ),
  ];
  return { flows: [...toIntent(topology).flows, ...unmanagedFlows] };
}

function systemNamespace(topology: Topology): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: topology.dns.namespace, labels: { [LABEL_NAMESPACE_NAME]: topology.dns.namespace }, annotations: { ...ANALYSIS_ONLY } },
  };
}

/** EKS's CoreDNS add-on: a Deployment named coredns whose pods carry k8s-app=kube-dns. */
function clusterDns(topology: Topology): K8sObject {
  const { dns } = topology;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: dns.name, namespace: dns.namespace, labels: { ...dns.podLabels }, annotations: { ...ANALYSIS_ONLY } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...dns.podLabels } },
      template: {
        metadata: { labels: { ...dns.podLabels } },
        spec: {
          containers: [
            {
              name: "coredns",
              image: "coredns/coredns:1.11.4",
              ports: dns.ports.map(({ name, port, protocol }) => ({ name, containerPort: port, protocol })),
            },
          ],
        },
      },
    },
  };
}

/** A namespace someone creates later: none of our labels (the API server adds only its name label). */
function intruderNamespace(): K8sObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: INTRUDER_NAMESPACE, annotations: { ...ANALYSIS_ONLY } } };
}

/**
 * The probe impersonates the first tenant's frontend pods (same pod labels) from the wrong
 * namespace: the policies must pin peers by namespace as well as by pod labels to keep it out.
 */
function intruderPod(topology: Topology): K8sObject {
  const impersonated = topology.workloads.find((w) => w.tier === "frontend") ?? topology.workloads[0];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: INTRUDER_POD,
      namespace: INTRUDER_NAMESPACE,
      labels: { ...(impersonated?.podLabels ?? { app: "probe" }) },
      annotations: { ...ANALYSIS_ONLY },
    },
    spec: {
      containers: [{ name: "probe", image: "busybox:1.37.0", ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] }],
    },
  };
}
