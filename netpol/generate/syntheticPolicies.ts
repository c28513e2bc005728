/**
 * Policy templates of the synthetic multi-tenant cluster: the shapes platform teams write
 * (default deny, DNS egress, tier-to-tier allows, monitoring scrapes, partner CIDRs).
 */
import { GeneratedPolicy } from "./objects";
import { Random } from "./random";

export const TIERS = ["frontend", "backend", "database", "cache", "worker"] as const;
export type Tier = (typeof TIERS)[number];

const tier = (name: Tier): { matchLabels: { tier: Tier } } => ({ matchLabels: { tier: name } });

/** The first policy of each tenant: default deny, usually both directions. */
export function defaultDeny(namespace: string, random: Random): GeneratedPolicy {
  const both = random.next() < 0.8;
  return { namespace, podSelector: {}, policyTypes: both ? ["Ingress", "Egress"] : ["Ingress"] };
}

type Template = (namespace: string, random: Random, teams: number) => GeneratedPolicy;

const allowDns: Template = (namespace) => ({
  namespace, podSelector: {}, policyTypes: ["Egress"],
  egress: [{
    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
  }],
});

const frontendFromIngress: Template = (namespace) => ({
  namespace, podSelector: tier("frontend"),
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: "ingress" } } }], ports: [{ port: "http" }] }],
});

const backendFromFrontend: Template = (namespace) => ({
  namespace, podSelector: tier("backend"),
  ingress: [{ from: [{ podSelector: tier("frontend") }], ports: [{ protocol: "TCP", port: 8080 }] }],
});

const databaseFromBackend: Template = (namespace) => ({
  namespace, podSelector: tier("database"),
  ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["backend", "worker"] }] } }], ports: [{ port: 5432 }] }],
});

const cacheFromBackend: Template = (namespace) => ({
  namespace, podSelector: tier("cache"),
  ingress: [{ from: [{ podSelector: tier("backend") }], ports: [{ port: "redis" }] }],
});

const frontendEgressToBackend: Template = (namespace) => ({
  namespace, podSelector: tier("frontend"), policyTypes: ["Egress"],
  egress: [{ to: [{ podSelector: tier("backend") }], ports: [{ port: 8080 }] }],
});

const backendEgressToData: Template = (namespace) => ({
  namespace, podSelector: tier("backend"), policyTypes: ["Egress"],
  egress: [{ to: [{ podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["database", "cache"] }] } }], ports: [{ port: "postgres" }, { port: "redis" }] }],
});

const monitoringScrape: Template = (namespace) => ({
  namespace, podSelector: { matchExpressions: [{ key: "tier", operator: "Exists" }] },
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: "monitoring" } } }], ports: [{ protocol: "TCP", port: 9000, endPort: 9100 }] }],
});

const crossTeam: Template = (namespace, random, teams) => ({
  namespace, podSelector: tier("backend"),
  ingress: [{
    from: [{
      namespaceSelector: { matchLabels: { team: `team-${random.below(teams)}` }, matchExpressions: [{ key: "env", operator: "In", values: ["prod", "staging"] }] },
      podSelector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["database"] }] },
    }],
    ports: [{ port: 8080 }],
  }],
});

const externalHttpsEgress: Template = (namespace) => ({
  namespace, podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["frontend", "worker"] }] }, policyTypes: ["Egress"],
  egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "192.168.0.0/16"] } }], ports: [{ port: 443 }] }],
});

const partnerIngress: Template = (namespace, random) => ({
  namespace, podSelector: tier("frontend"),
  ingress: [{ from: [{ ipBlock: { cidr: "203.0.113.0/24" } }, { ipBlock: { cidr: `10.0.${random.below(4)}.0/24` } }], ports: [{ port: 8443, protocol: "TCP" }] }],
});

const sameNamespace: Template = (namespace) => ({
  namespace, podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }],
});

const workerToAnyTenantApi: Template = (namespace) => ({
  namespace, podSelector: tier("worker"), policyTypes: ["Egress"],
  egress: [{ to: [{ namespaceSelector: { matchExpressions: [{ key: "tenant", operator: "Exists" }, { key: "env", operator: "NotIn", values: ["dev"] }] }, podSelector: tier("backend") }], ports: [{ port: "http" }] }],
});

/** Ordered by how common they are; `allowDns` first, since default deny egress needs it. */
const TEMPLATES: readonly Template[] = [
  allowDns, frontendFromIngress, backendFromFrontend, databaseFromBackend, cacheFromBackend, monitoringScrape,
  frontendEgressToBackend, backendEgressToData, crossTeam, externalHttpsEgress, partnerIngress, sameNamespace, workerToAnyTenantApi,
];

/** The `slot`-th policy of a tenant namespace (slot 0 is its default deny). */
export function tenantPolicy(namespace: string, slot: number, random: Random, teams: number): GeneratedPolicy {
  if (slot === 0) return defaultDeny(namespace, random);
  const template = slot === 1 ? allowDns : random.pick(TEMPLATES);
  return template(namespace, random, teams);
}
