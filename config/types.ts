// The validated, fully defaulted stack configuration: the single input of every other layer.
// Produced only by the config parser; everything here is readonly and frozen at runtime.

export type NatStrategy = "single" | "one-per-az";
export type CapacityType = "ON_DEMAND" | "SPOT";
export type PolicyEngine = "calico" | "vpc-cni";
export type ControlPlaneLogType = "api" | "audit" | "authenticator" | "controllerManager" | "scheduler";
/** What EKS does at the end of a Kubernetes version's standard support: upgrade it, or extend (at a cost). */
export type KubernetesSupportType = "STANDARD" | "EXTENDED";
export type ManagedAddonName = "aws-ebs-csi-driver" | "coredns" | "kube-proxy" | "vpc-cni";
export type Protocol = "TCP" | "UDP" | "SCTP";
export type TierName = "frontend" | "backend" | "database";
export type DeployPhase = "platform" | "all";

export interface PortSpec {
  readonly port: number;
  readonly protocol: Protocol;
}

/** An external destination a tier may reach (e.g. backend -> payment gateway on 443). */
export interface EgressAllowRule {
  readonly tier: TierName;
  readonly cidr: string;
  readonly ports: readonly PortSpec[];
  readonly description: string;
}

export interface NetworkConfig {
  readonly vpcCidr: string;
  readonly availabilityZones: number;
  readonly natStrategy: NatStrategy;
  readonly flowLogs: boolean;
  readonly flowLogRetentionDays: number;
}

export interface NodeGroupConfig {
  readonly instanceTypes: readonly string[];
  readonly capacityType: CapacityType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
}

export interface EndpointConfig {
  readonly privateAccess: boolean;
  readonly publicAccess: boolean;
  readonly publicAccessCidrs: readonly string[];
}

export interface ClusterConfig {
  readonly kubernetesVersion: string;
  readonly supportType: KubernetesSupportType;
  /** The version of each EKS managed add-on: the pinned table's for kubernetesVersion unless overridden. */
  readonly addonVersions: Readonly<Record<ManagedAddonName, string>>;
  readonly endpoint: EndpointConfig;
  readonly logTypes: readonly ControlPlaneLogType[];
  /** Retention of the control-plane log group (/aws/eks/<cluster>/cluster), days. */
  readonly logRetentionDays: number;
  readonly adminRoleArns: readonly string[];
  readonly nodeGroup: NodeGroupConfig;
}

/**
 * How a run reaches the Kubernetes API (README, "Deploy and tear down"). `platform` registers the
 * AWS side only; `all` adds the in-cluster layer, which needs the public endpoint or a deploy source.
 */
export interface DeployConfig {
  readonly phase: DeployPhase;
  /** Connected networks admitted to the private endpoint on TCP 443. */
  readonly apiAccessCidrs: readonly string[];
  /** Security groups of existing in-VPC runners admitted to the private endpoint on TCP 443. */
  readonly apiAccessSecurityGroupIds: readonly string[];
  /** The SSM-managed runner the platform phase creates inside the VPC; absent when not wanted. */
  readonly runner?: DeployRunnerConfig;
}

export interface DeployRunnerConfig {
  readonly instanceType: string;
}

export interface PolicyConfig {
  readonly engine: PolicyEngine;
  readonly calicoChartVersion: string;
}

export interface TierConfig {
  readonly port: number;
  readonly replicas: number;
}

/**
 * How the frontend's load balancer listens: TLS on 443 with an ACM certificate, or plain HTTP on 80
 * (no certificate; the config refuses it in a production stack with internet ingress).
 */
export type FrontendListener =
  | { readonly kind: "tls"; readonly certificateArn: string }
  | { readonly kind: "plain" };

export interface DatabaseConfig extends TierConfig {
  readonly storageGiB: number;
  /** Days AWS Backup keeps each daily recovery point of the database volume. */
  readonly backupRetentionDays: number;
}

export interface AppConfig {
  /** Each tenant gets its own isolated set of tier namespaces. */
  readonly tenants: readonly string[];
  readonly frontend: TierConfig;
  readonly backend: TierConfig;
  readonly database: DatabaseConfig;
  /** Client CIDRs allowed to reach the frontend load balancer (and so the frontend pods). */
  readonly ingressSourceCidrs: readonly string[];
  readonly frontendListener: FrontendListener;
  readonly egressAllowList: readonly EgressAllowRule[];
}

/**
 * Where the stack runs (config/platform.ts). `eks`: the AWS side and an EKS cluster this stack
 * creates. `kind`: a local kind cluster reached through a kubeconfig context, Calico as its CNI;
 * no AWS resource unless `localstack` is set.
 */
export type PlatformConfig =
  | { readonly name: "eks" }
  | {
      readonly name: "kind";
      /** The kubeconfig context the in-cluster layer is applied to. */
      readonly kubeContext: string;
      /** kind's networking.podSubnet and Calico's IP pool. */
      readonly podCidr: string;
      /** Present when the AWS provider points at LocalStack: the network and the logs key are created there. */
      readonly localstack?: { readonly endpoint: string };
    };

/** At most one of the two lists is non-empty (config refuses both). */
export interface AccountGuard {
  readonly allowedAccountIds: readonly string[];
  readonly forbiddenAccountIds: readonly string[];
}

export interface StackConfig {
  readonly project: string;
  /** Stack / environment name: dev, staging, prod, local, ... */
  readonly environment: string;
  /** Production stacks get the strictest checks (e.g. no public endpoint open to the world). */
  readonly production: boolean;
  readonly owner: string;
  readonly region: string;
  readonly platform: PlatformConfig;
  /** The account guard of the program's AWS provider (aws:allowedAccountIds / aws:forbiddenAccountIds). */
  readonly accounts: AccountGuard;
  readonly network: NetworkConfig;
  readonly cluster: ClusterConfig;
  readonly deploy: DeployConfig;
  readonly policy: PolicyConfig;
  readonly app: AppConfig;
}
