// AdminNetworkPolicy and BaselineAdminNetworkPolicy beyond the truth tables: tier placement among
// Calico's tiers (Calico docs "Get started with policy tiers": the adminnetworkpolicy tier has
// order 1,000, before the default tier; the baselineadminnetworkpolicy tier comes after it),
// provenance in verdicts and diffs, warnings for what is outside the model, and bad input.
import { strict as assert } from "assert";
import { buildModel, explain, formatVerdict, probeReport } from "../../../netpol";
import { modelProblems } from "../core/helpers";
import { diffObjects, diffMarkdownLines, diffTextLines } from "../../../netpol/diff";
import {
  anp, banp, conformanceCluster, egressRule, endpointId, housePods, ingressRule, namespaceNamed, namespaceOf, networkPolicy, portNumber,
} from "./cluster";

const CLUSTER = conformanceCluster();
const SLYTHERIN = "slytherin/draco-malfoy-0";
const GRYFFINDOR = "gryffindor/harry-potter-0";

function verdict(objects: unknown[], from = SLYTHERIN, to = GRYFFINDOR, port = 80, protocol: "TCP" | "UDP" | "SCTP" = "TCP"): string {
  const model = buildModel(objects);
  const [f, t] = [from, to].map((id) => model.endpoints.find((e) => e.id === endpointId(id)));
  assert.ok(f !== undefined && t !== undefined);
  return formatVerdict(explain(model, f, t, { port, protocol }));
}

const problems = modelProblems;

const denySlytherin = anp("deny-slytherin", 10, namespaceNamed("gryffindor"), { ingress: [ingressRule("no-slytherin", "Deny", [namespaceNamed("slytherin")])] });
const passSlytherin = anp("pass-slytherin", 5, namespaceNamed("gryffindor"), {
  ingress: [ingressRule("unnamed-first", "Allow", [namespaceNamed("ravenclaw")]), ingressRule("pass-slytherin", "Pass", [namespaceNamed("slytherin")])],
});
const tier = (name: string, order: number) => ({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name }, spec: { order } });
const gnp = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });

describe("admin network policies: tiers and provenance", () => {
  it("verdicts name the tier, the policy, the rule's index and its name", () => {
    assert.equal(
      verdict([...CLUSTER, denySlytherin]),
      'denied (egress: not isolated; ingress: denied by tier adminnetworkpolicy: AdminNetworkPolicy deny-slytherin rule 0 "no-slytherin" (Deny))',
    );
    const baseline = banp(namespaceNamed("gryffindor"), { ingress: [ingressRule("allow-slytherin", "Allow", [namespaceNamed("slytherin")])] });
    assert.equal(
      verdict([...CLUSTER, baseline, networkPolicy(namespaceOf("slytherin"), "deny-egress", { podSelector: {}, policyTypes: ["Egress"] })]),
      "denied (egress: denied by tier default's default action (no rule of network-policy-conformance-slytherin/deny-egress matched); " +
        'ingress: allowed by tier baselineadminnetworkpolicy: BaselineAdminNetworkPolicy default rule 0 "allow-slytherin" (Allow))',
    );
  });

  it("policies by priority, lower first: a Pass at priority 5 hands over before the Deny at 10 is read", () => {
    assert.equal(verdict([...CLUSTER, denySlytherin, passSlytherin]), "allowed (egress: not isolated; ingress: allowed: passed by tier adminnetworkpolicy, then the namespace profile allows)");
    const later = { ...passSlytherin, spec: { ...passSlytherin.spec, priority: 11 } };
    assert.match(verdict([...CLUSTER, denySlytherin, later]), /ingress: denied by tier adminnetworkpolicy: AdminNetworkPolicy deny-slytherin rule 0/);
  });

  it("equal priorities are undefined upstream: a warning names both, and they are evaluated by name", () => {
    const a = anp("a-allow", 10, namespaceNamed("gryffindor"), { ingress: [ingressRule("allow", "Allow", [namespaceNamed("slytherin")])] });
    const model = buildModel([...CLUSTER, denySlytherin, a]);
    assert.deepEqual(model.calico?.tiers.find((t) => t.name === "adminnetworkpolicy")?.policies.map((p) => p.id), ["AdminNetworkPolicy a-allow", "AdminNetworkPolicy deny-slytherin"]);
    assert.equal(model.warnings?.length, 1);
    assert.match(model.warnings?.[0] ?? "", /AdminNetworkPolicy deny-slytherin: spec.priority: 10 is also the priority of AdminNetworkPolicy a-allow: upstream leaves the order of equal priorities undefined; evaluated by name \(a-allow, deny-slytherin\)/);
    assert.match(verdict([...CLUSTER, denySlytherin, a]), /^allowed .*AdminNetworkPolicy a-allow rule 0 "allow"/);
  });

  it("with no Calico object, ANP -> NetworkPolicy -> BANP still holds (the tiers are created for the admin policies)", () => {
    const model = buildModel([...CLUSTER, passSlytherin]);
    assert.deepEqual(model.calico?.tiers.map((t) => `${t.name}:${t.order}:${t.defaultAction}`), ["adminnetworkpolicy:1000:Pass", "default:1000000:Deny", "baselineadminnetworkpolicy:10000000:Pass"]);
    assert.equal(buildModel(CLUSTER).calico, undefined);
  });

  it("Calico tiers keep their documented places: a tier ordered before 1000 runs before the ANPs, one between 1000 and the default tier after them", () => {
    const early = [tier("security", 100), gnp("security.allow", { tier: "security", selector: "all()", ingress: [{ action: "Allow" }] })];
    assert.match(verdict([...CLUSTER, ...early, denySlytherin]), /^allowed \(.*ingress: allowed by tier security: GlobalNetworkPolicy security.allow rule 0 \(Allow\)\)/);
    const late = [tier("platform", 2000), gnp("platform.allow", { tier: "platform", selector: "all()", ingress: [{ action: "Allow" }] })];
    assert.match(verdict([...CLUSTER, ...late, denySlytherin]), /^denied .*tier adminnetworkpolicy/);
    // A Pass from the ANP reaches the later Calico tier, whose Allow then decides.
    assert.match(verdict([...CLUSTER, ...late, passSlytherin]), /^allowed .*tier platform: GlobalNetworkPolicy platform.allow/);
    // A Calico policy may sit in the adminnetworkpolicy tier itself (order like a priority).
    const inTier = gnp("in-admin-tier", { tier: "adminnetworkpolicy", order: 1, selector: "all()", ingress: [{ action: "Deny" }] });
    assert.match(verdict([...CLUSTER, passSlytherin, inTier]), /^denied .*tier adminnetworkpolicy: GlobalNetworkPolicy in-admin-tier rule 0 \(Deny\)/);
  });

  it("a policy without rules of a direction does not affect that direction", () => {
    const egressOnly = anp("egress-only", 1, namespaceNamed("gryffindor"), { egress: [egressRule("deny-all", "Deny", [{ namespaces: {} }])] });
    assert.equal(verdict([...CLUSTER, egressOnly]), "allowed (egress: not isolated; ingress: not isolated)");
    assert.match(verdict([...CLUSTER, egressOnly], GRYFFINDOR, SLYTHERIN), /^denied \(egress: denied by tier adminnetworkpolicy: AdminNetworkPolicy egress-only rule 0 "deny-all" \(Deny\)/);
  });

  it("networks CIDRs split the external atoms and decide them; nodes peers match nothing", () => {
    const policy = anp("egress-nets", 1, housePods("gryffindor"), {
      egress: [egressRule("allow-dns-resolvers", "Allow", [{ networks: ["192.0.2.0/24"] }], [portNumber(53, "UDP")]), egressRule("deny-internet", "Deny", [{ networks: ["0.0.0.0/0"] }, { nodes: {} }])],
    });
    const model = buildModel([...CLUSTER, policy]);
    assert.deepEqual(model.externals.map((e) => e.id), ["0.0.0.0/0 except 192.0.2.0/24", "192.0.2.0/24"]);
    const probes = probeReport([...CLUSTER, policy], [{ port: 53, protocol: "UDP" }]).results;
    // Externals are not endpoints of probe reports: the connection report decides them.
    assert.ok(probes.length > 0);
    const from = model.endpoints.find((e) => e.id === endpointId(GRYFFINDOR));
    const resolvers = model.externals.find((e) => e.id === "192.0.2.0/24");
    const rest = model.externals.find((e) => e.id.startsWith("0.0.0.0/0"));
    assert.ok(from && resolvers && rest);
    assert.equal(explain(model, from, resolvers, { port: 53, protocol: "UDP" }).allowed, true);
    assert.equal(explain(model, from, resolvers, { port: 443, protocol: "TCP" }).allowed, false);
    assert.equal(explain(model, from, rest, { port: 53, protocol: "UDP" }).allowed, false);
    assert.match(model.warnings?.join("\n") ?? "", /spec.egress\[1\].to\[1\].nodes: node peers are outside the model/);
  });

  it("warns when a networks block could cover pods whose IP is not known (never silently)", () => {
    const workload = { apiVersion: "apps/v1", kind: "Deployment", metadata: { namespace: namespaceOf("slytherin"), name: "potions" }, spec: { template: { metadata: { labels: { app: "potions" } }, spec: { containers: [{ name: "c", image: "i" }] } } } };
    const policy = anp("deny-internet", 1, housePods("gryffindor"), { egress: [egressRule("deny-internet", "Deny", [{ networks: ["0.0.0.0/0"] }])] });
    assert.equal(buildModel([...CLUSTER, policy]).warnings, undefined); // every pod's IP is known: decided exactly
    const warnings = buildModel([...CLUSTER, workload, policy]).warnings ?? [];
    assert.deepEqual(warnings.length, 1);
    assert.match(warnings[0], /AdminNetworkPolicy deny-internet: spec.egress\[0\] "deny-internet": networks 0.0.0.0\/0: could cover pod IPs, but 1 pod\/workload has no known IP \(network-policy-conformance-slytherin\/potions\)/);
  });

  it("diff names the admin rule that opened a connection (text and Markdown)", () => {
    const before = [...CLUSTER, denySlytherin];
    const after = [...CLUSTER, denySlytherin, passSlytherin];
    const diff = diffObjects(before, after);
    const text = [...diffTextLines(diff)].join("\n");
    assert.match(text, /network-policy-conformance-slytherin\/draco-malfoy-0 => network-policy-conformance-gryffindor\/harry-potter-0.*passed by tier adminnetworkpolicy/);
    const denyAll = networkPolicy(namespaceOf("gryffindor"), "deny-all", { podSelector: {}, policyTypes: ["Ingress"] });
    const allowRavenclaw = anp("allow-ravenclaw", 1, namespaceNamed("gryffindor"), { ingress: [ingressRule("from-ravenclaw", "Allow", [namespaceNamed("ravenclaw")])] });
    const ravenclaw = [...diffMarkdownLines(diffObjects([...before, denyAll], [...before, denyAll, allowRavenclaw]))].join("\n");
    assert.match(ravenclaw, /ingress: `AdminNetworkPolicy allow-ravenclaw` rule 0 `from-ravenclaw` \(tier adminnetworkpolicy\)/);
  });
});

describe("admin network policies: bad input names the object and the field", () => {
  const subject = namespaceNamed("gryffindor");

  it("subject: both or neither of namespaces and pods; priority out of range or missing", () => {
    assert.deepEqual(
      problems([
        ...CLUSTER,
        anp("both", 1, { ...namespaceNamed("gryffindor"), ...housePods("gryffindor") }, {}),
        anp("neither", 1, {}, {}),
        anp("too-low", -1, subject, {}),
        anp("too-high", 1001, subject, {}),
        anp("fraction", 2.5, subject, {}),
        { apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "AdminNetworkPolicy", metadata: { name: "no-priority" }, spec: { subject } },
      ]),
      [
        "AdminNetworkPolicy both: spec.subject: exactly one of namespaces, pods must be set, found namespaces and pods",
        "AdminNetworkPolicy neither: spec.subject: exactly one of namespaces, pods must be set, found none",
        "AdminNetworkPolicy too-low: spec.priority: -1 is not a priority (expected an integer from 0 to 1000; lower is evaluated first)",
        "AdminNetworkPolicy too-high: spec.priority: 1001 is not a priority (expected an integer from 0 to 1000; lower is evaluated first)",
        "AdminNetworkPolicy fraction: spec.priority: 2.5 is not a priority (expected an integer from 0 to 1000; lower is evaluated first)",
        "AdminNetworkPolicy no-priority: spec.priority: is required (an integer from 0 to 1000; lower is evaluated first)",
      ],
    );
  });

  it("a BaselineAdminNetworkPolicy must be named default and has no Pass; two of them are duplicates", () => {
    assert.deepEqual(
      problems([
        ...CLUSTER,
        banp(subject, {}, "baseline"),
        banp(subject, { ingress: [ingressRule("pass", "Pass", [{ namespaces: {} }])], egress: [egressRule("log", "Log", [{ namespaces: {} }])] }),
        banp(subject, {}),
      ]),
      [
        'BaselineAdminNetworkPolicy baseline: metadata.name: "baseline": a BaselineAdminNetworkPolicy must be named "default" (there is one per cluster)',
        'BaselineAdminNetworkPolicy default: spec.ingress[0].action: "Pass" is not an action of BaselineAdminNetworkPolicy (expected Allow or Deny) (Pass exists in AdminNetworkPolicy only: a baseline has nothing after it to pass to)',
        'BaselineAdminNetworkPolicy default: spec.egress[0].action: "Log" is not an action of BaselineAdminNetworkPolicy (expected Allow or Deny)',
        "BaselineAdminNetworkPolicy default: metadata.name: BaselineAdminNetworkPolicy default is already defined; names must be unique",
      ],
    );
  });

  it("unknown fields, with a suggestion, anywhere in the object", () => {
    const typo = {
      apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "AdminNetworkPolicy", metadata: { name: "typos" },
      spec: {
        priority: 1, subjcet: subject, subject,
        ingress: [{ name: "r", action: "Deny", form: [{ namespaces: {} }], from: [{ namespace: {} }] }],
        egress: [{ action: "Deny", to: [{ pods: { namespaceSelector: {}, podSelecter: {} } }], ports: [{ portNumber: { port: 80, protocl: "TCP" } }] }],
      },
    };
    assert.deepEqual(problems([...CLUSTER, typo]), [
      'AdminNetworkPolicy typos: spec.subjcet: unknown field "subjcet" (did you mean "subject"?)',
      'AdminNetworkPolicy typos: spec.ingress[0].form: unknown field "form" (did you mean "from"?)',
      'AdminNetworkPolicy typos: spec.ingress[0].from[0].namespace: unknown field "namespace" (did you mean "namespaces"?)',
      "AdminNetworkPolicy typos: spec.ingress[0].from[0]: exactly one of namespaces, pods must be set, found none",
      'AdminNetworkPolicy typos: spec.egress[0].to[0].pods.podSelecter: unknown field "podSelecter" (did you mean "podSelector"?)',
      "AdminNetworkPolicy typos: spec.egress[0].to[0].pods.podSelector: is required (use {} to select every pod)",
      'AdminNetworkPolicy typos: spec.egress[0].ports[0].portNumber.protocl: unknown field "protocl" (did you mean "protocol"?)',
    ]);
  });

  it("peers and ports: ingress peers have no networks, exactly one field each, valid ports, CIDRs and ranges", () => {
    const policy = anp("ports", 1, subject, {
      ingress: [
        { name: "nets-in", action: "Deny", from: [{ networks: ["10.0.0.0/8"] }] },
        { name: "empty-from", action: "Deny", from: [] },
      ],
      egress: [
        egressRule("bad-ports", "Allow", [{ namespaces: {} }], [{ portNumber: { port: 0 } }, { portNumber: { port: 80, protocol: "tcp" } }, { namedPort: "HTTP" }, { portRange: { start: 90, end: 80 } }, {}, { portNumber: { port: 1 }, namedPort: "web" }]),
        egressRule("bad-cidr", "Deny", [{ networks: ["10.0.0.300/8", "10.0.0.0"] }, { namespaces: {}, networks: ["10.0.0.0/8"] }]),
        egressRule("named-to-networks", "Allow", [{ networks: ["10.0.0.0/8"] }], [{ namedPort: "web" }]),
        egressRule("no-ports", "Allow", [{ namespaces: {} }], []),
      ],
    });
    assert.deepEqual(problems([...CLUSTER, policy]), [
      'AdminNetworkPolicy ports: spec.ingress[0].from[0].networks: unknown field "networks" (known fields: namespaces, pods)',
      "AdminNetworkPolicy ports: spec.ingress[0].from[0]: exactly one of namespaces, pods must be set, found none",
      'AdminNetworkPolicy ports: spec.ingress[1].from: is required and must list at least one peer (an empty from is not "everything" here)',
      "AdminNetworkPolicy ports: spec.egress[0].ports[0].portNumber.port: 0 is out of range (expected an integer from 1 to 65535)",
      'AdminNetworkPolicy ports: spec.egress[0].ports[1].portNumber.protocol: unknown protocol "tcp" (expected TCP, UDP or SCTP)',
      "AdminNetworkPolicy ports: spec.egress[0].ports[2].namedPort: port name \"HTTP\" is not valid (expected 1-15 lowercase letters, digits or '-', with at least one letter; or a port number)",
      "AdminNetworkPolicy ports: spec.egress[0].ports[3].portRange.end: 80 is below start 90 (the range is start-end, inclusive)",
      "AdminNetworkPolicy ports: spec.egress[0].ports[4]: exactly one of namedPort, portNumber, portRange must be set, found none",
      "AdminNetworkPolicy ports: spec.egress[0].ports[5]: exactly one of namedPort, portNumber, portRange must be set, found namedPort and portNumber",
      'AdminNetworkPolicy ports: spec.egress[1].to[0].networks[0]: "10.0.0.300/8" is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/8)',
      'AdminNetworkPolicy ports: spec.egress[1].to[0].networks[1]: "10.0.0.0" is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/8)',
      "AdminNetworkPolicy ports: spec.egress[1].to[1]: exactly one of domainNames, namespaces, networks, nodes, pods must be set, found namespaces and networks",
      "AdminNetworkPolicy ports: spec.egress[2].ports: a namedPort cannot be used with a networks peer (there are no named ports on those)",
      "AdminNetworkPolicy ports: spec.egress[3].ports: must list at least one port when present (leave it out to match every port)",
    ]);
  });

  it("values of the wrong shape, lists over their maximum, names too long, a missing spec", () => {
    const many = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);
    const wrongShapes = anp("shapes", 1, subject, {
      ingress: [
        "allow-all",
        { name: 7, action: "Allow", from: [{ pods: "x" }, { namespaces: {} }], ports: ["80", { portNumber: 80 }, { portRange: "1-2" }, { namedPort: 8080 }] },
        { name: "x".repeat(101), action: "Deny", from: "everyone" },
      ] as never,
    });
    assert.deepEqual(problems([...CLUSTER, wrongShapes]), [
      'AdminNetworkPolicy shapes: spec.ingress[0]: expected a mapping, got "allow-all"',
      "AdminNetworkPolicy shapes: spec.ingress[1].name: 7 is not a string (expected a name of at most 100 characters)",
      'AdminNetworkPolicy shapes: spec.ingress[1].from[0].pods: expected a mapping, got "x"',
      'AdminNetworkPolicy shapes: spec.ingress[1].ports[0]: expected a mapping, got "80"',
      "AdminNetworkPolicy shapes: spec.ingress[1].ports[1].portNumber: expected a mapping, got 80",
      'AdminNetworkPolicy shapes: spec.ingress[1].ports[2].portRange: expected a mapping, got "1-2"',
      "AdminNetworkPolicy shapes: spec.ingress[1].ports[3].namedPort: port name 8080 is not valid (expected 1-15 lowercase letters, digits or '-', with at least one letter; or a port number)",
      "AdminNetworkPolicy shapes: spec.ingress[2].name: is 101 characters long (expected a name of at most 100 characters)",
      'AdminNetworkPolicy shapes: spec.ingress[2].from: expected a list, got "everyone"',
      'AdminNetworkPolicy shapes: spec.ingress[2].from: is required and must list at least one peer (an empty from is not "everything" here)',
    ]);
    const peer = { namespaces: {} };
    const tooMany = anp("too-many", 1, subject, {
      ingress: many(101, ingressRule("r", "Allow", [peer])),
      egress: [egressRule("peers", "Allow", many(101, peer), many(101, portNumber(80))), egressRule("nets", "Deny", [{ networks: many(26, "10.0.0.0/8") }, { networks: [] }])],
    });
    assert.deepEqual(problems([...CLUSTER, tooMany]), [
      "AdminNetworkPolicy too-many: spec.ingress: has 101 rules; at most 100 are allowed",
      "AdminNetworkPolicy too-many: spec.egress[0].to: has 101 peers; at most 100 are allowed",
      "AdminNetworkPolicy too-many: spec.egress[0].ports: has 101 ports; at most 100 are allowed",
      "AdminNetworkPolicy too-many: spec.egress[1].to[0].networks: has 26 CIDRs; at most 25 are allowed",
      "AdminNetworkPolicy too-many: spec.egress[1].to[1].networks: must list at least one CIDR",
    ]);
    const atLimit = anp("at-limit", 1000, subject, { ingress: many(100, ingressRule("x".repeat(100), "Allow", many(100, peer), many(100, portNumber(80)))), egress: [egressRule("nets", "Deny", [{ networks: many(25, "10.0.0.0/8") }])] });
    assert.deepEqual(problems([...CLUSTER, atLimit, anp("lowest", 0, subject, {})]), []);
    const bare = (kind: string, extra: object) => ({ apiVersion: "policy.networking.k8s.io/v1alpha1", kind, metadata: { name: "default", lables: {} }, ...extra });
    assert.deepEqual(problems([...CLUSTER, bare("AdminNetworkPolicy", { sepc: {} }), bare("BaselineAdminNetworkPolicy", { spec: { subject: "all", priority: 1 } })]), [
      'AdminNetworkPolicy default: sepc: unknown field "sepc" (did you mean "spec"?)',
      'AdminNetworkPolicy default: metadata.lables: unknown field "lables" (did you mean "labels"?)',
      "AdminNetworkPolicy default: spec: is required",
      'BaselineAdminNetworkPolicy default: metadata.lables: unknown field "lables" (did you mean "labels"?)',
      'BaselineAdminNetworkPolicy default: spec.priority: unknown field "priority" (known fields: egress, ingress, subject)',
      'BaselineAdminNetworkPolicy default: spec.subject: expected a mapping, got "all"',
      "BaselineAdminNetworkPolicy default: spec.subject: is required (exactly one of namespaces, pods)",
    ]);
  });

  it("null rules, peers and ports are errors naming the field (the API server rejects them), not dropped", () => {
    const nulls = anp("nulls", 1, subject, {
      ingress: [{ action: "Deny", from: [null, { namespaces: {} }], ports: [null, portNumber(80)] }, null],
      egress: [{ action: "Allow", to: [{ namespaces: {} }, null] }],
    } as never);
    assert.deepEqual(problems([...CLUSTER, nulls]), [
      "AdminNetworkPolicy nulls: spec.ingress[0].from[0]: expected a mapping, got null",
      "AdminNetworkPolicy nulls: spec.ingress[0].ports[0]: expected a mapping, got null",
      "AdminNetworkPolicy nulls: spec.ingress[1]: expected a mapping, got null",
      "AdminNetworkPolicy nulls: spec.egress[0].to[1]: expected a mapping, got null",
    ]);
    assert.deepEqual(problems([...CLUSTER, gnp("null-rule", { ingress: [{ action: "Allow" }, null], egress: [null] })]), [
      "GlobalNetworkPolicy null-rule: spec.ingress[1]: expected a mapping, got null",
      "GlobalNetworkPolicy null-rule: spec.egress[0]: expected a mapping, got null",
    ]);
  });

  it("null fields count as absent; status is read-only and accepted; an empty rule name is no name", () => {
    const policy = {
      ...anp("nulls", 1, { namespaces: null, pods: { namespaceSelector: {}, podSelector: {} } }, {
        ingress: [{ name: "", action: "Deny", from: [{ namespaces: null, pods: { namespaceSelector: { matchLabels: { "conformance-house": "slytherin" } }, podSelector: {} } }], ports: null }],
      }),
      status: { conditions: [] },
    };
    assert.equal(verdict([...CLUSTER, policy]), "denied (egress: not isolated; ingress: denied by tier adminnetworkpolicy: AdminNetworkPolicy nulls rule 0 (Deny))");
  });

  it("a namedPort cannot go with nodes or domainNames peers either; domainNames are warned about", () => {
    assert.deepEqual(problems([...CLUSTER, anp("named", 1, subject, { egress: [egressRule("n", "Allow", [{ nodes: {} }], [{ namedPort: "web" }]), egressRule("d", "Allow", [{ domainNames: ["example.com", 5] }], [{ namedPort: "web" }])] })]), [
      "AdminNetworkPolicy named: spec.egress[0].ports: a namedPort cannot be used with a nodes peer (there are no named ports on those)",
      "AdminNetworkPolicy named: spec.egress[1].to[0].domainNames[1]: expected a domain name, got 5",
      "AdminNetworkPolicy named: spec.egress[1].ports: a namedPort cannot be used with a domainNames peer (there are no named ports on those)",
    ]);
    const model = buildModel([...CLUSTER, anp("domains", 1, subject, { egress: [egressRule("d", "Allow", [{ domainNames: ["example.com"] }])] })]);
    assert.match(model.warnings?.join("\n") ?? "", /AdminNetworkPolicy domains: spec.egress\[0\].to\[0\].domainNames: domain names are outside the model: the peer is evaluated as matching nothing/);
    assert.equal(verdict([...CLUSTER, anp("domains", 1, subject, { egress: [egressRule("d", "Deny", [{ domainNames: ["example.com"] }])] })], GRYFFINDOR, SLYTHERIN), "allowed (egress: allowed: passed by tier adminnetworkpolicy, then the namespace profile allows; ingress: not isolated)");
  });

  it("port ranges: start equal to end is one port; BANP ports and peers are read as ANP's", () => {
    const policy = banp(subject, { ingress: [ingressRule("one", "Deny", [{ pods: { namespaceSelector: {}, podSelector: {} } }], [{ portRange: { start: 81, end: 81, protocol: "UDP" } }])] });
    assert.match(verdict([...CLUSTER, policy], SLYTHERIN, GRYFFINDOR, 81, "UDP"), /^denied .*BaselineAdminNetworkPolicy default rule 0 "one"/);
    assert.match(verdict([...CLUSTER, policy], SLYTHERIN, GRYFFINDOR, 82, "UDP"), /^allowed/);
    assert.match(verdict([...CLUSTER, policy], SLYTHERIN, GRYFFINDOR, 81, "TCP"), /^allowed/);
    assert.deepEqual(problems([...CLUSTER, banp(subject, { egress: [egressRule("d", "Allow", [{ domainNames: ["example.com"] }])] })]), [
      'BaselineAdminNetworkPolicy default: spec.egress[0].to[0].domainNames: unknown field "domainNames" (known fields: namespaces, networks, nodes, pods)',
      "BaselineAdminNetworkPolicy default: spec.egress[0].to[0]: exactly one of namespaces, networks, nodes, pods must be set, found none",
    ]);
  });

  it("equal priorities: one warning per priority, naming every policy; a BANP has none", () => {
    const same = (name: string, priority: number) => anp(name, priority, subject, { ingress: [ingressRule("r", "Allow", [{ namespaces: {} }])] });
    const warnings = buildModel([...CLUSTER, same("c", 3), same("a", 3), same("b", 3), same("d", 4), banp(subject, { ingress: [ingressRule("r", "Deny", [{ namespaces: {} }])] })]).warnings ?? [];
    assert.deepEqual(warnings.map((w) => w.replace(/^[^:]*: /, "")), [
      "AdminNetworkPolicy b: spec.priority: 3 is also the priority of AdminNetworkPolicy a, c: upstream leaves the order of equal priorities undefined; evaluated by name (a, b, c)",
    ]);
  });

  it("the networks warning names at most three pods, and rules without a name by index", () => {
    const workload = (name: string) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { namespace: namespaceOf("slytherin"), name }, spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "i" }] } } } });
    const policy = anp("nets", 1, subject, { egress: [{ action: "Deny", to: [{ networks: ["10.0.0.0/8"] }] }] });
    const warnings = buildModel([...CLUSTER, ...["w1", "w2", "w3", "w4"].map(workload), policy]).warnings ?? [];
    assert.deepEqual(warnings, [
      "AdminNetworkPolicy nets: spec.egress[0]: networks 10.0.0.0/8: could cover pod IPs, but 4 pods/workloads have no known IP (network-policy-conformance-slytherin/w1, network-policy-conformance-slytherin/w2, network-policy-conformance-slytherin/w3, ...): " +
        "for them the block is outside the model (matched against external addresses and known pod IPs only)",
    ]);
  });

  it("Calico rule nets and admin networks both split the external atoms", () => {
    const calico = gnp("nets", { selector: "all()", types: ["Egress"], egress: [{ action: "Deny", destination: { nets: ["198.51.100.0/24"], notNets: ["198.51.100.0/25"] } }] });
    const admin = anp("nets", 1, subject, { egress: [egressRule("n", "Deny", [{ networks: ["203.0.113.0/24"] }])] });
    assert.deepEqual(buildModel([...CLUSTER, calico, admin]).externals.map((e) => e.id), [
      "0.0.0.0/0 except 198.51.100.0/24,203.0.113.0/24", "198.51.100.0/24 except 198.51.100.0/25", "198.51.100.0/25", "203.0.113.0/24",
    ]);
  });

  it("diff between input without and with admin policies", () => {
    const diff = diffObjects(CLUSTER, [...CLUSTER, denySlytherin]);
    assert.equal(diff.changes.length, 4);
    assert.ok(diff.changes.every((c) => c.from.includes("slytherin") && c.to.includes("gryffindor") && c.after.isEmpty()));
  });

  it("an admin object of another apiVersion stays an unmodelled kind (warned about by the CLI), not an error", () => {
    const v2 = { ...denySlytherin, apiVersion: "policy.networking.k8s.io/v1alpha2" };
    assert.equal(buildModel([...CLUSTER, v2]).calico, undefined);
  });
});
