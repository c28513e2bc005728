// Network: a VPC with public and private subnets in every configured AZ, the NAT layout from
// config, the subnet tags EKS load balancers need, and VPC flow logs where configured (to a
// KMS-encrypted log group, through a role only this account's flow logs can assume).

import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkConfig } from "../config/types";
import { flowLogsTrustPolicy, flowLogWritePolicy } from "./iamDocuments";
import { natGatewayStrategy, PRIVATE_SUBNET_TAGS, PUBLIC_SUBNET_TAGS } from "./networkSpec";
import { explicitAwsProvider } from "./providers";
import { dataProtection } from "./protection";

export interface NetworkArgs {
  /** CIDR, AZ count, NAT strategy and flow-log settings, already validated by config/. */
  readonly network: NetworkConfig;
  /** The flow-log group's name (naming.ts flowLogGroupName): the logs key policy names it too. */
  readonly flowLogGroupName: string;
  /** The logs KMS key (logging.ts), whose policy lets CloudWatch Logs encrypt the flow-log group. */
  readonly logKeyArn: pulumi.Input<string>;
  /** A production stack keeps its flow logs through a destroy or a replacement (protection.ts). */
  readonly production: boolean;
}

export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  /** One per AZ; load balancers for internet clients go here (tagged `kubernetes.io/role/elb`). */
  readonly publicSubnetIds: pulumi.Output<string[]>;
  /** One per AZ; nodes and internal load balancers go here (tagged `kubernetes.io/role/internal-elb`). */
  readonly privateSubnetIds: pulumi.Output<string[]>;

  /**
   * AWS children inherit the AWS provider (region, default tags) from `opts.providers`; the awsx
   * VPC, a remote component, gets it explicitly.
   */
  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:network:Network", name, {}, opts);
    const vpc = new awsx.ec2.Vpc(`${name}-vpc`, {
      cidrBlock: args.network.vpcCidr,
      numberOfAvailabilityZones: args.network.availabilityZones,
      // EKS private endpoints and node registration need VPC DNS with hostnames.
      enableDnsHostnames: true,
      enableDnsSupport: true,
      natGateways: { strategy: natGatewayStrategy(args.network.natStrategy) },
      // Keep awsx's default public/private layout; only add the load-balancer discovery tags.
      subnetStrategy: "AutoMerge",
      subnetSpecs: [
        { type: "Public", tags: { ...PUBLIC_SUBNET_TAGS } },
        { type: "Private", tags: { ...PRIVATE_SUBNET_TAGS } },
      ],
    }, { parent: this, ...explicitAwsProvider(this) });
    this.vpcId = vpc.vpcId;
    this.publicSubnetIds = vpc.publicSubnetIds;
    this.privateSubnetIds = vpc.privateSubnetIds;
    if (args.network.flowLogs) {
      createFlowLogs(name, this, vpc.vpcId, args);
    }
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}

/** All traffic of the VPC to an encrypted CloudWatch log group with bounded retention, via a scoped role. */
function createFlowLogs(name: string, parent: Network, vpcId: pulumi.Input<string>, args: NetworkArgs): aws.ec2.FlowLog {
  const scope = pulumi.all([
    aws.getPartitionOutput({}, { parent }).partition,
    aws.getRegionOutput({}, { parent }).region,
    aws.getCallerIdentityOutput({}, { parent }).accountId,
  ]).apply(([partition, region, account]) => ({ partition, region, account }));
  const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
    name: args.flowLogGroupName,
    retentionInDays: args.network.flowLogRetentionDays,
    kmsKeyId: args.logKeyArn,
  }, { parent, ...dataProtection(args.production) });
  const role = new aws.iam.Role(`${name}-flow-logs-role`, {
    description: "Lets VPC flow logs write to their CloudWatch log group",
    assumeRolePolicy: scope.apply(flowLogsTrustPolicy),
  }, { parent });
  const writePolicy = new aws.iam.RolePolicy(`${name}-flow-logs-write`, {
    role: role.id,
    policy: logGroup.arn.apply(flowLogWritePolicy),
  }, { parent });
  // The flow log only names the role; without this wait it can start delivering before the role
  // may write, and the first records fail with an access error.
  return new aws.ec2.FlowLog(`${name}-flow-log`, {
    vpcId,
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: logGroup.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: 60,
  }, { parent, dependsOn: [writePolicy] });
}
