// Cluster: an EKS control plane (API authentication with admin access entries, KMS envelope
// encryption of secrets with a rotating customer-managed key, control-plane logs to a log group we
// create first with retention and KMS encryption, private endpoint, network interfaces in the
// private subnets only, OIDC provider, pinned upgrade policy), a hardened managed node group, the
// EKS managed add-ons at pinned versions, one Kubernetes provider for everything in-cluster, and
// the StorageClasses the manifests layer renders (the encrypted gp3 default).

import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, PolicyEngine } from "../config/types";
import type { K8sObject } from "../manifests/k8s";
import { createAddons } from "./clusterAddons";
import { createNodeGroup } from "./clusterNodes";
import { adminAccessEntries, controlPlaneSettings, endpointAccess } from "./clusterSpec";
import { eksAccessPolicyArn } from "./iamDocuments";
import { applyObject } from "./k8sObjects";
import { controlPlaneLogGroupName } from "./naming";
import { dataProtection } from "./protection";
import { explicitAwsProvider } from "./providers";

export interface ClusterArgs {
  /** Physical EKS cluster name, unique per stack (see naming.ts). */
  readonly clusterName: string;
  readonly cluster: ClusterConfig;
  /** Decides whether the VPC CNI's own network-policy agent is on (only for `vpc-cni`). */
  readonly policyEngine: PolicyEngine;
  readonly vpcId: pulumi.Input<string>;
  /**
   * The control plane's network interfaces and the nodes go here only. Public subnets are not
   * passed at all: internet-facing load balancers find them by their `kubernetes.io/role/elb` tag.
   */
  readonly privateSubnetIds: pulumi.Input<string[]>;
  /** The stack tags, copied onto node instances and volumes (see clusterNodes.ts). */
  readonly tags: Readonly<Record<string, string>>;
  /** The logs KMS key (logging.ts); its policy names the control-plane log group. */
  readonly logKeyArn: pulumi.Input<string>;
  /**
   * The KMS key of EBS volumes and their backups (DataProtection's `volumeKeyArn`, created before
   * the cluster); the EBS CSI driver's role may use it. index.ts always passes it.
   */
  readonly volumeKmsKeyArn?: pulumi.Input<string>;
  /**
   * A production stack: EKS deletion protection (a replacement or `pulumi destroy` fails until it
   * is turned off) and the secrets key protected and retained (protection.ts).
   */
  readonly production: boolean;
  /**
   * The StorageClasses to create through the cluster's provider: `renderStack(config).storageClasses`
   * (the encrypted gp3 default), exactly what `render` prints.
   */
  readonly storageClasses: readonly K8sObject[];
  /**
   * False in the platform phase (deployPhase: platform): no Kubernetes provider and nothing
   * in-cluster, so the run never needs the Kubernetes API (README, "Deploy and tear down").
   */
  readonly inCluster: boolean;
}

export class Cluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  /** Kubeconfig as a JSON string; secret, it names the cluster endpoint and CA. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  /** The one Kubernetes provider every in-cluster resource (here and in other components) uses; none in the platform phase. */
  readonly k8sProvider: k8s.Provider | undefined;
  /** The security group EKS created for the control plane's interfaces (and the managed nodes); ApiAccess adds 443 rules to it. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** Wait on these before scheduling pods: the node group, the add-ons that need nodes, the StorageClasses. */
  readonly ready: readonly pulumi.Resource[];

  /**
   * AWS children inherit the AWS provider (region, default tags) from `opts.providers`; the
   * `@pulumi/eks` cluster, a remote component, gets it explicitly.
   */
  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:cluster:Cluster", name, {}, opts);
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const control = createControlPlane(name, this, args, partition);
    this.clusterName = control.eksCluster.name;
    this.kubeconfig = pulumi.secret(control.kubeconfigJson);
    this.oidcProviderArn = control.oidcProviderArn;
    this.clusterSecurityGroupId = control.clusterSecurityGroupId;
    const context = {
      clusterName: this.clusterName,
      addonVersions: args.cluster.addonVersions,
      volumeKmsKeyArn: args.volumeKmsKeyArn,
      partition,
      oidcProviderArn: control.oidcProviderArn,
      oidcIssuer: control.oidcIssuer,
    };
    const bootAddons = createAddons(name, this, args.policyEngine, "before-nodes", context, []);
    const nodeGroup = createNodeGroup(name, this, {
      clusterName: this.clusterName,
      kubernetesVersion: args.cluster.kubernetesVersion,
      partition,
      privateSubnetIds: args.privateSubnetIds,
      nodeGroup: args.cluster.nodeGroup,
      tags: args.tags,
      dependsOn: bootAddons,
    });
    const nodeAddons = createAddons(name, this, args.policyEngine, "after-nodes", context, [nodeGroup]);
    this.k8sProvider = args.inCluster ? new k8s.Provider(`${name}-k8s`, { kubeconfig: control.kubeconfigJson }, { parent: this }) : undefined;
    const provider = this.k8sProvider;
    const storageClasses = provider ? args.storageClasses.map((o) => applyObject(`${name}-${o.metadata.name}`, o, { parent: this, provider })) : [];
    this.ready = [nodeGroup, ...nodeAddons, ...storageClasses];
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidcProviderArn,
    });
  }
}

