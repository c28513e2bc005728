/**
 * What the fast engine computes once and shares (issue 14): peer sets cached by value (the DNS
 * peer that thousands of tenants write is one set), label-index answers per selector value, rule
 * lists compiled once per shared list, rule arrays shared by classes isolated by the same
 * policies, and port lists interned by value. Each is checked by identity or by count, with the
 * answers by hand.
 */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { groupIntoClasses, prepareFast } from "../../../netpol/fast";
import { compilePolicies } from "../../../netpol/fast/compile";
import { LabelIndex } from "../../../netpol/fast/labelIndex";
import { ClassSets } from "../../../netpol/fast/selectors";
import { NetpolModel, PeerMatcher } from "../../../netpol/model";
import { namespace, pod, policy } from "../core/helpers";

const dnsPeer = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { k8s: "dns" } } };

function model(): NetpolModel {
  return buildModel([
    namespace("kube-system"), namespace("a", { team: "a" }), namespace("b", { team: "b" }),
    pod("kube-system", "dns", { labels: { k8s: "dns" } }),
    pod("a", "web", { labels: { app: "web" }, ip: "10.0.0.1" }), pod("a", "db", { labels: { app: "db" } }),
    pod("b", "web", { labels: { app: "web" } }),
    ...["a", "b"].map((ns) => policy(ns, "dns", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [dnsPeer], ports: [{ port: 53, protocol: "UDP" }] }] })),
    policy("a", "web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 53, protocol: "UDP" }] }] }),
    policy("b", "web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 80 }] }] }),
  ]);
}

const ids = (members: ArrayLike<number>, classOf: (index: number) => string): string[] => Array.from(members, classOf);

describe("netpol fast engine: computed once, shared", () => {
  it("peer sets are cached by value, across policies and namespaces", () => {
    const m = model();
    const grouping = groupIntoClasses(m);
    const sets = new ClassSets(m, grouping);
    const name = (classIndex: number): string => grouping.classes[classIndex]?.representative.id as string;
    const [dnsA, dnsB] = [m.policies.find((p) => p.id === "a/dns"), m.policies.find((p) => p.id === "b/dns")].map((p) => p?.egress?.[0]?.peers as readonly PeerMatcher[]);
    const fromA = sets.rulePeers(dnsA ?? null);
    assert.equal(sets.rulePeers(dnsB ?? null), fromA, "the same peer written in two policies is one set");
    assert.deepEqual(ids(fromA.members(), name), ["kube-system/dns"]);
    const [webA, webB] = [m.policies.find((p) => p.id === "a/web"), m.policies.find((p) => p.id === "b/web")].map((p) => p?.ingress?.[0]?.peers as readonly PeerMatcher[]);
    const unionA = sets.rulePeers(webA ?? null);
    assert.equal(sets.rulePeers(webA ?? null), unionA, "a union of peers, asked again");
    assert.deepEqual(ids(unionA.members(), name), ["a/db", "a/web", "10.0.0.0/8"]);
    const unionB = sets.rulePeers(webB ?? null);
    assert.notEqual(unionB, unionA, "own-namespace peers differ by namespace");
    assert.deepEqual(ids(unionB.members(), name), ["a/web", "b/web", "10.0.0.0/8"]);
    assert.equal(sets.peer(webA?.[1] as PeerMatcher), sets.peer(webB?.[1] as PeerMatcher), "one ipBlock set for both");
    assert.equal(sets.rulePeers(null), sets.all);
  });

  it("a label index answers each selector value once", () => {
    const index = new LabelIndex([{ app: "a" }, { app: "b" }]);
    const first = index.matching({ requirements: [{ key: "app", operator: "In", values: ["a"] }] });
    assert.equal(index.matching({ requirements: [{ key: "app", operator: "In", values: ["a"] }] }), first);
    assert.notEqual(index.matching({ requirements: [{ key: "app", operator: "In", values: ["b"] }] }), first);
  });

  it("rules compile once per shared list; classes isolated by the same policies share one rule array; port lists are interned", () => {
    const m = model();
    const grouping = groupIntoClasses(m);
    const compiled = compilePolicies(m, grouping);
    const classOf = (id: string): number => grouping.classOf[m.endpoints.findIndex((endpoint) => endpoint.id === id)] as number;
    // a/web and a/db are isolated for egress by a/dns alone; b/web by b/dns, another policy.
    const egressWeb = compiled.egress[classOf("a/web")];
    assert.ok(egressWeb !== null && egressWeb !== undefined && egressWeb.length === 1);
    assert.equal(compiled.egress[classOf("a/db")], egressWeb);
    assert.notEqual(compiled.egress[classOf("b/web")], egressWeb);
    assert.equal(compiled.egress[classOf("kube-system/dns")], null);
    assert.equal(compiled.ingress[classOf("a/db")], null);
    assert.equal(compiled.ingress[m.pods.length], null, "external atoms are never isolated");
    // The two dns policies' equal rule lists are one object after ingest: compiled once; two web rules.
    const distinctIds = new Set(compiled.rules.map((rule) => rule.id));
    assert.equal(distinctIds.size, compiled.rules.length, "rule ids are unique");
    assert.equal(compiled.rules.length, 3);
    assert.deepEqual([...compiled.rules.map((rule) => rule.id)].sort(), [...Array(compiled.rules.length).keys()]);
    // UDP 53 is written three times, TCP 80 once.
    assert.equal(compiled.portLists.length, 2);
    const udp = compiled.rules.filter((rule) => rule.portList === 0);
    assert.ok(udp.length === 2 && udp.every((rule) => rule.ports?.[0]?.kind === "range" && rule.ports[0].protocol === "UDP"));
    assert.equal(compiled.rules.filter((rule) => rule.portList === 1).length, 1);
    assert.deepEqual([...compiled.namedPorts.keys()].sort(), ["dns/UDP/53", "http/TCP/80"]);
    assert.equal(compiled.namedPorts.get("http/TCP/80")?.length, grouping.podClassCount);
  });

  it("connections are computed once per class pair: pods of the same classes get the very same set", () => {
    const m = buildModel([
      namespace("x"), pod("x", "a1", { labels: { app: "a" } }), pod("x", "a2", { labels: { app: "a" } }), pod("x", "b1", { labels: { app: "b" } }), pod("x", "b2", { labels: { app: "b" } }),
      policy("x", "b-in", { podSelector: { matchLabels: { app: "b" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "a" } } }], ports: [{ port: 80 }] }] }),
    ]);
    const at = (id: string): number => m.endpoints.findIndex((endpoint) => endpoint.id === id);
    const fast = prepareFast(m);
    const first = fast.connections(at("x/a1"), at("x/b1"));
    assert.equal(first.format(), "TCP 80");
    assert.equal(fast.connections(at("x/a2"), at("x/b2")), first);
    assert.equal(fast.connections(at("x/a1"), at("x/b1")), first);
  });
});
