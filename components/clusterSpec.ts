// Pure rules for the Cluster component: endpoint access, admin access entries, the node launch
// template's hardening and the managed add-ons. No @pulumi import.

import { nodeArchitecture, type CpuArchitecture } from "../config";
import type { ClusterConfig, EndpointConfig, KubernetesSupportType, ManagedAddonName, NodeGroupConfig, PolicyEngine } from "../config/types";
import type { ServiceAccountRef } from "./iamDocuments";

/** Amazon Linux 2023 (AL2 is deprecated), for the node group's one CPU architecture (config rejects mixes). */
const AMI_TYPES: Readonly<Record<CpuArchitecture, string>> = {
  arm64: "AL2023_ARM_64_STANDARD",
  x86_64: "AL2023_x86_64_STANDARD",
};

export function nodeAmiType(nodeGroup: Pick<NodeGroupConfig, "instanceTypes">): string {
  return AMI_TYPES[nodeArchitecture(nodeGroup.instanceTypes)];
}

/**
 * The policies of every EKS worker node: join the cluster, run the VPC CNI, pull images from ECR
 * (PullOnly: ReadOnly also lets a node list and describe every repository), and Systems Manager
 * Session Manager for break-glass shell access without SSH keys or open ports.
 */
export const NODE_MANAGED_POLICIES: readonly string[] = Object.freeze([
  "AmazonEC2ContainerRegistryPullOnly",
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonSSMManagedInstanceCore",
]);

export const EBS_CSI_SERVICE_ACCOUNT: ServiceAccountRef = Object.freeze({
  namespace: "kube-system",
  name: "ebs-csi-controller-sa",
});
/**
 * V2 scopes the driver to volumes and snapshots tagged `ebs.csi.aws.com/cluster: true`, which the
 * driver puts on everything it provisions. Its ARN has no `service-role/` path (AWS managed policy
 * reference), unlike V1's.
 */
export const EBS_CSI_POLICY = "AmazonEBSCSIDriverPolicyV2";

export interface EndpointAccess {
  readonly endpointPrivateAccess: boolean;
  readonly endpointPublicAccess: boolean;
  /** Only present when the public endpoint is on: pulumi-eks rejects CIDRs for a private-only endpoint. */
  readonly publicAccessCidrs?: readonly string[];
}

export function endpointAccess(endpoint: EndpointConfig): EndpointAccess {
  // Config requires private access in every stack (config/checks.ts): nodes join through it.
  const base = { endpointPrivateAccess: endpoint.privateAccess, endpointPublicAccess: endpoint.publicAccess };
  if (!endpoint.publicAccess) return base;
  return { ...base, publicAccessCidrs: [...endpoint.publicAccessCidrs] };
}

/** Shape of one `@pulumi/eks` access entry, as plain data; `P` is the policy ARN (string or a Pulumi input). */
export interface AdminAccessEntry<P> {
  readonly principalArn: string;
  readonly type: "STANDARD";
  readonly accessPolicies: Readonly<Record<string, {
    readonly policyArn: P;
    readonly accessScope: { readonly type: "cluster" };
  }>>;
}

/**
 * One cluster-wide admin entry per role, associated with `clusterAdminPolicyArn` (the partition's
 * AmazonEKSClusterAdminPolicy). Keyed by account and role name: the key becomes part of a resource
 * name, so it must not change when the list is reordered.
 */
export function adminAccessEntries<P>(roleArns: readonly string[], clusterAdminPolicyArn: P): Record<string, AdminAccessEntry<P>> {
  const entries: Record<string, AdminAccessEntry<P>> = {};
  for (const principalArn of [...roleArns].sort()) {
    entries[accessEntryKey(principalArn)] = {
      principalArn,
      type: "STANDARD",
      accessPolicies: {
        clusterAdmin: { policyArn: clusterAdminPolicyArn, accessScope: { type: "cluster" } },
      },
    };
  }
  return entries;
}

/** `arn:aws:iam::123456789012:role/path/Admin` -> `admin-123456789012-Admin`. */
export function accessEntryKey(roleArn: string): string {
  const parts = roleArn.split(":");
  const account = parts[4] ?? "";
  const roleName = (parts[5] ?? "").split("/").pop() ?? "";
  return `admin-${account}-${roleName}`.replace(/[^A-Za-z0-9-]/g, "-");
}

export interface NodeLaunchTemplateSpec {
  readonly metadataOptions: {
    readonly httpEndpoint: "enabled";
    readonly httpTokens: "required";
    readonly httpPutResponseHopLimit: 1;
  };
  readonly blockDeviceMappings: readonly [{
    readonly deviceName: string;
    readonly ebs: {
      readonly volumeSize: number;
      readonly volumeType: "gp3";
      readonly encrypted: "true";
      readonly deleteOnTermination: "true";
    };
  }];
  readonly tagSpecifications: readonly {
    readonly resourceType: "instance" | "volume";
    readonly tags: Readonly<Record<string, string>>;
  }[];
}

