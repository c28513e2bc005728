// Pure rules of the deploy path (README, "Deploy and tear down"): which sources the EKS cluster
// security group admits to the Kubernetes API, and how the in-VPC deploy runner is hardened.
// No @pulumi import.

import { instanceArchitecture } from "../config/aws";
import type { DeployConfig, DeployRunnerConfig } from "../config/types";

/** The Kubernetes API listens on TCP 443 on the private endpoint's network interfaces. */
export const KUBERNETES_API_PORT = 443;

/** Where a 443 rule admits traffic from: a connected network, or the security group of a runner. */
export type ApiSource<G> =
  | { readonly kind: "cidr"; readonly cidrIpv4: string }
  | { readonly kind: "security-group"; readonly securityGroupId: G };

export interface ApiIngressRule<G> {
  /** Suffix of the rule's resource name; derived from the source, so reordering the list replaces nothing. */
  readonly key: string;
  readonly description: string;
  readonly source: ApiSource<G>;
}

/**
 * One TCP 443 rule per deploy source, for the EKS cluster security group: the configured connected
 * networks and existing runners, then the runner this stack creates (its group ID is an output, so
 * `G` is a string or a Pulumi input).
 */
export function apiIngressRules<G>(deploy: DeployConfig, runnerSecurityGroupId?: G): ApiIngressRule<G>[] {
  const cidrs = deploy.apiAccessCidrs.map((cidrIpv4): ApiIngressRule<G> => ({
    key: `net-${cidrIpv4.replace(/[./]/g, "-")}`,
    description: `Kubernetes API from connected network ${cidrIpv4} (apiAccessCidrs)`,
    source: { kind: "cidr", cidrIpv4 },
  }));
  const groups = deploy.apiAccessSecurityGroupIds.map((id): ApiIngressRule<G> => ({
    key: id,
    description: `Kubernetes API from deploy runners in ${id} (apiAccessSecurityGroupIds)`,
    source: { kind: "security-group", securityGroupId: id as G },
  }));
  const runner: ApiIngressRule<G>[] = runnerSecurityGroupId === undefined ? [] : [{
    key: "runner",
    description: "Kubernetes API from the deploy runner of this stack (deployRunner)",
    source: { kind: "security-group", securityGroupId: runnerSecurityGroupId },
  }];
  return [...cidrs, ...groups, ...runner];
}

/** The only policy the runner's instance role holds: enough for the SSM Agent, nothing to deploy with. */
export const RUNNER_MANAGED_POLICY = "AmazonSSMManagedInstanceCore";

/** AWS's public SSM parameter naming the latest Amazon Linux 2023 AMI (SSM Agent preinstalled). */
export function runnerAmiParameter(runner: DeployRunnerConfig): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${instanceArchitecture(runner.instanceType)}`;
}

/**
 * The runner's only traffic rule: HTTPS out, through the NAT gateways, to Systems Manager (the SSM
 * Agent polls it; no inbound rule is needed), the AWS APIs, the private Kubernetes API, the Pulumi
 * backend and package registries. Amazon DNS and the metadata service are not subject to security
 * groups, so nothing else is opened.
 */
export const RUNNER_EGRESS = Object.freeze({
  ipProtocol: "tcp",
  fromPort: 443,
  toPort: 443,
  cidrIpv4: "0.0.0.0/0",
  description: "HTTPS out through NAT: Systems Manager, AWS APIs, the Kubernetes API, Pulumi backend, package registries",
});

export interface RunnerInstanceSpec {
  readonly instanceType: string;
  readonly associatePublicIpAddress: false;
  readonly metadataOptions: {
    readonly httpEndpoint: "enabled";
    readonly httpTokens: "required";
    readonly httpPutResponseHopLimit: 1;
    readonly instanceMetadataTags: "disabled";
  };
  readonly rootBlockDevice: {
    readonly volumeType: "gp3";
    readonly volumeSize: number;
    readonly encrypted: true;
    readonly deleteOnTermination: true;
  };
}

/** Room for the Pulumi CLI, its AWS/EKS/Kubernetes plugins and the project's node_modules. */
export const RUNNER_ROOT_VOLUME_GIB = 30;

/**
 * No public address, no key pair (sessions go through Systems Manager), IMDSv2 only with a hop
 * limit of 1, and an encrypted root volume.
 */
export function runnerInstanceSpec(runner: DeployRunnerConfig): RunnerInstanceSpec {
  return {
    instanceType: runner.instanceType,
    associatePublicIpAddress: false,
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
    rootBlockDevice: { volumeType: "gp3", volumeSize: RUNNER_ROOT_VOLUME_GIB, encrypted: true, deleteOnTermination: true },
  };
}
