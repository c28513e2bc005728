// Where the internet may enter and leave: only into the frontend tier, on the port its pods serve,
// and never out to "everywhere". Both rules read every NetworkPolicy of the stack at once, with the
// stack's VPC ranges (a policy alone does not know them) and the pods each policy selects.
import { LABEL_TIER } from "../../../topology/naming";
import { asArray, asRecord, describeObject, type Finding, type Props, type StackRule } from "../kit";
import { ipBlockBreadth, isWorld, vpcCidrs, type Breadth } from "./addresses";
import { type Entry, inventory } from "./inventory";
import { containersOf, podLabelsOf, selects } from "./objects";

export interface WorldTrafficConfig {
  /** VPC ranges besides the stack's own VPC resources (a VPC another stack owns). */
  readonly vpcCidrs: readonly string[];
  /** The pod label naming a tier, and the tier that may admit the internet. */
  readonly tierLabel: string;
  readonly frontendTier: string;
}

const DEFAULTS: WorldTrafficConfig = { vpcCidrs: [], tierLabel: LABEL_TIER, frontendTier: "frontend" };
const SCHEMA = {
  properties: {
    vpcCidrs: { type: "array" as const, items: { type: "string" as const }, default: [] },
    tierLabel: { type: "string" as const, default: LABEL_TIER },
    frontendTier: { type: "string" as const, default: "frontend" },
  },
};

function policyName(entry: Entry): string {
  return describeObject("NetworkPolicy", entry.object.metadata);
}

function breadthProblem(breadth: Breadth, verb: "admits" | "allows egress to"): string | undefined {
  switch (breadth.kind) {
    case "vpc":
      return `${verb} ${breadth.cidr}, which contains the VPC ${breadth.vpc} (pods have VPC addresses: this matches every pod around the selectors; except the VPC)`;
    case "invalid":
      return `${verb} ipBlock ${breadth.cidr}, which is not a valid CIDR (${breadth.reason})`;
    default:
      return undefined;
  }
}

/** The container ports (number, name, protocol) of the stack's pods in the policy's namespace that it selects. */
function selectedPorts(policy: Entry, workloads: readonly Entry[]): { port: unknown; name: unknown; protocol: string }[] {
  const namespace = policy.object.metadata.namespace ?? "default";
  const podSelector = asRecord(policy.object.spec).podSelector;
  return workloads
    .filter((w) => (w.object.metadata.namespace ?? "default") === namespace && selects(podSelector, podLabelsOf(w.type, w.object as unknown as Props)))
    .flatMap((w) => containersOf(podSpecOfEntry(w)).flatMap((c) => asArray(c.spec.ports).map(asRecord)))
    .map((p) => ({ port: p.containerPort, name: p.name, protocol: String(p.protocol ?? "TCP") }));
}

function podSpecOfEntry(entry: Entry): Props {
  const spec = asRecord(entry.object.spec);
  if (entry.object.kind === "Pod") return spec;
  const template = entry.object.kind === "CronJob" ? asRecord(asRecord(asRecord(spec.jobTemplate).spec).template) : asRecord(spec.template);
  return asRecord(template.spec);
}

/** Why internet ingress on this rule is not "the frontend on its serving port", or undefined when it is. */
function notFrontendServing(policy: Entry, rule: Props, workloads: readonly Entry[], config: WorldTrafficConfig): string | undefined {
  const matchLabels = asRecord(asRecord(asRecord(policy.object.spec).podSelector).matchLabels);
  if (matchLabels[config.tierLabel] !== config.frontendTier) return `into pods that are not the ${config.frontendTier} tier (podSelector must match ${config.tierLabel}=${config.frontendTier})`;
  const ports = asArray(rule.ports).map(asRecord);
  if (ports.length === 0) return "on every port (the rule lists no ports; expected the frontend's serving port)";
  const serving = selectedPorts(policy, workloads);
  const stray = ports.filter((p) => p.endPort !== undefined || !serving.some((s) => (p.port === s.port || p.port === s.name) && String(p.protocol ?? "TCP") === s.protocol));
  if (stray.length === 0) return undefined;
  const listed = stray.map((p) => `${String(p.protocol ?? "TCP")}/${String(p.port)}${p.endPort === undefined ? "" : `-${String(p.endPort)}`}`).join(", ");
  return `on ${listed}, which no container of the selected ${config.frontendTier} pods serves`;
}

