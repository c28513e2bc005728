// Calico policy and rule fields as the projectcalico.org/v3 reference (v3.31: "Global network
// policy", "Network policy", "Global network set", "Network set", Rule, EntityRule, Ports) gives
// them: bad values are problems naming the field, fields outside the model are warnings, and the
// values Calico accepts decide traffic as written (protocol names and numbers 1-255, ports as
// numbers, digit strings, "first:last" ranges or names, bare addresses as /32 and /128 nets,
// `types` defaulting).
import { strict as assert } from "assert";
import { buildModel, connectionReport, explain, PortProbe } from "../../../netpol";
import { isTieredObject } from "../../../netpol/calico/ingest";
import { modelProblems } from "../core/helpers";

type Raw = Record<string, unknown>;

const ns = (name: string): Raw => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const pod = (namespace: string, name: string, labels: Record<string, string>, ip: string): Raw => ({
  apiVersion: "v1", kind: "Pod", metadata: { namespace, name, labels },
  spec: { containers: [{ name: "c", image: "i", ports: [{ name: "http", containerPort: 8080 }] }] },
  status: { podIPs: [{ ip }] },
});
const gnp = (name: string, spec: Raw): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });
const globalSet = (name: string, spec: Raw, labels: Record<string, string> = {}): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkSet", metadata: { name, labels }, spec });
const k8sAllowAll = (namespace: string): Raw => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { namespace, name: "allow-all" }, spec: { podSelector: {}, ingress: [{}] } });

const BASE = [ns("a"), ns("b"), pod("a", "client", { app: "client" }, "10.0.0.1"), pod("a", "other", { app: "other" }, "fd00::2"), pod("b", "web", { app: "web" }, "10.0.1.1")];
const TCP = (port: number): PortProbe => ({ port, protocol: "TCP" });

function allowed(objects: readonly Raw[], from: string, to: string, probe: PortProbe = TCP(8080)): boolean {
  const model = buildModel(objects);
  const [f, t] = [from, to].map((id) => model.endpoints.find((e) => e.id === id));
  assert.ok(f !== undefined && t !== undefined, `${from} ${to}`);
  return explain(model, f, t, probe).allowed;
}

/** Ingress to b/web under one Allow rule (and the default tier's Deny for the rest). */
const webAllows = (rule: Raw) => [...BASE, gnp("web-ingress", { selector: 'app == "web"', types: ["Ingress"], ingress: [{ action: "Allow", ...rule }] })];

const EXPECTED_PROTOCOLS = "(expected TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a number 1-255)";
const NOT_A_PORT = '(expected a number 1-65535, a range like "8000:8080", or a port name)';

