/**
 * fast-check arbitraries for random mixed clusters: the small Kubernetes clusters of
 * arbitraries.ts (namespaces, pods and workloads, NetworkPolicies) with service accounts, plus
 * Calico's projectcalico.org/v3 objects: Tiers (orders, Deny/Pass defaults), GlobalNetworkPolicies
 * and namespaced NetworkPolicies in any tier (built-in ones included) with orders, selectors in the
 * whole selector language, Allow/Deny/Pass/Log rules on protocols, nets, notNets, selectors,
 * notSelectors, namespaceSelectors, serviceAccounts, ports and notPorts (numbers, ranges, names),
 * GlobalNetworkSets and NetworkSets, and labelled ServiceAccounts; and the admin network policies
 * of policy.networking.k8s.io/v1alpha1: AdminNetworkPolicies (priorities that often tie, namespace
 * and pod subjects, Allow/Deny/Pass rules, namespaces/pods/networks peers, portNumber/namedPort/
 * portRange ports) and the BaselineAdminNetworkPolicy `default` (Allow/Deny).
 *
 * The vocabularies are tiny, as in arbitraries.ts, so that selectors, nets and ports collide.
 * Tiered policy kinds are a table (TIERED_POLICY_KINDS): a new kind (AdminNetworkPolicy, say) is
 * one more entry, drawn like the others, with the same tiers, selectors and entities to use.
 * The admin kinds are two such entries.
 */
import fc from "fast-check";
import { KubeObject } from "../../../netpol/generate/kube";
import { clusterArb, NAMESPACE_NAMES, NAMESPACE_SELECTOR_LABELS, POD_LABELS, selectorArb } from "./arbitraries";

/** A raw object of any kind (Calico's objects are not among the generator's Kubernetes shapes). */
export type RawObject = Record<string, unknown>;

const SERVICE_ACCOUNTS = ["default", "sa1", "sa2"] as const;
const SERVICE_ACCOUNT_LABELS: Record<string, readonly string[]> = { role: ["a", "b"], team: ["a"] };
const SET_LABELS: Record<string, readonly string[]> = { role: ["a", "b"], app: ["a"] };
const TIER_NAMES = ["security", "platform"] as const;
const BUILT_IN_TIERS = ["default", "default", "adminnetworkpolicy", "baselineadminnetworkpolicy"] as const;

/** Keys selectors test: pod and namespace labels of arbitraries.ts, set and account labels, Calico's automatic labels. */
const SELECTOR_KEYS = [
  "app", "tier", "ns", "env", "role", "team", "kubernetes.io/metadata.name",
  "projectcalico.org/namespace", "projectcalico.org/serviceaccount", "projectcalico.org/orchestrator", "projectcalico.org/name",
] as const;
const SELECTOR_VALUES = ["a", "b", "c", "x", "y", "default", "k8s", "sa1", "other"] as const;
const FRAGMENTS = ["a", "s", "k8", "1", ""] as const;

/** Addresses of arbitraries.ts's pod IP pool and beside it, at prefixes that nest and split. */
const NET_ADDRESSES = ["10.0.0.1", "10.0.1.5", "10.1.0.1", "192.168.1.1", "203.0.113.9", "fd00::1", "2001:db8::1"] as const;
const NET_PREFIXES: Record<"ipv4" | "ipv6", readonly number[]> = { ipv4: [0, 8, 16, 24, 32], ipv6: [0, 16, 64, 128] };

const PORT_NUMBERS = [53, 80, 81, 443, 5353, 8080, 9000] as const;
const PORT_RANGES = ["80:81", "50:9000", "8000:8080", "53:53"] as const;
const PORT_NAMES = ["http", "dns", "dns-tcp", "https", "sctp", "alt", "missing"] as const;

function labelsArb(vocabulary: Record<string, readonly string[]>): fc.Arbitrary<Record<string, string>> {
  const model = Object.fromEntries(Object.entries(vocabulary).map(([key, values]) => [key, fc.constantFrom(...values)]));
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
}

