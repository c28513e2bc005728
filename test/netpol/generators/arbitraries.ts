/**
 * fast-check arbitraries for small random clusters and policy sets. The vocabularies are tiny on
 * purpose: few labels, ports and addresses make selectors, named ports, endPort bounds and ipBlock
 * excepts collide often, which is where engines disagree if either is wrong.
 */
import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import {
  ContainerPort, EgressRule, IngressRule, IpBlock, KubeObject, LabelSelector, Labels, PolicyPeer,
  PolicyPort, PolicyType, Protocol, SelectorExpression, withoutUndefined,
} from "../../../netpol/generate/kube";
import { endpointObject, GeneratedEndpoint, namespaceObject, policyObject } from "../../../netpol/generate/objects";

export const NAMESPACE_NAMES = ["x", "y", "z"] as const;
const NAMESPACE_LABELS: Record<string, readonly string[]> = { ns: ["a", "b"], env: ["a", "b"] };
export const NAMESPACE_SELECTOR_LABELS: Record<string, readonly string[]> = {
  ...NAMESPACE_LABELS,
  "kubernetes.io/metadata.name": [...NAMESPACE_NAMES, "default"],
};
export const POD_LABELS: Record<string, readonly string[]> = { app: ["a", "b", "c"], tier: ["a", "b"] };
const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

