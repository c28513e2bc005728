// Rules that involve more than one key. Each reads only what parsed cleanly, so a bad value is
// reported once, at its own key, not again as a knock-on problem elsewhere; a list's well-formed
// items are checked even when another item of it is malformed. Problems quote the user's text.
import { addonVersionProblems } from "./addonChecks";
import { appProblems } from "./appChecks";
import { instanceArchitecture, partitionOf } from "./aws";
import type { ConfigProblem } from "./errors";
import { deployProblems } from "./deployChecks";
import { networkProblems } from "./networkChecks";
import { platformProblems } from "./platformChecks";
import { itemProblem, itemsOf, keyProblem, type Parsed } from "./parsed";

type Check = (parsed: Parsed) => ConfigProblem[];

const nodeSizesOrdered: Check = (parsed) => {
  const { nodeMinSize: min, nodeDesiredSize: desired, nodeMaxSize: max } = parsed.values;
  const found: ConfigProblem[] = [];
  // Stryker disable next-line ConditionalExpression,LogicalOperator: min > desired is false whenever a side is undefined; the guards are for the type checker
  if (min !== undefined && desired !== undefined && min > desired) {
    found.push(keyProblem(parsed, "nodeMinSize", `at most nodeDesiredSize (${desired})`));
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator: desired > max is false whenever a side is undefined; the guards are for the type checker
  if (desired !== undefined && max !== undefined && desired > max) {
    found.push(keyProblem(parsed, "nodeDesiredSize", `at most nodeMaxSize (${max})`));
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator: min > max is false whenever a side is undefined; the guards are for the type checker
  if (min !== undefined && max !== undefined && min > max) {
    found.push(keyProblem(parsed, "nodeMaxSize", `at least nodeMinSize (${min})`));
  }
  return found;
};

/** The first well-formed instance type sets the node group's architecture; others must match it. */
const singleArchitecture: Check = (parsed) => {
  const [first, ...rest] = itemsOf(parsed, "nodeInstanceTypes");
  if (first === undefined) return [];
  const architecture = instanceArchitecture(first.value);
  return rest
    .filter((item) => instanceArchitecture(item.value) !== architecture)
    .map((item) => itemProblem("nodeInstanceTypes", item, `an instance type of item ${first.index}'s architecture (${first.value} is ${architecture}): a node group has one AMI type, so its types are all x86_64 or all Graviton (arm64)`));
};

/**
 * The private endpoint is what nodes join through. Without it they would reach a public endpoint
 * from private subnets through NAT, and a public endpoint limited to operator ranges (as config
 * requires) does not admit the NAT gateways' addresses: the nodes could never join.
 */
const endpointReachable: Check = (parsed) => {
  const { endpointPrivateAccess: privateAccess, endpointPublicAccess: publicAccess } = parsed.values;
  if (privateAccess !== false) return [];
  if (publicAccess === false) {
    return [keyProblem(parsed, "endpointPublicAccess", "endpointPrivateAccess or endpointPublicAccess to be true: with both off nothing can reach the Kubernetes API")];
  }
  return publicAccess === true
    ? [keyProblem(parsed, "endpointPrivateAccess", "true while endpointPublicAccess is true: nodes in the private subnets join through the private endpoint; without it they would reach the public endpoint through NAT, whose addresses endpointPublicAccessCidrs does not admit")]
    : [];
};

const productionHardening: Check = (parsed) => {
  const values = parsed.values;
  if (values.production !== true) return [];
  const found: ConfigProblem[] = [];
  if (values.flowLogs === false) {
    found.push(keyProblem(parsed, "flowLogs", "true in a production stack (VPC flow logs are the network audit trail)"));
  }
  if (values.controlPlaneLogTypes && !values.controlPlaneLogTypes.includes("audit")) {
    found.push(keyProblem(parsed, "controlPlaneLogTypes", "a list including audit in a production stack"));
  }
  for (const id of ["frontendReplicas", "backendReplicas"] as const) {
    const count = values[id];
    // Stryker disable next-line ConditionalExpression: undefined < 2 is false, so the guard decides nothing
    if (count !== undefined && count < 2) {
      found.push(keyProblem(parsed, id, "at least 2 in a production stack (survives the loss of a node or an AZ)"));
    }
  }
  return found;
};

const adminRolesInPartition: Check = (parsed) => {
  const region = parsed.values.region;
  if (region === undefined) return [];
  const partition = partitionOf(region);
  return itemsOf(parsed, "adminRoleArns")
    .filter((item) => item.value.split(":")[1] !== partition)
    .map((item) => itemProblem("adminRoleArns", item, `a role ARN in partition ${partition}, the partition of region ${region}`));
};

/** The AWS provider refuses both lists at once (they conflict); say so before it does, at preview. */
const oneAccountGuard: Check = (parsed) => {
  const { allowedAccountIds, forbiddenAccountIds } = parsed.values;
  if (!allowedAccountIds?.length || !forbiddenAccountIds?.length) return [];
  return [keyProblem(parsed, "forbiddenAccountIds", "[] when aws:allowedAccountIds is set (the AWS provider takes one or the other)")];
};

const CHECKS: readonly Check[] = [
  oneAccountGuard,
  nodeSizesOrdered, singleArchitecture, endpointReachable, productionHardening, adminRolesInPartition, networkProblems,
  addonVersionProblems,
  deployProblems,
  appProblems,
  platformProblems,
];

export function crossKeyProblems(parsed: Parsed): ConfigProblem[] {
  return CHECKS.flatMap((check) => check(parsed));
}
