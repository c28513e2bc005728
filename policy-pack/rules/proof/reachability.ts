// THE PROOF, on every preview: the project's own analyzer (netpol/, as a library) computes what the
// stack's Kubernetes NetworkPolicies allow between its pods, the cluster's pods and the world, and
// compares it, pair by pair and port by port, with the flows the policies declare. Every connection
// no declared flow explains is a violation naming the connection and the policies that let it
// through; every declared flow the policies do not allow is one too.
//
// Strict reading: only networking.k8s.io/v1 NetworkPolicies count. Calico's cluster-wide policies
// may deny more in the cluster, but the proof does not lean on them (a Calico outage or a
// vpc-cni-engine stack must not open anything the Kubernetes policies would not).
import { NetpolInputError, parseIntent, verifyIntent, type VerifyReport } from "../../../netpol";
import { describeObject, type Finding, type StackRule } from "../kit";
import { inventory, type Entry } from "../kubernetes/inventory";
import { analysisContext, type ClusterPod, EKS_COREDNS, PROBE_MARK } from "./context";
import { declaredFlows, type DeclaredFlow } from "./declared";

export interface ProofConfig {
  /** Pods the cluster runs that flows may name but the stack does not register (default: EKS's CoreDNS). */
  readonly clusterPods: readonly ClusterPod[];
  /** Also require each side alone (the client's egress, the server's ingress) to allow exactly the flows. */
  readonly eachSide: boolean;
  readonly engine: "reference" | "fast";
  /** How many differing connections to report one by one (a lost default deny opens hundreds). */
  readonly maxReported: number;
}

const WORLD: readonly string[] = ["0.0.0.0/0", "::/0"];
const SOURCE = "zero-trust-eks.io/flows annotations";

function intentText(flows: readonly DeclaredFlow[], unmanaged: readonly string[], eachSide: boolean): string {
  const all = ["all"];
  const declared = flows.map(({ from, to, ports }) => ({ from, to, ports }));
  const outside = [
    ...unmanaged.flatMap((from) => unmanaged.map((to) => ({ from, to, ports: all }))),
    ...unmanaged.flatMap((endpoint) => WORLD.flatMap((cidr) => [{ from: cidr, to: endpoint, ports: all }, { from: endpoint, to: cidr, ports: all }])),
  ];
  return JSON.stringify({ eachSide, flows: [...declared, ...outside] });
}

function policiesBetween(flows: readonly DeclaredFlow[], from: string, to: string): string {
  const names = new Set(flows.filter((f) => f.from === from && f.to === to).flatMap((f) => f.declaredBy.map((p) => describeObject("NetworkPolicy", p.object.metadata))));
  return names.size === 0 ? "" : ` (declared by ${[...names].join(", ")})`;
}

type Difference = VerifyReport["extra"][number];

function extraMessage(d: Difference): string {
  const connection = `connection ${d.from} -> ${d.to} ${d.connections.toString()}`;
  const because = (d.because ?? "").replace(/^the (egress|ingress) side alone: /, "");
  return d.side === undefined
    ? `${connection} is allowed but no declared flow explains it (${because})`
    : `${connection} is allowed by its ${d.side} side alone but no declared flow explains it (${because})`;
}

function missingMessage(d: Difference, flows: readonly DeclaredFlow[]): string {
  const side = d.side === undefined ? "" : ` by its ${d.side} side alone`;
  return `declared flow ${d.from} -> ${d.to} ${d.connections.toString()} is not allowed${side}${policiesBetween(flows, d.from, d.to)}`;
}

/** Connections between the stack's own pods (and the world) first, those of the analysis context's probes after. */
function probeLast(a: Difference, b: Difference): number {
  const probe = (d: Difference) => Number(d.from.includes(PROBE_MARK) || d.to.includes(PROBE_MARK));
  return probe(a) - probe(b);
}

