// Which platform reads which key. `platform: eks` creates the AWS side and an EKS cluster;
// `platform: kind` applies the same in-cluster layer to a local kind cluster and creates no AWS
// resource, except the network and the logs key when `localstackEndpoint` points the AWS provider
// at LocalStack. The rule (docs/local.md): a key the stack's platform does not read must keep its
// default, so a stack file never claims something its stack does not do. This file is the one
// list of those scopes; the docs table shows them (config/reference.ts).
import type { KeyId } from "./keys";
import type { StackConfig } from "./types";

export type Platform = "eks" | "kind";
export const PLATFORMS: readonly Platform[] = ["eks", "kind"];

/** both: every stack; eks: EKS only; aws: EKS, or kind with LocalStack; kind: kind only. */
export type KeyScope = "both" | "eks" | "aws" | "kind";

/**
 * The EKS cluster, its nodes, add-ons, API access and deploy path, backups, TLS and log groups; the
 * account guard (LocalStack answers for its own account, which the preview does not look up).
 */
const EKS_ONLY: readonly KeyId[] = [
  "production", "allowedAccountIds", "forbiddenAccountIds",
  "kubernetesVersion", "kubernetesSupportType", "vpcCniVersion", "kubeProxyVersion", "corednsVersion", "ebsCsiDriverVersion",
  "endpointPrivateAccess", "endpointPublicAccess", "endpointPublicAccessCidrs",
  "deployPhase", "apiAccessCidrs", "apiAccessSecurityGroupIds", "deployRunner", "deployRunnerInstanceType",
  "controlPlaneLogTypes", "controlPlaneLogRetentionDays", "adminRoleArns",
  "nodeInstanceTypes", "nodeCapacityType", "nodeMinSize", "nodeDesiredSize", "nodeMaxSize", "nodeDiskSizeGiB",
  "policyEngine", "databaseBackupRetentionDays", "frontendCertificateArn",
];

/** The VPC, its flow logs and the AWS tags: what LocalStack can preview on kind. */
const AWS_NETWORK: readonly KeyId[] = ["owner", "vpcCidr", "availabilityZones", "natStrategy", "flowLogs", "flowLogRetentionDays"];

const KIND_ONLY: readonly KeyId[] = ["kubeContext", "podCidr", "localstackEndpoint"];

export function keyScope(id: KeyId): KeyScope {
  if (EKS_ONLY.includes(id)) return "eks";
  if (AWS_NETWORK.includes(id)) return "aws";
  return KIND_ONLY.includes(id) ? "kind" : "both";
}

/** As the docs table's Platforms column shows a scope. */
export const SCOPE_TEXT: Readonly<Record<KeyScope, string>> = {
  both: "eks, kind",
  eks: "eks",
  aws: "eks; kind with LocalStack",
  kind: "kind",
};

/** Whether a stack on `platform` (with or without LocalStack) reads keys of this scope; every stack reads scope both. */
export function scopeRead(scope: Exclude<KeyScope, "both">, platform: Platform, localstack: boolean): boolean {
  switch (scope) {
    case "eks":
      return platform === "eks";
    case "aws":
      return platform === "eks" || localstack;
    case "kind":
      return platform === "kind";
  }
}

/**
 * kind's Service range (local/kind-cluster.yaml `networking.serviceSubnet`, kind's own default):
 * the pod range must not overlap it.
 */
export const KIND_SERVICE_SUBNET = "10.96.0.0/16";

/**
 * The cluster's own addresses, which an external CIDR must stay out of (and a range around them
 * excepts): the VPC on EKS (nodes, and pods under the VPC CNI), Calico's IP pool on kind.
 */
export function internalRange(config: Pick<StackConfig, "network" | "platform">): string {
  return config.platform.name === "kind" ? config.platform.podCidr : config.network.vpcCidr;
}
