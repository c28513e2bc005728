/**
 * AdminNetworkPolicy, NetworkPolicy and BaselineAdminNetworkPolicy on random configurations over
 * the conformance cluster, against an oracle written here straight from the API types' text
 * (network-policy-api v0.1.7 apis/v1alpha1): ANPs by priority (then name), rules in order, the
 * first match decides Allow or Deny; Pass, or no ANP match, hands over to the NetworkPolicies that
 * select the pod (allowed iff one of their rules allows); a pod no NetworkPolicy selects meets the
 * BANP's first matching rule; anything left is allowed. The analyzer answers through Calico's tier
 * walk instead, both per probe (explain) and per connection set (connectionsBetween), and the
 * engine `--engine fast` chooses for such a model answers too: all must agree on every pair and probe.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { parseCidr } from "../../../netpol/addresses";
import { buildModel, engineFor, explain } from "../../../netpol";
import { Endpoint, PodEndpoint } from "../../../netpol/model";
import { connectionsBetween } from "../../../netpol/reference";
import { anp, banp, conformanceCluster, HOUSES, House, namespaceOf, networkPolicy } from "./cluster";
import { propertyRuns } from "../../depth";

const SEED = Number(process.env.NETPOL_DIFFERENTIAL_SEED ?? 20261130);
const RUNS = propertyRuns("NETPOL_ADMIN_DIFFERENTIAL_RUNS", { quick: 50, deep: 300 });
const HOUSE_NAMES = Object.keys(HOUSES) as House[];
const PROBES = [
  { port: 80, protocol: "TCP" }, { port: 8080, protocol: "TCP" }, { port: 53, protocol: "UDP" }, { port: 5353, protocol: "UDP" }, { port: 9003, protocol: "SCTP" },
] as const;
const NETWORKS = ["0.0.0.0/0", "10.1.0.0/16", "10.1.1.0/24", "10.1.3.0/24", "10.1.2.1/32", "192.0.2.0/24"];

type Action = "Allow" | "Deny" | "Pass";
type Peer = { namespaces: string | null } | { pods: [string | null, string | null] } | { networks: string[] };
type Port = { number: [number, string] } | { range: [number, number] };
interface RuleSpec { action: Action; peers: Peer[]; ports: Port[] | null }
interface AnpSpec { name: string; priority: number; subject: Peer; ingress: RuleSpec[]; egress: RuleSpec[] }
interface Config { anps: AnpSpec[]; baseline: AnpSpec | null; nps: { house: House; kind: "deny-ingress" | "allow-from" | "deny-egress"; from: House }[] }

const houseArb = fc.constantFrom(...HOUSE_NAMES);
const selectorArb = fc.option(houseArb, { nil: null });
const podPeerArb = fc.oneof(selectorArb.map((h): Peer => ({ namespaces: h })), fc.tuple(selectorArb, selectorArb).map((t): Peer => ({ pods: t })));
const egressPeerArb = fc.oneof(podPeerArb, fc.subarray(NETWORKS, { minLength: 1, maxLength: 2 }).map((n): Peer => ({ networks: n })));
const portArb = fc.oneof(
  fc.constantFrom<[number, string]>([80, "TCP"], [53, "UDP"], [9003, "SCTP"], [8080, "TCP"]).map((n): Port => ({ number: n })),
  fc.constantFrom<[number, number]>([8000, 8090], [1, 100], [5000, 6000]).map((r): Port => ({ range: r })),
);
const ruleArb = (actions: Action[], peer: fc.Arbitrary<Peer>) =>
  fc.record({ action: fc.constantFrom(...actions), peers: fc.array(peer, { minLength: 1, maxLength: 2 }), ports: fc.option(fc.array(portArb, { minLength: 1, maxLength: 2 }), { nil: null }) });
const policyArb = (actions: Action[]) =>
  fc.record({
    name: fc.constantFrom("a", "b", "c", "d"),
    priority: fc.integer({ min: 0, max: 3 }),
    subject: podPeerArb,
    ingress: fc.array(ruleArb(actions, podPeerArb), { maxLength: 3 }),
    egress: fc.array(ruleArb(actions, egressPeerArb), { maxLength: 3 }),
  });
const configArb: fc.Arbitrary<Config> = fc.record({
  anps: fc.uniqueArray(policyArb(["Allow", "Deny", "Pass"]), { maxLength: 3, selector: (p) => p.name }),
  baseline: fc.option(policyArb(["Allow", "Deny"]), { nil: null }),
  nps: fc.uniqueArray(fc.record({ house: houseArb, kind: fc.constantFrom("deny-ingress", "allow-from", "deny-egress") as fc.Arbitrary<"deny-ingress" | "allow-from" | "deny-egress">, from: houseArb }), { maxLength: 3, selector: (n) => `${n.house}/${n.kind}` }),
});

// ---- the configuration as objects --------------------------------------------------------------

const labelSelector = (house: string | null) => (house === null ? {} : { matchLabels: { "conformance-house": house } });
function peerObject(peer: Peer): Record<string, unknown> {
  if ("namespaces" in peer) return { namespaces: labelSelector(peer.namespaces) };
  if ("pods" in peer) return { pods: { namespaceSelector: labelSelector(peer.pods[0]), podSelector: labelSelector(peer.pods[1]) } };
  return { networks: peer.networks };
}
const portObject = (port: Port) => ("number" in port ? { portNumber: { port: port.number[0], protocol: port.number[1] } } : { portRange: { start: port.range[0], end: port.range[1] } });
const rulesObject = (rules: RuleSpec[], field: "from" | "to") =>
  rules.map((rule, i) => ({ name: `r${i}`, action: rule.action, [field]: rule.peers.map(peerObject), ...(rule.ports === null ? {} : { ports: rule.ports.map(portObject) }) }));
const gress = (p: AnpSpec) => ({
  ...(p.ingress.length === 0 ? {} : { ingress: rulesObject(p.ingress, "from") }),
  ...(p.egress.length === 0 ? {} : { egress: rulesObject(p.egress, "to") }),
});

function objects(config: Config): object[] {
  const nps = config.nps.map(({ house, kind, from }) =>
    networkPolicy(namespaceOf(house), kind, kind === "deny-egress" ? { podSelector: {}, policyTypes: ["Egress"] }
      : kind === "deny-ingress" ? { podSelector: {}, policyTypes: ["Ingress"] }
      : { podSelector: {}, ingress: [{ from: [{ namespaceSelector: labelSelector(from) }], ports: [{ port: 80 }] }] }),
  );
  return [
    ...conformanceCluster(),
    ...config.anps.map((p) => anp(p.name, p.priority, peerObject(p.subject), gress(p))),
    ...(config.baseline === null ? [] : [banp(peerObject(config.baseline.subject), gress(config.baseline))]),
    ...nps,
  ];
}

// ---- the oracle --------------------------------------------------------------------------------

const houseOf = (pod: PodEndpoint): string => pod.namespace.replace("network-policy-conformance-", "");

function inNetwork(endpoint: Endpoint, text: string): boolean {
  const cidr = parseCidr(text) as NonNullable<ReturnType<typeof parseCidr>>;
  if (endpoint.kind === "external") return cidr.family === endpoint.block.family && cidr.first <= endpoint.block.first && endpoint.block.last <= cidr.last;
  return endpoint.ips.some((ip) => ip.family === cidr.family && cidr.first <= ip.value && ip.value <= cidr.last);
}

function peerHolds(peer: Peer, endpoint: Endpoint): boolean {
  if ("networks" in peer) return peer.networks.some((n) => inNetwork(endpoint, n));
  if (endpoint.kind !== "pod") return false;
  const house = houseOf(endpoint); // every pod's label and its namespace's label are its house
  if ("namespaces" in peer) return peer.namespaces === null || peer.namespaces === house;
  return peer.pods.every((h) => h === null || h === house);
}

function portHolds(ports: Port[] | null, probe: (typeof PROBES)[number]): boolean {
  if (ports === null) return true;
  return ports.some((port) => ("number" in port ? port.number[0] === probe.port && port.number[1] === probe.protocol : probe.protocol === "TCP" && port.range[0] <= probe.port && probe.port <= port.range[1]));
}

function firstMatch(rules: RuleSpec[], peer: Endpoint, probe: (typeof PROBES)[number]): RuleSpec | undefined {
  return rules.find((rule) => rule.peers.some((p) => peerHolds(p, peer)) && portHolds(rule.ports, probe));
}

function oracleSide(config: Config, direction: "ingress" | "egress", subject: Endpoint, peer: Endpoint, probe: (typeof PROBES)[number]): boolean {
  if (subject.kind !== "pod") return true;
  const anps = config.anps.filter((p) => peerHolds(p.subject, subject)).sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : 1));
  for (const p of anps) {
    const rule = firstMatch(p[direction], peer, probe);
    if (rule === undefined) continue;
    if (rule.action === "Pass") break;
    return rule.action === "Allow";
  }
  const house = houseOf(subject);
  const nps = config.nps.filter((np) => np.house === house && (direction === "egress" ? np.kind === "deny-egress" : np.kind !== "deny-egress"));
  if (nps.length > 0) return nps.some((np) => np.kind === "allow-from" && peer.kind === "pod" && houseOf(peer) === np.from && probe.protocol === "TCP" && probe.port === 80);
  if (config.baseline !== null && peerHolds(config.baseline.subject, subject)) {
    const rule = firstMatch(config.baseline[direction], peer, probe);
    if (rule !== undefined) return rule.action === "Allow";
  }
  return true;
}

describe("admin network policies: random ANP + NetworkPolicy + BANP against an oracle of the API text (differential)", function () {
  this.timeout(300_000);

  it(`${RUNS.toLocaleString("en-US")} random configurations, every pair and probe, per probe and per connection set`, () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const model = buildModel(objects(config));
        const fast = engineFor("fast", model).engine.prepare(model);
        model.endpoints.forEach((from, i) => {
          model.endpoints.forEach((to, j) => {
            if ((from.kind === "external" && to.kind === "external") || from === to) return; // a Pod to itself is never blocked
            const set = connectionsBetween(model, from, to);
            assert.ok(fast.connections(i, j).equals(set), `fast engine ${from.id} -> ${to.id}: ${fast.connections(i, j).format()}, reference ${set.format()}`);
            for (const probe of PROBES) {
              const expected = oracleSide(config, "egress", from, to, probe) && oracleSide(config, "ingress", to, from, probe);
              const where = `${from.id} -> ${to.id} ${probe.port}/${probe.protocol}`;
              assert.equal(explain(model, from, to, probe).allowed, expected, `explain ${where}`);
              assert.equal(set.contains(probe.port, probe.protocol), expected, `connections ${where}`);
              assert.equal(fast.allows(i, j, probe), expected, `fast engine ${where}`);
            }
          });
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