const quoted = (value: string): string => `'${value}'`;

/** One term of the selector language. */
function termArb(): fc.Arbitrary<string> {
  const key = fc.constantFrom(...SELECTOR_KEYS);
  const value = fc.constantFrom(...SELECTOR_VALUES);
  return fc.oneof(
    { arbitrary: fc.tuple(key, value).map(([k, v]) => `${k} == ${quoted(v)}`), weight: 4 },
    fc.tuple(key, value).map(([k, v]) => `${k} != "${v}"`),
    fc.tuple(key, fc.subarray([...SELECTOR_VALUES], { maxLength: 3 })).map(([k, vs]) => `${k} in {${vs.map(quoted).join(", ")}}`),
    fc.tuple(key, fc.subarray([...SELECTOR_VALUES], { maxLength: 3 })).map(([k, vs]) => `${k} not in {${vs.map(quoted).join(",")}}`),
    { arbitrary: key.map((k) => `has(${k})`), weight: 2 },
    key.map((k) => `!has(${k})`),
    fc.tuple(key, fc.constantFrom(...FRAGMENTS)).map(([k, f]) => `${k} contains ${quoted(f)}`),
    fc.tuple(key, fc.constantFrom(...FRAGMENTS)).map(([k, f]) => `${k} starts with ${quoted(f)}`),
    fc.tuple(key, fc.constantFrom(...FRAGMENTS)).map(([k, f]) => `${k} ends with ${quoted(f)}`),
    fc.constantFrom("all()", "global()", "!global()"),
  );
}

/** A selector: a term, or terms joined by &&, || and !, with parentheses (depth at most 2). */
export function calicoSelectorArb(depth = 2): fc.Arbitrary<string> {
  if (depth === 0) return termArb();
  const inner = calicoSelectorArb(depth - 1);
  return fc.oneof(
    { arbitrary: termArb(), weight: 4 },
    fc.tuple(inner, inner).map(([a, b]) => `${a} && ${b}`),
    fc.tuple(inner, inner).map(([a, b]) => `(${a}) || (${b})`),
    inner.map((a) => `!(${a})`),
  );
}

/** Selectors that match a fair share of what the random clusters hold, so that policies often apply. */
function broadSelectorArb(): fc.Arbitrary<string> {
  return fc.constantFrom(
    "all()", "app == 'a'", "has(app)", "app != 'b'", "!has(tier)", "tier in {'a', 'b'}", "projectcalico.org/orchestrator == 'k8s'",
    "projectcalico.org/namespace == 'x'", "projectcalico.org/serviceaccount == 'sa1'", "projectcalico.org/name != 'y'", "role == 'a'", "ns == 'a'",
  );
}

/** `value` with weight `present`, absent with weight `absent`. */
function sometimes<T>(value: fc.Arbitrary<T>, absent: number, present: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: value, weight: present });
}

function netArb(): fc.Arbitrary<string> {
  return fc.constantFrom(...NET_ADDRESSES).chain((address) => {
    const prefixes = NET_PREFIXES[address.includes(":") ? "ipv6" : "ipv4"];
    // Host bits as written (Calico masks them); a bare address is a /32 or /128.
    return fc.oneof(fc.constantFrom(...prefixes).map((prefix) => `${address}/${prefix}`), fc.constant(address));
  });
}

const PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;
type RuleProtocol = { readonly written?: string | number; readonly modelled: boolean };
const RULE_PROTOCOLS: readonly RuleProtocol[] = [
  {}, {}, {}, { written: "TCP", modelled: true }, { written: "TCP", modelled: true }, { written: "UDP", modelled: true },
  { written: "SCTP", modelled: true }, { written: "tcp", modelled: true }, { written: 17, modelled: true }, { written: "ICMP", modelled: false },
].map((p) => ({ modelled: false, ...p }));

