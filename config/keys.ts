// The key table: the single source of every config key's type, default, description and allowed
// values. It drives the parser's defaults, Pulumi.yaml's declared config and docs/config.md
// (tests hold the last two to it, so none of them can drift).
import { z } from "zod";
import {
  cidr, dnsLabel, egressRule, intOneOf, intRange, ipv4Cidr, oneOf, pattern, podCidr, uniqueList, vpcCidr,
} from "./schemas";
import { PINNED_KUBERNETES_VERSIONS } from "./addonVersions";
import { OPERATOR_RANGE_MIN_PREFIX } from "./cidr";
import { key, type ConfigKeySpec, type KeyDef } from "./keyDef";
import { keyScope, SCOPE_TEXT } from "./platform";

export { PROJECT, type ConfigDefault, type ConfigKeySpec, type PulumiConfigType } from "./keyDef";

// CloudWatch Logs accepts only these retention periods.
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const INSTANCE_TYPE_TEXT = "an EC2 instance type such as m6i.large";
const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ID_TEXT = "a 12-digit AWS account ID such as 111122223333";
const ROLE_ARN_TEXT = "an IAM role ARN arn:aws[-partition]:iam::<12-digit account id>:role/<name>";
const PINNED = `${PINNED_KUBERNETES_VERSIONS[0]}-${PINNED_KUBERNETES_VERSIONS[PINNED_KUBERNETES_VERSIONS.length - 1]}`;

/** An add-on version override; empty means the version config/addonVersions.ts pins for kubernetesVersion. */
function addonVersionKey(name: string, addon: string, example: string) {
  return key({
    name, type: "string", default: "",
    description: `EKS ${addon} add-on version; empty takes the version pinned for kubernetesVersion (config/addonVersions.ts).`,
    allowed: `empty, or an EKS add-on version such as ${example}`,
    schema: pattern(/^(v\d+\.\d+\.\d+-eksbuild\.\d+)?$/, `empty (the version pinned for kubernetesVersion) or an EKS add-on version such as ${example}`),
  });
}

// "" (no certificate) or an ACM certificate: its id is a UUID. Region and partition are checked against aws:region.
const ACM_CERTIFICATE_ARN = /^$|^arn:aws(-[a-z]+)*:acm:[a-z]{2,4}(-[a-z]+)+-\d{1,2}:\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACM_CERTIFICATE_ARN_TEXT = "\"\" or an ACM certificate ARN arn:aws[-partition]:acm:<region>:<12-digit account id>:certificate/<uuid>";
/** Production keeps at least a week of daily database recovery points. */
export const PRODUCTION_MIN_BACKUP_RETENTION_DAYS = 7;

