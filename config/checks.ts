// Rules that involve more than one key. Each runs only when the keys it reads parsed cleanly, so a
// bad value is reported once, at its own key, not again as a knock-on problem elsewhere.
import { cidrContains, cidrsOverlap, isBroaderThanOperatorRange, mustParseCidr, OPERATOR_RANGE_MIN_PREFIX } from "./cidr";
import { problem, type ConfigProblem } from "./errors";
import { KEYS, type ConfigValues } from "./keys";

/** A node group's CPU architecture; it selects the AL2023 AMI type. */
export type CpuArchitecture = "x86_64" | "arm64";

type Values = Partial<ConfigValues>;
type Check = (values: Values) => ConfigProblem[];

const METADATA_ADDRESS = mustParseCidr("169.254.169.254/32");

/** Graviton families carry a `g` after the generation digit: m7g, c6gn, t4g, r8gd. */
export function instanceArchitecture(instanceType: string): CpuArchitecture {
  return /^[a-z]+\d+[a-z]*g[a-z]*(-[a-z]+)?\./.test(instanceType) ? "arm64" : "x86_64";
}

/** The one architecture of a validated node group (the parser rejects mixes); picks the AMI type. */
export function nodeArchitecture(instanceTypes: readonly string[]): CpuArchitecture {
  return instanceTypes.length > 0 ? instanceArchitecture(instanceTypes[0]) : "x86_64";
}

const nodeSizesOrdered: Check = ({ nodeMinSize: min, nodeDesiredSize: desired, nodeMaxSize: max }) => {
  const found: ConfigProblem[] = [];
  if (min !== undefined && desired !== undefined && min > desired) {
    found.push(problem(KEYS.nodeMinSize.key, min, `at most nodeDesiredSize (${desired})`));
  }
  if (desired !== undefined && max !== undefined && desired > max) {
    found.push(problem(KEYS.nodeDesiredSize.key, desired, `at most nodeMaxSize (${max})`));
  }
  if (min !== undefined && max !== undefined && min > max) {
    found.push(problem(KEYS.nodeMaxSize.key, max, `at least nodeMinSize (${min})`));
  }
  return found;
};

const singleArchitecture: Check = ({ nodeInstanceTypes: types }) => {
  if (!types || new Set(types.map(instanceArchitecture)).size <= 1) return [];
  return [problem(KEYS.nodeInstanceTypes.key, types, "instance types of one architecture: all x86_64 or all Graviton (arm64), since a node group has one AMI type")];
};

const endpointReachable: Check = ({ endpointPrivateAccess: priv, endpointPublicAccess: pub }) =>
  priv === false && pub === false
    ? [problem(KEYS.endpointPublicAccess.key, pub, "endpointPrivateAccess or endpointPublicAccess to be true: with both off nothing can reach the Kubernetes API")]
    : [];

const publicEndpointLimited: Check = ({ endpointPublicAccess: pub, endpointPublicAccessCidrs: cidrs, production }) => {
  if (pub !== true || cidrs === undefined) return [];
  if (cidrs.length === 0) {
    return [problem(KEYS.endpointPublicAccessCidrs.key, cidrs, "at least one CIDR while endpointPublicAccess is true (EKS would otherwise open the endpoint to 0.0.0.0/0)")];
  }
  if (production !== true) return [];
  return cidrs.flatMap((text, index) =>
    isBroaderThanOperatorRange(mustParseCidr(text))
      ? [problem(`${KEYS.endpointPublicAccessCidrs.key}[${index}]`, text, `an operator range no broader than /${OPERATOR_RANGE_MIN_PREFIX.ipv4} (IPv4) or /${OPERATOR_RANGE_MIN_PREFIX.ipv6} (IPv6): a production stack must not open its public API endpoint to the internet`)]
      : []);
};