function portsArb(): fc.Arbitrary<(number | string)[]> {
  return fc.array(fc.oneof(fc.constantFrom(...PORT_NUMBERS), fc.constantFrom(...PORT_RANGES), fc.constantFrom(...PORT_NAMES)), { minLength: 1, maxLength: 3 });
}

/** A rule's source or destination; `ports` only where the rule's protocol allows them (destination side). */
function entityArb(withPorts: boolean): fc.Arbitrary<RawObject> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {
    nets: fc.array(netArb(), { maxLength: 2 }),
    notNets: fc.array(netArb(), { minLength: 1, maxLength: 2 }),
    selector: fc.oneof(broadSelectorArb(), calicoSelectorArb(1)),
    notSelector: fc.oneof(broadSelectorArb(), calicoSelectorArb(0)),
    namespaceSelector: fc.oneof(broadSelectorArb(), calicoSelectorArb(1)),
    serviceAccounts: fc.record({
      names: fc.subarray([...SERVICE_ACCOUNTS, "sa3"], { maxLength: 2 }),
      selector: calicoSelectorArb(0),
    }, { requiredKeys: [] }),
    ...(withPorts ? { ports: portsArb(), notPorts: portsArb() } : {}),
  };
  // At most two fields: every field narrows, and an entity of five fields matches nothing.
  return fc.subarray(Object.keys(fields), { maxLength: 2 })
    .chain((keys) => fc.record(Object.fromEntries(keys.map((key) => [key, fields[key] as fc.Arbitrary<unknown>]))) as fc.Arbitrary<RawObject>);
}

export function calicoRuleArb(): fc.Arbitrary<RawObject> {
  const action = fc.constantFrom("Allow", "Allow", "Deny", "Deny", "Pass", "Log");
  return fc.tuple(action, fc.constantFrom(...RULE_PROTOCOLS)).chain(([chosen, protocol]) =>
    fc.record({
      notProtocol: fc.constantFrom(...PROTOCOLS),
      source: entityArb(false),
      destination: entityArb(protocol.modelled),
    }, { requiredKeys: [] }).map((rest) => ({ action: chosen, ...(protocol.written === undefined ? {} : { protocol: protocol.written }), ...rest })));
}

const ORDERS = [undefined, 10, 100, 1000, 1000, 2000] as const;

/** What a tiered policy kind's arbitrary may draw on: the tiers that exist. */
export interface PolicyContext {
  readonly tiers: readonly string[];
}

interface PolicyBody {
  readonly tier: string;
  readonly spec: RawObject;
}

/** Tier, order, selectors, types and rules shared by the Calico policy kinds; `global` adds a namespaceSelector. */
function policyBodyArb(context: PolicyContext, global: boolean): fc.Arbitrary<PolicyBody> {
  const rules = fc.array(calicoRuleArb(), { maxLength: 3 });
  return fc.record({
    tier: fc.constantFrom(...context.tiers),
    order: fc.constantFrom(...ORDERS),
    selector: sometimes(fc.oneof(broadSelectorArb(), calicoSelectorArb(1)), 1, 2),
    namespaceSelector: global ? sometimes(fc.oneof(broadSelectorArb(), calicoSelectorArb(1)), 2, 1) : fc.constant(undefined),
    serviceAccountSelector: sometimes(fc.oneof(broadSelectorArb(), calicoSelectorArb(0)), 4, 1),
    types: fc.constantFrom<readonly ("Ingress" | "Egress")[] | undefined>(undefined, ["Ingress"], ["Egress"], ["Ingress", "Egress"]),
    ingress: rules,
    egress: rules,
  }).map(({ tier, types, ingress, egress, ...selectors }) => {
    // Rules only for the directions `types` has (else the object is invalid); without types, Calico's defaulting applies.
    const has = (direction: "Ingress" | "Egress"): boolean => types === undefined || types.includes(direction);
    const spec = Object.fromEntries(Object.entries({
      ...selectors,
      ...(tier === "default" ? {} : { tier }),
      ...(types === undefined ? {} : { types }),
      ...(has("Ingress") && ingress.length > 0 ? { ingress } : {}),
      ...(has("Egress") && egress.length > 0 ? { egress } : {}),
    }).filter(([, value]) => value !== undefined));
    return { tier, spec };
  });
}

