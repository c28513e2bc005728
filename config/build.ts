// Validated flat key values -> the nested StackConfig the other layers read.
import { resolveAddonVersions } from "./addonVersions";
import { PROJECT, type ConfigValues } from "./keys";
import type { AppConfig, ClusterConfig, DeployConfig, FrontendListener, PlatformConfig, StackConfig } from "./types";

export function buildStackConfig(v: ConfigValues): StackConfig {
  return {
    project: PROJECT,
    environment: v.environment,
    production: v.production,
    owner: v.owner,
    region: v.region,
    platform: platformConfig(v),
    accounts: { allowedAccountIds: [...v.allowedAccountIds], forbiddenAccountIds: [...v.forbiddenAccountIds] },
    network: {
      vpcCidr: v.vpcCidr,
      availabilityZones: v.availabilityZones,
      natStrategy: v.natStrategy,
      flowLogs: v.flowLogs,
      flowLogRetentionDays: v.flowLogRetentionDays,
    },
    cluster: clusterConfig(v),
    deploy: deployConfig(v),
    policy: { engine: v.policyEngine, calicoChartVersion: v.calicoChartVersion },
    app: appConfig(v),
  };
}

function platformConfig(v: ConfigValues): PlatformConfig {
  if (v.platform === "eks") return { name: "eks" };
  const localstack = v.localstackEndpoint === "" ? {} : { localstack: { endpoint: v.localstackEndpoint } };
  return { name: "kind", kubeContext: v.kubeContext, podCidr: v.podCidr, ...localstack };
}

function clusterConfig(v: ConfigValues): ClusterConfig {
  return {
    kubernetesVersion: v.kubernetesVersion,
    supportType: v.kubernetesSupportType,
    addonVersions: resolveAddonVersions(v.kubernetesVersion, {
      "vpc-cni": v.vpcCniVersion,
      "kube-proxy": v.kubeProxyVersion,
      coredns: v.corednsVersion,
      "aws-ebs-csi-driver": v.ebsCsiDriverVersion,
    }),
    endpoint: {
      privateAccess: v.endpointPrivateAccess,
      publicAccess: v.endpointPublicAccess,
      publicAccessCidrs: [...v.endpointPublicAccessCidrs],
    },
    logTypes: [...v.controlPlaneLogTypes],
    logRetentionDays: v.controlPlaneLogRetentionDays,
    adminRoleArns: [...v.adminRoleArns],
    nodeGroup: {
      instanceTypes: [...v.nodeInstanceTypes],
      capacityType: v.nodeCapacityType,
      minSize: v.nodeMinSize,
      desiredSize: v.nodeDesiredSize,
      maxSize: v.nodeMaxSize,
      diskSizeGiB: v.nodeDiskSizeGiB,
    },
  };
}

function deployConfig(v: ConfigValues): DeployConfig {
  return {
    phase: v.deployPhase,
    apiAccessCidrs: [...v.apiAccessCidrs],
    apiAccessSecurityGroupIds: [...v.apiAccessSecurityGroupIds],
    ...(v.deployRunner ? { runner: { instanceType: v.deployRunnerInstanceType } } : {}),
  };
}

function appConfig(v: ConfigValues): AppConfig {
  return {
    tenants: [...v.tenants],
    frontend: { port: v.frontendPort, replicas: v.frontendReplicas },
    backend: { port: v.backendPort, replicas: v.backendReplicas },
    // A plain PostgreSQL StatefulSet does not replicate: more than one pod would be separate databases.
    database: {
      port: v.databasePort,
      replicas: DATABASE_REPLICAS,
      storageGiB: v.databaseStorageGiB,
      backupRetentionDays: v.databaseBackupRetentionDays,
    },
    ingressSourceCidrs: [...v.ingressSourceCidrs],
    frontendListener: frontendListener(v.frontendCertificateArn),
    egressAllowList: v.egressAllowList.map((rule) => ({ ...rule, ports: rule.ports.map((p) => ({ ...p })) })),
  };
}

export const DATABASE_REPLICAS = 1;

/** "" means no certificate: plain HTTP (appChecks.ts refuses that where it must not happen). */
function frontendListener(certificateArn: string): FrontendListener {
  return certificateArn === "" ? { kind: "plain" } : { kind: "tls", certificateArn };
}
