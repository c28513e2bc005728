/**
 * A deterministic synthetic multi-tenant cluster for the benchmark: tenants are namespaces,
 * tiers are pod labels, replicas of a tier share labels (as Deployment pods do), and every
 * tenant carries a default deny plus a seeded choice of realistic allow policies.
 */
import { ContainerPort, KubeObject, Labels } from "./kube";
import { endpointObject, namespaceObject, policyObject } from "./objects";
import { Random, seededRandom } from "./random";
import { syntheticCalicoObjects } from "./syntheticCalico";
import { Tier, tenantPolicy } from "./syntheticPolicies";

export interface SyntheticOptions {
  readonly pods: number;
  readonly namespaces: number;
  readonly policies: number;
  readonly seed: number;
  /** Add Calico's layer as this project's stacks write it (syntheticCalico.ts). */
  readonly calico?: boolean;
}

export class SyntheticOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SyntheticOptionsError";
  }
}

/** Namespaces every cluster has before its tenants (when there is room for tenants too). */
const SYSTEM_NAMESPACES: readonly { name: string; labels: Labels; podLabels: Labels; ports: readonly ContainerPort[] }[] = [
  { name: "kube-system", labels: {}, podLabels: { "k8s-app": "kube-dns" },
    ports: [{ containerPort: 53, name: "dns", protocol: "UDP" }, { containerPort: 53, name: "dns-tcp", protocol: "TCP" }] },
  { name: "monitoring", labels: { purpose: "monitoring" }, podLabels: { app: "prometheus" }, ports: [{ containerPort: 9090, name: "web" }] },
  { name: "ingress", labels: { purpose: "ingress" }, podLabels: { app: "ingress-nginx" },
    ports: [{ containerPort: 80, name: "http" }, { containerPort: 443, name: "https" }] },
];

const TIER_PORTS: Readonly<Record<Tier, readonly ContainerPort[]>> = {
  frontend: [{ containerPort: 8080, name: "http" }, { containerPort: 8443, name: "https" }, { containerPort: 9090, name: "metrics" }],
  backend: [{ containerPort: 8080, name: "http" }, { containerPort: 9000, name: "grpc" }, { containerPort: 9090, name: "metrics" }],
  database: [{ containerPort: 5432, name: "postgres" }, { containerPort: 9187, name: "metrics" }],
  cache: [{ containerPort: 6379, name: "redis" }],
  worker: [{ containerPort: 9090, name: "metrics" }],
};
/** Tier weights: most pods serve or compute, fewer store. */
const TIER_DRAW: readonly Tier[] = ["frontend", "frontend", "frontend", "backend", "backend", "backend", "database", "cache", "worker", "worker"];
const ENVIRONMENTS = ["prod", "staging", "dev"] as const;

function checkOptions(options: SyntheticOptions): void {
  const counts: [string, number, number][] = [["pods", options.pods, 0], ["namespaces", options.namespaces, 1], ["policies", options.policies, 0]];
  for (const [name, value, minimum] of counts) {
    if (!Number.isSafeInteger(value) || value < minimum) throw new SyntheticOptionsError(`${name} must be an integer >= ${minimum}, got ${value}`);
  }
  if (!Number.isSafeInteger(options.seed)) throw new SyntheticOptionsError(`seed must be an integer, got ${options.seed}`);
  if (options.pods > 1 << 24) throw new SyntheticOptionsError(`pods must be at most ${1 << 24} (pod IPs come from 10.0.0.0/8), got ${options.pods}`);
}

/** The i-th pod address in 10.0.0.0/8. */
function podIp(index: number): string {
  const value = index + 1;
  return `10.${(value >> 16) & 255}.${(value >> 8) & 255}.${value & 255}`;
}

interface NamespacePlan { readonly name: string; readonly labels: Labels; readonly system: boolean }

function planNamespaces(count: number, teams: number, random: Random): NamespacePlan[] {
  const system = count > SYSTEM_NAMESPACES.length ? SYSTEM_NAMESPACES : [];
  const tenants = Array.from({ length: count - system.length }, (_, index): NamespacePlan => ({
    name: `tenant-${index}`,
    labels: { tenant: `tenant-${index}`, team: `team-${index % teams}`, env: random.pick(ENVIRONMENTS) },
    system: false,
  }));
  return [...system.map((ns) => ({ name: ns.name, labels: ns.labels, system: true })), ...tenants];
}

function podObject(index: number, namespace: NamespacePlan, systemIndex: number, random: Random): KubeObject {
  const systemNamespace = SYSTEM_NAMESPACES[systemIndex];
  if (namespace.system && systemNamespace !== undefined) {
    return endpointObject({ kind: "Pod", name: `pod-${index}`, namespace: namespace.name, labels: systemNamespace.podLabels, ports: systemNamespace.ports, ips: [podIp(index)] });
  }
  const tier = random.pick(TIER_DRAW);
  return endpointObject({ kind: "Pod", name: `${tier}-${index}`, namespace: namespace.name, labels: { app: tier, tier }, ports: TIER_PORTS[tier], ips: [podIp(index)] });
}

/** The same options always give the same objects, in the same order. */
export function syntheticCluster(options: SyntheticOptions): KubeObject[] {
  checkOptions(options);
  const random = seededRandom(options.seed);
  const teams = Math.max(1, Math.ceil(options.namespaces / 10));
  const namespaces = planNamespaces(options.namespaces, teams, random);
  const objects: KubeObject[] = namespaces.map((ns) => namespaceObject(ns.name, ns.labels));
  for (let index = 0; index < options.pods; index++) {
    const namespaceIndex = index % namespaces.length;
    objects.push(podObject(index, namespaces[namespaceIndex] as NamespacePlan, namespaceIndex, random));
  }
  const tenants = namespaces.filter((ns) => !ns.system);
  const owners = tenants.length > 0 ? tenants : namespaces;
  for (let index = 0; index < options.policies; index++) {
    const namespace = (owners[index % owners.length] as NamespacePlan).name;
    const slot = Math.floor(index / owners.length);
    objects.push(policyObject(`np-${slot}`, tenantPolicy(namespace, slot, random, teams)));
  }
  if (options.calico === true) objects.push(...syntheticCalicoObjects());
  return objects;
}