describe("calico policy fields: bad values are problems naming the field", () => {
  it("protocols: names, or numbers 1-255; ports need TCP, UDP or SCTP; icmp and notICMP need ICMP", () => {
    const rules = [
      { protocol: 0 }, { protocol: 256 }, { protocol: 6.5 }, { protocol: true }, { protocol: "GRE" }, { notProtocol: "GRE" },
      { protocol: "icmp", destination: { ports: [80] } }, { protocol: 1, destination: { ports: [80] } },
      { protocol: "TCP", icmp: { type: 8 } }, { notICMP: { type: 8 } },
    ];
    assert.deepEqual(modelProblems([...BASE, gnp("protocols", { ingress: rules.map((rule) => ({ action: "Allow", ...rule })) })]), [
      `GlobalNetworkPolicy protocols: spec.ingress[0].protocol: unknown protocol 0 ${EXPECTED_PROTOCOLS}`,
      `GlobalNetworkPolicy protocols: spec.ingress[1].protocol: unknown protocol 256 ${EXPECTED_PROTOCOLS}`,
      `GlobalNetworkPolicy protocols: spec.ingress[2].protocol: unknown protocol 6.5 ${EXPECTED_PROTOCOLS}`,
      `GlobalNetworkPolicy protocols: spec.ingress[3].protocol: unknown protocol true ${EXPECTED_PROTOCOLS}`,
      `GlobalNetworkPolicy protocols: spec.ingress[4].protocol: unknown protocol "GRE" ${EXPECTED_PROTOCOLS}`,
      `GlobalNetworkPolicy protocols: spec.ingress[5].notProtocol: unknown protocol "GRE" ${EXPECTED_PROTOCOLS}`,
      "GlobalNetworkPolicy protocols: spec.ingress[6].destination.ports: ports need protocol TCP, UDP or SCTP on the rule (got ICMP)",
      "GlobalNetworkPolicy protocols: spec.ingress[7].destination.ports: ports need protocol TCP, UDP or SCTP on the rule (got 1)",
      "GlobalNetworkPolicy protocols: spec.ingress[8].icmp: needs protocol ICMP or ICMPv6 on the rule",
      "GlobalNetworkPolicy protocols: spec.ingress[9].notICMP: needs protocol ICMP or ICMPv6 on the rule",
    ]);
  });

  it("ports: numbers and digit strings 1-65535, ranges first <= last, port names; nothing else", () => {
    const ports = [1, 65535, "8080:8080", "80", "http", 65536, "a80:90", "80:90a", "Not_A_Name", true, [8080], "0:10"];
    assert.deepEqual(modelProblems([...BASE, gnp("ports", { ingress: [{ action: "Allow", protocol: "TCP", destination: { ports, notPorts: [0] } }] })]), [
      `GlobalNetworkPolicy ports: spec.ingress[0].destination.ports[5]: 65536 is not a port ${NOT_A_PORT}`,
      `GlobalNetworkPolicy ports: spec.ingress[0].destination.ports[6]: "a80:90" is not a port ${NOT_A_PORT}`,
      `GlobalNetworkPolicy ports: spec.ingress[0].destination.ports[7]: "80:90a" is not a port ${NOT_A_PORT}`,
      `GlobalNetworkPolicy ports: spec.ingress[0].destination.ports[8]: "Not_A_Name" is not a port ${NOT_A_PORT}`,
      `GlobalNetworkPolicy ports: spec.ingress[0].destination.ports[9]: true is not a port ${NOT_A_PORT}`,
      `GlobalNetworkPolicy ports: spec.ingress[0].destination.ports[10]: a list is not a port ${NOT_A_PORT}`,
      `GlobalNetworkPolicy ports: spec.ingress[0].destination.ports[11]: "0:10" is not a port ${NOT_A_PORT}`,
      `GlobalNetworkPolicy ports: spec.ingress[0].destination.notPorts[0]: 0 is not a port ${NOT_A_PORT}`,
    ]);
  });

  it("entity fields: nets, notNets, notSelector, serviceAccounts and its names and selector", () => {
    const objects = [...BASE, gnp("entities", { ingress: [
      { action: "Allow", source: { nets: [5], notNets: ["bad"], notSelector: "bad(", serviceAccounts: "x" } },
      { action: "Allow", destination: { serviceAccounts: { name: ["x"], names: ["ok", 5], selector: "(" } } },
    ] })];
    assert.deepEqual(modelProblems(objects), [
      "GlobalNetworkPolicy entities: spec.ingress[0].source.nets[0]: 5 is not a valid CIDR or address (expected like 10.0.0.0/8 or fd00::/64)",
      'GlobalNetworkPolicy entities: spec.ingress[0].source.notNets[0]: "bad" is not a valid CIDR or address (expected like 10.0.0.0/8 or fd00::/64)',
      'GlobalNetworkPolicy entities: spec.ingress[0].source.notSelector: invalid selector "bad(": at position 4: expected an operator (==, !=, in, not in, contains, starts with, ends with), found "("',
      'GlobalNetworkPolicy entities: spec.ingress[0].source.serviceAccounts: expected a mapping, got "x"',
      'GlobalNetworkPolicy entities: spec.ingress[1].destination.serviceAccounts.name: unknown field "name" (did you mean "names"?)',
      "GlobalNetworkPolicy entities: spec.ingress[1].destination.serviceAccounts.names[1]: expected a service account name, got 5",
      'GlobalNetworkPolicy entities: spec.ingress[1].destination.serviceAccounts.selector: invalid selector "(": at position 2: expected a label key, all(), global(), has(...), ! or (, found the end',
    ]);
  });

  it("policy fields: types, rule lists, tier, namespaceSelector, serviceAccountSelector, the object's shape", () => {
    const objects = [...BASE,
      gnp("types", { types: ["Ingress", "Both"], egress: [{ action: "Allow" }] }),
      gnp("types-text", { types: "Ingress", ingress: "allow" }),
      gnp("selectors", { tier: 5, namespaceSelector: "(", serviceAccountSelector: "(" }),
      { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "shape", lables: {} }, sepc: {}, spec: "x" },
    ];
    assert.deepEqual(modelProblems(objects), [
      'GlobalNetworkPolicy types: spec.types[1]: unknown policy type "Both" (expected Ingress or Egress)',
      "GlobalNetworkPolicy types: spec.egress: has rules but spec.types does not include Egress",
      'GlobalNetworkPolicy types-text: spec.types: expected a list, got "Ingress"',
      'GlobalNetworkPolicy types-text: spec.ingress: expected a list, got "allow"',
      "GlobalNetworkPolicy selectors: spec.tier: 5 is not a tier name",
      'GlobalNetworkPolicy selectors: spec.namespaceSelector: invalid selector "(": at position 2: expected a label key, all(), global(), has(...), ! or (, found the end',
      'GlobalNetworkPolicy selectors: spec.serviceAccountSelector: invalid selector "(": at position 2: expected a label key, all(), global(), has(...), ! or (, found the end',
      'GlobalNetworkPolicy shape: sepc: unknown field "sepc" (did you mean "spec"?)',
      'GlobalNetworkPolicy shape: metadata.lables: unknown field "lables" (did you mean "labels"?)',
      'GlobalNetworkPolicy shape: spec: expected a mapping, got "x"',
    ]);
  });

  it("network sets: labels, and spec.nets by their own path", () => {
    const objects = [...BASE,
      globalSet("bad-set", { nets: ["10.0.0.0/33", "fd00::/129", "10.0.0.1", "fd00::1"] }, { role: 5 as unknown as string }),
      { apiVersion: "projectcalico.org/v3", kind: "NetworkSet", metadata: { name: "list-set", namespace: "a" }, spec: { nets: "10.0.0.0/8" } },
    ];
    assert.deepEqual(modelProblems(objects), [
      "GlobalNetworkSet bad-set: metadata.labels.role: label value must be a string, got 5 (quote it in YAML)",
      'GlobalNetworkSet bad-set: spec.nets[0]: "10.0.0.0/33" is not a valid CIDR or address (expected like 10.0.0.0/8 or fd00::/64)',
      'GlobalNetworkSet bad-set: spec.nets[1]: "fd00::/129" is not a valid CIDR or address (expected like 10.0.0.0/8 or fd00::/64)',
      'NetworkSet a/list-set: spec.nets: expected a list, got "10.0.0.0/8"',
    ]);
  });

  it("null stands for absent: order, selector, protocol and entity selectors", () => {
    const objects = [...BASE, gnp("nulls", { order: null, selector: null, ingress: [{ action: "Allow", protocol: null, notProtocol: null, source: { selector: null } }] })];
    assert.deepEqual(modelProblems(objects), []);
    assert.equal(allowed(objects, "a/client", "b/web"), true);
  });
});