/** Calico names policies of a tier other than default `<tier>.<name>`. */
const tieredName = (tier: string, name: string): string => (tier === "default" ? name : `${tier}.${name}`);

// ---- admin network policies (policy.networking.k8s.io/v1alpha1) ------------------------------

const ADMIN_API = "policy.networking.k8s.io/v1alpha1";
/** Few values, so that equal priorities (undefined order upstream, by name here) come up often. */
const PRIORITIES = [0, 1, 1, 10, 10, 1000] as const;
const ADMIN_PORT_RANGES: readonly (readonly [number, number])[] = [[80, 81], [50, 9000], [8000, 8080], [53, 53]];

/** A Kubernetes label selector that matches a fair share of namespaces or pods: {} often, one label, or anything. */
function adminSelectorArb(vocabulary: Record<string, readonly string[]>): fc.Arbitrary<RawObject> {
  const single = fc.constantFrom(...Object.entries(vocabulary).flatMap(([key, values]) => values.map((value) => ({ matchLabels: { [key]: value } }))));
  return fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: single, weight: 3 }, { arbitrary: selectorArb(vocabulary) as fc.Arbitrary<RawObject>, weight: 1 });
}

/** `namespaces` or `pods` (both selectors required), as a subject or a peer. */
function adminPodsArb(): fc.Arbitrary<RawObject> {
  return fc.oneof(
    adminSelectorArb(NAMESPACE_SELECTOR_LABELS).map((namespaces) => ({ namespaces })),
    fc.record({ namespaceSelector: adminSelectorArb(NAMESPACE_SELECTOR_LABELS), podSelector: adminSelectorArb(POD_LABELS) }).map((pods) => ({ pods })),
  );
}

/** Egress peers also have `networks`: CIDRs (host bits as written), never bare addresses. */
function adminNetworksArb(): fc.Arbitrary<RawObject> {
  const cidr = fc.constantFrom(...NET_ADDRESSES).chain((address) => fc.constantFrom(...NET_PREFIXES[address.includes(":") ? "ipv6" : "ipv4"]).map((prefix) => `${address}/${prefix}`));
  return fc.uniqueArray(cidr, { minLength: 1, maxLength: 2 }).map((networks) => ({ networks }));
}

/** portNumber (protocol absent: TCP), portRange, or namedPort (only without address peers, as the CRD requires). */
function adminPortArb(named: boolean): fc.Arbitrary<RawObject> {
  const protocol = fc.constantFrom<string | undefined>(undefined, "TCP", "UDP", "SCTP");
  const withProtocol = (chosen: string | undefined, fields: RawObject): RawObject => (chosen === undefined ? fields : { protocol: chosen, ...fields });
  return fc.oneof(
    fc.tuple(protocol, fc.constantFrom(...PORT_NUMBERS)).map(([chosen, port]) => ({ portNumber: withProtocol(chosen, { port }) })),
    fc.tuple(protocol, fc.constantFrom(...ADMIN_PORT_RANGES)).map(([chosen, [start, end]]) => ({ portRange: withProtocol(chosen, { start, end }) })),
    ...(named ? [fc.constantFrom(...PORT_NAMES).map((name): RawObject => ({ namedPort: name }))] : []),
  );
}

