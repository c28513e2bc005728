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

/**
 * Trust policy letting an AWS service assume a role. With `sourceAccount`, the service may only act
 * on behalf of this account (the confused-deputy guard AWS recommends for service roles).
 */
export function serviceTrustPolicy(service: string, sourceAccount?: string): string {
  const statement: Record<string, unknown> = {
    Action: "sts:AssumeRole",
    Effect: "Allow",
    Principal: { Service: service },
  };
  if (sourceAccount !== undefined) {
    statement.Condition = { StringEquals: { "aws:SourceAccount": sourceAccount } };
  }
  return stableJson({ Statement: [statement], Version: "2012-10-17" });
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
