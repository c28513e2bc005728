// Production VPCs record their traffic (VPC flow logs, all traffic): the network evidence an
// incident response and a bank's auditors ask for. Advisory: a dev stack may skip them.
import type { PolicyResource } from "@pulumi/policy";
import { asRecord, type Finding, type StackRule } from "../kit";

const TYPES = { provider: "pulumi:providers:aws", vpc: "aws:ec2/vpc:Vpc", awsxVpc: "awsx:ec2:Vpc", flowLog: "aws:ec2/flowLog:FlowLog" } as const;

export interface FlowLogsConfig {
  /** The tag (in the AWS provider's defaultTags, or on the VPC) naming the environment. */
  readonly environmentTag: string;
  /** Environments that count as production. */
  readonly productionEnvironments: readonly string[];
}

/** A provider's `defaultTags` arrive JSON-encoded (provider inputs are strings) or as an object. */
function defaultTagsOf(props: Record<string, unknown>): Record<string, unknown> {
  const raw = props.defaultTags;
  const parsed: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
  return asRecord(asRecord(parsed).tags);
}

function isProduction(resources: readonly PolicyResource[], config: FlowLogsConfig): boolean {
  return resources.some((r) => {
    const tags = r.type === TYPES.provider ? defaultTagsOf(r.props) : r.type === TYPES.vpc ? asRecord(r.props.tags) : {};
    return config.productionEnvironments.includes(String(tags[config.environmentTag]));
  });
}

/** The stack's VPCs by id: `aws:ec2/vpc:Vpc` ids, and awsx VPC components' `vpcId` outputs. */
function vpcs(resources: readonly PolicyResource[]): Map<string, PolicyResource> {
  const found = new Map<string, PolicyResource>();
  for (const r of resources) {
    const id = r.type === TYPES.vpc ? r.props.id : r.type === TYPES.awsxVpc ? r.props.vpcId : undefined;
    if (typeof id === "string" && !found.has(id)) found.set(id, r);
  }
  return found;
}

export const flowLogsInProduction: StackRule<FlowLogsConfig> = {
  name: "flow-logs-in-production",
  description: "In a production stack (environment tag in config productionEnvironments), every VPC has a flow log recording ALL traffic: network evidence for incident response and audits.",
  defaults: { environmentTag: "environment", productionEnvironments: ["prod", "production"] },
  configSchema: {
    properties: {
      environmentTag: { type: "string", default: "environment" },
      productionEnvironments: { type: "array", items: { type: "string" }, default: ["prod", "production"] },
    },
  },
  checks: [
    (resources, config) => {
      if (!isProduction(resources, config)) return [];
      const logged = new Set(resources.filter((r) => r.type === TYPES.flowLog && r.props.trafficType === "ALL").map((r) => String(r.props.vpcId)));
      return [...vpcs(resources).entries()]
        .filter(([id]) => !logged.has(id))
        .map(([id, vpc]): Finding => ({ message: `production VPC ${vpc.name} (${id}) has no flow log recording ALL traffic`, urn: vpc.urn }));
    },
  ],
};
