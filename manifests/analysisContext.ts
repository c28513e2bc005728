// Objects a real cluster has, or may get later, that the stack does not apply, added ONLY for
// offline analysis. Each one makes a guarantee of the policies observable, so that weakening a
// policy changes the computed reachability and `netpol verify` fails:
// - cluster DNS and another kube-system pod: "DNS only to kube-dns" is checked against a real
//   target beside one that must stay out of reach;
// - an intruder in a namespace created later, wearing the frontend's labels: peers must pin
//   their namespace (and with Calico's layer, the cluster default deny must close its namespace);
// - in every governed namespace, a stranger no allow policy selects (only the default deny
//   keeps it closed) and look-alikes wearing every other workload's and DNS's pod labels
//   (a peer that loses its namespace pin would admit them).
// Never applied: the components do not use this module; render writes it to analysis/ only.
import { cidrContains, mustParseCidr } from "../config/cidr";
import { type Flow, type IntentFile, type IntentFlow, LABEL_APP, LABEL_NAMESPACE_NAME, type NamedPort, type Topology, toIntent } from "../topology";
import { CALICO_API_VERSION, INSTANCE_METADATA_CIDR } from "./calico/policies";
import type { K8sObject } from "./k8s";

export const INTRUDER_NAMESPACE = "intruder";
export const INTRUDER_POD = "probe";
/** The pod in each governed namespace (and in the DNS namespace) that no allow policy selects. */
export const STRANGER_POD = "stranger";
const STRANGER_PORTS: readonly NamedPort[] = [{ name: "http", port: 8080, protocol: "TCP" }];
/** Look-alikes are named `looks-like-<namespace>-<name>` after the endpoint whose labels they wear. */
export const LOOK_ALIKE_PREFIX = "looks-like-";
/** Marks every object here, so nobody mistakes it for something the stack deploys. */
export const ANNOTATION_ANALYSIS_ONLY = "zero-trust-eks.io/analysis-only";

const ANALYSIS_ONLY = { [ANNOTATION_ANALYSIS_ONLY]: "true" };

/** An endpoint whose pod labels a look-alike may wear. */
interface Impersonated {
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly NamedPort[];
}

export function analysisContext(topology: Topology): K8sObject[] {
  return [
    systemNamespace(topology),
    clusterDns(topology),
    pod(topology.dns.namespace, STRANGER_POD, { [LABEL_APP]: STRANGER_POD }, STRANGER_PORTS),
    intruderNamespace(),
    intruderPod(topology),
    ...governedNamespaces(topology).flatMap((namespace) => governedNamespaceProbes(topology, namespace)),
  ];
}

/** The namespaces our default denies govern: one per workload. */
export function governedNamespaces(topology: Topology): string[] {
  return [...new Set(topology.workloads.map((w) => w.namespace))];
}

/** Every address outside the cluster, both families. */
const WORLD: readonly string[] = ["0.0.0.0/0", "::/0"];
/** Every address outside the cluster but the instance metadata service, which Calico's security tier closes. */
const WORLD_BUT_METADATA: readonly string[] = [`0.0.0.0/0 except ${INSTANCE_METADATA_CIDR}`, "::/0"];

/** Which layers enforce the policies: Kubernetes NetworkPolicies alone (vpc-cni), or with Calico's objects. */
export interface PolicyLayers {
  /** The stack applies Calico's security tier and cluster default deny (policy.engine `calico`). */
  readonly calico: boolean;
}

/** The layers a stack's render enforces: Calico's when it applies Calico policies. */
export function policyLayers(calicoPolicies: readonly K8sObject[]): PolicyLayers {
  return { calico: calicoPolicies.some((o) => o.apiVersion === CALICO_API_VERSION && o.kind === "GlobalNetworkPolicy") };
}

/**
 * The intent to verify the rendered stack PLUS this context against: the declared flows, and
 * "all" between the endpoints the stack does not manage and between them and the world, which our
 * policies do not govern. With Calico's layer, the intruder's namespace is closed by the cluster
 * default deny (it reaches DNS and nothing else, nothing reaches it), every pod of a closed
 * namespace (strangers and look-alikes too) may reach DNS through it, and no pod reaches the
 * instance metadata address. Strangers and look-alikes otherwise reach nothing and nothing reaches
 * them, so no other flow names them. The analyzer's exact comparison then covers every pair that
 * touches a governed pod, end to end and for each side alone.
 */