describe("calico policy fields outside the model are warned about, never dropped in silence", () => {
  it("applyOnForward, ICMP, ipVersion, http, source ports, services, doNotTrack, allowedEgressDomains", () => {
    const objects = [...BASE,
      gnp("outside", { selector: 'app == "web"', applyOnForward: true, ingress: [
        { action: "Allow", ipVersion: 4, http: { methods: ["GET"] }, protocol: "ICMP", notICMP: { type: 8 } },
        { action: "Allow", protocol: "TCP", source: { notPorts: [80] }, destination: { ports: [9000] } },
        { action: "Allow", protocol: "TCP", source: { ports: [80], notPorts: [81] }, destination: { ports: [9001] } },
        { action: "Allow", protocol: "TCP", source: { ports: [80] }, destination: { ports: [9002] } },
        { action: "Deny", destination: { services: { name: "x", namespace: "a" } } },
        { action: "Allow", protocol: "TCP", destination: { ports: [8080] } },
      ] }),
      gnp("untracked", { doNotTrack: true, ingress: [{ action: "Deny" }] }),
      globalSet("domains", { allowedEgressDomains: ["example.com"] }),
      globalSet("plain", { nets: ["192.0.2.0/24"] }),
    ];
    assert.deepEqual(buildModel(objects).warnings, [
      "<input>: GlobalNetworkPolicy outside: spec.applyOnForward: forwarded traffic through host endpoints is outside the model (the policy is evaluated for pods only)",
      "<input>: GlobalNetworkPolicy outside: spec.ingress[0].notICMP: ICMP is outside the model (probes are TCP, UDP and SCTP; the rule matches none of them)",
      "<input>: GlobalNetworkPolicy outside: spec.ingress[0].ipVersion: is outside the model: the rule is evaluated for both address families",
      "<input>: GlobalNetworkPolicy outside: spec.ingress[0].http: HTTP matches are outside the model: the rule is evaluated as if every request matched",
      "<input>: GlobalNetworkPolicy outside: spec.ingress[1].source.notPorts: source ports are outside the model (probes have no source port): the rule is evaluated as if the source port matched",
      "<input>: GlobalNetworkPolicy outside: spec.ingress[2].source.ports: source ports are outside the model (probes have no source port): the rule is evaluated as if the source port matched",
      "<input>: GlobalNetworkPolicy outside: spec.ingress[3].source.ports: source ports are outside the model (probes have no source port): the rule is evaluated as if the source port matched",
      "<input>: GlobalNetworkPolicy outside: spec.ingress[4].destination.services: Kubernetes Service matches are outside the model: the rule is evaluated as matching nothing",
      "<input>: GlobalNetworkPolicy untracked: spec.doNotTrack: policies with this field apply to host endpoints only, which are outside the model: the policy is left out",
      "<input>: GlobalNetworkSet domains: spec.allowedEgressDomains: domain names are outside the model: only spec.nets are matched",
    ]);
    // Source ports read as matching; the services Deny matches nothing; the untracked Deny is left out.
    assert.deepEqual([9000, 9001, 9002, 8080, 8081].map((port) => allowed(objects, "a/client", "b/web", TCP(port))), [true, true, true, true, false]);
  });
});

