// The cluster's managed node group: its IAM role, a hardened launch template (IMDSv2, hop limit 1,
// encrypted gp3 root volume) and an AL2023 node group in the private subnets only.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NodeGroupConfig } from "../config/types";
import { NODE_MANAGED_POLICIES, nodeAmiType, nodeLaunchTemplate, nodeScaling } from "./clusterSpec";
import { managedPolicyArn, serviceTrustPolicy } from "./iamDocuments";

export interface NodeGroupArgs {
  readonly clusterName: pulumi.Input<string>;
  /**
   * The control plane's Kubernetes version. Set explicitly: the AWS provider only diffs a node
   * group's `version` when it is configured, so without it a cluster upgrade never rolls the nodes.
   */
  readonly kubernetesVersion: string;
  readonly partition: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly nodeGroup: NodeGroupConfig;
  /** Copied onto instances and volumes, which the provider's default tags do not reach. */
  readonly tags: Readonly<Record<string, string>>;
  /** What must exist before nodes boot (the CNI and kube-proxy add-ons). */
  readonly dependsOn: readonly pulumi.Resource[];
}

export function createNodeGroup(name: string, parent: pulumi.Resource, args: NodeGroupArgs): aws.eks.NodeGroup {
  const role = new aws.iam.Role(`${name}-node-role`, {
    description: "EKS worker nodes",
    assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
  }, { parent });
  const attachments = NODE_MANAGED_POLICIES.map((policy) => new aws.iam.RolePolicyAttachment(`${name}-node-${policy}`, {
    role: role.name,
    policyArn: pulumi.output(args.partition).apply((partition) => managedPolicyArn(partition, policy)),
  }, { parent }));
  const template = nodeLaunchTemplate(args.nodeGroup, args.tags);
  const launchTemplate = new aws.ec2.LaunchTemplate(`${name}-node-template`, {
    description: "Hardened EKS node template: IMDSv2 only, hop limit 1, encrypted gp3 root volume",
    updateDefaultVersion: true,
    metadataOptions: { ...template.metadataOptions },
    blockDeviceMappings: template.blockDeviceMappings.map((mapping) => ({ ...mapping, ebs: { ...mapping.ebs } })),
    tagSpecifications: template.tagSpecifications.map((spec) => ({ resourceType: spec.resourceType, tags: { ...spec.tags } })),
  }, { parent });
  return new aws.eks.NodeGroup(`${name}-nodes`, {
    clusterName: args.clusterName,
    version: args.kubernetesVersion,
    nodeRoleArn: role.arn,
    subnetIds: args.privateSubnetIds,
    amiType: nodeAmiType(args.nodeGroup),
    capacityType: args.nodeGroup.capacityType,
    instanceTypes: [...args.nodeGroup.instanceTypes],
    scalingConfig: nodeScaling(args.nodeGroup),
    updateConfig: { maxUnavailable: 1 },
    // Disk size lives in the launch template; EKS rejects diskSize alongside one.
    launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
  }, { parent, dependsOn: [...args.dependsOn, ...attachments] });
}