export function analysisIntent(topology: Topology, layers: PolicyLayers): IntentFile {
  const unmanaged = unmanagedEndpoints(topology, layers);
  const all = ["all"];
  const world = layers.calico ? WORLD_BUT_METADATA : WORLD;
  const unmanagedFlows: IntentFlow[] = [
    ...unmanaged.flatMap((from) => unmanaged.map((to) => ({ from, to, ports: all }))),
    ...unmanaged.flatMap((endpoint) => WORLD.map((cidr) => ({ from: cidr, to: endpoint, ports: all }))),
    ...unmanaged.flatMap((endpoint) => world.map((cidr) => ({ from: endpoint, to: cidr, ports: all }))),
  ];
  const dns = `${topology.dns.namespace}/${topology.dns.name}`;
  const dnsPorts = topology.dns.ports.map(({ port, protocol }) => `${protocol}/${port}`);
  const closedToDns = layers.calico ? closedContextPods(topology).map((from): IntentFlow => ({ from, to: dns, ports: dnsPorts })) : [];
  // Each side on its own: a policy weakened on one side is caught while the other still blocks.
  const flows = [...toIntent(declaredFlows(topology, layers)).flows, ...unmanagedFlows, ...closedToDns];
  // Each layer on its own too: a NetworkPolicy weakened under Calico's cluster default deny is caught.
  // Stryker disable next-line ObjectLiteral: layers.calico is only tested for truth, and an absent calico is as falsy as false
  return layers.calico ? { eachSide: true, flows, kubernetesLayer: analysisIntent(topology, { calico: false }) } : { eachSide: true, flows };
}

/**
 * The declared flows as the layers enforce them: with Calico's security tier, an egress range
 * around the instance metadata address (e.g. 0.0.0.0/0 around the pod network on kind) reaches
 * everything in it but that address.
 */
function declaredFlows(topology: Topology, layers: PolicyLayers): Topology {
  if (!layers.calico) return topology;
  const metadata = mustParseCidr(INSTANCE_METADATA_CIDR);
  const aroundMetadata = (flow: Flow): boolean =>
    // Stryker disable next-line ConditionalExpression: only called after flow.to.kind === "cidr" held; kept for the type checker
    flow.to.kind === "cidr" && cidrContains(mustParseCidr(flow.to.cidr), metadata) && !flow.to.except.some((cidr) => cidrContains(mustParseCidr(cidr), metadata));
  const flows = topology.flows
    .filter((flow) => !(flow.to.kind === "cidr" && cidrContains(metadata, mustParseCidr(flow.to.cidr))))
    .map((flow) =>
      // Stryker disable next-line ConditionalExpression: aroundMetadata itself answers false for a non-CIDR destination
      (flow.to.kind === "cidr" && aroundMetadata(flow) ? { ...flow, to: { ...flow.to, except: [...flow.to.except, INSTANCE_METADATA_CIDR] } } : flow),
    );
  return { ...topology, flows };
}

/**
 * The context's endpoints no policy of ours governs, as the analyzer names them: cluster DNS and
 * the kube-system stranger, and without Calico's cluster default deny the intruder too.
 */
export function unmanagedEndpoints(topology: Topology, layers: PolicyLayers): string[] {
  const { namespace, name } = topology.dns;
  const intruder = layers.calico ? [] : [`${INTRUDER_NAMESPACE}/${INTRUDER_POD}`];
  return [`${namespace}/${name}`, `${namespace}/${STRANGER_POD}`, ...intruder];
}

/** The context's pods in namespaces the Calico cluster default deny closes: strangers, look-alikes, the intruder. */
export function closedContextPods(topology: Topology): string[] {
  const governed = governedNamespaces(topology).flatMap((namespace) =>
    governedNamespaceProbes(topology, namespace).map((pod) => `${namespace}/${pod.metadata.name}`),
  );
  return [...governed, `${INTRUDER_NAMESPACE}/${INTRUDER_POD}`];
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
        spec: { containers: [{ name: "coredns", image: "coredns/coredns:1.11.4", ports: containerPorts(dns.ports) }] },
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
  return pod(INTRUDER_NAMESPACE, INTRUDER_POD, impersonated?.podLabels ?? { app: "probe" }, STRANGER_PORTS);
}

/**
 * A stranger (a pod deployed later without our labels: only the default deny closes it) and a
 * look-alike of every endpoint our policies name that lives elsewhere: other workloads and DNS.
 */
function governedNamespaceProbes(topology: Topology, namespace: string): K8sObject[] {
  const stranger = pod(namespace, STRANGER_POD, { [LABEL_APP]: STRANGER_POD }, STRANGER_PORTS);
  const impersonated: Impersonated[] = [...topology.workloads, topology.dns].filter((e) => e.namespace !== namespace);
  const lookAlikes = impersonated.map((e) => pod(namespace, `${LOOK_ALIKE_PREFIX}${e.namespace}-${e.name}`, e.podLabels, e.ports));
  return [stranger, ...lookAlikes];
}

function pod(namespace: string, name: string, labels: Readonly<Record<string, string>>, ports: readonly NamedPort[]): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { ...labels }, annotations: { ...ANALYSIS_ONLY } },
    spec: { containers: [{ name: "probe", image: "busybox:1.37.0", ports: containerPorts(ports) }] },
  };
}

function containerPorts(ports: readonly NamedPort[]): { name: string; containerPort: number; protocol: string }[] {
  return ports.map(({ name, port, protocol }) => ({ name, containerPort: port, protocol }));
}