function adminRuleArb(actions: readonly string[], egress: boolean): fc.Arbitrary<RawObject> {
  const peer = egress ? fc.oneof({ arbitrary: adminPodsArb(), weight: 3 }, { arbitrary: adminNetworksArb(), weight: 1 }) : adminPodsArb();
  return fc.record({
    name: fc.option(fc.constantFrom("r", "allow-web", "deny-all"), { nil: undefined }),
    action: fc.constantFrom(...actions),
    peers: fc.array(peer, { minLength: 1, maxLength: 2 }),
  }).chain(({ name, action, peers }) => {
    const named = !peers.some((p) => "networks" in p);
    return sometimes(fc.array(adminPortArb(named), { minLength: 1, maxLength: 2 }), 2, 1).map((ports) => ({
      ...(name === undefined ? {} : { name }),
      action,
      [egress ? "to" : "from"]: peers,
      ...(ports === undefined ? {} : { ports }),
    }));
  });
}

/** subject, ingress and egress rules (a direction without rules: not affected) of an admin policy. */
function adminSpecArb(actions: readonly string[]): fc.Arbitrary<RawObject> {
  return fc.record({
    subject: adminPodsArb(),
    ingress: fc.array(adminRuleArb(actions, false), { maxLength: 3 }),
    egress: fc.array(adminRuleArb(actions, true), { maxLength: 3 }),
  }).map(({ subject, ingress, egress }) => ({ subject, ...(ingress.length === 0 ? {} : { ingress }), ...(egress.length === 0 ? {} : { egress }) }));
}

/**
 * Tiered policy kinds: each makes a policy object named after `index`. Add a kind here (with its
 * own spec) to have the mixed-cluster differential tests draw it too.
 */
export const TIERED_POLICY_KINDS: Readonly<Record<string, (context: PolicyContext, index: number) => fc.Arbitrary<RawObject>>> = {
  GlobalNetworkPolicy: (context, index) => policyBodyArb(context, true).map(({ tier, spec }) => ({
    apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: tieredName(tier, `gnp${index}`) }, spec,
  })),
  NetworkPolicy: (context, index) => fc.tuple(policyBodyArb(context, false), fc.constantFrom(...NAMESPACE_NAMES)).map(([{ tier, spec }, namespace]) => ({
    apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name: tieredName(tier, `cnp${index}`), namespace }, spec,
  })),
  AdminNetworkPolicy: (_context, index) => fc.tuple(fc.constantFrom(...PRIORITIES), adminSpecArb(["Allow", "Allow", "Deny", "Deny", "Pass", "Pass"])).map(([priority, spec]) => ({
    apiVersion: ADMIN_API, kind: "AdminNetworkPolicy", metadata: { name: `anp${index}` }, spec: { priority, ...spec },
  })),
  // The singleton: a cluster has at most one (mixedClusterArb keeps the first drawn).
  BaselineAdminNetworkPolicy: () => adminSpecArb(["Allow", "Deny"]).map((spec) => ({
    apiVersion: ADMIN_API, kind: "BaselineAdminNetworkPolicy", metadata: { name: "default" }, spec,
  })),
};

