/**
 * The abstract cluster of the upstream netpol e2e suite (kubernetes/kubernetes
 * test/e2e/network/netpol/model.go), rebuilt as plain Kubernetes objects:
 * namespaces x, y, z (labelled ns=<name>) each holding pods a, b, c (labelled
 * pod=<name>), every pod with one container per port (80, 81) and protocol
 * (TCP, UDP, SCTP), its port named serve-<port>-<protocol> as upstream names it.
 *
 * Unlike upstream, every pod has a known IP (status.podIP / status.podIPs) so
 * ipBlock peers can select pods: x/a = 10.0.1.1, x/b = 10.0.1.2, ... z/c = 10.0.3.3,
 * so 10.0.1.0/24 is exactly namespace x. In the IPv6 variant the same pods get
 * fd00:0:0:1::1 ... fd00:0:0:3::3 (fd00:0:0:1::/64 is exactly namespace x).
 *
 * The namespaces deliberately do NOT carry kubernetes.io/metadata.name: the
 * analyzer must add it to every namespace itself (the API server always does).
 */
import type { Protocol } from "./truthTable";
import { TEMPLATE_PATHS as WORKLOAD_TEMPLATE_PATHS } from "../../../netpol/ingest/endpoints";

export type Labels = Readonly<Record<string, string>>;

export const NAMESPACES = ["x", "y", "z"] as const;
export const POD_NAMES = ["a", "b", "c"] as const;
export const SERVED_PORTS = [80, 81] as const;
export const SERVED_PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

/** Every pod of the model as "ns/name", in the analyzer's sort order. */
export const ALL_PODS: readonly string[] = NAMESPACES.flatMap((ns) => POD_NAMES.map((pod) => `${ns}/${pod}`));

export interface ContainerPortSpec {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: Protocol;
}

/** Per-case changes to the standard model; everything absent keeps the upstream default. */
export interface ClusterOverrides {
  /** Extra namespace labels, merged over ns=<name> ("x" -> {team: "blue"}). */
  readonly namespaceLabels?: Readonly<Record<string, Labels>>;
  /** Extra pod labels, merged over pod=<name> ("x/b" -> {role: "frontend"}). */
  readonly podLabels?: Readonly<Record<string, Labels>>;
  /** Replaces the six serve-* ports of one pod ("x/b" -> [{name: "web", containerPort: 81}]). */
  readonly containerPorts?: Readonly<Record<string, readonly ContainerPortSpec[]>>;
  /** Which address family the pods' IPs belong to; IPv4 unless stated. */
  readonly ipFamily?: "IPv4" | "IPv6";
}

/** The IP the model gives a pod, e.g. podIp("y/b") = "10.0.2.2". */
export function podIp(pod: string, family: "IPv4" | "IPv6" = "IPv4"): string {
  const [ns, name] = pod.split("/");
  const nsIndex = NAMESPACES.indexOf(ns as (typeof NAMESPACES)[number]) + 1;
  const podIndex = POD_NAMES.indexOf(name as (typeof POD_NAMES)[number]) + 1;
  if (nsIndex === 0 || podIndex === 0) throw new Error(`unknown model pod "${pod}" (expected x|y|z / a|b|c)`);
  return family === "IPv4" ? `10.0.${nsIndex}.${podIndex}` : `fd00:0:0:${nsIndex}::${podIndex}`;
}

function standardPorts(): ContainerPortSpec[] {
  return SERVED_PORTS.flatMap((port) =>
    SERVED_PROTOCOLS.map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol })),
  );
}

function namespaceObject(ns: string, overrides: ClusterOverrides): object {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: ns, labels: { ns, ...(overrides.namespaceLabels?.[ns] ?? {}) } },
  };
}

/** One container per port, as upstream runs one agnhost server per port and protocol. */
function containers(ports: readonly ContainerPortSpec[]): object[] {
  return ports.map((port, index) => ({
    name: `cont-${port.containerPort}-${(port.protocol ?? "TCP").toLowerCase()}-${index}`,
    image: "registry.k8s.io/e2e-test-images/agnhost:2.53",
    ports: [port],
  }));
}

function podObject(pod: string, overrides: ClusterOverrides): object {
  const [ns, name] = pod.split("/");
  const ip = podIp(pod, overrides.ipFamily ?? "IPv4");
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: { pod: name, ...(overrides.podLabels?.[pod] ?? {}) } },
    spec: { containers: containers(overrides.containerPorts?.[pod] ?? standardPorts()) },
    status: { phase: "Running", podIP: ip, podIPs: [{ ip }] },
  };
}

/**
 * The workload kinds whose pod templates are endpoints, with where the template sits.
 * The workload form of the model gives each endpoint one of them in turn.
 */
const WORKLOAD_KINDS = Object.keys(WORKLOAD_TEMPLATE_PATHS);

/** The workload kind the model's workload form uses for a pod, e.g. x/a -> Deployment. */
export function workloadKind(pod: string): string {
  return WORKLOAD_KINDS[ALL_PODS.indexOf(pod) % WORKLOAD_KINDS.length];
}

function nest(path: readonly string[], leaf: object): object {
  return path.reduceRight<object>((inner, key) => ({ [key]: inner }), leaf);
}

/** The same endpoint as a workload: its pod template carries the labels and ports, no IP. */
function workloadObject(pod: string, overrides: ClusterOverrides): object {
  const { metadata, spec } = podObject(pod, overrides) as { metadata: { name: string; namespace: string; labels: Labels }; spec: object };
  const kind = workloadKind(pod);
  const template = { metadata: { labels: metadata.labels }, spec };
  return {
    apiVersion: kind === "CronJob" || kind === "Job" ? "batch/v1" : kind === "ReplicationController" ? "v1" : "apps/v1",
    kind,
    metadata: { name: metadata.name, namespace: metadata.namespace },
    ...nest(WORKLOAD_TEMPLATE_PATHS[kind], template),
  };
}

/** Whether the model's endpoints are bare Pods (with IPs) or workloads (pod templates, no IPs). */
export type EndpointForm = "pods" | "workloads";

/** The namespaces and endpoints of the model, with a case's overrides applied. */
export function buildCluster(overrides: ClusterOverrides = {}, form: EndpointForm = "pods"): object[] {
  const unknownPods = [
    ...Object.keys(overrides.podLabels ?? {}),
    ...Object.keys(overrides.containerPorts ?? {}),
  ].filter((pod) => !ALL_PODS.includes(pod));
  if (unknownPods.length > 0) throw new Error(`overrides name pods outside the model: ${unknownPods.join(", ")}`);
  return [
    ...NAMESPACES.map((ns) => namespaceObject(ns, overrides)),
    ...ALL_PODS.map((pod) => (form === "pods" ? podObject(pod, overrides) : workloadObject(pod, overrides))),
  ];
}
