/**
 * verify's limit (`--max-differences`): the first differences in pair order, the whole input's before
 * the Kubernetes layer's, end to end before each side of the same pair; the counts always whole.
 */
import { strict as assert } from "assert";
import { ConnectionSet, parseIntent, verifyIntent } from "../../../netpol";
import { FlowDifference } from "../../../netpol/verify";
import { anp } from "../admin/cluster";
import { namespace, pod, policy } from "./helpers";

const ENGINES = ["reference", "fast"] as const;

function described(differences: readonly FlowDifference[]): string[] {
  return differences.map((d) => `${d.from} -> ${d.to} ${d.connections.format()}${d.side === undefined ? "" : ` (${d.side} side)`}${d.layer === undefined ? "" : " (kubernetes layer)"}`);
}

/**
 * shop/a and shop/b behind a default deny; a NetworkPolicy opens a -> b on TCP 80, an
 * AdminNetworkPolicy opens b -> a (so the whole input and the Kubernetes layer differ).
 */
const LAYERED = [
  namespace("shop"),
  pod("shop", "a", { labels: { app: "a" } }),
  pod("shop", "b", { labels: { app: "b" } }),
  policy("shop", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
  policy("shop", "a-to-b", {
    podSelector: {},
    policyTypes: ["Ingress", "Egress"],
    egress: [{ to: [{ podSelector: { matchLabels: { app: "b" } } }], ports: [{ port: 80 }] }],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: "a" } } }], ports: [{ port: 80 }] }],
  }),
  anp("b-to-a", 1, { namespaces: { matchLabels: { "kubernetes.io/metadata.name": "shop" } } }, {
    ingress: [{ name: "from-b", action: "Allow", from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "b" } } } }] }],
    egress: [{ name: "to-a", action: "Allow", to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "a" } } } }] }],
  }),
];

// The whole input: a -> b misses all but TCP 80, b -> a is extra. The NetworkPolicies alone: a -> b TCP 80 extra, b -> a missing.
const LAYERED_INTENT = parseIntent(
  "flows:\n  - {from: shop/a, to: shop/b, ports: [all]}\nkubernetesLayer:\n  flows:\n    - {from: shop/b, to: shop/a, ports: [all]}\n",
  "intent.yaml",
);

describe("netpol verify: a limit on the differences listed", () => {
  for (const engine of ENGINES) {
    it(`${engine}: the whole input's differences first, then the Kubernetes layer's; the counts add both`, () => {
      const all = verifyIntent(LAYERED, LAYERED_INTENT, "intent.yaml", { engine });
      assert.deepEqual([described(all.extra), described(all.missing)], [
        ["shop/b -> shop/a all", "shop/a -> shop/b TCP 80 (kubernetes layer)"],
        ["shop/a -> shop/b " + ConnectionSet.ALL.subtract(ConnectionSet.of("TCP", 80)).format(), "shop/b -> shop/a all (kubernetes layer)"],
      ]);
      assert.deepEqual([all.extraCount, all.missingCount], [2, 2]);
      // Only extra flows carry their explanation; a difference end to end names no side.
      assert.deepEqual(Object.keys(all.extra[0] as FlowDifference), ["from", "to", "connections", "because"]);
      assert.deepEqual(Object.keys(all.missing[0] as FlowDifference), ["from", "to", "connections"]);
      const cut = verifyIntent(LAYERED, LAYERED_INTENT, "intent.yaml", { engine, limit: 1 });
      assert.deepEqual([described(cut.extra), described(cut.missing)], [["shop/b -> shop/a all"], [described(all.missing)[0]]]);
      assert.deepEqual([cut.extraCount, cut.missingCount, cut.ok], [2, 2, false]);
    });

    it(`${engine}: a pair that differs end to end and on each side lists them in that order, cut anywhere`, () => {
      // web/frontend -> api/backend on TCP 8080, written on both sides; the intent declares nothing.
      const objects = [
        namespace("web"),
        namespace("api"),
        pod("web", "frontend", { labels: { app: "frontend" } }),
        pod("api", "backend", { labels: { app: "backend" } }),
        policy("web", "to-backend", { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "backend" } } }], ports: [{ port: 8080 }] }] }),
        policy("api", "from-frontend", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ port: 8080 }] }] }),
      ];
      const intent = parseIntent("eachSide: true\nflows: []\n", "intent.yaml");
      const expected = ["web/frontend -> api/backend TCP 8080", "web/frontend -> api/backend TCP 8080 (egress side)", "web/frontend -> api/backend TCP 8080 (ingress side)"];
      assert.deepEqual(described(verifyIntent(objects, intent, "intent.yaml", { engine }).extra), expected);
      for (const limit of [1, 2, 3]) {
        const cut = verifyIntent(objects, intent, "intent.yaml", { engine, limit });
        assert.deepEqual(described(cut.extra), expected.slice(0, limit), `limit ${limit}`);
        assert.equal(cut.extraCount, 3);
      }
    });
  }
});