describe("calico policy fields decide as written", () => {
  it("protocol numbers 6, 17 and 132 are TCP, UDP and SCTP; others (1: ICMP) match no probe", () => {
    const decide = (protocol: number) => (["TCP", "UDP", "SCTP"] as const).map((name) => allowed(webAllows({ protocol }), "a/client", "b/web", { port: 8080, protocol: name }));
    assert.deepEqual([6, 17, 132, 1, 255].map(decide), [[true, false, false], [false, true, false], [false, false, true], [false, false, false], [false, false, false]]);
  });

  it("protocol names in any case: tcp is TCP, icmpv6 is outside the model", () => {
    assert.equal(allowed(webAllows({ protocol: "tcp" }), "a/client", "b/web"), true);
    assert.equal(allowed(webAllows({ protocol: "icmpv6" }), "a/client", "b/web"), false);
  });

  it("ports as numbers, digit strings, ranges and names (resolved on the destination's container ports)", () => {
    const decide = (ports: unknown[]) => [8080, 8081, 1, 65535].map((port) => allowed(webAllows({ protocol: "TCP", destination: { ports } }), "a/client", "b/web", TCP(port)));
    assert.deepEqual(decide(["8080"]), [true, false, false, false]);
    assert.deepEqual(decide(["8080:8080"]), [true, false, false, false]);
    assert.deepEqual(decide(["http"]), [true, false, false, false]);
    assert.deepEqual(decide([1, 65535]), [false, false, true, true]);
    // Egress too, where each destination's own container ports resolve the name: two pods alike but for the port (both engines).
    const web = (name: string, port: number) => ({ ...pod("b", name, { app: "web" }, "10.0.1.9"), spec: { containers: [{ name: "c", image: "i", ports: [{ name: "http", containerPort: port }] }] }, status: {} });
    const egress = [...BASE, web("web-2", 9090), gnp("client-egress", { selector: 'app == "client"', types: ["Egress"], egress: [{ action: "Allow", protocol: "TCP", destination: { ports: ["http"] } }] })];
    for (const engine of ["reference", "fast"] as const) {
      const pairs = connectionReport(egress, engine).pairs.filter((p) => p.from === "a/client" && p.to.startsWith("b/"));
      assert.deepEqual(pairs.map((p) => `${p.to} ${p.connections.format()}`), ["b/web TCP 8080", "b/web-2 TCP 9090"], engine);
    }
  });

  it("a bare address in nets is one address: /32 for IPv4, /128 for IPv6", () => {
    assert.equal(allowed(webAllows({ source: { nets: ["10.0.0.1"] } }), "a/client", "b/web"), true);
    assert.equal(allowed(webAllows({ source: { nets: ["fd00::2"] } }), "a/other", "b/web"), true);
    assert.equal(allowed(webAllows({ source: { nets: ["fd00::2"] } }), "a/client", "b/web"), false);
  });

  it("types: none or [] with egress rules only is Egress alone (ingress is not affected); [] with ingress rules is Ingress", () => {
    const egressOnly = (types?: string[]) => [...BASE, gnp("web-egress", { selector: 'app == "web"', ...(types ? { types } : {}), egress: [{ action: "Deny" }] })];
    for (const objects of [egressOnly(), egressOnly([])]) {
      assert.equal(allowed(objects, "a/client", "b/web"), true);
      assert.equal(allowed(objects, "b/web", "a/client"), false);
    }
    const ingress = [...BASE, gnp("web-ingress", { selector: 'app == "web"', types: [], ingress: [{ action: "Allow", source: { selector: 'app == "client"' } }] })];
    assert.deepEqual([allowed(ingress, "a/client", "b/web"), allowed(ingress, "a/other", "b/web")], [true, false]);
  });

  it("a network set without nets holds no address", () => {
    const objects = [...BASE, globalSet("empty", {}, { role: "x" }), gnp("to-x", { selector: 'app == "client"', types: ["Egress"], egress: [{ action: "Allow", destination: { selector: 'role == "x"' } }] })];
    assert.deepEqual(buildModel(objects).externals.map((e) => e.id), ["0.0.0.0/0", "::/0"]);
    assert.equal(allowed(objects, "a/client", "0.0.0.0/0"), false);
  });

  it("network sets alone, without a Calico policy or tier, leave plain Kubernetes semantics (no tiers)", () => {
    assert.equal(buildModel([...BASE, globalSet("set", { nets: ["192.0.2.0/24"] })]).calico, undefined);
    // The tier model's kinds (what verify and the streamed reader keep as policy input).
    assert.deepEqual([isTieredObject("projectcalico.org/v3", "Tier"), isTieredObject("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy"), isTieredObject("networking.k8s.io/v1", "NetworkPolicy")], [true, true, false]);
  });
});

