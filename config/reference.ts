// Renders the key table two ways: as Pulumi.yaml `config:` declarations and as the markdown table
// of docs/config.md. Tests compare both files to these renderings, so neither can drift.
import { CONFIG_KEYS, PROJECT, type ConfigDefault, type ConfigKeySpec, type PulumiConfigType } from "./keys";
import type { EgressAllowRule, EndpointConfig, NodeGroupConfig, StackConfig } from "./types";

export interface ProjectConfigDeclaration {
  readonly type: PulumiConfigType;
  readonly description: string;
  readonly items?: { readonly type: "string" };
  readonly default?: ConfigDefault;
}

/** Pulumi.yaml may only declare (type, default) for the project's own keys, not provider keys. */
export function projectConfigDeclarations(): Record<string, ProjectConfigDeclaration> {
  const declarations: Record<string, ProjectConfigDeclaration> = {};
  for (const spec of CONFIG_KEYS.filter((k) => k.namespace === PROJECT)) {
    declarations[spec.name] = {
      type: spec.type,
      description: spec.description,
      ...(spec.type === "array" ? { items: { type: "string" as const } } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
  }
  return declarations;
}

export function renderConfigTable(): string {
  const header = ["| Key | Type | Default | Allowed values | Platforms | Description |", "| --- | --- | --- | --- | --- | --- |"];
  return [...header, ...CONFIG_KEYS.map(row)].join("\n");
}

function row(spec: ConfigKeySpec): string {
  const type = spec.type === "array" ? "list of strings" : spec.type;
  const cells = [code(spec.key), type, renderDefault(spec.default), spec.allowed, spec.platforms, spec.description];
  return `| ${cells.map(escapeCell).join(" | ")} |`;
}

function renderDefault(value: ConfigDefault | undefined): string {
  if (value === undefined) return "*required*";
  if (value === "") return "empty";
  if (Array.isArray(value)) return value.length === 0 ? "`[]`" : value.map((v) => code(String(v))).join(", ");
  return code(String(value));
}

function code(text: string): string {
  return `\`${text}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

export const PROJECT_DESCRIPTION =
  "An AWS EKS cluster secured like a bank's: Calico, zero-trust NetworkPolicies, and an analyzer that proves them.";

/** The whole Pulumi.yaml, as data; `YAML.stringify` of it is the committed file's body. */
export function projectFile(): Record<string, unknown> {
  return {
    name: PROJECT,
    runtime: { name: "nodejs", options: { typescript: true } },
    description: PROJECT_DESCRIPTION,
    config: projectConfigDeclarations(),
  };
}

type StackRow = readonly [string, (config: StackConfig) => string];

/** Not on this platform (an AWS row of a kind stack). */
const NOT_HERE = "—";

/** A row of the EKS side: NOT_HERE on kind. */
function eksOnly(cell: (config: StackConfig) => string): (config: StackConfig) => string {
  return (c) => (c.platform.name === "kind" ? NOT_HERE : cell(c));
}

/** A row of the AWS network: on kind only with LocalStack. */
function awsNetwork(cell: (config: StackConfig) => string): (config: StackConfig) => string {
  return (c) => (c.platform.name === "kind" && c.platform.localstack === undefined ? NOT_HERE : cell(c));
}

const STACK_ROWS: readonly StackRow[] = [
  ["Platform", (c) => platformText(c)],
  ["`production`", (c) => (c.production ? "**true**" : "false")],
  ["Region", awsNetwork((c) => c.region)],
  ["VPC", awsNetwork((c) => c.network.vpcCidr)],
  ["Availability zones", awsNetwork((c) => String(c.network.availabilityZones))],
  ["NAT gateways", awsNetwork((c) => (c.network.natStrategy === "single" ? "one shared" : `one per AZ (${c.network.availabilityZones})`))],
  ["VPC flow logs", awsNetwork((c) => (c.network.flowLogs ? `${c.network.flowLogRetentionDays} days` : "off"))],
  ["API endpoint", eksOnly((c) => endpointText(c.cluster.endpoint))],
  ["Deploy path to the API", (c) => (c.platform.name === "kind" ? `kubeconfig context ${c.platform.kubeContext}` : deployText(c))],
  ["Control-plane logs", eksOnly((c) => (c.cluster.logTypes.length === 5 ? "all five" : c.cluster.logTypes.join(", ")))],
  ["Control-plane log retention", eksOnly((c) => `${c.cluster.logRetentionDays} days`)],
  ["Kubernetes", eksOnly((c) => `${c.cluster.kubernetesVersion}, ${c.cluster.supportType} support`)],
  ["Nodes", eksOnly((c) => nodesText(c.cluster.nodeGroup))],
  ["Frontend / backend replicas", (c) => `${c.app.frontend.replicas} / ${c.app.backend.replicas}`],
  ["Internet ingress to the frontend", (c) => listOrNone(c.app.ingressSourceCidrs, ", ")],
  ["Frontend listener", (c) => listenerText(c)],
  ["Database backups", eksOnly((c) => `daily, kept ${c.app.database.backupRetentionDays} days`)],
  ["External egress", (c) => listOrNone(c.app.egressAllowList.map(egressText), "; ")],
  ["Policy engine", (c) => (c.policy.engine === "calico" ? `calico ${c.policy.calicoChartVersion}${c.platform.name === "kind" ? " (also the CNI)" : ""}` : c.policy.engine)],
];

function platformText(c: StackConfig): string {
  if (c.platform.name === "eks") return "EKS";
  const localstack = c.platform.localstack ? `; network and logs key in LocalStack (${c.platform.localstack.endpoint})` : "";
  return `kind, pods ${c.platform.podCidr}${localstack}`;
}

/** The "how the stacks differ" table of docs/config.md, rendered from the parsed stacks. */
export function renderStackComparison(stacks: readonly StackConfig[]): string {
  const header = `| | ${stacks.map((s) => s.environment).join(" | ")} |`;
  const rule = `| --- |${stacks.map(() => " --- |").join("")}`;
  const rows = STACK_ROWS.map(([label, cell]) => `| ${[label, ...stacks.map(cell)].map(escapeCell).join(" | ")} |`);
  return [header, rule, ...rows].join("\n");
}

function listOrNone(items: readonly string[], separator: string): string {
  return items.length === 0 ? "none" : items.join(separator);
}

function listenerText(config: StackConfig): string {
  if (config.platform.name === "kind") return "none (ClusterIP; kubectl port-forward)";
  if (config.app.ingressSourceCidrs.length === 0) return "none (ClusterIP)";
  return config.app.frontendListener.kind === "tls" ? "TLS on 443 (ACM certificate)" : "plain HTTP on 80";
}

function endpointText(endpoint: EndpointConfig): string {
  const publicPart = endpoint.publicAccess ? `public from ${endpoint.publicAccessCidrs.join(", ")}` : "";
  if (endpoint.privateAccess && publicPart) return `private + ${publicPart}`;
  return endpoint.privateAccess ? "private only" : publicPart;
}

/** The sources a run of the in-cluster phase can reach the API from, and the phase itself. */
function deployText(c: StackConfig): string {
  const { phase, runner, apiAccessSecurityGroupIds: groups, apiAccessCidrs: cidrs } = c.deploy;
  const sources = [
    ...(c.cluster.endpoint.publicAccess ? ["public endpoint"] : []),
    ...(runner ? [`in-VPC runner (${runner.instanceType})`] : []),
    ...(groups.length > 0 ? [`runners ${groups.join(", ")}`] : []),
    ...(cidrs.length > 0 ? [`networks ${cidrs.join(", ")}`] : []),
  ];
  return `${phase === "all" ? "all" : "platform only"}: ${listOrNone(sources, "; ")}`;
}

function nodesText(nodes: NodeGroupConfig): string {
  return `${nodes.instanceTypes.join(" / ")} ${nodes.capacityType}, ${nodes.minSize}-${nodes.maxSize} (desired ${nodes.desiredSize}), ${nodes.diskSizeGiB} GiB`;
}

function egressText(rule: EgressAllowRule): string {
  return `${rule.tier} -> ${rule.cidr} ${rule.ports.map((p) => `${p.port}/${p.protocol}`).join(",")} (${rule.description})`;
}