/**
 * The `@pulumi/eks` cluster. It manages none of the add-ons itself (no default VPC CNI, coredns or
 * kube-proxy add-on, no self-managed bootstrap add-ons): clusterAddons.ts owns all of them, so the
 * VPC CNI's network-policy flag has exactly one writer.
 */
function createControlPlane(name: string, parent: Cluster, args: ClusterArgs, partition: pulumi.Output<string>): eks.Cluster {
  const key = createSecretsKey(name, parent, args);
  const logGroup = createControlPlaneLogGroup(name, parent, args);
  const endpoint = endpointAccess(args.cluster.endpoint);
  const adminPolicyArn = partition.apply((p) => eksAccessPolicyArn(p, "AmazonEKSClusterAdminPolicy"));
  return new eks.Cluster(`${name}-eks`, {
    // EKS creates /aws/eks/<name>/cluster itself (no retention, no KMS) unless it already exists.
    // A multi-language component's dependsOn does not reach the resources it creates, so the name
    // carries the dependency: the EKS cluster inside cannot be created before its log group.
    name: logGroup.name.apply(() => args.clusterName),
    ...controlPlaneSettings(args.cluster),
    vpcId: args.vpcId,
    // Only private subnets: pulumi-eks gives the control plane every subnet it is passed (public
    // and private alike), and EKS places the control plane's network interfaces in them.
    privateSubnetIds: args.privateSubnetIds,
    endpointPrivateAccess: endpoint.endpointPrivateAccess,
    endpointPublicAccess: endpoint.endpointPublicAccess,
    publicAccessCidrs: endpoint.publicAccessCidrs && [...endpoint.publicAccessCidrs],
    authenticationMode: eks.AuthenticationMode.Api,
    accessEntries: adminAccessEntries(args.cluster.adminRoleArns, adminPolicyArn),
    encryptionConfigKeyArn: key.arn,
    createOidcProvider: true,
    deletionProtection: args.production,
    skipDefaultNodeGroup: true,
    // Managed node groups use the EKS-created cluster security group; the component's extra
    // cluster/node security groups would only serve its (skipped) self-managed node group.
    skipDefaultSecurityGroups: true,
    bootstrapSelfManagedAddons: false,
    useDefaultVpcCni: true,
    corednsAddonOptions: { enabled: false },
    kubeProxyAddonOptions: { enabled: false },
  }, { parent, dependsOn: [logGroup], ...explicitAwsProvider(parent) });
}

/** Customer-managed, yearly rotated key for secrets envelope encryption, with a findable alias. */
function createSecretsKey(name: string, parent: Cluster, args: ClusterArgs): aws.kms.Key {
  const key = new aws.kms.Key(`${name}-secrets-key`, {
    description: `Envelope encryption of Kubernetes secrets in EKS cluster ${args.clusterName}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
  }, { parent, ...dataProtection(args.production) });
  new aws.kms.Alias(`${name}-secrets-key-alias`, {
    name: `alias/${args.clusterName}-eks-secrets`,
    targetKeyId: key.keyId,
  }, { parent });
  return key;
}

/** The group EKS writes control-plane logs to, with the stack's retention, encrypted with the logs key. */
function createControlPlaneLogGroup(name: string, parent: Cluster, args: ClusterArgs): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(`${name}-control-plane-logs`, {
    name: controlPlaneLogGroupName(args.clusterName),
    retentionInDays: args.cluster.logRetentionDays,
    kmsKeyId: args.logKeyArn,
  }, { parent, ...dataProtection(args.production) });
}
