// Calico's projectcalico.org/v3 tiers and policies, evaluated by the reference engine (and the fast one: see the end). Cases from
// Calico's documentation (v3.31): "Get started with policy tiers" (tiers by order, Pass, the
// tier's default action), "Enable a default deny policy" (the global default deny with a DNS
// allow), "Calico automatic labels" (projectcalico.org/name, projectcalico.org/namespace) and
// "Selectors" (the selector language).
import { strict as assert } from "assert";
import { parseCalicoSelector, SelectorSyntaxError, selectorHolds } from "../../../netpol/calico/selector";
import { buildModel, engineFor, engineNamed, explain, fastEngineLimit, formatVerdict, NetpolInputError, parseIntent, probeReport, verifyIntent } from "../../../netpol";

const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
const pod = (namespace: string, name: string, labels: Record<string, string>, ip?: string) => ({
  apiVersion: "v1", kind: "Pod", metadata: { namespace, name, labels },
  spec: { containers: [{ name: "c", image: "i", ports: [{ name: "http", containerPort: 8080 }] }] },
  ...(ip === undefined ? {} : { status: { podIP: ip } }),
});
const tier = (name: string, order: number, defaultAction?: string) => ({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name }, spec: { order, ...(defaultAction ? { defaultAction } : {}) } });
const gnp = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });
const k8sDenyAll = (namespace: string) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { namespace, name: "deny-all" }, spec: { podSelector: {}, policyTypes: ["Ingress"] } });
const k8sAllowAll = (namespace: string) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { namespace, name: "allow-all" }, spec: { podSelector: {}, ingress: [{}] } });

const BASE = [ns("a"), ns("b"), pod("a", "client", { app: "client" }), pod("b", "web", { app: "web" })];
const allowed = (objects: unknown[], port = 8080): boolean =>
  probeReport(objects, [{ port, protocol: "TCP" }]).results.find((r) => r.from === "a/client" && r.to === "b/web")?.allowed ?? false;
const verdict = (objects: unknown[], port = 8080): string => {
  const model = buildModel(objects);
  const [from, to] = ["a/client", "b/web"].map((id) => model.endpoints.find((e) => e.id === id)!);
  return formatVerdict(explain(model, from, to, { port, protocol: "TCP" }));
};