/** Objects of the same apiVersion, kind, namespace and name as an earlier one are dropped (a second BaselineAdminNetworkPolicy "default"). */
function distinctObjects(objects: readonly RawObject[]): RawObject[] {
  const seen = new Set<string>();
  return objects.filter((object) => {
    const metadata = (object["metadata"] ?? {}) as { name?: string; namespace?: string };
    const key = `${String(object["apiVersion"])} ${String(object["kind"])} ${metadata.namespace ?? ""}/${metadata.name ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tiersArb(): fc.Arbitrary<RawObject[]> {
  return fc.uniqueArray(fc.record({
    name: fc.constantFrom(...TIER_NAMES),
    order: fc.constantFrom(undefined, 50, 100, 1000, 2_000_000),
    defaultAction: fc.constantFrom(undefined, "Deny", "Pass"),
  }), { selector: (tier) => tier.name, maxLength: 2 }).map((tiers) => tiers.map(({ name, order, defaultAction }) => ({
    apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name },
    spec: Object.fromEntries(Object.entries({ order, defaultAction }).filter(([, value]) => value !== undefined)),
  })));
}

function networkSetsArb(): fc.Arbitrary<RawObject[]> {
  const set = fc.record({ namespace: fc.option(fc.constantFrom(...NAMESPACE_NAMES), { nil: undefined }), labels: labelsArb(SET_LABELS), nets: fc.array(netArb(), { minLength: 1, maxLength: 2 }) });
  return fc.array(set, { maxLength: 2 }).map((sets) => sets.map(({ namespace, labels, nets }, index) => (namespace === undefined
    ? { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkSet", metadata: { name: `gns${index}`, labels }, spec: { nets } }
    : { apiVersion: "projectcalico.org/v3", kind: "NetworkSet", metadata: { name: `ns${index}`, namespace, labels }, spec: { nets } })));
}

function serviceAccountsArb(): fc.Arbitrary<RawObject[]> {
  return fc.uniqueArray(fc.record({ namespace: fc.constantFrom(...NAMESPACE_NAMES, "default"), name: fc.constantFrom(...SERVICE_ACCOUNTS), labels: labelsArb(SERVICE_ACCOUNT_LABELS) }),
    { selector: ({ namespace, name }) => `${namespace}/${name}`, maxLength: 3 })
    .map((accounts) => accounts.map(({ namespace, name, labels }) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace, labels } })));
}

/** Pods and workloads get a service account (or none: "default"). */
function withServiceAccounts(objects: readonly KubeObject[], accounts: readonly (string | undefined)[]): RawObject[] {
  return objects.map((object, index) => {
    const account = accounts[index % accounts.length];
    if (account === undefined) return object as unknown as RawObject;
    if (object.kind === "Pod") return { ...object, spec: { ...object.spec, serviceAccountName: account } };
    if (object.kind === "Deployment") {
      return { ...object, spec: { ...object.spec, template: { ...object.spec.template, spec: { ...object.spec.template.spec, serviceAccountName: account } } } };
    }
    return object as unknown as RawObject;
  });
}

export interface MixedCluster {
  readonly objects: readonly RawObject[];
}

/**
 * A random mixed cluster: arbitraries.ts's cluster (with service accounts), 0-2 tiers, 0-4 tiered
 * policies of the kinds in `kinds`, 0-2 network sets and 0-3 labelled ServiceAccounts.
 */
export function mixedClusterArb(kinds: Readonly<Record<string, (context: PolicyContext, index: number) => fc.Arbitrary<RawObject>>> = TIERED_POLICY_KINDS): fc.Arbitrary<MixedCluster> {
  const kindNames = Object.keys(kinds);
  return tiersArb().chain((tiers) => {
    const context: PolicyContext = { tiers: [...BUILT_IN_TIERS, ...tiers.map((tier) => (tier["metadata"] as { name: string }).name)] };
    const policy = (index: number): fc.Arbitrary<RawObject> => fc.constantFrom(...kindNames).chain((kind) => (kinds[kind] as (c: PolicyContext, i: number) => fc.Arbitrary<RawObject>)(context, index));
    const policies: fc.Arbitrary<RawObject[]> = fc.integer({ min: 0, max: 4 }).chain((count) => (count === 0 ? fc.constant<RawObject[]>([]) : fc.tuple(...Array.from({ length: count }, (_, index) => policy(index))).map((drawn) => [...drawn])));
    return fc.record({
      cluster: clusterArb(),
      accounts: fc.array(fc.constantFrom<string | undefined>(undefined, ...SERVICE_ACCOUNTS), { minLength: 1, maxLength: 6 }),
      policies,
      sets: networkSetsArb(),
      serviceAccounts: serviceAccountsArb(),
    }).map(({ cluster, accounts, policies: drawn, sets, serviceAccounts }) => ({
      objects: [...withServiceAccounts(cluster.objects, accounts), ...serviceAccounts, ...tiers, ...distinctObjects(drawn), ...sets],
    }));
  });
}
