/**
 * NetworkPolicies as the model reads them: where each problem is reported, what the API server
 * would refuse (a null peer, a bad except, ports), and the sharing of equal selectors and rule
 * lists between policies, which must never join two that differ.
 */
import { strict as assert } from "assert";
import { buildModel, engineNamed } from "../../../netpol";
import { connections, modelProblems, namespace, pod, policy } from "../core/helpers";

type K8sObject = Record<string, unknown>;

const CLUSTER = [namespace("x"), namespace("y"), pod("x", "a"), pod("x", "web", { labels: { app: "web" } }), pod("y", "a"), pod("y", "web", { labels: { app: "web" } })];

const problems = (spec: Record<string, unknown>): string[] => modelProblems([...CLUSTER, policy("x", "p", spec)]);
const ingress = (rule: Record<string, unknown>): string[] => problems({ podSelector: {}, ingress: [rule] });

describe("netpol ingest: NetworkPolicies", () => {
  it("a null peer is the empty peer, which names nothing: reported, as the API server refuses it", () => {
    assert.deepEqual(ingress({ from: [null] }), ["NetworkPolicy x/p: spec.ingress[0].from[0]: a peer needs podSelector, namespaceSelector or ipBlock"]);
    assert.deepEqual(ingress({ from: ["web"] }), ["NetworkPolicy x/p: spec.ingress[0].from[0]: expected a mapping, got \"web\""]);
  });

  it("an ipBlock with a selector in one peer is refused", () => {
    assert.deepEqual(ingress({ from: [{ ipBlock: { cidr: "10.0.0.0/8" }, namespaceSelector: {} }] }), ["NetworkPolicy x/p: spec.ingress[0].from[0]: ipBlock may not be combined with podSelector or namespaceSelector in one peer"]);
    assert.deepEqual(ingress({ from: [{ ipBlock: { cidr: "10.0.0.0/8" }, podSelector: {} }] }), ["NetworkPolicy x/p: spec.ingress[0].from[0]: ipBlock may not be combined with podSelector or namespaceSelector in one peer"]);
  });

  it("a named port allows the port of that name on the destination", () => {
    const objects = [namespace("x"), pod("x", "a", { ports: [{ name: "http", containerPort: 8080 }] }), pod("x", "b"), policy("x", "p", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ ports: [{ port: "http" }] }] })];
    assert.equal(connections(objects, "x/b", "x/a"), "TCP 8080");
  });

  it("under tiers, an egress rule's named port opens each destination's own port (both engines)", () => {
    const objects = [
      namespace("x"),
      pod("x", "a", { ports: [{ name: "http", containerPort: 8080 }] }),
      pod("x", "b", { ports: [{ name: "http", containerPort: 9090 }] }),
      pod("x", "c"),
      policy("x", "p", { podSelector: { matchLabels: { pod: "c" } }, policyTypes: ["Egress"], egress: [{ ports: [{ port: "http" }] }] }),
      { apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "BaselineAdminNetworkPolicy", metadata: { name: "default" }, spec: { subject: { namespaces: {} }, ingress: [{ action: "Allow", from: [{ namespaces: {} }] }] } },
    ];
    const model = buildModel(objects);
    const at = (id: string): number => model.endpoints.findIndex((endpoint) => endpoint.id === id);
    for (const engine of ["reference", "fast"] as const) {
      const prepared = engineNamed(engine).prepare(model);
      assert.deepEqual([prepared.connections(at("x/c"), at("x/a")).format(), prepared.connections(at("x/c"), at("x/b")).format()], ["TCP 8080", "TCP 9090"], engine);
    }
  });

  it("a null selector in a peer is an absent one", () => {
    assert.deepEqual(ingress({ from: [{ podSelector: { matchLabels: { app: "web" } }, namespaceSelector: null }] }), []);
    assert.equal(connections([...CLUSTER, policy("x", "p", { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } }, namespaceSelector: null }] }] })], "y/web", "x/a"), "none");
  });

  it("each field's problem at its path", () => {
    assert.deepEqual(modelProblems([policy("x", "p", [] as unknown as Record<string, unknown>)]), ["NetworkPolicy x/p: spec: expected a mapping, got a list"]);
    assert.deepEqual(problems({ podSelector: {}, policyTypes: "Ingress" }), ['NetworkPolicy x/p: spec.policyTypes: expected a list, got "Ingress"']);
    assert.deepEqual(problems({ podSelector: {}, policyTypes: ["Ingress", 5] }), ["NetworkPolicy x/p: spec.policyTypes[1]: unknown policy type 5 (expected Ingress or Egress)"]);
    assert.deepEqual(problems({ podSelector: {}, policyTypes: [["Egress"]] }), ["NetworkPolicy x/p: spec.policyTypes[0]: unknown policy type a list (expected Ingress or Egress)"]);
    assert.deepEqual(ingress({ ports: 80 }), ["NetworkPolicy x/p: spec.ingress[0].ports: expected a list, got 80"]);
    assert.deepEqual(ingress({ from: [{ podSelector: [] }] }), ["NetworkPolicy x/p: spec.ingress[0].from[0].podSelector: expected a mapping, got a list"]);
    assert.deepEqual(ingress({ from: [{ namespaceSelector: "all" }] }), ['NetworkPolicy x/p: spec.ingress[0].from[0].namespaceSelector: expected a mapping, got "all"']);
    assert.deepEqual(ingress({ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: "10.1.0.0/16" } }] }), ['NetworkPolicy x/p: spec.ingress[0].from[0].ipBlock.except: expected a list, got "10.1.0.0/16"']);
    assert.deepEqual(ingress({ from: [{ ipBlock: { cidr: 10 } }] }), ["NetworkPolicy x/p: spec.ingress[0].from[0].ipBlock.cidr: 10 is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/64)"]);
  });

  it("an except must be strictly inside its cidr: the cidr itself is refused; a bad cidr reports no except", () => {
    assert.deepEqual(ingress({ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.0.0.0/8"] } }] }), ["NetworkPolicy x/p: spec.ingress[0].from[0].ipBlock.except[0]: 10.0.0.0/8 must be a strict subset of cidr 10.0.0.0/8"]);
    assert.deepEqual(ingress({ from: [{ ipBlock: { cidr: "junk", except: ["10.0.0.0/8"] } }] }), ['NetworkPolicy x/p: spec.ingress[0].from[0].ipBlock.cidr: "junk" is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/64)']);
  });

  it("ports: endPort needs a numeric port; a named port takes none", () => {
    assert.deepEqual(ingress({ ports: [{ endPort: 90 }] }), ["NetworkPolicy x/p: spec.ingress[0].ports[0].endPort: may not be given without a numeric port"]);
    assert.deepEqual(ingress({ ports: [{ port: null, endPort: 90 }] }), ["NetworkPolicy x/p: spec.ingress[0].ports[0].endPort: may not be given without a numeric port"]);
    assert.deepEqual(ingress({ ports: [{ port: "http", endPort: 90 }] }), ["NetworkPolicy x/p: spec.ingress[0].ports[0].endPort: may not be given with a named port"]);
    assert.deepEqual(ingress({ ports: [{ port: 80, endPort: null }] }), []);
    assert.deepEqual(ingress({ ports: [{ port: 80, endPort: 80 }] }), []);
  });

  describe("equal parts are shared, different ones never", () => {
    const model = (...policies: K8sObject[]) => buildModel([...CLUSTER, ...policies]);
    const rules = (ports: unknown[]): Record<string, unknown> => ({ podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ podSelector: {} }], ports }] });

    it("the same selector and rules in two policies: one object each", () => {
      const { policies } = model(policy("x", "p", rules([{ port: 80 }])), policy("x", "q", rules([{ port: 80 }])));
      assert.equal(policies[0]?.target, policies[1]?.target);
      assert.equal(policies[0]?.ingress, policies[1]?.ingress);
    });

    it("rules differing only in a port number, a named port, a range or a protocol stay apart", () => {
      for (const [a, b] of [
        [[{ port: 80 }], [{ port: 443 }]],
        [[{ port: "http" }], [{ port: "metrics" }]],
        [[{ port: 80, endPort: 90 }], [{ port: 80, endPort: 91 }]],
        [[{ port: 80 }, { port: 81 }], [{ port: 80 }]],
      ]) {
        const { policies } = model(policy("x", "p", rules(a as unknown[])), policy("x", "q", rules(b as unknown[])));
        assert.notDeepEqual(policies[0]?.ingress, policies[1]?.ingress, JSON.stringify([a, b]));
      }
    });

    it("peers differing only in an ipBlock, an except, or the policy's namespace stay apart", () => {
      const from = (peer: Record<string, unknown>): Record<string, unknown> => ({ podSelector: {}, ingress: [{ from: [peer] }] });
      const pairs: [K8sObject, K8sObject][] = [
        [policy("x", "p", from({ ipBlock: { cidr: "10.0.0.0/8" } })), policy("x", "q", from({ ipBlock: { cidr: "11.0.0.0/8" } }))],
        [policy("x", "p", from({ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } })), policy("x", "q", from({ ipBlock: { cidr: "10.0.0.0/8", except: ["10.2.0.0/16"] } }))],
        [policy("x", "p", from({ podSelector: { matchLabels: { app: "web" } } })), policy("y", "p", from({ podSelector: { matchLabels: { app: "web" } } }))],
      ];
      for (const [p, q] of pairs) {
        const { policies } = model(p, q);
        assert.notDeepEqual(policies[0]?.ingress, policies[1]?.ingress);
      }
      // Each namespace's own web pod reaches its own pods only.
      const both = [...CLUSTER, ...(pairs[2] as K8sObject[])];
      assert.equal(connections(both, "x/web", "x/a"), "all");
      assert.equal(connections(both, "x/web", "y/a"), "none");
      assert.equal(connections(both, "y/web", "y/a"), "all");
    });
  });
});
