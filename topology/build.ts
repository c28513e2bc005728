// StackConfig -> Topology: the declared zero-trust intent. Flows listed here are the only ones allowed.
import { cidrContains, mustParseCidr } from "../config/cidr";
import { internalRange } from "../config/platform";
import type { StackConfig, TierName } from "../config/types";
import type { DnsTarget, Flow, FlowPeer, Topology, Workload } from "./types";
import { DNS_NAMESPACE, DNS_POD_LABELS, TIERS, namespaceLabels, namespaceName, podLabels } from "./naming";

const PORT_NAMES: Readonly<Record<TierName, string>> = { frontend: "http", backend: "api", database: "postgres" };

const DNS: DnsTarget = {
  namespace: DNS_NAMESPACE,
  name: "coredns",
  podLabels: DNS_POD_LABELS,
  ports: [
    { name: "dns", port: 53, protocol: "UDP" },
    { name: "dns-tcp", port: 53, protocol: "TCP" },
  ],
};

export function buildTopology(config: StackConfig): Topology {
  const workloads = config.app.tenants.flatMap((tenant) => TIERS.map((tier) => workload(config, tenant, tier)));
  const flows = config.app.tenants.flatMap((tenant) => tenantFlows(config, tenant, internalRange(config)));
  return { tenants: [...config.app.tenants], workloads, dns: DNS, flows };
}

function workload(config: StackConfig, tenant: string, tier: TierName): Workload {
  const tierConfig = config.app[tier];
  return {
    tenant,
    tier,
    namespace: namespaceName(tenant, tier),
    name: tier,
    namespaceLabels: namespaceLabels(tenant, tier),
    podLabels: podLabels(tenant, tier),
    ports: [{ name: PORT_NAMES[tier], port: tierConfig.port, protocol: "TCP" }],
    replicas: tierConfig.replicas,
  };
}

/** The flows of one tenant; tenants share nothing, so there is no flow between them. */
function tenantFlows(config: StackConfig, tenant: string, internal: string): Flow[] {
  const at = (tier: TierName): FlowPeer => ({ kind: "workload", tenant, tier });
  const tcp = (port: number) => [{ port, protocol: "TCP" as const }];
  const { frontend, backend, database } = config.app;
  const flows: Flow[] = [
    ...config.app.ingressSourceCidrs.map((cidr) => ({
      from: outside(cidr, internal),
      to: at("frontend"),
      ports: tcp(frontend.port),
      reason: "clients reach the web tier through the load balancer",
    })),
    { from: at("frontend"), to: at("backend"), ports: tcp(backend.port), reason: "the web tier calls the API" },
    { from: at("backend"), to: at("database"), ports: tcp(database.port), reason: "the API uses the database" },
    ...TIERS.map((tier) => ({
      from: at(tier),
      to: { kind: "dns" } as const,
      ports: DNS.ports.map(({ port, protocol }) => ({ port, protocol })),
      reason: "service discovery through cluster DNS",
    })),
    ...config.app.egressAllowList.map((rule) => ({
      from: at(rule.tier),
      to: outside(rule.cidr, internal),
      ports: rule.ports,
      reason: rule.description,
    })),
  ];
  return flows;
}

/**
 * An external peer: `cidr` minus the cluster's own range (the VPC on EKS, the pod network on kind:
 * config/platform.ts) whenever that range lies strictly inside it. The frontend
 * sees internet clients only (NLB instance targets, externalTrafficPolicy Local) and no external
 * destination is in the VPC, so a VPC address in an ipBlock could only ever be a pod or a node.
 * config refuses ingress ranges inside the VPC and egress ranges overlapping it, so a range
 * either contains the VPC (except it) or is disjoint from it (nothing to except).
 */
function outside(cidr: string, internalCidr: string): FlowPeer {
  const range = mustParseCidr(cidr);
  const internal = mustParseCidr(internalCidr);
  const internalInside = cidrContains(range, internal) && range.prefix < internal.prefix;
  return { kind: "cidr", cidr, except: internalInside ? [internalCidr] : [] };
}
