// Cross-key rules of the deploy path (README, "Deploy and tear down"): a run that creates the
// in-cluster layer must have a way to the Kubernetes API, and the connected networks admitted to the
// private endpoint lie outside the VPC. Like every cross-key rule, each reads only what parsed cleanly.
import { cidrsOverlap, mustParseCidr } from "./cidr";
import type { ConfigProblem } from "./errors";
import { itemProblem, itemsOf, keyProblem, type Parsed } from "./parsed";

const DEPLOY_SOURCES = "deployRunner: true (an in-VPC runner this stack creates), apiAccessSecurityGroupIds (runners you already have) or apiAccessCidrs (a VPN, peered or Direct Connect network)";

/**
 * `deployPhase: all` creates Kubernetes objects through the API. With the public endpoint off, only
 * the VPC and the sources admitted on TCP 443 reach it: with no source at all, the run could never
 * get there. A list with a malformed item counts as a source (the user meant one; that item is
 * reported at its own key).
 */
function inClusterPhaseReachesApi(parsed: Parsed): ConfigProblem[] {
  const v = parsed.values;
  if (v.deployPhase !== "all" || v.endpointPrivateAccess !== true || v.endpointPublicAccess !== false) return [];
  const noCidrs = v.apiAccessCidrs !== undefined && v.apiAccessCidrs.length === 0;
  const noGroups = v.apiAccessSecurityGroupIds !== undefined && v.apiAccessSecurityGroupIds.length === 0;
  if (!(noCidrs && noGroups && v.deployRunner === false)) return [];
  return [keyProblem(parsed, "deployPhase", `platform, or all with a deploy source: with endpointPublicAccess false the API is private to the VPC, so set ${DEPLOY_SOURCES}, or run platform first`)];
}

/**
 * An in-VPC client is admitted by its security group, which follows it; a CIDR inside the VPC would
 * admit every address of that range (pods included, which take VPC addresses under the VPC CNI).
 */
function accessCidrsOutsideVpc(parsed: Parsed): ConfigProblem[] {
  const vpcText = parsed.values.vpcCidr;
  if (vpcText === undefined) return [];
  const vpc = mustParseCidr(vpcText);
  return itemsOf(parsed, "apiAccessCidrs")
    .filter((item) => cidrsOverlap(mustParseCidr(item.value), vpc))
    .map((item) => itemProblem("apiAccessCidrs", item, `a connected network outside the VPC ${vpc.text}; admit clients inside the VPC by security group (apiAccessSecurityGroupIds or deployRunner)`));
}

export function deployProblems(parsed: Parsed): ConfigProblem[] {
  return [...inClusterPhaseReachesApi(parsed), ...accessCidrsOutsideVpc(parsed)];
}
