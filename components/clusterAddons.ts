// EKS managed add-ons (vpc-cni, kube-proxy, coredns, aws-ebs-csi-driver) and the IAM role of any
// add-on that needs AWS access. What each add-on gets is decided in clusterSpec.ts.
//
// EBS CSI identity: IRSA, not EKS Pod Identity. The cluster has its OIDC provider anyway, IRSA
// needs no extra agent DaemonSet on every node (Pod Identity needs eks-pod-identity-agent), and the
// whole grant is one reviewable trust policy naming exactly one service account.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyEngine } from "../config/types";
import { managedAddons, type IrsaGrant, type ManagedAddonSpec } from "./clusterSpec";
import { irsaTrustPolicy, managedPolicyArn } from "./iamDocuments";

export interface AddonContext {
  readonly clusterName: pulumi.Input<string>;
  /**
   * Each add-on runs EKS's default version for this Kubernetes version. EKS never updates a managed
   * add-on by itself, so without an explicit version a cluster upgrade leaves them behind.
   */
  readonly kubernetesVersion: string;
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
        addonVersion: defaultAddonVersion(parent, spec.name, context.kubernetesVersion),
        configurationValues: spec.configurationValues,
        // The declared configuration wins over drift, on create and on every update.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        serviceAccountRoleArn: role?.role.arn,
      }, { parent, dependsOn: role ? [...dependsOn, role.attachment] : [...dependsOn] });
    });
}

/** The version EKS installs by default for `kubernetesVersion` (not the newest, which may be less proven). */
function defaultAddonVersion(parent: pulumi.Resource, addonName: string, kubernetesVersion: string): pulumi.Output<string> {
  return aws.eks.getAddonVersionOutput({ addonName, kubernetesVersion, mostRecent: false }, { parent }).version;
}

interface IrsaRole {
  readonly role: aws.iam.Role;
  readonly attachment: aws.iam.RolePolicyAttachment;
}

/** A role only the granted service account of this cluster can assume, with its one managed policy. */
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
  return { role, attachment };
}