describe("calico order inside a tier: by order, then by name (a Kubernetes NetworkPolicy is knp.default.<name> at order 1000)", () => {
  it("equal orders: the policy whose name sorts first decides, whatever the input order", () => {
    const policy = (name: string, action: string) => gnp(name, { order: 10, selector: 'app == "web"', ingress: [{ action }] });
    assert.equal(allowed([...BASE, policy("b-deny", "Deny"), policy("a-allow", "Allow")], "a/client", "b/web"), true);
    assert.equal(allowed([...BASE, policy("b-allow", "Allow"), policy("a-deny", "Deny")], "a/client", "b/web"), false);
  });

  it("a tier's policies in evaluation order, however many and in whatever input order", () => {
    const names = Array.from({ length: 150 }, (_, i) => `p${String((i * 37) % 150).padStart(3, "0")}`);
    const model = buildModel([...BASE, ...names.map((name) => gnp(name, { order: 10, selector: 'app == "web"', ingress: [{ action: "Allow" }] }))]);
    const order = model.calico?.tiers.find((t) => t.name === "default")?.policies.map((p) => p.name);
    assert.deepEqual(order, [...names].sort());
  });

  it("a Calico policy at order 1000 goes before or after a Kubernetes NetworkPolicy by name against knp.default.<name>", () => {
    const deny = (name: string) => gnp(name, { order: 1000, selector: 'app == "web"', ingress: [{ action: "Deny" }] });
    assert.equal(allowed([...BASE, k8sAllowAll("b"), deny("allow-first")], "a/client", "b/web"), false); // "allow-first" < "knp.default.allow-all"
    assert.equal(allowed([...BASE, k8sAllowAll("b"), deny("zz-deny")], "a/client", "b/web"), true);
  });

  it("a Tier without defaultAction denies; its order places it", () => {
    const tier = (name: string, spec: Raw) => ({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name }, spec });
    const model = buildModel([...BASE, tier("late", {}), tier("security", { order: 100 }), tier("guard", { order: 50, defaultAction: "Pass" })]);
    assert.deepEqual(model.calico?.tiers.map((t) => `${t.name}:${t.order}:${t.defaultAction}`), [
      "guard:50:Pass", "security:100:Deny", "adminnetworkpolicy:1000:Pass", "default:1000000:Deny", "baselineadminnetworkpolicy:10000000:Pass", "late:undefined:Deny",
    ]);
  });
});
