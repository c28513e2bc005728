// verify-live's plan, from the stack's render and the analyzer (pure): which connections to try in
// the live cluster and what each must do. Probes: every declared flow inside the cluster (must
// connect); each tier to every other workload's port it must not reach; the database to the
// internet; a throwaway pod in a fresh namespace, wearing the first frontend's labels, to every
// workload. Each probe's `expected` is the analyzer's verdict on the rendered objects plus that
// throwaway pod; `intended` is what the plan asked for. Flows that cannot be probed from inside the
// cluster are listed, with the reason, instead of being probed.
import { allObjects, type RenderedStack } from "../../manifests";
import { analysisContext } from "../../manifests/analysisContext";
import type { K8sObject } from "../../manifests/k8s";
import { prepare, type Analysis } from "../../netpol";
import type { Flow, FlowPeer, Topology, Workload } from "../../topology";
import { findWorkload } from "../../topology";
import { externalIndex, parseInternetTarget, type InternetTarget } from "./addresses";

export type Verdict = "allowed" | "denied";
export type ProbeProtocol = "TCP" | "UDP";
/** Why a probe is in the plan. */
export type ProbeKind = "declared flow" | "tier isolation" | "database to the internet" | "throwaway pod";

/** A pod the plan talks about, found in the live cluster by namespace and labels. */
export interface PlannedPod {
  readonly kind: "pod";
  /** As the analyzer and the report name it: `bank-backend/backend`, `kube-system/coredns`. */
  readonly id: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The throwaway pod verify-live creates in a namespace of its own. */
export interface PlannedIntruder {
  readonly kind: "intruder";
  readonly id: typeof INTRUDER_ID;
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface PlannedExternal {
  readonly kind: "external";
  readonly id: string;
  readonly address: string;
}

export type ProbeSource = PlannedPod | PlannedIntruder;
export type ProbeTarget = PlannedPod | PlannedExternal;

export interface Probe {
  /** `<from> -> <to> <protocol>/<port>`, unique in the plan. */
  readonly id: string;
  readonly kind: ProbeKind;
  readonly from: ProbeSource;
  readonly to: ProbeTarget;
  readonly port: number;
  readonly protocol: ProbeProtocol;
  /** What the plan asks for: declared flows connect, everything else is blocked. */
  readonly intended: Verdict;
  /** The analyzer's verdict on the render; a run compares the cluster with this. */
  readonly expected: Verdict;
}

export interface NotProbed {
  readonly flow: string;
  readonly reason: string;
}

export interface ProbePlan {
  readonly probes: readonly Probe[];
  readonly notProbed: readonly NotProbed[];
}

export interface PlanOptions {
  /** Where the database tries to reach the internet; default DEFAULT_INTERNET_TARGET. */
  readonly internet?: InternetTarget;
  /** `intruder`: only the throwaway pod's probes (no ephemeral container in any pod of the stack). */
  readonly sources?: "all" | "intruder";
}

export const INTRUDER_ID = "verify-live/intruder";
export const DEFAULT_INTERNET_TARGET: InternetTarget = parseInternetTarget("1.1.1.1:443");

/**
 * The labels of the namespace verify-live creates (one place: the run applies exactly these, and
 * the analyzer sees them): the restricted Pod Security level, and who made it.
 */
export const INTRUDER_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/managed-by": "zero-trust-eks-verify-live",
  "pod-security.kubernetes.io/enforce": "restricted",
};

export function planProbes(rendered: RenderedStack, options: PlanOptions = {}): ProbePlan {
  const { topology } = rendered;
  const intruder = intruderOf(topology);
  const analysis = prepare([...allObjects(rendered), ...analysisContext(topology), ...intruderObjects(intruder)], "fast");
  const internet = options.internet ?? DEFAULT_INTERNET_TARGET;
  const wanted = [
    ...declaredProbes(topology),
    ...isolationProbes(topology),
    ...internetProbes(topology, internet),
    ...intruderProbes(topology, intruder),
  ];
  const chosen = options.sources === "intruder" ? wanted.filter((p) => p.from.kind === "intruder") : wanted;
  return {
    probes: chosen.map((probe) => ({ ...probe, expected: analyzerVerdict(analysis, probe) })),
    notProbed: [...unprobedFlows(topology), ...(options.sources === "intruder" ? [skippedSources()] : [])],
  };
}

type Unjudged = Omit<Probe, "expected">;

function podOf(workload: Pick<Workload, "namespace" | "name" | "podLabels">): PlannedPod {
  return { kind: "pod", id: `${workload.namespace}/${workload.name}`, namespace: workload.namespace, podLabels: { ...workload.podLabels } };
}

function probe(kind: ProbeKind, from: ProbeSource, to: ProbeTarget, port: { port: number; protocol: string }, intended: Verdict): Unjudged[] {
  if (port.protocol !== "TCP" && port.protocol !== "UDP") return [];
  const protocol = port.protocol;
  return [{ id: `${from.id} -> ${to.id} ${protocol}/${port.port}`, kind, from, to, port: port.port, protocol, intended }];
}

/** A flow's end inside the cluster, or undefined for an address outside it. */
function peerPod(topology: Topology, peer: FlowPeer): PlannedPod | undefined {
  switch (peer.kind) {
    case "workload":
      return podOf(findWorkload(topology, peer.tenant, peer.tier));
    case "dns":
      return podOf(topology.dns);
    case "cidr":
      return undefined;
  }
}

function declaredProbes(topology: Topology): Unjudged[] {
  return topology.flows.flatMap((flow) => {
    const from = peerPod(topology, flow.from);
    const to = peerPod(topology, flow.to);
    if (from === undefined || to === undefined) return [];
    return flow.ports.flatMap((port) => probe("declared flow", from, to, port, "allowed"));
  });
}

/** Whether the topology declares `from` -> `to` on this port. */
function declared(topology: Topology, from: Workload, to: Workload, port: number, protocol: string): boolean {
  return topology.flows.some((flow) =>
    flow.from.kind === "workload" && flow.to.kind === "workload" &&
    findWorkload(topology, flow.from.tenant, flow.from.tier) === from && findWorkload(topology, flow.to.tenant, flow.to.tier) === to &&
    flow.ports.some((p) => p.port === port && p.protocol === protocol));
}

/** Each workload to every other workload's ports it must not reach (other tenants' included). */
function isolationProbes(topology: Topology): Unjudged[] {
  return topology.workloads.flatMap((from) =>
    topology.workloads.filter((to) => to !== from).flatMap((to) =>
      to.ports.filter((port) => !declared(topology, from, to, port.port, port.protocol))
        .flatMap((port) => probe("tier isolation", podOf(from), podOf(to), port, "denied"))));
}

function internetProbes(topology: Topology, internet: InternetTarget): Unjudged[] {
  const target: PlannedExternal = { kind: "external", id: internet.address, address: internet.address };
  return topology.workloads
    .filter((workload) => workload.tier === "database")
    .flatMap((database) => probe("database to the internet", podOf(database), target, internet, "denied"));
}

function intruderProbes(topology: Topology, intruder: PlannedIntruder): Unjudged[] {
  return topology.workloads.flatMap((to) => to.ports.flatMap((port) => probe("throwaway pod", intruder, podOf(to), port, "denied")));
}

/** The throwaway pod wears the labels of the analysis context's intruder: the first tenant's frontend pods. */
function intruderOf(topology: Topology): PlannedIntruder {
  const contextPod = analysisContext(topology).find((o) => o.kind === "Pod" && o.metadata.namespace === "intruder");
  return { kind: "intruder", id: INTRUDER_ID, podLabels: { ...(contextPod?.metadata.labels ?? {}) } };
}

/**
 * The throwaway pod and its namespace, labelled as the run will label them, for the analyzer. The
 * live namespace's name has a random suffix; no policy of the stack selects a namespace by it.
 */
function intruderObjects(intruder: PlannedIntruder): K8sObject[] {
  const [namespace, name] = INTRUDER_ID.split("/") as [string, string];
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { ...INTRUDER_NAMESPACE_LABELS } } },
    { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels: { ...intruder.podLabels } }, spec: { containers: [{ name: "probe", image: "probe" }] } },
  ];
}

