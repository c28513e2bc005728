// Worker nodes: in private subnets only (no public address, no inbound path from the internet) and
// with the instance metadata service locked to IMDSv2 with a hop limit of 1, so a pod's packets
// (one hop further) cannot fetch the node role's credentials.
import type { PolicyResource } from "@pulumi/policy";
import { asArray, asRecord, type Finding, type Props, type ResourceRule, type StackRule } from "../kit";

export const AWS = {
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  instance: "aws:ec2/instance:Instance",
  subnet: "aws:ec2/subnet:Subnet",
  awsxVpc: "awsx:ec2:Vpc",
} as const;

/** Tags that mark a subnet public: awsx's `SubnetType` and the load-balancer role tag. */
function isPublicSubnet(props: Props): boolean {
  const tags = asRecord(props.tags);
  return props.mapPublicIpOnLaunch === true || tags.SubnetType === "Public" || tags["kubernetes.io/role/elb"] === "1";
}

interface SubnetKinds {
  readonly publicIds: ReadonlySet<string>;
  readonly privateIds: ReadonlySet<string>;
}

/** Subnet ids by kind: the stack's subnets (awsx creates them in a real preview) and awsx VPC outputs. */
function subnetKinds(resources: readonly PolicyResource[], extraPrivate: readonly string[]): SubnetKinds {
  const publicIds = new Set<string>();
  const privateIds = new Set<string>(extraPrivate);
  for (const resource of resources) {
    if (resource.type === AWS.subnet && typeof resource.props.id === "string") {
      (isPublicSubnet(resource.props) ? publicIds : privateIds).add(resource.props.id);
    }
    if (resource.type === AWS.awsxVpc) {
      asArray(resource.props.publicSubnetIds).forEach((id) => publicIds.add(String(id)));
      asArray(resource.props.privateSubnetIds).forEach((id) => privateIds.add(String(id)));
    }
  }
  return { publicIds, privateIds };
}

export interface PrivateSubnetsConfig {
  /** Private subnets this stack does not own (a shared VPC), by id. */
  readonly privateSubnetIds: readonly string[];
}

export const nodeGroupsPrivateSubnets: StackRule<PrivateSubnetsConfig> = {
  name: "node-groups-private-subnets",
  description:
    "Every EKS node group runs in private subnets only: nodes get no public address and no inbound path from the internet. A subnet " +
    "this stack does not show to be private (config privateSubnetIds lists others) is refused.",
  defaults: { privateSubnetIds: [] },
  configSchema: { properties: { privateSubnetIds: { type: "array", items: { type: "string" }, default: [] } } },
  checks: [
    (resources, config) => {
      const kinds = subnetKinds(resources, config.privateSubnetIds);
      return resources.filter((r) => r.type === AWS.nodeGroup).flatMap((group): Finding[] =>
        asArray(group.props.subnetIds).map(String).flatMap((id) => {
          if (kinds.publicIds.has(id)) return [{ message: `node group ${group.name} uses public subnet ${id}`, urn: group.urn }];
          if (kinds.privateIds.has(id)) return [];
          return [{ message: `node group ${group.name} uses subnet ${id}, which this stack does not show to be private (list it in config privateSubnetIds if it is)`, urn: group.urn }];
        }),
      );
    },
  ],
};

function metadataProblems(what: string, options: unknown): string[] {
  const metadata = asRecord(options);
  if (metadata.httpEndpoint === "disabled") return [];
  const problems: string[] = [];
  if (metadata.httpTokens !== "required") problems.push(`${what} does not require IMDSv2 (metadataOptions.httpTokens is ${String(metadata.httpTokens)}, expected "required")`);
  if (metadata.httpPutResponseHopLimit !== 1) problems.push(`${what} lets metadata responses travel ${String(metadata.httpPutResponseHopLimit ?? "the default number of")} hops (metadataOptions.httpPutResponseHopLimit must be 1, so pods cannot reach the node's role)`);
  return problems;
}

export const instanceMetadataHardened: ResourceRule<Record<string, never>> = {
  name: "instance-metadata-hardened",
  description:
    "Node launch templates and instances require IMDSv2 with a hop limit of 1, and every managed node group uses such a launch template " +
    "(the EKS default one allows 2 hops): a pod cannot borrow the node's IAM role.",
  defaults: {},
  types: [AWS.launchTemplate, AWS.instance, AWS.nodeGroup],
  checks: [
    (props, _config, resource) => {
      if (resource.type === AWS.nodeGroup) {
        return props.launchTemplate === undefined ? [`node group ${resource.name} has no launch template (the EKS default one allows 2 metadata hops and IMDSv1)`] : [];
      }
      const what = resource.type === AWS.launchTemplate ? `launch template ${resource.name}` : `instance ${resource.name}`;
      return metadataProblems(what, props.metadataOptions);
    },
  ],
};
