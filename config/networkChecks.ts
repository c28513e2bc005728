// Cross-key rules about address ranges: who may reach the public API endpoint, where a tier may
// send traffic, and who may reach the frontend. Each list item is checked on its own, so a
// malformed item never hides another item's problem.
import { cidrContains, cidrsOverlap, isBroaderThanOperatorRange, mustParseCidr, OPERATOR_RANGE_MIN_PREFIX, type Cidr } from "./cidr";
import type { ConfigProblem } from "./errors";
import { itemProblem, itemsOf, keyProblem, type Parsed } from "./parsed";

const METADATA_ADDRESS = mustParseCidr("169.254.169.254/32");

function publicEndpointLimited(parsed: Parsed): ConfigProblem[] {
  const { endpointPublicAccess: pub, endpointPublicAccessCidrs: cidrs, production } = parsed.values;
  if (pub !== true) return [];
  if (cidrs !== undefined && cidrs.length === 0) {
    return [keyProblem(parsed, "endpointPublicAccessCidrs", "at least one CIDR while endpointPublicAccess is true (EKS would otherwise open the endpoint to 0.0.0.0/0)")];
  }
  if (production !== true) return [];
  return itemsOf(parsed, "endpointPublicAccessCidrs")
    .filter((item) => isBroaderThanOperatorRange(mustParseCidr(item.value)))
    .map((item) => itemProblem("endpointPublicAccessCidrs", item, `an operator range no broader than /${OPERATOR_RANGE_MIN_PREFIX.ipv4} (IPv4) or /${OPERATOR_RANGE_MIN_PREFIX.ipv6} (IPv6): a production stack must not open its public API endpoint to the internet`));
}

function vpcRange(parsed: Parsed): Cidr | undefined {
  const text = parsed.values.vpcCidr;
  return text === undefined ? undefined : mustParseCidr(text);
}

/** The cluster's own addresses (config/platform.ts internalRange), as the problems name them. */
function internalRangeOf(parsed: Parsed): { readonly cidr: Cidr; readonly name: string; readonly holders: string } | undefined {
  const { platform, podCidr } = parsed.values;
  if (platform === "kind") {
    return podCidr === undefined ? undefined : { cidr: mustParseCidr(podCidr), name: "the pod network", holders: "pods have these addresses" };
  }
  const vpc = vpcRange(parsed);
  return vpc && { cidr: vpc, name: "the VPC", holders: "pods have VPC addresses" };
}

/**
 * Pods take VPC addresses under the VPC CNI (Calico pool addresses on kind), so an "external"
 * egress range inside that range would open pod-to-pod traffic around the zero-trust policies; the
 * metadata address would expose node credentials. Both are refused, as is a rule that repeats a
 * port another rule already allows.
 */
function egressStaysExternal(parsed: Parsed): ConfigProblem[] {
  const internal = internalRangeOf(parsed);
  const seen = new Map<string, number>();
  return itemsOf(parsed, "egressAllowList").flatMap((item) => {
    const rule = item.value;
    const range = mustParseCidr(rule.cidr);
    const expected: string[] = [];
    if (internal && cidrsOverlap(range, internal.cidr)) {
      expected.push(`a destination outside ${internal.name} ${internal.cidr.text} (${internal.holders}, so this would allow pod-to-pod traffic)`);
    }
    if (cidrsOverlap(range, METADATA_ADDRESS)) expected.push("a destination that excludes the instance metadata address 169.254.169.254");
    for (const port of rule.ports) {
      const id = `${rule.tier} -> ${rule.cidr} ${port.port}/${port.protocol}`;
      const first = seen.get(id);
      if (first !== undefined) expected.push(`no duplicate egress rules (${id} is already allowed by item ${first})`);
      else seen.set(id, item.index);
    }
    return expected.map((text) => itemProblem("egressAllowList", item, text));
  });
}

/**
 * The frontend sits behind an internet-facing NLB with instance targets and
 * externalTrafficPolicy Local, so its pods see internet client addresses, never VPC addresses.
 * A source range inside the VPC could therefore only ever match pods and nodes (pods take VPC
 * addresses under the VPC CNI): refused. A range around the VPC is fine; the topology excepts
 * the VPC from it.
 */
function ingressSourcesExternal(parsed: Parsed): ConfigProblem[] {
  const vpc = vpcRange(parsed);
  // On kind the list must be empty (platformChecks.ts): no load balancer, no VPC in front of the pods.
  if (vpc === undefined || parsed.values.platform === "kind") return [];
  return itemsOf(parsed, "ingressSourceCidrs")
    .filter((item) => cidrContains(vpc, mustParseCidr(item.value)))
    .map((item) => itemProblem("ingressSourceCidrs", item, `an internet client range not inside the VPC ${vpc.text} (the frontend's pods see client addresses through the load balancer, never VPC addresses; a VPC range would only admit pods and nodes)`));
}

export function networkProblems(parsed: Parsed): ConfigProblem[] {
  return [...publicEndpointLimited(parsed), ...egressStaysExternal(parsed), ...ingressSourcesExternal(parsed)];
}
