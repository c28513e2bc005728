// Pure naming and tagging rules for the platform components (no @pulumi import, unit-tested).
// Every name derives from project + environment, so several stacks can share one account and region.

import type { StackConfig } from "../config/types";

/** The tags every AWS resource carries, applied once through the AWS provider's defaultTags. */
export type StackTags = Readonly<Record<"environment" | "owner" | "project", string>>;

export function stackTags(config: Pick<StackConfig, "environment" | "owner" | "project">): StackTags {
  return Object.freeze({
    environment: config.environment,
    owner: config.owner,
    project: config.project,
  });
}

/**
 * Prefix of every logical (and therefore auto-named physical) resource name: `zero-trust-eks-dev`.
 * Pulumi appends a random suffix to physical names, the prefix keeps them readable per stack.
 */
export function resourcePrefix(config: Pick<StackConfig, "environment" | "project">): string {
  return `${config.project}-${config.environment}`;
}

/** The EKS cluster's physical name (the one `aws eks update-kubeconfig --name` wants). */
export function clusterPhysicalName(config: Pick<StackConfig, "environment" | "project">): string {
  return resourcePrefix(config);
}

/** The log group EKS writes control-plane logs to; EKS fixes the name, the program creates it first. */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/** The VPC flow-log group: named, not auto-named, so the logs key policy can name it in advance. */
export function flowLogGroupName(config: Pick<StackConfig, "environment" | "project">): string {
  return `/${resourcePrefix(config)}/vpc-flow-logs`;
}

/** Every log group of the stack, all encrypted with its one logs key (on kind, with LocalStack: the flow logs only). */
export function stackLogGroupNames(config: Pick<StackConfig, "environment" | "network" | "platform" | "project">): string[] {
  const flowLogs = config.network.flowLogs ? [flowLogGroupName(config)] : [];
  const controlPlane = config.platform.name === "eks" ? [controlPlaneLogGroupName(clusterPhysicalName(config))] : [];
  return [...controlPlane, ...flowLogs];
}
