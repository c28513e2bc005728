/** verify: the intent file and exact equality, pair by pair, with extra and missing flows. */
import { strict as assert } from "assert";
import { NetpolInputError, parseIntent, verifyIntent } from "../../../netpol";
import { namespace, pod, policy } from "./helpers";

/** frontend -> backend on TCP 8080; the world -> frontend on TCP 443; everything else denied. */
function app(backendPorts: unknown[] = [{ port: 8080 }]): unknown[] {
  return [
    namespace("web"),
    namespace("api"),
    pod("web", "frontend", { labels: { app: "frontend" } }),
    pod("api", "backend", { labels: { app: "backend" } }),
    policy("web", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("api", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("web", "frontend", {
      podSelector: { matchLabels: { app: "frontend" } },
      ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443 }] }],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "api" } } }], ports: backendPorts }],
    }),
    policy("api", "backend", {
      podSelector: { matchLabels: { app: "backend" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } } }], ports: backendPorts }],
    }),
  ];
}

const INTENT = `
flows:
  - from: web/frontend
    to: api/backend
    ports: ["TCP/8080"]
  - from: 0.0.0.0/0
    to: web/frontend
    ports: ["TCP/443"]
`;

function verify(objects: unknown[], intentText: string) {
  return verifyIntent(objects, parseIntent(intentText, "intent.yaml"), "intent.yaml");
}

/** The problems `run` throws, as "source: object: reason"; fails if it throws none. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof NetpolInputError);
    return error.problems.map((p) => `${p.source}: ${p.object}: ${p.reason}`);
  }
  return assert.fail("expected NetpolInputError");
}

const lines = (diffs: readonly { from: string; to: string; connections: { format(): string } }[]) =>
  diffs.map((d) => `${d.from} => ${d.to} : ${d.connections.format()}`);

describe("netpol verify", () => {
  it("passes when the reachability equals the intent exactly", () => {
    const report = verify(app(), INTENT);
    assert.deepEqual([report.ok, lines(report.extra), lines(report.missing)], [true, [], []]);
  });

  it("lists over-permissive flows as extra", () => {
    const report = verify(app([{ port: 8080 }, { port: 9000, endPort: 9001 }]), INTENT);
    assert.deepEqual([report.ok, lines(report.extra), lines(report.missing)], [false, ["web/frontend => api/backend : TCP 9000-9001"], []]);
    assert.equal(report.extra[0].because, "egress: allowed by web/frontend; ingress: allowed by api/backend");
  });

  it("lists intended flows that are not allowed as missing", () => {
    const report = verify(app(), `${INTENT}  - from: api/backend\n    to: web/frontend\n    ports: ["UDP/53", "TCP/1-10"]\n`);
    assert.deepEqual(lines(report.missing), ["api/backend => web/frontend : TCP 1-10; UDP 53"]);
    assert.equal(report.ok, false);
  });

  it("a CIDR in the intent covers exactly the external addresses inside it", () => {
    const narrower = INTENT.replace("0.0.0.0/0", "203.0.113.0/24");
    const report = verify(app(), narrower);
    assert.deepEqual(lines(report.extra), ["0.0.0.0/0 except 203.0.113.0/24 => web/frontend : TCP 443"]);
  });

  it("ports `all` means every protocol and port", () => {
    const report = verify(app(), `${INTENT}  - from: web/frontend\n    to: api/backend\n    ports: [all]\n`);
    assert.deepEqual(lines(report.missing), ["web/frontend => api/backend : TCP 1-8079,8081-65535; UDP 1-65535; SCTP 1-65535"]);
  });

  it("rejects a malformed intent with the flow and field named", () => {
    const bad = `flows:\n  - from: web/frontend\n    to: nowhere\n    ports: ["TCP/80", "HTTP/80", "TCP/90-80"]\n`;
    assert.deepEqual(problemsOf(() => parseIntent(bad, "intent.yaml")), [
      'intent.yaml: flows[0]: to: "nowhere" is neither "namespace/name" nor a CIDR like 203.0.113.0/24 or "0.0.0.0/0 except 10.0.0.0/16"',
      'intent.yaml: flows[0]: ports: "HTTP/80" is not a port spec (expected "PROTO/port", "PROTO/first-last" (PROTO is TCP, UDP or SCTP) or "all")',
      'intent.yaml: flows[0]: ports: "TCP/90-80" is out of range (ports 1-65535, first <= last)',
    ]);
  });

  it("rejects an intent without a flows list", () => {
    assert.throws(() => parseIntent("flow: []", "i.yaml"), /i\.yaml: intent: flows: expected a list of flows, got nothing/);
  });

  it("rejects flows naming endpoints the manifests do not have", () => {
    assert.throws(() => verify(app(), `flows:\n  - from: web/frontnd\n    to: api/backend\n    ports: [all]\n`), /flows\[0\]: web\/frontnd is not an endpoint/);
  });

  it("names every unknown endpoint, either end, in flow order", () => {
    const intent = "flows:\n  - from: web/frontend\n    to: api/backnd\n    ports: [all]\n  - from: 10.0.0.0/8\n    to: api/backend\n    ports: [all]\n  - from: web/x\n    to: web/y\n    ports: [all]\n";
    assert.deepEqual(problemsOf(() => verify(app(), intent)), [
      "intent.yaml: flows[0]: api/backnd is not an endpoint of the manifests",
      "intent.yaml: flows[2]: web/x is not an endpoint of the manifests",
      "intent.yaml: flows[2]: web/y is not an endpoint of the manifests",
    ]);
  });
});
