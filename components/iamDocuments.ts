// Pure IAM documents and ARNs for the platform components. Documents are JSON with sorted keys, so
// the same config always renders the same bytes (stable diffs, no spurious updates).

/** JSON with keys sorted at every level, so policy documents are byte-for-byte stable. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** Who may pass a service role to its service: the account, and optionally only resources matching an ARN pattern. */
export interface TrustSource {
  readonly account: string;
  /** `ArnLike` pattern of the resources acting, e.g. `arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/*`. */
  readonly arnLike?: string;
}

/**
 * Trust policy letting an AWS service assume a role. With a source, the service may only act on
 * behalf of that account (and those resources): the confused-deputy guard AWS recommends for
 * service roles.
 */
export function serviceTrustPolicy(service: string, source?: TrustSource): string {
  const statement: Record<string, unknown> = {
    Action: "sts:AssumeRole",
    Effect: "Allow",
    Principal: { Service: service },
  };
  if (source !== undefined) {
    statement.Condition = {
      StringEquals: { "aws:SourceAccount": source.account },
      ...(source.arnLike !== undefined ? { ArnLike: { "aws:SourceArn": source.arnLike } } : {}),
    };
  }
  return stableJson({ Statement: [statement], Version: "2012-10-17" });
}

/** Where a policy applies: partition, region and account, as an ARN names them. */
export interface AwsScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/**
 * VPC Flow Logs' trust: only flow logs of this account and region may use the role (the condition
 * block of the VPC user guide's "IAM role for publishing flow logs to CloudWatch Logs").
 */
export function flowLogsTrustPolicy(scope: AwsScope): string {
  return serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
    account: scope.account,
    arnLike: `arn:${scope.partition}:ec2:${scope.region}:${scope.account}:vpc-flow-log/*`,
  });
}

/** Least privilege for VPC flow logs: write streams and events into one log group only. */
export function flowLogWritePolicy(logGroupArn: string): string {
  return stableJson({
    Statement: [
      {
        Action: [
          "logs:CreateLogStream",
          "logs:DescribeLogGroups",
          "logs:DescribeLogStreams",
          "logs:PutLogEvents",
        ],
        Effect: "Allow",
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
    ],
    Version: "2012-10-17",
  });
}

/** ARN of an AWS-managed IAM policy in the given partition (aws, aws-cn, aws-us-gov). */
export function managedPolicyArn(partition: string, policyName: string): string {
  return `arn:${partition}:iam::aws:policy/${policyName}`;
}

/** ARN of an EKS access policy (the permission sets access entries associate with). */
export function eksAccessPolicyArn(partition: string, policyName: string): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${policyName}`;
}

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * IRSA trust: only the named Kubernetes service account, presenting a token issued by this cluster's
 * OIDC provider for STS, may assume the role. `oidcIssuer` is the issuer URL without `https://`.
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuer: string, account: ServiceAccountRef): string {
  const issuer = oidcIssuer.replace(/^https:\/\//, "");
  return stableJson({
    Statement: [
      {
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:aud`]: "sts.amazonaws.com",
            [`${issuer}:sub`]: `system:serviceaccount:${account.namespace}:${account.name}`,
          },
        },
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
      },
    ],
    Version: "2012-10-17",
  });
}

/** ARN of a CloudWatch Logs log group, as the logs encryption context names it (no trailing `:*`). */
export function logGroupArn(scope: AwsScope, logGroupName: string): string {
  return `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:${logGroupName}`;
}

/**
 * Key policy of the logs key (CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs
 * using AWS KMS"): the account administers the key through IAM, and CloudWatch Logs of this region
 * may use it only for the named log groups (the `aws:logs:arn` encryption context). `dnsSuffix` is
 * the partition's (amazonaws.com, amazonaws.com.cn).
 */
export function logsKeyPolicy(scope: AwsScope, dnsSuffix: string, logGroupNames: readonly string[]): string {
  return stableJson({
    Statement: [
      {
        Action: "kms:*",
        Effect: "Allow",
        Principal: { AWS: `arn:${scope.partition}:iam::${scope.account}:root` },
        Resource: "*",
        Sid: "AccountAdministersTheKey",
      },
      {
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": [...logGroupNames].sort().map((name) => logGroupArn(scope, name)) } },
        Effect: "Allow",
        Principal: { Service: `logs.${scope.region}.${dnsSuffix}` },
        Resource: "*",
        Sid: "CloudWatchLogsEncryptsTheStackLogGroups",
      },
    ],
    Version: "2012-10-17",
  });
}

/**
 * What the EBS CSI driver needs on a customer-managed volume key (EKS user guide, "Store
 * Kubernetes volumes with Amazon EBS"): grants only for AWS resources (EC2 attaching the volume),
 * and the data-key operations, on that one key.
 */
export function ebsCsiKmsPolicy(keyArn: string): string {
  return stableJson({
    Statement: [
      {
        Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
        Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        Effect: "Allow",
        Resource: [keyArn],
      },
      {
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Effect: "Allow",
        Resource: [keyArn],
      },
    ],
    Version: "2012-10-17",
  });
}