function analyzerVerdict(analysis: Analysis, unjudged: Unjudged): Verdict {
  const { model, prepared } = analysis;
  const index = (id: string) => {
    const found = model.endpoints.findIndex((endpoint) => endpoint.id === id);
    if (found < 0) throw new Error(`internal: the analyzer has no endpoint ${id}`);
    return found;
  };
  const from = index(unjudged.from.id);
  const to = unjudged.to.kind === "external" ? externalIndex(model, unjudged.to.address) : index(unjudged.to.id);
  return prepared.allows(from, to, { port: unjudged.port, protocol: unjudged.protocol }) ? "allowed" : "denied";
}

/** Flows with an end outside the cluster: no pod can stand in for the internet client or the server. */
function unprobedFlows(topology: Topology): NotProbed[] {
  return topology.flows.flatMap((flow: Flow) => {
    const ports = flow.ports.map((p) => `${p.protocol}/${p.port}`).join(",");
    if (flow.from.kind === "cidr") {
      return [{ flow: `${flow.from.cidr} -> ${peerPod(topology, flow.to)?.id ?? "?"} ${ports}`, reason: "the client is outside the cluster: test it through the load balancer" }];
    }
    if (flow.to.kind === "cidr") {
      return [{ flow: `${peerPod(topology, flow.from)?.id ?? "?"} -> ${flow.to.cidr} ${ports}`, reason: "the server is outside the cluster: an allowed connection it does not answer looks like a blocked one" }];
    }
    return [];
  });
}

function skippedSources(): NotProbed {
  return { flow: "every probe from a pod of the stack", reason: "--no-ephemeral: only the throwaway pod probes (no ephemeral container is added to the stack's pods)" };
}
