/**
 * netpol diff compares only the rows and columns a change can reach (netpol/diff/dirty.ts): a
 * change touching a few pods must cost a few rows and columns, not pods² pairs. These pin the
 * exact rows (sources) and columns (destinations) for each kind of change; the property test
 * (property.test.ts) checks that nothing a change reaches is left out.
 */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { dirtyEndpoints } from "../../../netpol/diff/dirty";
import { namespace, pod, policy } from "../core/helpers";

type K8sObject = Record<string, unknown>;

const CALICO = "projectcalico.org/v3";
const NAME = "kubernetes.io/metadata.name";

/** Namespaces x and y (label ns), pods a and b in each (label pod), every pod on service account "default". */
function cluster(): K8sObject[] {
  return [namespace("x", { ns: "x" }), namespace("y", { ns: "y" }), pod("x", "a"), pod("x", "b"), pod("y", "a"), pod("y", "b")];
}

/** The dirty rows and columns, as sorted lists. */
function dirty(base: readonly unknown[], head: readonly unknown[]): { sources: string[]; destinations: string[] } {
  const { sources, destinations } = dirtyEndpoints(buildModel(base), buildModel(head));
  return { sources: [...sources].sort(), destinations: [...destinations].sort() };
}

const NONE = { sources: [], destinations: [] };
const both = (...ids: string[]) => ({ sources: ids, destinations: ids });
const named = (name: string) => (object: K8sObject): boolean => (object["metadata"] as { name: string }).name === name;
const without = (objects: readonly K8sObject[], name: string): K8sObject[] => objects.filter((object) => !named(name)(object));
/** Each object of by's kind, name and namespace replaced by it. */
const replaced = (objects: readonly K8sObject[], name: string, by: K8sObject): K8sObject[] => {
  const namespaceOf = (object: K8sObject): unknown => (object["metadata"] as { namespace?: string }).namespace;
  return objects.map((object) => (named(name)(object) && object["kind"] === by["kind"] && namespaceOf(object) === namespaceOf(by) ? by : object));
};

const egressOnly = (selector: Record<string, string>, ports: readonly number[]): K8sObject =>
  policy("x", "out", { podSelector: { matchLabels: selector }, policyTypes: ["Egress"], egress: [{ ports: ports.map((port) => ({ port })) }] });
const ingressOnly = (selector: Record<string, string>, ports: readonly number[]): K8sObject =>
  policy("x", "in", { podSelector: { matchLabels: selector }, policyTypes: ["Ingress"], ingress: [{ ports: ports.map((port) => ({ port })) }] });

