// Pure rules for the Network component: subnet roles and NAT layout.

import type { NatStrategy, NetworkConfig } from "../config/types";

/** Subnet tags the AWS load balancer integrations use to discover where to place load balancers. */
export const PUBLIC_SUBNET_TAGS: Readonly<Record<string, string>> = Object.freeze({
  "kubernetes.io/role/elb": "1",
});
export const PRIVATE_SUBNET_TAGS: Readonly<Record<string, string>> = Object.freeze({
  "kubernetes.io/role/internal-elb": "1",
});

/** The awsx NAT gateway strategy for a configured NAT strategy. */
export function natGatewayStrategy(strategy: NatStrategy): "OnePerAz" | "Single" {
  switch (strategy) {
    case "single":
      return "Single";
    case "one-per-az":
      return "OnePerAz";
  }
}

/** How many NAT gateways a network config ends up with: the cost/availability trade-off per stack. */
export function natGatewayCount(network: Pick<NetworkConfig, "availabilityZones" | "natStrategy">): number {
  return network.natStrategy === "single" ? 1 : network.availabilityZones;
}
