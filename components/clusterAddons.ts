// EKS managed add-ons (vpc-cni, kube-proxy, coredns, aws-ebs-csi-driver) and the IAM role of any
// add-on that needs AWS access. What each add-on gets is decided in clusterSpec.ts.
//
// EBS CSI identity: IRSA, not EKS Pod Identity. The cluster has its OIDC provider anyway, IRSA
// needs no extra agent DaemonSet on every node (Pod Identity needs eks-pod-identity-agent), and the
// whole grant is one reviewable trust policy naming exactly one service account.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ManagedAddonName, PolicyEngine } from "../config/types";
import { managedAddons, type IrsaGrant, type ManagedAddonSpec } from "./clusterSpec";
import { ebsCsiKmsPolicy, irsaTrustPolicy, managedPolicyArn } from "./iamDocuments";

export interface AddonContext {
  readonly clusterName: pulumi.Input<string>;
  /**
   * The pinned version of each add-on (config/addonVersions.ts, or the stack's override). EKS never
   * updates a managed add-on by itself, so a cluster upgrade moves them only through this table.
   */
  readonly addonVersions: Readonly<Record<ManagedAddonName, string>>;
  /** The KMS key of EBS volumes and backups; the EBS CSI driver's role may use it when set. */
  readonly volumeKmsKeyArn?: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  readonly oidcProviderArn: pulumi.Input<string>;
  /** OIDC issuer URL without `https://`. */
  readonly oidcIssuer: pulumi.Input<string>;
}

export type AddonPhase = ManagedAddonSpec["phase"];

/** Registers the add-ons of one phase, each after `dependsOn` (and after its own IAM role). */
export function createAddons(
  name: string,
  parent: pulumi.Resource,
  engine: PolicyEngine,
  phase: AddonPhase,
  context: AddonContext,
  dependsOn: readonly pulumi.Resource[],
): aws.eks.Addon[] {
  return managedAddons(engine)
    .filter((spec) => spec.phase === phase)
    .map((spec) => {
      const role = spec.irsa && irsaRole(`${name}-${spec.name}`, parent, context, spec.irsa);
      return new aws.eks.Addon(`${name}-${spec.name}`, {
        clusterName: context.clusterName,
        addonName: spec.name,
        addonVersion: context.addonVersions[spec.name],
        configurationValues: spec.configurationValues,
        // The declared configuration wins over drift, on create and on every update.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        preserve: spec.preserve,
        serviceAccountRoleArn: role?.role.arn,
      }, { parent, dependsOn: [...dependsOn, ...(role?.grants ?? [])] });
    });
}

interface IrsaRole {
  readonly role: aws.iam.Role;
  /** Everything that gives the role its permissions: the add-on waits for all of it. */
  readonly grants: readonly pulumi.Resource[];
}

/**
 * A role only the granted service account of this cluster can assume, with its managed policy and,
 * when the grant asks for it and the stack has one, the use of the volume KMS key.
 */
function irsaRole(name: string, parent: pulumi.Resource, context: AddonContext, grant: IrsaGrant): IrsaRole {
  const account = grant.serviceAccount;
  const role = new aws.iam.Role(`${name}-role`, {
    description: `IRSA role of ${account.namespace}/${account.name}`,
    assumeRolePolicy: pulumi.all([context.oidcProviderArn, context.oidcIssuer])
      .apply(([providerArn, issuer]) => irsaTrustPolicy(providerArn, issuer, account)),
  }, { parent });
  const attachment = new aws.iam.RolePolicyAttachment(`${name}-policy`, {
    role: role.name,
    policyArn: pulumi.output(context.partition).apply((partition) => managedPolicyArn(partition, grant.managedPolicy)),
  }, { parent });
  if (!grant.usesVolumeKey || context.volumeKmsKeyArn === undefined) return { role, grants: [attachment] };
  const keyAccess = new aws.iam.RolePolicy(`${name}-volume-key`, {
    role: role.id,
    policy: pulumi.output(context.volumeKmsKeyArn).apply(ebsCsiKmsPolicy),
  }, { parent });
  return { role, grants: [attachment, keyAccess] };
}