describe("netpol diff: the rows and columns a change reaches", () => {
  describe("pods", () => {
    it("nothing changed: nothing to compare", () => {
      assert.deepEqual(dirty(cluster(), cluster()), NONE);
    });

    it("a pod relabelled, added or removed: its row and its column only", () => {
      assert.deepEqual(dirty(cluster(), replaced(cluster(), "a", pod("y", "a", { labels: { pod: "a", new: "1" } }))), both("y/a"));
      assert.deepEqual(dirty(cluster(), [...cluster(), pod("y", "c")]), both("y/c"));
      assert.deepEqual(dirty([...cluster(), pod("y", "c")], cluster()), both("y/c"));
    });

    it("a pod's IP changed (ipBlocks match it by address)", () => {
      const withIp = (ip: string): K8sObject[] => [...without(cluster(), "b"), pod("x", "b", { ip }), pod("y", "b")];
      assert.deepEqual(dirty(withIp("10.0.0.1"), withIp("10.0.0.2")), both("x/b"));
      assert.deepEqual(dirty(withIp("10.0.0.1"), withIp("10.0.0.1")), NONE);
    });

    it("a pod's service account changed (Calico selects by it); naming the default one changes nothing", () => {
      const onAccount = (account?: string): K8sObject[] => {
        const a = pod("x", "a") as { spec: Record<string, unknown> };
        return replaced(cluster(), "a", { ...a, spec: { ...a.spec, ...(account === undefined ? {} : { serviceAccountName: account }) } });
      };
      assert.deepEqual(dirty(onAccount("reader"), onAccount("writer")), both("x/a"));
      assert.deepEqual(dirty(onAccount(), onAccount("default")), NONE);
    });

    it("a namespace relabelled: the pods in it (their namespace labels changed)", () => {
      const head = replaced(cluster(), "y", namespace("y", { ns: "y", team: "t" }));
      assert.deepEqual(dirty(cluster(), head), both("y/a", "y/b"));
    });
  });

  describe("NetworkPolicies", () => {
    it("an egress policy edited: the rows of the pods it selects, in its namespace only; no column", () => {
      const base = [...cluster(), egressOnly({ pod: "a" }, [80])];
      assert.deepEqual(dirty(base, replaced(base, "out", egressOnly({ pod: "a" }, [443]))), { sources: ["x/a"], destinations: [] });
    });

    it("an ingress policy edited: the columns of the pods it selects; no row", () => {
      const base = [...cluster(), ingressOnly({ pod: "b" }, [80])];
      assert.deepEqual(dirty(base, replaced(base, "in", ingressOnly({ pod: "b" }, [443]))), { sources: [], destinations: ["x/b"] });
    });

    it("a policy added or removed: the pods it selects, per direction", () => {
      assert.deepEqual(dirty(cluster(), [...cluster(), egressOnly({ pod: "a" }, [80])]), { sources: ["x/a"], destinations: [] });
      assert.deepEqual(dirty([...cluster(), ingressOnly({ pod: "a" }, [80])], cluster()), { sources: [], destinations: ["x/a"] });
    });

    it("a policy whose selector changed: the pods of either version", () => {
      const base = [...cluster(), egressOnly({ pod: "a" }, [80])];
      assert.deepEqual(dirty(base, replaced(base, "out", egressOnly({ pod: "b" }, [80]))), { sources: ["x/a", "x/b"], destinations: [] });
    });

    it("a policy in a namespace without pods: nothing", () => {
      const empty = [...cluster(), namespace("z")];
      assert.deepEqual(dirty(empty, [...empty, policy("z", "deny", { podSelector: {} })]), NONE);
    });

    it("the same policy written differently (host bits in a CIDR): nothing", () => {
      const out = (cidr: string): K8sObject => policy("x", "out", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr } }] }] });
      assert.deepEqual(dirty([...cluster(), out("10.0.0.0/8")], [...cluster(), out("10.0.0.1/8")]), NONE);
      assert.deepEqual(dirty([...cluster(), out("10.0.0.0/8")], [...cluster(), out("10.0.0.0/16")]), { sources: ["x/a", "x/b"], destinations: [] });
    });
  });

  describe("Calico tiers and policies", () => {
    const tier = (order: number, defaultAction = "Deny"): K8sObject => ({ apiVersion: CALICO, kind: "Tier", metadata: { name: "security" }, spec: { order, defaultAction } });
    const gnp = (name: string, spec: Record<string, unknown>): K8sObject => ({ apiVersion: CALICO, kind: "GlobalNetworkPolicy", metadata: { name: `security.${name}` }, spec: { tier: "security", ...spec } });
    const guard = (port: number, selector = "pod == 'a'"): K8sObject => gnp("guard", { selector, types: ["Egress"], egress: [{ action: "Allow", protocol: "TCP", destination: { ports: [port] } }] });
    const guardIn = (port: number): K8sObject => gnp("guard-in", { selector: "pod == 'b'", types: ["Ingress"], ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: [port] } }] });
    const tiered = (...extra: K8sObject[]): K8sObject[] => [...cluster(), tier(100), guard(80), ...extra];

    it("nothing changed under tiers: nothing", () => {
      assert.deepEqual(dirty(tiered(), tiered()), NONE);
    });

    it("a Calico egress policy edited: the rows of the pods it applies to, in every namespace", () => {
      assert.deepEqual(dirty(tiered(), replaced(tiered(), "security.guard", guard(443))), { sources: ["x/a", "y/a"], destinations: [] });
    });

    it("a Calico ingress policy added: the columns of the pods it applies to", () => {
      assert.deepEqual(dirty(tiered(), tiered(guardIn(80))), { sources: [], destinations: ["x/b", "y/b"] });
    });

    it("a Calico policy removed, or applying elsewhere: the pods of either version", () => {
      assert.deepEqual(dirty(tiered(guardIn(80)), tiered()), { sources: [], destinations: ["x/b", "y/b"] });
      assert.deepEqual(dirty(tiered(), replaced(tiered(), "security.guard", guard(80, "pod == 'b'"))), { sources: ["x/a", "x/b", "y/a", "y/b"], destinations: [] });
    });

    it("a NetworkPolicy edited under tiers: its own pods only", () => {
      const base = tiered(egressOnly({ pod: "b" }, [80]));
      assert.deepEqual(dirty(base, replaced(base, "out", egressOnly({ pod: "b" }, [443]))), { sources: ["x/b"], destinations: [] });
    });

    const ALL = ["x/a", "x/b", "y/a", "y/b"];

    it("the tiers' frame changed (order, default action, tiers on one side only): every pod", () => {
      assert.deepEqual(dirty(tiered(), [...cluster(), tier(200), guard(80)]), both(...ALL));
      assert.deepEqual(dirty(tiered(), [...cluster(), tier(100, "Pass"), guard(80)]), both(...ALL));
      assert.deepEqual(dirty(cluster(), tiered()), both(...ALL));
      assert.deepEqual(dirty(tiered(), cluster()), both(...ALL));
    });

    it("a network set changed, or the labels of its namespace: every pod; another namespace's labels: its pods", () => {
      const set = (net: string): K8sObject => ({ apiVersion: CALICO, kind: "NetworkSet", metadata: { name: "partners", namespace: "y", labels: { kind: "partner" } }, spec: { nets: [net] } });
      assert.deepEqual(dirty(tiered(set("203.0.113.0/24")), tiered(set("198.51.100.0/24"))), both(...ALL));
      const relabel = (objects: K8sObject[], ns: string): K8sObject[] => replaced(objects, ns, namespace(ns, { ns, team: "t" }));
      assert.deepEqual(dirty(tiered(set("203.0.113.0/24")), relabel(tiered(set("203.0.113.0/24")), "y")), both(...ALL));
      assert.deepEqual(dirty(tiered(set("203.0.113.0/24")), relabel(tiered(set("203.0.113.0/24")), "x")), both("x/a", "x/b"));
    });

    it("a global network set changed: every pod", () => {
      const set = (net: string): K8sObject => ({ apiVersion: CALICO, kind: "GlobalNetworkSet", metadata: { name: "partners", labels: { kind: "partner" } }, spec: { nets: [net] } });
      assert.deepEqual(dirty(tiered(set("203.0.113.0/24")), tiered(set("198.51.100.0/24"))), both(...ALL));
    });

    it("a service account's labels changed: every pod", () => {
      const account = (team: string): K8sObject => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "reader", namespace: "x", labels: { team } } });
      assert.deepEqual(dirty(tiered(account("a")), tiered(account("b"))), both(...ALL));
      assert.deepEqual(dirty(tiered(account("a")), tiered(account("a"))), NONE);
    });

    it("an admin network policy edited: the pods it applies to", () => {
      const anp = (port: number): K8sObject => ({
        apiVersion: "policy.networking.k8s.io/v1alpha1",
        kind: "AdminNetworkPolicy",
        metadata: { name: "x-in" },
        spec: { priority: 10, subject: { namespaces: { matchLabels: { [NAME]: "x" } } }, ingress: [{ action: "Deny", from: [{ namespaces: {} }], ports: [{ portNumber: { port, protocol: "TCP" } }] }] },
      });
      assert.deepEqual(dirty([...cluster(), anp(80)], [...cluster(), anp(443)]), { sources: [], destinations: ["x/a", "x/b"] });
    });
  });
});
