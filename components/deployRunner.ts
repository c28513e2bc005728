// DeployRunner: an EC2 instance inside the VPC from which the in-cluster phase runs against the
// private Kubernetes API (README, "Deploy and tear down"). Reached only through Systems Manager
// sessions: private subnet, no public address, no key pair, no inbound rule. Its instance role can
// do nothing but talk to Systems Manager: whoever runs `pulumi up` on it brings their own
// deploy-role credentials.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DeployRunnerConfig } from "../config/types";
import { RUNNER_EGRESS, RUNNER_MANAGED_POLICY, runnerAmiParameter, runnerInstanceSpec } from "./deployAccessSpec";
import { managedPolicyArn, serviceTrustPolicy } from "./iamDocuments";

export interface DeployRunnerArgs {
  readonly runner: DeployRunnerConfig;
  readonly vpcId: pulumi.Input<string>;
  /** A private subnet (routed to the internet through NAT, which the SSM Agent needs). */
  readonly subnetId: pulumi.Input<string>;
}

export class DeployRunner extends pulumi.ComponentResource {
  /** `aws ssm start-session --target <instanceId>` opens a shell on the runner. */
  readonly instanceId: pulumi.Output<string>;
  /** Admitted on TCP 443 by the EKS cluster security group (see ApiAccess). */
  readonly securityGroupId: pulumi.Output<string>;

  /** AWS children inherit the AWS provider (region, default tags) from `opts.providers`. */
  constructor(name: string, args: DeployRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:deploy:DeployRunner", name, {}, opts);
    const securityGroup = createSecurityGroup(name, this, args.vpcId);
    const profile = createInstanceProfile(name, this);
    const spec = runnerInstanceSpec(args.runner);
    const ami = aws.ssm.getParameterOutput({ name: runnerAmiParameter(args.runner) }, { parent: this }).value;
    const instance = new aws.ec2.Instance(`${name}-instance`, {
      ami,
      instanceType: spec.instanceType,
      subnetId: args.subnetId,
      vpcSecurityGroupIds: [securityGroup.id],
      iamInstanceProfile: profile.name,
      associatePublicIpAddress: spec.associatePublicIpAddress,
      metadataOptions: { ...spec.metadataOptions },
      rootBlockDevice: { ...spec.rootBlockDevice },
      tags: { Name: name },
    }, {
      parent: this,
      // The parameter moves to each new AL2023 release; following it would replace the runner (and
      // whatever an operator left on it) on any run. Patch it with dnf, or replace it on purpose.
      ignoreChanges: ["ami"],
    });
    this.instanceId = instance.id;
    this.securityGroupId = securityGroup.id;
    this.registerOutputs({ instanceId: this.instanceId, securityGroupId: this.securityGroupId });
  }
}

/** No inbound rule at all; HTTPS out only. The AWS provider removes the default allow-all egress rule. */
function createSecurityGroup(name: string, parent: DeployRunner, vpcId: pulumi.Input<string>): aws.ec2.SecurityGroup {
  const group = new aws.ec2.SecurityGroup(`${name}-sg`, {
    vpcId,
    description: "Deploy runner: no inbound rules (Systems Manager sessions only), HTTPS out",
    tags: { Name: `${name}-sg` },
  }, { parent });
  new aws.vpc.SecurityGroupEgressRule(`${name}-https-out`, { securityGroupId: group.id, ...RUNNER_EGRESS }, { parent });
  return group;
}

function createInstanceProfile(name: string, parent: DeployRunner): aws.iam.InstanceProfile {
  const partition = aws.getPartitionOutput({}, { parent }).partition;
  const role = new aws.iam.Role(`${name}-role`, {
    description: "Deploy runner instance: Systems Manager only; deployers bring their own credentials",
    assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
  }, { parent });
  const attachment = new aws.iam.RolePolicyAttachment(`${name}-ssm-core`, {
    role: role.name,
    policyArn: partition.apply((p) => managedPolicyArn(p, RUNNER_MANAGED_POLICY)),
  }, { parent });
  // The agent registers with Systems Manager at boot: the profile must carry the policy by then.
  return new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name }, { parent, dependsOn: [attachment] });
}