/** Container ports; names repeat with other numbers and protocols across pods on purpose. */
const CONTAINER_PORTS: readonly ContainerPort[] = [
  { containerPort: 80, name: "http" },
  { containerPort: 8080, name: "http" },
  { containerPort: 53, name: "dns", protocol: "UDP" },
  { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
  { containerPort: 5353, name: "dns", protocol: "TCP" },
  { containerPort: 443, name: "https" },
  { containerPort: 9000, name: "sctp", protocol: "SCTP" },
  { containerPort: 81 },
  { containerPort: 8081, name: "alt", protocol: "UDP" },
];
/** "http" and "dns" name ports on several numbers and protocols, so they are drawn most. */
const PORT_NAMES = ["http", "http", "dns", "dns", "dns-tcp", "https", "sctp", "alt", "missing"] as const;
const SINGLE_PORTS = [53, 80, 81, 443, 5353, 8080, 9000] as const;
const PORT_RANGES: readonly (readonly [number, number])[] = [[80, 81], [79, 80], [8000, 8080], [50, 9000], [53, 53], [5353, 8081]];

/** Every port number the vocabulary can produce, plus the numbers just outside each range. */
export const PROBE_PORT_NUMBERS: readonly number[] = [49, 50, 52, 53, 54, 79, 80, 81, 82, 443, 5352, 5353, 7999, 8000, 8080, 8081, 8082, 9000, 9001];
export const PROBES: readonly { readonly port: number; readonly protocol: Protocol }[] =
  PROBE_PORT_NUMBERS.flatMap((port) => PROTOCOLS.map((protocol) => ({ port, protocol })));

const IPV4_POOL = ["10.0.0.1", "10.0.1.5", "10.1.0.1", "192.168.1.1", "203.0.113.9"] as const;
const IPV6_POOL = ["fd00::1", "fd00::1:5", "2001:db8::1"] as const;
const PREFIXES = { ipv4: [0, 8, 16, 24, 31, 32], ipv6: [0, 16, 64, 127, 128] } as const;

function labelsArb(vocabulary: Record<string, readonly string[]>): fc.Arbitrary<Labels> {
  const model = Object.fromEntries(Object.entries(vocabulary).map(([key, values]) => [key, fc.constantFrom(...values)]));
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Labels>;
}

function expressionArb(vocabulary: Record<string, readonly string[]>): fc.Arbitrary<SelectorExpression> {
  const key = fc.constantFrom(...Object.keys(vocabulary));
  const withValues = key.chain((chosen) => fc.record({
    key: fc.constant(chosen),
    operator: fc.constantFrom("In" as const, "NotIn" as const),
    values: fc.subarray([...(vocabulary[chosen] ?? []), "other"], { minLength: 1 }),
  }));
  const withoutValues = fc.record({ key, operator: fc.constantFrom("Exists" as const, "DoesNotExist" as const) });
  return fc.oneof(withValues, withoutValues);
}

/** `{}`, matchLabels, matchExpressions or both; each may itself be empty. */
export function selectorArb(vocabulary: Record<string, readonly string[]>): fc.Arbitrary<LabelSelector> {
  return fc.record({
    matchLabels: labelsArb(vocabulary),
    matchExpressions: fc.array(expressionArb(vocabulary), { maxLength: 2 }),
  }, { requiredKeys: [] });
}

function cidrOf(ip: string, prefix: number): string {
  return `${ip}/${prefix}`;
}

/** Memoised: the pools are tiny, and parsing addresses dominates generation time otherwise. */
const insideCache = new Map<string, boolean>();
function addressInCidr(address: string, cidr: string): boolean {
  const key = `${address} ${cidr}`;
  let inside = insideCache.get(key);
  if (inside === undefined) {
    inside = ipaddr.parse(address).match(ipaddr.parseCIDR(cidr));
    insideCache.set(key, inside);
  }
  return inside;
}

/** A cidr written with host bits, and excepts that are strict subsets of it, as the API demands. */
function ipBlockArb(): fc.Arbitrary<IpBlock> {
  const family = fc.constantFrom("ipv4" as const, "ipv6" as const);
  return family.chain((chosen) => {
    const pool = chosen === "ipv4" ? IPV4_POOL : IPV6_POOL;
    const prefixes = PREFIXES[chosen];
    const address = fc.constantFrom(...pool);
    const prefix = fc.constantFrom(...prefixes);
    const excepts = fc.array(fc.tuple(address, prefix), { maxLength: 2 });
    return fc.tuple(address, prefix, excepts).map(([ip, length, candidates]) => {
      const inside = candidates
        .filter(([other, otherLength]) => otherLength > length && addressInCidr(other, cidrOf(ip, length)))
        .map(([other, otherLength]) => cidrOf(other, otherLength));
      const except = [...new Set(inside)];
      return withoutUndefined({ cidr: cidrOf(ip, length), except: except.length > 0 ? except : undefined });
    });
  });
}

function peerArb(): fc.Arbitrary<PolicyPeer> {
  const podSelector = selectorArb(POD_LABELS);
  const namespaceSelector = selectorArb(NAMESPACE_SELECTOR_LABELS);
  return fc.oneof(
    fc.record({ podSelector }),
    fc.record({ namespaceSelector }),
    fc.record({ podSelector, namespaceSelector }),
    fc.record({ ipBlock: ipBlockArb() }),
  );
}

function policyPortArb(): fc.Arbitrary<PolicyPort> {
  const protocol = fc.constantFrom(...PROTOCOLS);
  const range = fc.constantFrom(...PORT_RANGES).map(([port, endPort]) => ({ port, endPort }));
  return fc.oneof(
    fc.record({ protocol, port: fc.constantFrom(...SINGLE_PORTS) }, { requiredKeys: ["port"] }),
    // Named ports weigh double: their resolution (name and protocol, per destination) is where engines differ most.
    { arbitrary: fc.record({ protocol, port: fc.constantFrom(...PORT_NAMES) }, { requiredKeys: ["port"] }), weight: 2 },
    fc.tuple(fc.option(protocol, { nil: undefined }), range)
      .map(([chosen, bounds]) => withoutUndefined({ protocol: chosen, ...bounds })),
    fc.record({ protocol }, { requiredKeys: [] }),
  );
}

function ruleArb<K extends "from" | "to">(peersKey: K): fc.Arbitrary<Partial<Record<K, PolicyPeer[]>> & { ports?: PolicyPort[] }> {
  const model = { [peersKey]: fc.array(peerArb(), { maxLength: 2 }), ports: fc.array(policyPortArb(), { maxLength: 2 }) };
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Partial<Record<K, PolicyPeer[]>> & { ports?: PolicyPort[] }>;
}

const POLICY_TYPES: readonly (readonly PolicyType[])[] = [["Ingress"], ["Egress"], ["Ingress", "Egress"], ["Egress", "Ingress"]];
const namespaceNameArb = fc.constantFrom<string | undefined>(...NAMESPACE_NAMES, undefined);

function policyArb(): fc.Arbitrary<{ namespace?: string; podSelector: LabelSelector; policyTypes?: readonly PolicyType[]; ingress?: IngressRule[]; egress?: EgressRule[] }> {
  return fc.record({
    namespace: namespaceNameArb,
    podSelector: selectorArb(POD_LABELS),
    policyTypes: fc.constantFrom(...POLICY_TYPES),
    ingress: fc.array(ruleArb("from"), { maxLength: 2 }),
    egress: fc.array(ruleArb("to"), { maxLength: 2 }),
  }, { requiredKeys: ["podSelector"] });
}

function endpointArb(): fc.Arbitrary<Omit<GeneratedEndpoint, "name"> & { replicas: number }> {
  return fc.record({
    replicas: fc.constantFrom(1, 1, 2),
    kind: fc.constantFrom("Pod" as const, "Deployment" as const),
    namespace: namespaceNameArb,
    labels: labelsArb(POD_LABELS),
    ports: fc.subarray([...CONTAINER_PORTS], { maxLength: 3 }),
    ips: fc.subarray([...IPV4_POOL, ...IPV6_POOL], { maxLength: 2 }),
  });
}

export interface SmallCluster { readonly objects: readonly KubeObject[] }

/** The address `offset` after `ip` in its last group: 10.0.0.1 -> 10.0.0.2, fd00::1 -> fd00::2. */
function neighbourIp(ip: string, offset: number): string {
  const cut = Math.max(ip.lastIndexOf("."), ip.lastIndexOf(":")) + 1;
  const radix = ip.includes(":") ? 16 : 10;
  return ip.slice(0, cut) + (parseInt(ip.slice(cut), radix) + offset).toString(radix);
}

/** Replicas share labels and ports (one equivalence class unless their IPs split them). */
function expandReplicas(endpoints: readonly (Omit<GeneratedEndpoint, "name"> & { replicas: number })[]): GeneratedEndpoint[] {
  const usedIps = new Set<string>();
  const freshIps = (ips: readonly string[]): string[] => ips.filter((ip) => !usedIps.has(ip) && usedIps.add(ip) !== undefined);
  return endpoints.flatMap(({ replicas, ...endpoint }, index) => Array.from({ length: replicas }, (_, replica) => ({
    ...endpoint,
    name: replica === 0 ? `p${index}` : `p${index}-${replica}`,
    // Pod IPs are unique in a cluster; a replica sits next to its sibling, in or out of its ipBlock atom.
    ips: endpoint.kind === "Pod" ? freshIps(endpoint.ips.map((ip) => neighbourIp(ip, replica))) : [],
  })));
}

/** A random small cluster: 0-3 declared namespaces, 1-4 pods or workloads (some with 2 replicas), 0-4 policies. */
export function clusterArb(): fc.Arbitrary<SmallCluster> {
  return fc.record({
    namespaces: fc.uniqueArray(fc.record({ name: fc.constantFrom(...NAMESPACE_NAMES), labels: labelsArb(NAMESPACE_LABELS) }),
      { selector: (namespace) => namespace.name, maxLength: 3 }),
    endpoints: fc.array(endpointArb(), { minLength: 1, maxLength: 4 }),
    policies: fc.array(policyArb(), { maxLength: 4 }),
  }).map(({ namespaces, endpoints, policies }) => {
    const endpointObjects = expandReplicas(endpoints).map(endpointObject);
    const policyObjects = policies.map((policy, index) => policyObject(`np${index}`, policy));
    return { objects: [...namespaces.map((ns) => namespaceObject(ns.name, ns.labels)), ...endpointObjects, ...policyObjects] };
  });
}