export const KEYS = {
  region: key({
    namespace: "aws", name: "region", type: "string",
    description: "AWS region of every resource; set explicitly in each stack.",
    allowed: "an AWS region code, e.g. eu-west-1",
    schema: pattern(/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/, "an AWS region code such as eu-west-1"),
  }),
  allowedAccountIds: key({
    namespace: "aws", name: "allowedAccountIds", type: "array", default: [],
    description: "The only AWS accounts this stack may deploy to (the program's AWS provider refuses any other); [] for no restriction.",
    allowed: "12-digit AWS account IDs; not together with aws:forbiddenAccountIds",
    schema: uniqueList(pattern(ACCOUNT_ID, ACCOUNT_ID_TEXT), "account IDs"),
  }),
  forbiddenAccountIds: key({
    namespace: "aws", name: "forbiddenAccountIds", type: "array", default: [],
    description: "AWS accounts this stack must never deploy to (the program's AWS provider refuses them).",
    allowed: "12-digit AWS account IDs; not together with aws:allowedAccountIds",
    schema: uniqueList(pattern(ACCOUNT_ID, ACCOUNT_ID_TEXT), "account IDs"),
  }),
  environment: key({
    name: "environment", type: "string",
    description: "Environment name; prefixes resource names and fills the environment tag.",
    allowed: "DNS label, at most 16 characters",
    schema: dnsLabel(16, "an environment name"),
  }),
  production: key({
    name: "production", type: "boolean", default: false,
    description: "Marks a production stack: enables the strictest checks (no world-open API endpoint, audit logs, flow logs, 2+ replicas).",
    allowed: "true, false",
    schema: z.boolean(),
  }),
  owner: key({
    name: "owner", type: "string", default: "platform-team",
    description: "Value of the owner tag on every AWS resource.",
    allowed: "1-256 characters valid in an AWS tag value",
    schema: pattern(/^[\p{L}\p{N}\s_.:/=+\-@]{1,256}$/u, "an AWS tag value: 1-256 letters, digits, spaces or _ . : / = + - @"),
  }),
  platform: key({
    name: "platform", type: "string", default: "eks",
    description: "Where the stack runs: eks (an AWS EKS cluster this stack creates) or kind (a local kind cluster you created, reached through kubeContext; docs/local.md). Keys a platform does not read must keep their defaults.",
    allowed: "eks, kind",
    schema: oneOf(["eks", "kind"]),
  }),
  kubeContext: key({
    name: "kubeContext", type: "string", default: "",
    description: "The kubeconfig context the in-cluster layer is applied to on platform kind (kind names it kind-<cluster name>); the EKS stacks build their own kubeconfig.",
    allowed: "a kubeconfig context name (required on kind), empty on eks",
    schema: pattern(/^(\S{1,253})?$/, "a kubeconfig context name such as kind-zero-trust-eks: no spaces, at most 253 characters"),
  }),
  podCidr: key({
    name: "podCidr", type: "string", default: "192.168.0.0/16",
    description: "Pod addresses of the kind cluster: its networking.podSubnet (local/kind-cluster.yaml) and Calico's IP pool, which must be the same range.",
    allowed: "private (RFC 1918) IPv4 CIDR, /12 to /22, not overlapping kind's Service range 10.96.0.0/16",
    schema: podCidr,
  }),
  localstackEndpoint: key({
    name: "localstackEndpoint", type: "string", default: "",
    description: "On platform kind, LocalStack's URL: the AWS provider then sends the VPC, KMS, CloudWatch Logs, IAM and STS calls there, to preview the network and the logs key locally; empty creates no AWS resource.",
    allowed: "empty, or an http(s) URL such as http://localhost:4566",
    schema: pattern(/^(https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?)?$/, "empty or a LocalStack URL such as http://localhost:4566 (scheme, host and port only)"),
  }),
  vpcCidr: key({
    name: "vpcCidr", type: "string", default: "10.0.0.0/16",
    description: "IPv4 range of the VPC; split into one public and one private subnet per AZ.",
    allowed: "private (RFC 1918) IPv4 CIDR, /16 to /24",
    schema: vpcCidr,
  }),
  availabilityZones: key({
    name: "availabilityZones", type: "integer", default: 3,
    description: "Number of availability zones to spread subnets and nodes over (EKS needs at least 2).",
    allowed: "2-6",
    schema: intRange(2, 6, "a number of availability zones (EKS needs subnets in at least 2)"),
  }),
  natStrategy: key({
    name: "natStrategy", type: "string", default: "one-per-az",
    description: "NAT gateways for private-subnet egress: one shared gateway (cheaper) or one per AZ (survives an AZ outage).",
    allowed: "single, one-per-az",
    schema: oneOf(["single", "one-per-az"]),
  }),
  flowLogs: key({
    name: "flowLogs", type: "boolean", default: true,
    description: "Send VPC flow logs (all traffic) to CloudWatch Logs.",
    allowed: "true, false",
    schema: z.boolean(),
  }),
  flowLogRetentionDays: key({
    name: "flowLogRetentionDays", type: "integer", default: 90,
    description: "Retention of the flow-log group, in days (ignored when flowLogs is false).",
    allowed: RETENTION_DAYS.join(", "),
    schema: intOneOf(RETENTION_DAYS),
  }),
  kubernetesVersion: key({
    name: "kubernetesVersion", type: "string", default: "1.34",
    description: "EKS Kubernetes minor version; quote it (\"1.34\") so YAML tools keep it a string.",
    allowed: `"1.<minor>", 1.23 or later; add-on versions are pinned for ${PINNED}, other versions need all four *Version keys`,
    schema: pattern(/^1\.(2[3-9]|[3-9]\d)$/, "a Kubernetes minor version such as \"1.34\" (1.23 or later, for access entries)"),
  }),
  kubernetesSupportType: key({
    name: "kubernetesSupportType", type: "string", default: "STANDARD",
    description: "EKS upgrade policy at the end of the version's standard support: STANDARD upgrades the control plane automatically, EXTENDED keeps the version under extended support (billed extra).",
    allowed: "STANDARD, EXTENDED",
    schema: oneOf(["STANDARD", "EXTENDED"]),
  }),
  vpcCniVersion: addonVersionKey("vpcCniVersion", "vpc-cni", "v1.20.4-eksbuild.1"),
  kubeProxyVersion: addonVersionKey("kubeProxyVersion", "kube-proxy", "v1.34.1-eksbuild.2 (same minor as kubernetesVersion)"),
  corednsVersion: addonVersionKey("corednsVersion", "coredns", "v1.12.4-eksbuild.1"),
  ebsCsiDriverVersion: addonVersionKey("ebsCsiDriverVersion", "aws-ebs-csi-driver", "v1.56.0-eksbuild.1"),
  endpointPrivateAccess: key({
    name: "endpointPrivateAccess", type: "boolean", default: true,
    description: "Serve the Kubernetes API on a private endpoint inside the VPC; nodes in the private subnets join through it.",
    allowed: "true (false is refused: nodes in the private subnets join through it)",
    schema: z.boolean(),
  }),
  endpointPublicAccess: key({
    name: "endpointPublicAccess", type: "boolean", default: false,
    description: "Also serve the Kubernetes API on a public endpoint, limited to endpointPublicAccessCidrs.",
    allowed: "true, false",
    schema: z.boolean(),
  }),
  endpointPublicAccessCidrs: key({
    name: "endpointPublicAccessCidrs", type: "array", default: [],
    description: "Client ranges allowed to reach the public API endpoint; required when it is on.",
    allowed: `CIDRs; in production none broader than /${OPERATOR_RANGE_MIN_PREFIX.ipv4} (IPv4) or /${OPERATOR_RANGE_MIN_PREFIX.ipv6} (IPv6)`,
    schema: uniqueList(cidr("203.0.113.0/24"), "CIDRs"),
  }),
  deployPhase: key({
    name: "deployPhase", type: "string", default: "all",
    description: "What a run deploys: platform (the AWS side only, nothing that needs the Kubernetes API) or all (adds the in-cluster layer). A private-only cluster is bootstrapped with platform, then run with all from a deploy source (README, \"Deploy and tear down\").",
    allowed: "platform, all (all needs the public endpoint or a deploy source)",
    schema: oneOf(["platform", "all"]),
  }),
  apiAccessCidrs: key({
    name: "apiAccessCidrs", type: "array", default: [],
    description: "Connected networks (VPN, VPC peering, Transit Gateway, Direct Connect) admitted to the private API endpoint: one TCP 443 ingress rule each on the EKS cluster security group.",
    allowed: "IPv4 CIDRs outside the VPC (admit in-VPC runners by security group)",
    schema: uniqueList(ipv4Cidr("192.168.100.0/24"), "CIDRs"),
  }),
  apiAccessSecurityGroupIds: key({
    name: "apiAccessSecurityGroupIds", type: "array", default: [],
    description: "Security groups of existing deploy runners (in the cluster's VPC, or a peered VPC in the same region) admitted to the private API endpoint on TCP 443.",
    allowed: "security group IDs, sg- and 8 or 17 hex digits",
    schema: uniqueList(pattern(/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/, "a security group ID such as sg-0123456789abcdef0"), "security group IDs"),
  }),
  deployRunner: key({
    name: "deployRunner", type: "boolean", default: true,
    description: "Create a deploy runner inside the VPC: an SSM-managed EC2 instance in a private subnet (no SSH, no inbound rules, IMDSv2, encrypted root volume) admitted to the API on TCP 443, for the in-cluster phase. On by default because the default endpoint is private only.",
    allowed: "true, false",
    schema: z.boolean(),
  }),
  deployRunnerInstanceType: key({
    name: "deployRunnerInstanceType", type: "string", default: "t3.medium",
    description: "EC2 instance type of the deploy runner (used when deployRunner is true); x86_64 or Graviton.",
    allowed: "an instance type, e.g. t3.medium",
    schema: pattern(INSTANCE_TYPE, INSTANCE_TYPE_TEXT),
  }),
  controlPlaneLogTypes: key({
    name: "controlPlaneLogTypes", type: "array", default: [...LOG_TYPES],
    description: "EKS control-plane log types sent to CloudWatch Logs.",
    allowed: `any of ${LOG_TYPES.join(", ")} (audit required in production)`,
    schema: uniqueList(oneOf(LOG_TYPES), "log types"),
  }),
  controlPlaneLogRetentionDays: key({
    name: "controlPlaneLogRetentionDays", type: "integer", default: 90,
    description: "Retention of the control-plane log group /aws/eks/<cluster>/cluster, in days (the program creates it, KMS-encrypted, before the cluster).",
    allowed: RETENTION_DAYS.join(", "),
    schema: intOneOf(RETENTION_DAYS),
  }),
  adminRoleArns: key({
    name: "adminRoleArns", type: "array", default: [],
    description: "IAM roles granted cluster-admin through EKS access entries.",
    allowed: "IAM role ARNs in the region's partition",
    schema: uniqueList(pattern(ROLE_ARN, ROLE_ARN_TEXT), "role ARNs"),
  }),
  nodeInstanceTypes: key({
    name: "nodeInstanceTypes", type: "array", default: ["m6i.large"],
    description: "EC2 instance types of the managed node group (all x86_64 or all Graviton arm64).",
    allowed: "1+ instance types, e.g. t3.medium",
    schema: uniqueList(pattern(INSTANCE_TYPE, INSTANCE_TYPE_TEXT), "instance types", 1),
  }),
  nodeCapacityType: key({
    name: "nodeCapacityType", type: "string", default: "ON_DEMAND",
    description: "Purchase option of the node group.",
    allowed: "ON_DEMAND, SPOT",
    schema: oneOf(["ON_DEMAND", "SPOT"]),
  }),
  nodeMinSize: key({
    name: "nodeMinSize", type: "integer", default: 2,
    description: "Minimum node count.", allowed: "1-1000, <= nodeDesiredSize",
    schema: intRange(1, 1000, "a node count"),
  }),
  nodeDesiredSize: key({
    name: "nodeDesiredSize", type: "integer", default: 3,
    description: "Initial node count.", allowed: "1-1000, between min and max",
    schema: intRange(1, 1000, "a node count"),
  }),
  nodeMaxSize: key({
    name: "nodeMaxSize", type: "integer", default: 6,
    description: "Maximum node count.", allowed: "1-1000, >= nodeDesiredSize",
    schema: intRange(1, 1000, "a node count"),
  }),
  nodeDiskSizeGiB: key({
    name: "nodeDiskSizeGiB", type: "integer", default: 50,
    description: "Root volume size of each node, GiB (gp3, encrypted).",
    allowed: "20-16384",
    schema: intRange(20, 16384, "a disk size in GiB"),
  }),
  policyEngine: key({
    name: "policyEngine", type: "string", default: "calico",
    description: "What enforces NetworkPolicies: Calico (policy-only, beside the VPC CNI) or the VPC CNI's native network policy. Exactly one.",
    allowed: "calico, vpc-cni",
    schema: oneOf(["calico", "vpc-cni"]),
  }),
  calicoChartVersion: key({
    name: "calicoChartVersion", type: "string", default: "v3.31.4",
    description: "Pinned tigera-operator Helm chart version (used when policyEngine is calico).",
    allowed: "v3.31.<patch> (v3.32 moved the CRDs to a separate chart)",
    schema: pattern(/^v3\.31\.\d+$/, "a v3.31.x chart version such as v3.31.4 (v3.32 moved the CRDs to a separate chart, which this installer does not apply)"),
  }),
  tenants: key({
    name: "tenants", type: "array", default: ["bank"],
    description: "Tenants; each gets its own isolated frontend/backend/database namespaces.",
    allowed: "1-20 distinct DNS labels of at most 54 characters, not starting with kube",
    schema: uniqueList(dnsLabel(54, "a tenant name").refine((t) => !/^kube(-|$)/.test(t), {
      error: "a tenant name not starting with \"kube\" (reserved for system namespaces)",
    }), "tenant names", 1).max(20, { error: "at most 20 tenants" }),
  }),
  frontendPort: key({
    name: "frontendPort", type: "integer", default: 8080,
    description: "Port the frontend (web) pods listen on.", allowed: "1-65535",
    schema: intRange(1, 65535, "a port"),
  }),
  frontendReplicas: key({
    name: "frontendReplicas", type: "integer", default: 2,
    description: "Frontend pod replicas.", allowed: "1-20 (2+ in production)",
    schema: intRange(1, 20, "a replica count"),
  }),
  backendPort: key({
    name: "backendPort", type: "integer", default: 9090,
    description: "Port the backend (API) pods listen on.", allowed: "1-65535",
    schema: intRange(1, 65535, "a port"),
  }),
  backendReplicas: key({
    name: "backendReplicas", type: "integer", default: 2,
    description: "Backend pod replicas.", allowed: "1-20 (2+ in production)",
    schema: intRange(1, 20, "a replica count"),
  }),
  databasePort: key({
    name: "databasePort", type: "integer", default: 5432,
    description: "Port PostgreSQL listens on.", allowed: "1-65535",
    schema: intRange(1, 65535, "a port"),
  }),
  databaseStorageGiB: key({
    name: "databaseStorageGiB", type: "integer", default: 20,
    description: "Size of the database PersistentVolumeClaim, GiB (encrypted gp3).",
    allowed: "1-16384",
    schema: intRange(1, 16384, "a volume size in GiB"),
  }),
  databaseBackupRetentionDays: key({
    name: "databaseBackupRetentionDays", type: "integer", default: 35,
    description: "Days AWS Backup keeps each daily recovery point (EBS snapshot) of the database volume.",
    allowed: `1-36500 (${PRODUCTION_MIN_BACKUP_RETENTION_DAYS}+ in production)`,
    schema: intRange(1, 36500, "a number of days"),
  }),
  ingressSourceCidrs: key({
    name: "ingressSourceCidrs", type: "array", default: ["0.0.0.0/0"],
    description: "Client ranges allowed through the frontend load balancer (loadBalancerSourceRanges); [] means no internet ingress (the frontend Service is ClusterIP).",
    allowed: "CIDRs not inside the VPC; [] for none",
    schema: uniqueList(cidr("203.0.113.0/24"), "CIDRs"),
  }),
  frontendCertificateArn: key({
    name: "frontendCertificateArn", type: "string", default: "",
    description: "ACM certificate the frontend load balancer terminates TLS with (port 443, TLS 1.2 and 1.3 only); \"\" serves plain HTTP on port 80, which a production stack with internet ingress refuses.",
    allowed: "\"\" or an ACM certificate ARN in the stack's region and partition",
    schema: pattern(ACM_CERTIFICATE_ARN, ACM_CERTIFICATE_ARN_TEXT),
  }),
  egressAllowList: key({
    name: "egressAllowList", type: "array", default: [],
    description: "External destinations a tier may reach, one rule per string: \"<tier> -> <cidr> <port>/<protocol>[,...] [(description)]\".",
    allowed: "rules for frontend, backend or database; CIDRs outside the VPC",
    schema: z.array(egressRule, { error: "a list of egress rules" }),
  }),
} as const;

export type KeyId = keyof typeof KEYS;
export type ConfigValues = { -readonly [K in KeyId]: z.output<(typeof KEYS)[K]["schema"]> };

/** Every key in documentation order. */
export const CONFIG_KEYS: readonly ConfigKeySpec[] = Object.freeze(
  (Object.entries(KEYS) as [KeyId, (typeof KEYS)[KeyId]][]).map(([id, { key: k, namespace, name, type, description, allowed, ...rest }]) =>
    Object.freeze({
      key: k, namespace, name, type, description, allowed, platforms: SCOPE_TEXT[keyScope(id)],
      ...("default" in rest ? { default: rest.default } : {}),
    }),
  ),
);

/** KEYS re-typed per key, so generic code can read `KEY_TABLE[id].schema` with its exact output type. */
export const KEY_TABLE: { readonly [K in KeyId]: KeyDef<z.ZodType<ConfigValues[K]>> } = KEYS;
