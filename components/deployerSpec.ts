// Item 2, pure: whether the identity running `pulumi up` would collide with an admin access entry.
// EKS makes the cluster's creator an admin by itself (@pulumi/eks always sets
// bootstrapClusterCreatorAdminPermissions), so an access entry that adminRoleArns declares for the
// creator's own role fails with "access entry resource is already in use" (pulumi/pulumi-eks#2373).
// No @pulumi import.

interface RoleName {
  readonly partition: string;
  readonly account: string;
  /** IAM role names are unique per account whatever their path, and case-insensitive. */
  readonly name: string;
}

/** `arn:aws:iam::123456789012:role/path/to/Name` -> aws, 123456789012, name; undefined for other ARNs. */
function roleName(arn: string): RoleName | undefined {
  const match = /^arn:([a-z-]+):iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/.exec(arn);
  return match ? { partition: match[1], account: match[2], name: match[3].toLowerCase() } : undefined;
}

/**
 * The entry of `adminRoleArns` naming the role behind `issuerArn` (what `aws.iam.getSessionContext`
 * answers for the caller: the role ARN, with its path, for an assumed-role session; the caller's own
 * ARN otherwise). Compared by partition, account and role name, so a listed ARN with or without the
 * role's path still matches.
 */
export function collidingAdminRole(issuerArn: string, adminRoleArns: readonly string[]): string | undefined {
  const deployer = roleName(issuerArn);
  if (deployer === undefined) return undefined;
  return adminRoleArns.find((arn) => {
    const admin = roleName(arn);
    return admin !== undefined && admin.partition === deployer.partition && admin.account === deployer.account && admin.name === deployer.name;
  });
}

/** What the user reads when `pulumi preview` or `up` stops: which role, why, and what to do. */
export function creatorAdminMessage(callerArn: string, issuerArn: string, listed: string): string {
  return [
    `this stack is being deployed as ${callerArn}, a session of role ${issuerArn}, which zero-trust-eks:adminRoleArns also lists (${listed}).`,
    "EKS already makes the identity that creates the cluster an admin, so the access entry declared for the same role would fail with",
    "\"access entry resource is already in use\" (pulumi/pulumi-eks#2373). Nothing has been created.",
    `Deploy with another role (a deploy role that is not in adminRoleArns), or remove ${listed} from zero-trust-eks:adminRoleArns.`,
  ].join("\n");
}