const productionHardening: Check = (values) => {
  if (values.production !== true) return [];
  const found: ConfigProblem[] = [];
  if (values.endpointPrivateAccess === false) {
    found.push(problem(KEYS.endpointPrivateAccess.key, false, "true in a production stack (nodes and operators use the private endpoint)"));
  }
  if (values.flowLogs === false) found.push(problem(KEYS.flowLogs.key, false, "true in a production stack (VPC flow logs are the network audit trail)"));
  const logs = values.controlPlaneLogTypes;
  if (logs && !logs.includes("audit")) {
    found.push(problem(KEYS.controlPlaneLogTypes.key, logs, "a list including audit in a production stack"));
  }
  const replicas = [[KEYS.frontendReplicas.key, values.frontendReplicas], [KEYS.backendReplicas.key, values.backendReplicas]] as const;
  for (const [key, count] of replicas) {
    if (count !== undefined && count < 2) {
      found.push(problem(key, count, "at least 2 in a production stack (survives the loss of a node or an AZ)"));
    }
  }
  return found;
};

/**
 * Pods take VPC addresses under the VPC CNI, so an "external" egress range inside the VPC would
 * open pod-to-pod traffic around the zero-trust policies; the metadata address would expose node
 * credentials. Both are refused.
 */
const egressStaysExternal: Check = ({ egressAllowList: rules, vpcCidr }) => {
  if (!rules) return [];
  const vpc = vpcCidr === undefined ? undefined : mustParseCidr(vpcCidr);
  const seen = new Map<string, number>();
  return rules.flatMap((rule, index) => {
    const at = `${KEYS.egressAllowList.key}[${index}]`;
    const range = mustParseCidr(rule.cidr);
    const found: ConfigProblem[] = [];
    if (vpc && cidrsOverlap(range, vpc)) {
      found.push(problem(at, rule.cidr, `a destination outside the VPC ${vpcCidr} (pods have VPC addresses, so this would allow pod-to-pod traffic)`));
    }
    if (cidrsOverlap(range, METADATA_ADDRESS)) {
      found.push(problem(at, rule.cidr, "a destination that excludes the instance metadata address 169.254.169.254"));
    }
    for (const port of rule.ports) {
      const id = `${rule.tier} ${rule.cidr} ${port.port}/${port.protocol}`;
      const first = seen.get(id);
      if (first !== undefined) found.push(problem(at, id, `no duplicate egress rules (already allowed by item ${first})`));
      else seen.set(id, index);
    }
    return found;
  });
};

/**
 * The frontend sits behind an internet-facing NLB with instance targets and
 * externalTrafficPolicy Local, so its pods see internet client addresses, never VPC addresses.
 * A source range inside the VPC could therefore only ever match pods and nodes (pods take VPC
 * addresses under the VPC CNI): refused. A range around the VPC is fine; the topology excepts
 * the VPC from it.
 */
const ingressSourcesExternal: Check = ({ ingressSourceCidrs: cidrs, vpcCidr }) => {
  if (!cidrs || vpcCidr === undefined) return [];
  const vpc = mustParseCidr(vpcCidr);
  return cidrs.flatMap((text, index) =>
    cidrContains(vpc, mustParseCidr(text))
      ? [problem(`${KEYS.ingressSourceCidrs.key}[${index}]`, text, `an internet client range not inside the VPC ${vpcCidr} (the frontend's pods see client addresses through the load balancer, never VPC addresses; a VPC range would only admit pods and nodes)`)]
      : []);
};

const PARTITIONS: readonly (readonly [RegExp, string])[] = [[/^cn-/, "aws-cn"], [/^us-gov-/, "aws-us-gov"]];

const adminRolesInPartition: Check = ({ adminRoleArns: arns, region }) => {
  if (!arns || region === undefined) return [];
  const partition = PARTITIONS.find(([prefix]) => prefix.test(region))?.[1] ?? "aws";
  return arns.flatMap((arn, index) =>
    arn.split(":")[1] === partition
      ? []
      : [problem(`${KEYS.adminRoleArns.key}[${index}]`, arn, `a role ARN in partition ${partition}, the partition of region ${region}`)]);
};

const CHECKS: readonly Check[] = [
  nodeSizesOrdered, singleArchitecture, endpointReachable, publicEndpointLimited,
  productionHardening, egressStaysExternal, ingressSourcesExternal, adminRolesInPartition,
];

export function crossKeyProblems(values: Values): ConfigProblem[] {
  return CHECKS.flatMap((check) => check(values));
}
