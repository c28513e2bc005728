/**
 * verify with eachSide: defense in depth. Each isolated side alone (the source's egress
 * policies, the destination's ingress policies) must allow exactly the intent, so a policy
 * weakened on one side fails verify while the other side still blocks the connection.
 */
import { strict as assert } from "assert";
import { parseIntent, verifyIntent } from "../../../netpol";
import { namespace, pod, policy } from "./helpers";

const PIN = (ns: string) => ({ "kubernetes.io/metadata.name": ns });

/** web/frontend -> api/backend on TCP 8080, written on both sides; a stranger in each namespace. */
function app(frontendEgressSelector: Record<string, unknown> = { matchLabels: { app: "frontend" } }): unknown[] {
  return [
    namespace("web"),
    namespace("api"),
    pod("web", "frontend", { labels: { app: "frontend" } }),
    pod("web", "stranger", { labels: { app: "stranger" } }),
    pod("api", "backend", { labels: { app: "backend" } }),
    policy("web", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("api", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("web", "to-backend", {
      podSelector: frontendEgressSelector,
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: { matchLabels: PIN("api") }, podSelector: { matchLabels: { app: "backend" } } }], ports: [{ port: 8080 }] }],
    }),
    policy("api", "from-frontend", {
      podSelector: { matchLabels: { app: "backend" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: PIN("web") }, podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ port: 8080 }] }],
    }),
  ];
}

const FLOWS = "flows:\n  - from: web/frontend\n    to: api/backend\n    ports: [TCP/8080]\n";

describe("netpol verify, each side alone (eachSide)", () => {
  it("passes when both sides allow exactly the intent", () => {
    assert.ok(verifyIntent(app(), parseIntent(`eachSide: true\n${FLOWS}`, "i"), "i").ok);
  });

  it("an egress policy that selects every pod of its namespace passes end to end, and fails each side", () => {
    const loosened = app({});
    assert.ok(verifyIntent(loosened, parseIntent(FLOWS, "i"), "i").ok, "end to end, the backend's ingress still blocks the stranger");
    const report = verifyIntent(loosened, parseIntent(`eachSide: true\n${FLOWS}`, "i"), "i");
    assert.deepEqual(
      report.extra.map((d) => [d.from, d.to, d.side, d.connections.format(), d.because]),
      [["web/stranger", "api/backend", "egress", "TCP 8080", "the egress side alone: egress: allowed by web/to-backend"]],
    );
    assert.deepEqual(report.missing, []);
  });

  it("the command line's option overrides the intent file, both ways", () => {
    const loosened = app({});
    assert.equal(verifyIntent(loosened, parseIntent(FLOWS, "i"), "i", { eachSide: true }).ok, false);
    assert.equal(verifyIntent(loosened, parseIntent(`eachSide: true\n${FLOWS}`, "i"), "i", { eachSide: false }).ok, true);
  });

  it("a side that is missing its allowance shows as missing on that side", () => {
    const objects = app().filter((o) => (o as { metadata: { name: string } }).metadata.name !== "to-backend");
    const report = verifyIntent(objects, parseIntent(`eachSide: true\n${FLOWS}`, "i"), "i", { engine: "fast" });
    assert.deepEqual(report.missing.map((d) => `${d.from} -> ${d.to} ${d.side ?? "end to end"}`), [
      "web/frontend -> api/backend end to end",
      "web/frontend -> api/backend egress",
    ]);
  });

  it("sides that no policy isolates are not compared alone (they restrict nothing)", () => {
    const open = [namespace("web"), pod("web", "a", { labels: { app: "a" } }), pod("web", "b", { labels: { app: "b" } })];
    const intent = "eachSide: true\nflows:\n  - {from: web/a, to: web/b, ports: [all]}\n  - {from: web/b, to: web/a, ports: [all]}\n" +
      "  - {from: 0.0.0.0/0, to: web/a, ports: [all]}\n  - {from: 0.0.0.0/0, to: web/b, ports: [all]}\n" +
      "  - {from: web/a, to: 0.0.0.0/0, ports: [all]}\n  - {from: web/b, to: 0.0.0.0/0, ports: [all]}\n";
    assert.ok(verifyIntent(open, parseIntent(intent, "i"), "i").ok);
  });
});
