// Facts about AWS the config layer checks against: the partition of a region and the CPU
// architecture of an instance type.

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