function ingressFindings(policy: Entry, workloads: readonly Entry[], config: WorldTrafficConfig, vpcs: ReturnType<typeof vpcCidrs>): Finding[] {
  return asArray(asRecord(policy.object.spec).ingress).flatMap((item, index) => {
    const rule = asRecord(item);
    const where = `${policyName(policy)}: ingress rule ${index + 1}`;
    const peers = asArray(rule.from).map(asRecord);
    if (peers.length === 0) return [{ message: `${where} admits every source, pods and internet alike (no from)`, urn: policy.urn }];
    return peers.flatMap((peer) => {
      if (peer.ipBlock === undefined) return [];
      const breadth = ipBlockBreadth(peer.ipBlock, vpcs);
      const problem = breadth.kind === "world" ? worldProblem(breadth.cidr, policy, rule, workloads, config) : breadthProblem(breadth, "admits");
      return problem === undefined ? [] : [{ message: `${where} ${problem}`, urn: policy.urn }];
    });
  });
}

function worldProblem(cidr: string, policy: Entry, rule: Props, workloads: readonly Entry[], config: WorldTrafficConfig): string | undefined {
  const reason = notFrontendServing(policy, rule, workloads, config);
  return reason === undefined ? undefined : `admits ${cidr} ${reason}`;
}

export const noWorldIngressExceptFrontend: StackRule<WorldTrafficConfig> = {
  name: "no-world-ingress-except-frontend",
  description:
    "No NetworkPolicy admits 0.0.0.0/0 or ::/0 (or a rule with no from) except into the frontend tier on the port its pods serve, and none " +
    "admits a range that contains the VPC: the internet reaches the application only through its front door.",
  defaults: DEFAULTS,
  configSchema: SCHEMA,
  checks: [
    (resources, config) => {
      const { networkPolicies, workloads, refused } = inventory(resources);
      const vpcs = vpcCidrs(resources, config.vpcCidrs);
      return [...refused, ...networkPolicies.flatMap((policy) => ingressFindings(policy, workloads, config, vpcs))];
    },
  ],
};

function egressFindings(policy: Entry, vpcs: ReturnType<typeof vpcCidrs>): Finding[] {
  return asArray(asRecord(policy.object.spec).egress).flatMap((item, index) => {
    const rule = asRecord(item);
    const where = `${policyName(policy)}: egress rule ${index + 1}`;
    const peers = asArray(rule.to).map(asRecord);
    if (peers.length === 0) return [{ message: `${where} allows egress to every destination (no to)`, urn: policy.urn }];
    return peers.flatMap((peer) => {
      if (peer.ipBlock === undefined) return [];
      const breadth = ipBlockBreadth(peer.ipBlock, vpcs);
      const problem = breadth.kind === "world" ? `allows egress to ${breadth.cidr} (the whole internet)` : breadthProblem(breadth, "allows egress to");
      return problem === undefined ? [] : [{ message: `${where} ${problem}`, urn: policy.urn }];
    });
  });
}

/** Calico (projectcalico.org/v3) policies: an Allow egress rule to no particular destination, or to a /0 net. */
function calicoEgressFindings(policy: Entry): Finding[] {
  const name = describeObject(policy.object.kind, policy.object.metadata);
  return asArray(asRecord(policy.object.spec).egress).flatMap((item, index) => {
    const rule = asRecord(item);
    if (rule.action !== "Allow") return [];
    const destination = asRecord(rule.destination);
    const nets = asArray(destination.nets);
    const narrowed = ["nets", "selector", "namespaceSelector", "serviceAccounts", "services"].some((key) => destination[key] !== undefined);
    const where = `${name}: egress rule ${index + 1}`;
    if (!narrowed) return [{ message: `${where} allows egress to every destination (no destination nets or selectors)`, urn: policy.urn }];
    return nets.filter(isWorld).map((net) => ({ message: `${where} allows egress to ${String(net)} (the whole internet)`, urn: policy.urn }));
  });
}

export const noWorldEgress: StackRule<WorldTrafficConfig> = {
  name: "no-world-egress",
  description:
    "No NetworkPolicy (Kubernetes or Calico) allows egress to 0.0.0.0/0, ::/0, every destination, or a range that contains the VPC: " +
    "egress goes to declared destinations only, so a compromised pod can neither exfiltrate nor call home.",
  defaults: DEFAULTS,
  configSchema: SCHEMA,
  checks: [
    (resources, config) => {
      const { networkPolicies, calicoPolicies, refused } = inventory(resources);
      const vpcs = vpcCidrs(resources, config.vpcCidrs);
      return [...refused, ...networkPolicies.flatMap((p) => egressFindings(p, vpcs)), ...calicoPolicies.flatMap(calicoEgressFindings)];
    },
  ],
};
