// Facts about AWS the config layer checks against: the AWS provider's own config keys, the
// partition of a region, and the CPU architecture of an instance type.

/**
 * Every `aws:` key the Pulumi AWS provider reads from stack config (@pulumi/aws 7.x,
 * `config/vars.d.ts`; test/config/unknownKeys.test.ts holds this list to the installed SDK). A stack may
 * set any of them (`aws:profile`, `aws:allowedAccountIds`, `aws:defaultTags`, ...); any other
 * `aws:` key is a typo the provider would silently ignore.
 */
export const AWS_PROVIDER_KEYS: readonly string[] = Object.freeze([
  "accessKey", "allowedAccountIds", "assumeRoleWithWebIdentity", "assumeRoles", "customCaBundle",
  "defaultTags", "ec2MetadataServiceEndpoint", "ec2MetadataServiceEndpointMode", "endpoints",
  "forbiddenAccountIds", "httpProxy", "httpsProxy", "ignoreTags", "insecure", "maxRetries", "noProxy",
  "profile", "region", "retryMode", "s3UsEast1RegionalEndpoint", "s3UsePathStyle", "secretKey",
  "sharedConfigFiles", "sharedCredentialsFiles", "skipCredentialsValidation", "skipMetadataApiCheck",
  "skipRegionValidation", "skipRequestingAccountId", "stsRegion", "tagPolicyCompliance", "token",
  "tokenBucketRateLimiterCapacity", "useDualstackEndpoint", "useFipsEndpoint", "userAgents",
]);

const PARTITIONS: readonly (readonly [RegExp, string])[] = [[/^cn-/, "aws-cn"], [/^us-gov-/, "aws-us-gov"]];

/** The partition an ARN must name to be used in this region. */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => prefix.test(region))?.[1] ?? "aws";
}

/** A node group's CPU architecture; it selects the AL2023 AMI type. */
export type CpuArchitecture = "x86_64" | "arm64";

/** Graviton families carry a `g` after the generation digit: m7g, c6gn, t4g, r8gd. */
export function instanceArchitecture(instanceType: string): CpuArchitecture {
  return /^[a-z]+\d+[a-z]*g[a-z]*(-[a-z]+)?\./.test(instanceType) ? "arm64" : "x86_64";
}

/** The one architecture of a validated node group (the parser rejects mixes); picks the AMI type. */
export function nodeArchitecture(instanceTypes: readonly string[]): CpuArchitecture {
  return instanceTypes.length > 0 ? instanceArchitecture(instanceTypes[0]) : "x86_64";
}
