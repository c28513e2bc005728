// The EKS control plane, on `aws:eks/cluster:Cluster`: the resource @pulumi/eks v4 registers as a
// child of `eks:index:Cluster` in a real preview (pulumi-eks nodejs/eks/cluster/cluster.ts, v4.3.0:
// `vpcConfig`, `encryptionConfig: { provider: { keyArn }, resources: ["secrets"] }`,
// `enabledClusterLogTypes`). Under Pulumi mocks that remote component registers no children.
import { parseCidr } from "../../../config/cidr";
import { asArray, asRecord, type ResourceRule } from "../kit";

export const EKS_CLUSTER = "aws:eks/cluster:Cluster";

/** Every control-plane log type EKS offers. */
export const CONTROL_PLANE_LOG_TYPES: readonly string[] = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** A KMS key ARN, or an alias ARN outside `alias/aws/` (those name AWS-managed keys). */
const CUSTOMER_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/(?!aws\/)[A-Za-z0-9/_-]+)$/;

const clusterName = (props: Record<string, unknown>): string => `EKS cluster ${String(props.name ?? "(unnamed)")}`;

export const eksSecretsEncrypted: ResourceRule<Record<string, never>> = {
  name: "eks-secrets-encrypted",
  description:
    "EKS encrypts Kubernetes Secrets with a customer-managed KMS key (encryptionConfig with resources [secrets]): a copy of etcd or " +
    "a backup then reveals no credentials, and revoking the key revokes them all.",
  defaults: {},
  types: [EKS_CLUSTER],
  checks: [
    (props) => {
      const config = props.encryptionConfig;
      if (config === undefined) return [`${clusterName(props)} does not encrypt Secrets with a KMS key (no encryptionConfig)`];
      const resources = asArray(asRecord(config).resources);
      return resources.includes("secrets") ? [] : [`${clusterName(props)} encryptionConfig does not cover secrets (resources: [${resources.join(", ")}])`];
    },
    (props) => {
      if (props.encryptionConfig === undefined) return [];
      const keyArn = asRecord(asRecord(props.encryptionConfig).provider).keyArn;
      return typeof keyArn === "string" && CUSTOMER_KEY_ARN.test(keyArn)
        ? []
        : [`${clusterName(props)} encrypts Secrets with "${String(keyArn)}", which is not a customer-managed KMS key ARN`];
    },
  ],
};

export const eksAuditLogs: ResourceRule<Record<string, never>> = {
  name: "eks-audit-logs",
  description: "EKS sends the audit log of the Kubernetes API to CloudWatch (enabledClusterLogTypes includes audit): who did what in the cluster must be on record.",
  defaults: {},
  types: [EKS_CLUSTER],
  checks: [
    (props) => {
      const types = asArray(props.enabledClusterLogTypes);
      return types.includes("audit") ? [] : [`${clusterName(props)} does not log audit (enabledClusterLogTypes: [${types.join(", ")}])`];
    },
  ],
};

export const eksControlPlaneLogsComplete: ResourceRule<Record<string, never>> = {
  name: "eks-control-plane-logs-complete",
  description: `EKS logs every control-plane log type (${CONTROL_PLANE_LOG_TYPES.join(", ")}): an investigation needs the authenticator and scheduler too, not only the audit trail.`,
  defaults: {},
  types: [EKS_CLUSTER],
  checks: [
    (props) => {
      const enabled = asArray(props.enabledClusterLogTypes);
      const missing = CONTROL_PLANE_LOG_TYPES.filter((type) => !enabled.includes(type));
      return missing.length === 0 ? [] : [`${clusterName(props)} does not log ${missing.join(", ")}`];
    },
  ],
};

export interface EndpointConfig {
  /** The broadest public-endpoint range accepted, as a prefix length: 1 refuses /0 only; 16 keeps it to operator networks. */
  readonly minimumPrefixLength: number;
}

export const eksEndpointNotOpenToWorld: ResourceRule<EndpointConfig> = {
  name: "eks-endpoint-not-open-to-world",
  description:
    "A public EKS API endpoint lists publicAccessCidrs, none of them 0.0.0.0/0 or ::/0 (EKS opens a public endpoint to 0.0.0.0/0 when " +
    "the list is empty): the Kubernetes API is reachable from operator networks only.",
  defaults: { minimumPrefixLength: 1 },
  configSchema: { properties: { minimumPrefixLength: { type: "integer", minimum: 1, maximum: 32, default: 1 } } },
  types: [EKS_CLUSTER],
  checks: [
    (props, config) => {
      const vpcConfig = asRecord(props.vpcConfig);
      // EKS's default for endpointPublicAccess is true.
      if (vpcConfig.endpointPublicAccess === false) return [];
      const cidrs = asArray(vpcConfig.publicAccessCidrs).map(String);
      if (cidrs.length === 0) return [`${clusterName(props)} has a public endpoint without publicAccessCidrs (EKS opens it to 0.0.0.0/0)`];
      return cidrs.flatMap((text) => {
        const parsed = parseCidr(text);
        if (!parsed.ok) return [`${clusterName(props)} public endpoint CIDR ${text} is not a valid CIDR (${parsed.reason})`];
        return parsed.cidr.prefix < config.minimumPrefixLength
          ? [`${clusterName(props)} opens its public endpoint to ${text} (broader than /${config.minimumPrefixLength})`]
          : [];
      });
    },
  ],
};
