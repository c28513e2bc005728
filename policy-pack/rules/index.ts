// Every rule of the pack, as CrossGuard policies (levels from levels.ts). Tests import this module;
// only the pack's index.ts constructs the PolicyPack (which starts a gRPC server).
import type { Policies } from "@pulumi/policy";
import { flowLogsInProduction } from "./aws/flowLogs";
import { eksAuditLogs, eksControlPlaneLogsComplete, eksEndpointNotOpenToWorld, eksSecretsEncrypted } from "./aws/eks";
import { kmsKeyRotation } from "./aws/keys";
import { instanceMetadataHardened, nodeGroupsPrivateSubnets } from "./aws/nodes";
import { resourcePolicy, stackPolicy } from "./kit";
import { containerResourceLimits, containersMinimalCapabilities, containersNotPrivileged, containersReadOnlyRootFilesystem, containersRunAsNonRoot } from "./kubernetes/containers";
import { databaseAdmitsOnlyBackend } from "./kubernetes/databaseIngress";
import { namespaceDefaultDeny } from "./kubernetes/defaultDeny";
import { podDisruptionBudgets } from "./kubernetes/disruption";
import { imagesPinned } from "./kubernetes/images";
import { podSecurityRestricted } from "./kubernetes/namespaces";
import { loadBalancerSourceRanges } from "./kubernetes/services";
import { noWorldEgress, noWorldIngressExceptFrontend } from "./kubernetes/worldTraffic";
import { reachabilityProof } from "./proof/reachability";

export const RESOURCE_RULES = [
  podSecurityRestricted,
  containersNotPrivileged,
  containersRunAsNonRoot,
  containersReadOnlyRootFilesystem,
  containersMinimalCapabilities,
  imagesPinned,
  loadBalancerSourceRanges,
  eksSecretsEncrypted,
  eksAuditLogs,
  eksEndpointNotOpenToWorld,
  instanceMetadataHardened,
  kmsKeyRotation,
  eksControlPlaneLogsComplete,
  containerResourceLimits,
] as const;

export const STACK_RULES = [
  namespaceDefaultDeny,
  noWorldIngressExceptFrontend,
  noWorldEgress,
  databaseAdmitsOnlyBackend,
  reachabilityProof,
  nodeGroupsPrivateSubnets,
  flowLogsInProduction,
  podDisruptionBudgets,
] as const;

/** The pack's policies, in the order CrossGuard lists them. */
export function policies(): Policies {
  return [
    ...RESOURCE_RULES.map((rule) => resourcePolicy<object>(rule as never)),
    ...STACK_RULES.map((rule) => stackPolicy<object>(rule as never)),
  ];
}