function reportFindings(report: VerifyReport, flows: readonly DeclaredFlow[], limit: number): Finding[] {
  const all: Finding[] = [
    ...report.missing.map((d) => ({ message: missingMessage(d, flows), urn: flows.find((f) => f.from === d.from && f.to === d.to)?.declaredBy[0]?.urn })),
    ...[...report.extra].sort(probeLast).map((d) => ({ message: extraMessage(d) })),
  ];
  if (all.length <= limit) return all;
  const more = all.length - limit;
  return [...all.slice(0, limit), { message: `...and ${more} more connection${more === 1 ? "" : "s"} that differ from the declared flows (config maxReported shows more)` }];
}

/** Declared flows naming an endpoint that is neither a workload of the stack nor a cluster pod. */
function unknownEndpoints(flows: readonly DeclaredFlow[], known: ReadonlySet<string>): { kept: DeclaredFlow[]; findings: Finding[] } {
  const isEndpoint = (end: string) => /^[^/\s]+\/[^/\s]+$/.test(end) && !/^[0-9a-f:.]+\/\d+$/i.test(end);
  const kept: DeclaredFlow[] = [];
  const findings: Finding[] = [];
  for (const flow of flows) {
    const stray = [flow.from, flow.to].filter((end) => isEndpoint(end) && !known.has(end));
    if (stray.length === 0) kept.push(flow);
    else findings.push(...flow.declaredBy.map((p) => ({
      message: `${describeObject("NetworkPolicy", p.object.metadata)} declares ${flow.from} -> ${flow.to}, but ${stray.join(" and ")} is neither a workload of this stack nor a cluster pod (config clusterPods)`,
      urn: p.urn,
    })));
  }
  return { kept, findings };
}

function endpointId(entry: Entry): string {
  return `${entry.object.metadata.namespace ?? "default"}/${entry.object.metadata.name}`;
}

export const reachabilityProof: StackRule<ProofConfig> = {
  name: "reachability-proof",
  description:
    "The stack's NetworkPolicies allow exactly the flows they declare in their zero-trust-eks.io/flows annotations, computed by the " +
    "project's analyzer over the stack's pods, the cluster's DNS and look-alike intruders: every other connection is a violation.",
  defaults: { clusterPods: [EKS_COREDNS], eachSide: true, engine: "reference", maxReported: 25 },
  configSchema: {
    properties: {
      clusterPods: {
        type: "array",
        default: [EKS_COREDNS],
        items: {
          type: "object",
          required: ["namespace", "name", "labels", "ports"],
          properties: {
            namespace: { type: "string" },
            name: { type: "string" },
            labels: { type: "object", additionalProperties: { type: "string" } },
            ports: { type: "array", items: { type: "string", pattern: "^(TCP|UDP|SCTP)/[0-9]+$" } },
          },
        },
      },
      eachSide: { type: "boolean", default: true },
      engine: { type: "string", enum: ["reference", "fast"], default: "reference" },
      maxReported: { type: "integer", minimum: 1, default: 25 },
    },
  },
  checks: [
    (resources, config) => {
      const stack = inventory(resources);
      if (stack.workloads.length === 0 && stack.refused.length === 0) return [];
      const declaration = declaredFlows(stack.networkPolicies);
      const context = analysisContext(stack.workloads, config.clusterPods);
      const known = new Set([...stack.workloads.map(endpointId), ...config.clusterPods.map((p) => `${p.namespace}/${p.name}`)]);
      const { kept, findings } = unknownEndpoints(declaration.flows, known);
      const objects = [...stack.namespaces, ...stack.networkPolicies, ...stack.workloads].map((e) => e.object);
      try {
        const intent = parseIntent(intentText(kept, context.unmanaged, config.eachSide), SOURCE);
        const report = verifyIntent([...objects, ...context.objects], intent, SOURCE, { engine: config.engine });
        return [...stack.refused, ...declaration.problems, ...findings, ...reportFindings(report, kept, config.maxReported)];
      } catch (error) {
        if (!(error instanceof NetpolInputError)) throw error;
        return [...stack.refused, ...declaration.problems, ...findings, { message: `the analyzer cannot read the stack's objects: ${error.message}` }];
      }
    },
  ],
};