describe("calico: the selector language", () => {
  const labels = { app: "web", tier: "frontend", "projectcalico.org/namespace": "shop" };
  const cases: [string, boolean][] = [
    ["", true], ["all()", true], ["global()", false],
    ['app == "web"', true], ["app == 'db'", false], ['app != "db"', true], ['missing != "x"', true],
    ['app in {"web", "db"}', true], ['app not in {"web"}', false], ['missing not in {"x"}', true], ["app in {}", false],
    ["has(tier)", true], ["!has(tier)", false], ['app contains "e"', true], ['app starts with "w"', true], ['app ends with "b"', true],
    ['missing contains ""', false], ['app == "web" && tier == "backend"', false], ['app == "db" || tier == "frontend"', true],
    ['!(app == "web" && has(tier))', false], ['app == "db" || tier == "frontend" && has(nothing)', false],
    ['projectcalico.org/namespace == "shop"', true],
    ['app != "web"', false], ['app starts with "x"', false], ['app ends with "x"', false],
    ['missing starts with ""', false], ['missing ends with ""', false], ['app not in {}', true],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} is ${expected}`, () => assert.equal(selectorHolds(parseCalicoSelector(text).node, { labels }), expected));
  }

  it("rejects invalid selectors, naming the position and what was expected", () => {
    assert.throws(() => parseCalicoSelector('app == web'), /at position 8: expected a quoted string, found "web"/);
    assert.throws(() => parseCalicoSelector("has(app"), /at position 8: expected "\)", found the end/);
    assert.throws(() => parseCalicoSelector('app = "x"'), /at position 5: expected an operator/);
    assert.throws(() => parseCalicoSelector('a == "x" b == "y"'), /at position 10: expected &&, \|\| or the end/);
    assert.throws(() => parseCalicoSelector('app == "web'), /at position 12: expected a closing ", found the end/);
    assert.throws(() => parseCalicoSelector('== "x"'), /at position 1: expected a label key, all\(\), global\(\), has\(\.\.\.\), ! or \(, found "== \\"x\\""/);
    // Word operators end at a non-key character: `inx` is not `in`.
    assert.throws(() => parseCalicoSelector('app inx {"a"}'), /at position 5: expected an operator/);
    assert.throws(() => parseCalicoSelector("("), (error: unknown) => error instanceof SelectorSyntaxError && String(error).startsWith("SelectorSyntaxError: invalid selector"));
  });

  it("global() holds for non-namespaced things only (GlobalNetworkSets)", () => {
    const { node } = parseCalicoSelector("global()");
    assert.deepEqual([selectorHolds(node, { labels, global: true }), selectorHolds(node, { labels, global: false }), selectorHolds(node, { labels })], [true, false, false]);
  });

  it("an empty set parses to no values", () => {
    assert.deepEqual(parseCalicoSelector("app in {}").node, { op: "in", key: "app", values: [] });
  });
});

describe("calico: tiers, order and actions (Calico docs v3.31, policy tiers)", () => {
  it("a Deny in an earlier tier wins over a Kubernetes NetworkPolicy's allow (default tier, order 1000)", () => {
    const objects = [...BASE, k8sAllowAll("b"), tier("security", 100), gnp("security.deny-web", { tier: "security", selector: 'app == "web"', ingress: [{ action: "Deny" }] })];
    assert.equal(allowed(objects), false);
    assert.match(verdict(objects), /ingress: denied by tier security: GlobalNetworkPolicy security.deny-web rule 0 \(Deny\)/);
  });

  it("Pass hands the decision to the next tier; the Kubernetes deny-all there then denies by the default tier's end", () => {
    const objects = [...BASE, k8sDenyAll("b"), tier("security", 100), gnp("security.pass", { tier: "security", selector: "all()", ingress: [{ action: "Pass" }] })];
    assert.equal(allowed(objects), false);
    assert.match(verdict(objects), /ingress: denied by tier default's default action \(no rule of b\/deny-all matched\)/);
  });

  it("a tier whose policies select the endpoint but match nothing applies its default action: Deny unless Pass", () => {
    const selectOnly = gnp("security.select", { tier: "security", selector: 'app == "web"', ingress: [{ action: "Allow", source: { selector: 'app == "nobody"' } }] });
    assert.equal(allowed([...BASE, tier("security", 100), selectOnly]), false);
    assert.equal(allowed([...BASE, tier("security", 100, "Pass"), selectOnly]), true);
  });

  it("an endpoint no policy in any tier selects is allowed (the namespace profile)", () => {
    assert.equal(allowed([...BASE, tier("security", 100), gnp("security.other", { tier: "security", selector: 'app == "other"', ingress: [{ action: "Deny" }] })]), true);
  });

  it("inside a tier, policies by order then name: the first matching rule decides; Log goes on", () => {
    const deny = gnp("b-deny", { order: 20, selector: "all()", ingress: [{ action: "Deny" }] });
    const allow = gnp("a-allow", { order: 10, selector: "all()", ingress: [{ action: "Log" }, { action: "Allow", protocol: "TCP", destination: { ports: ["8000:8090"] } }] });
    assert.equal(allowed([...BASE, deny, allow]), true);
    assert.equal(allowed([...BASE, deny, allow], 9000), false);
    assert.equal(allowed([...BASE, deny, { ...allow, spec: { ...allow.spec, order: 30 } }]), false);
  });

  it("tiers by order (the default tier last of these): a later tier's Allow cannot undo an earlier Deny", () => {
    const objects = [...BASE, tier("late", 2_000_000), tier("early", 50),
      gnp("late.allow", { tier: "late", selector: "all()", ingress: [{ action: "Allow" }] }),
      gnp("early.deny", { tier: "early", selector: "all()", ingress: [{ action: "Deny", source: { namespaceSelector: 'projectcalico.org/name == "a"' } }] })];
    assert.equal(allowed(objects), false);
  });

  it("the global default deny with a DNS allow (docs 'Enable a default deny policy'): closed except what is allowed", () => {
    const dns = [ns("kube-system"), pod("kube-system", "coredns", { "k8s-app": "kube-dns" })];
    const deny = gnp("default-deny", {
      namespaceSelector: 'kubernetes.io/metadata.name not in {"kube-system"}', types: ["Ingress", "Egress"],
      egress: [{ action: "Allow", protocol: "UDP", destination: { selector: 'k8s-app == "kube-dns"', ports: [53] } }],
    });
    const results = probeReport([...BASE, ...dns, deny], [{ port: 53, protocol: "UDP" }, { port: 8080, protocol: "TCP" }]).results.filter((r) => r.allowed && r.from !== r.to);
    assert.deepEqual(results.map((r) => `${r.from} -> ${r.to} ${r.probe.port}/${r.probe.protocol}`), ["a/client -> kube-system/coredns 53/UDP", "b/web -> kube-system/coredns 53/UDP"]);
  });

  it("nets, notNets and network sets select external addresses; named ports resolve on the destination", () => {
    const set = { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkSet", metadata: { name: "partners", labels: { role: "partner" } }, spec: { nets: ["192.0.2.0/24"] } };
    const policy = gnp("egress", { selector: 'app == "client"', types: ["Egress"], egress: [{ action: "Allow", protocol: "TCP", destination: { selector: 'role == "partner"', ports: ["http"] } }] });
    const model = buildModel([...BASE, set, policy]);
    assert.deepEqual(model.externals.map((e) => e.id), ["0.0.0.0/0 except 192.0.2.0/24", "192.0.2.0/24"]);
    const report = verifyIntent([...BASE, set, policy], parseIntent("flows:\n- {from: a/client, to: 192.0.2.0/24, ports: [TCP/8080]}\n- {from: b/web, to: a/client, ports: [all]}\n- {from: b/web, to: 0.0.0.0/0, ports: [all]}\n- {from: 0.0.0.0/0, to: a/client, ports: [all]}\n- {from: 0.0.0.0/0, to: b/web, ports: [all]}\n", "i"), "i", "reference");
    assert.ok(!report.ok); // a named port toward an external address matches nothing
    assert.deepEqual(report.missing.map((d) => `${d.from} -> ${d.to}`), ["a/client -> 192.0.2.0/24"]);
  });
});

describe("calico: bad input and fields outside the model", () => {
  const problems = (objects: unknown[]): string[] => {
    try {
      buildModel(objects);
      return [];
    } catch (error) {
      assert.ok(error instanceof NetpolInputError);
      return error.problems.map((p) => `${p.object}: ${p.reason}`);
    }
  };

  it("names the object and the field: unknown tier, invalid selector (with position), conflicting fields", () => {
    assert.deepEqual(problems([...BASE,
      gnp("lost", { tier: "nowhere", selector: "all()" }),
      gnp("typo", { selector: "app = 'x'" }),
      gnp("conflict", { types: ["Egress"], ingress: [{ action: "Allow" }] }),
      gnp("ports", { ingress: [{ action: "Allow", destination: { ports: [80] } }] }),
      gnp("action", { ingress: [{ action: "allow" }] }),
    ]), [
      'GlobalNetworkPolicy lost: spec.tier: tier "nowhere" does not exist (declared tiers: adminnetworkpolicy, baselineadminnetworkpolicy, default; add a projectcalico.org/v3 Tier)',
      "GlobalNetworkPolicy typo: spec.selector: invalid selector \"app = 'x'\": at position 5: expected an operator (==, !=, in, not in, contains, starts with, ends with), found \"= 'x'\"",
      "GlobalNetworkPolicy conflict: spec.ingress: has rules but spec.types does not include Ingress",
      "GlobalNetworkPolicy ports: spec.ingress[0].destination.ports: ports need protocol TCP, UDP or SCTP on the rule (got no protocol)",
      'GlobalNetworkPolicy action: spec.ingress[0].action: "allow" is not an action (expected Allow, Deny, Pass or Log)',
    ]);
  });

  it("reports ICMP rules and host-endpoint-only policies as outside the model, never silently", () => {
    const model = buildModel([...BASE,
      gnp("icmp", { selector: "all()", ingress: [{ action: "Deny", protocol: "ICMP", icmp: { type: 8 } }] }),
      gnp("host", { selector: "all()", preDNAT: true, applyOnForward: true, ingress: [{ action: "Deny" }] }),
    ]);
    assert.equal(model.warnings?.length, 2);
    assert.match(model.warnings?.[0] ?? "", /GlobalNetworkPolicy icmp: spec.ingress\[0\].icmp: ICMP is outside the model/);
    assert.match(model.warnings?.[1] ?? "", /GlobalNetworkPolicy host: spec.preDNAT: .*host endpoints only/);
  });
});

describe("calico: engines", () => {
  const objects = [...BASE, gnp("deny", { selector: "all()", ingress: [{ action: "Deny" }] })];

  it("the fast engine evaluates Calico tiers itself (no refusal, no hand-over)", () => {
    const model = buildModel(objects);
    const fast = engineNamed("fast").prepare(model);
    const [from, to] = ["a/client", "b/web"].map((id) => model.endpoints.findIndex((e) => e.id === id));
    assert.equal(fast.allows(from, to, { port: 8080, protocol: "TCP" }), false);
    assert.equal(fast.connections(to, from).format(), "none");
    assert.equal(engineFor("fast", model).note, undefined);
    assert.equal(fastEngineLimit(model), undefined);
  });

  it("verify and reach asked for the fast engine answer with it, with no hand-over note", () => {
    const report = verifyIntent(objects, parseIntent("flows: []\n", "i"), "i", "fast");
    assert.ok(!report.notes.some((note) => /answered with the reference engine/.test(note)));
    assert.equal(probeReport(objects, [{ port: 80, protocol: "TCP" }], "fast").results.find((r) => r.from === "a/client" && r.to === "b/web")?.allowed, false);
  });
});