/**
 * IMDSv2 only, with a hop limit of 1: a pod's packets to 169.254.169.254 cross one extra hop, so
 * pods cannot borrow the node's IAM role. Root volume: encrypted gp3. Default tags do not reach
 * instances launched by the node group's auto scaling group, hence explicit tag specifications.
 */
export function nodeLaunchTemplate(nodeGroup: NodeGroupConfig, tags: Readonly<Record<string, string>>): NodeLaunchTemplateSpec {
  return {
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{
      deviceName: "/dev/xvda", // root device of the AL2023 EKS AMIs
      ebs: { volumeSize: nodeGroup.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
    }],
    tagSpecifications: [
      { resourceType: "instance", tags: { ...tags } },
      { resourceType: "volume", tags: { ...tags } },
    ],
  };
}

export function nodeScaling(nodeGroup: NodeGroupConfig): { minSize: number; desiredSize: number; maxSize: number } {
  return { minSize: nodeGroup.minSize, desiredSize: nodeGroup.desiredSize, maxSize: nodeGroup.maxSize };
}

export type AddonName = ManagedAddonName;

export interface ManagedAddonSpec {
  readonly name: AddonName;
  /** `before-nodes`: the node group waits for it (nodes need a CNI); `after-nodes`: it needs nodes to schedule on. */
  readonly phase: "after-nodes" | "before-nodes";
  /**
   * Keep the add-on's Kubernetes objects running if the EKS add-on is deleted (a replacement, an
   * add-on removed from code): without the CNI, kube-proxy or DNS every pod loses its network.
   */
  readonly preserve: boolean;
  readonly configurationValues?: string;
  /** Runs under its own IAM role (IRSA) instead of the node role. */
  readonly irsa?: IrsaGrant;
}

/** The service account an add-on's controller runs as, and the AWS-managed policy its role gets. */
export interface IrsaGrant {
  readonly serviceAccount: ServiceAccountRef;
  readonly managedPolicy: string;
  /** Also may use the stack's volume KMS key, when there is one (the EBS CSI driver encrypts with it). */
  readonly usesVolumeKey: boolean;
}

/**
 * The EKS managed add-ons, in a fixed order. The VPC CNI's own network-policy agent is enabled only
 * when it is the engine: Calico and EKS network policy must never enforce side by side.
 */
export function managedAddons(engine: PolicyEngine): readonly ManagedAddonSpec[] {
  return [
    { name: "vpc-cni", phase: "before-nodes", preserve: true, configurationValues: vpcCniConfiguration(engine) },
    { name: "kube-proxy", phase: "before-nodes", preserve: true },
    { name: "coredns", phase: "after-nodes", preserve: true },
    {
      name: "aws-ebs-csi-driver",
      phase: "after-nodes",
      // Volumes are EBS resources and outlive the driver; nothing running depends on it to keep working.
      preserve: false,
      irsa: { serviceAccount: EBS_CSI_SERVICE_ACCOUNT, managedPolicy: EBS_CSI_POLICY, usesVolumeKey: true },
    },
  ];
}

/**
 * The vpc-cni add-on's configurationValues (its schema, `aws eks describe-addon-configuration`,
 * wants every value as a string). Under Calico, also `env.ANNOTATE_POD_IP`: aws-node writes each
 * pod's address into the annotation Calico reads (see manifests/calico/awsNode.ts, which grants
 * the `patch` on pods this needs).
 */
export function vpcCniConfiguration(engine: PolicyEngine): string {
  if (engine === "vpc-cni") return JSON.stringify({ enableNetworkPolicy: "true" });
  return JSON.stringify({ enableNetworkPolicy: "false", env: { ANNOTATE_POD_IP: "true" } });
}

export interface ControlPlaneSettings {
  readonly version: string;
  readonly enabledClusterLogTypes: string[];
  /** Explicit: EKS (and `@pulumi/eks`) default to EXTENDED, which bills extra once standard support ends. */
  readonly upgradePolicy: { readonly supportType: KubernetesSupportType };
}

/** The control-plane settings taken straight from config, in the shape `@pulumi/eks` expects. */
export function controlPlaneSettings(cluster: ClusterConfig): ControlPlaneSettings {
  return {
    version: cluster.kubernetesVersion,
    enabledClusterLogTypes: [...cluster.logTypes].sort(),
    upgradePolicy: { supportType: cluster.supportType },
  };
}
