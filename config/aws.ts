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

/**
 * Region name patterns of the partitions other than `aws`, as the AWS SDKs' partitions.json
 * defines them. A region matching none of them is in the standard `aws` partition.
 */
const PARTITIONS: readonly (readonly [RegExp, string])[] = [
  [/^cn-\w+-\d+$/, "aws-cn"],
  [/^us-gov-\w+-\d+$/, "aws-us-gov"],
  [/^us-iso-\w+-\d+$/, "aws-iso"],
  [/^us-isob-\w+-\d+$/, "aws-iso-b"],
  [/^eu-isoe-\w+-\d+$/, "aws-iso-e"],
  [/^us-isof-\w+-\d+$/, "aws-iso-f"],
  [/^eusc-de-\w+-\d+$/, "aws-eusc"],
];

/** The partition an ARN must name to be used in this region: `aws-us-gov` for us-gov-west-1. */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([pattern]) => pattern.test(region))?.[1] ?? "aws";
}

/** A node group's CPU architecture; it selects the AL2023 AMI type. */
export type CpuArchitecture = "x86_64" | "arm64";

/**
 * An instance type is `<series><generation><attributes>[-<variant>].<size>`. Graviton families
 * carry a `g` among the attributes (m7g, c6gn, m7gd, im4gn, is4gen, x2gd, g5g; no x86 family
 * does), and a1 is the first-generation Graviton.
 */
export function instanceArchitecture(instanceType: string): CpuArchitecture {
  const family = /^([a-z]+)(\d+)([a-z]*)(?:-[a-z0-9]+)?\./.exec(instanceType);
  if (!family) return "x86_64";
  const [, series, generation, attributes] = family;
  const graviton = attributes.includes("g") || (series === "a" && generation === "1");
  return graviton ? "arm64" : "x86_64";
}

/** The one architecture of a validated node group (the parser rejects mixes); picks the AMI type. */
export function nodeArchitecture(instanceTypes: readonly string[]): CpuArchitecture {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: instanceArchitecture(undefined) matches no family and answers x86_64 too
  return instanceTypes.length > 0 ? instanceArchitecture(instanceTypes[0]) : "x86_64";
}
