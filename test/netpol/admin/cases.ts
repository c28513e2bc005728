/**
 * Conformance cases for AdminNetworkPolicy and BaselineAdminNetworkPolicy, from the
 * network-policy-api conformance suite (kubernetes-sigs/network-policy-api, release v0.1.7, the
 * last with the v1alpha1 API): each case names its test file (`source`) and subtest (`mirrors`);
 * the policies are those of the file's `conformance/base/...` manifest, re-expressed with the
 * helpers of cluster.ts, with upstream's mutations applied in order (each subtest sees the state
 * the earlier ones left); each poke is one of upstream's `PokeServer` calls with its expectation.
 * Cases marked `api:` come from the API types' documentation instead, where no conformance test
 * covers a behaviour (named below). No upstream code is copied.
 */
import {
  anp, banp, egressRule, housePods, houseNamespaces, ingressRule, namedPort, namespaceNamed, networkPolicy, namespaceOf, podIp,
  portNumber, portRange, swapRules, withSpec,
} from "./cluster";

/** [from, to, "port/PROTOCOL", expected allowed], endpoints as "house/pod". */
export type Poke = readonly [string, string, string, boolean];

export interface AdminCase {
  readonly id: string;
  /** The upstream file (network-policy-api v0.1.7) or API type the case comes from. */
  readonly source: string;
  /** The subtest title (t.Run) or the documentation sentence. */
  readonly mirrors: string;
  readonly policies: readonly object[];
  readonly pokes: readonly Poke[];
}

const V = "network-policy-api v0.1.7";
const P3 = (tcp: number, udp: number, sctp: number) => [portNumber(tcp, "TCP"), portNumber(udp, "UDP"), portNumber(sctp, "SCTP")];

// ---- conformance/base/admin_network_policy/standard-gress-rules-combined.yaml -------------------
const gressRules = anp("gress-rules", 15, namespaceNamed("gryffindor"), {
  egress: [
    egressRule("allow-to-ravenclaw-everything", "Allow", [namespaceNamed("ravenclaw")]),
    egressRule("deny-to-ravenclaw-everything", "Deny", [namespaceNamed("ravenclaw")]),
    egressRule("pass-to-ravenclaw-everything", "Pass", [namespaceNamed("ravenclaw")]),
    egressRule("deny-to-slytherin-at-ports-80-53-9003", "Deny", [namespaceNamed("slytherin")], P3(80, 53, 9003)),
    egressRule("pass-to-slytherin-at-port-80-53-9003", "Pass", [namespaceNamed("slytherin")], P3(80, 53, 9003)),
    egressRule("allow-to-hufflepuff-at-ports-8080-5353-9003", "Allow", [namespaceNamed("hufflepuff")], P3(8080, 5353, 9003)),
    egressRule("deny-to-hufflepuff-everything-else", "Deny", [namespaceNamed("hufflepuff")]),
  ],
  ingress: [
    ingressRule("allow-from-ravenclaw-everything", "Allow", [namespaceNamed("ravenclaw")]),
    ingressRule("deny-from-ravenclaw-everything", "Deny", [namespaceNamed("ravenclaw")]),
    ingressRule("pass-from-ravenclaw-everything", "Pass", [namespaceNamed("ravenclaw")]),
    ingressRule("deny-from-slytherin-at-port-80-53-9003", "Deny", [namespaceNamed("slytherin")], P3(80, 53, 9003)),
    ingressRule("pass-from-slytherin-at-port-80-53-9003", "Pass", [namespaceNamed("slytherin")], P3(80, 53, 9003)),
    ingressRule("allow-from-hufflepuff-at-port-80-5353-9003", "Allow", [namespaceNamed("hufflepuff")], P3(80, 5353, 9003)),
    ingressRule("deny-from-hufflepuff-everything-else", "Deny", [namespaceNamed("hufflepuff")]),
  ],
});
const swap = (p: ReturnType<typeof anp>, i: number, j: number) => swapRules(swapRules(p, "egress", i, j), "ingress", i, j);
const gressDeny = swap(gressRules, 0, 1);
const gressPass = swap(gressDeny, 0, 2);
const gressPassPorts = swap(gressPass, 3, 4);

/** The pokes every "gress" test of ANP and BANP shares (same servers, ports and expectations). */
const ALLOW_GRESS: Poke[] = [
  ["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-0", "80/TCP", true],
  ["gryffindor/harry-potter-1", "ravenclaw/luna-lovegood-0", "53/UDP", true],
  ["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-0", "9003/SCTP", true],
  ["ravenclaw/luna-lovegood-0", "gryffindor/harry-potter-0", "80/TCP", true],
  ["ravenclaw/luna-lovegood-1", "gryffindor/harry-potter-0", "53/UDP", true],
  ["ravenclaw/luna-lovegood-1", "gryffindor/harry-potter-0", "9003/SCTP", true],
];
const ALLOW_GRESS_PORTS: Poke[] = [
  ["gryffindor/harry-potter-0", "hufflepuff/cedric-diggory-1", "8080/TCP", true],
  ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-1", "80/TCP", false],
  ["gryffindor/harry-potter-0", "hufflepuff/cedric-diggory-1", "5353/UDP", true],
  ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-1", "53/UDP", false],
  ["gryffindor/harry-potter-0", "hufflepuff/cedric-diggory-1", "9003/SCTP", true],
  ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-1", "9005/SCTP", false],
  ["hufflepuff/cedric-diggory-0", "gryffindor/harry-potter-1", "80/TCP", true],
  ["hufflepuff/cedric-diggory-1", "gryffindor/harry-potter-1", "8080/TCP", false],
  ["hufflepuff/cedric-diggory-0", "gryffindor/harry-potter-1", "5353/UDP", true],
  ["hufflepuff/cedric-diggory-1", "gryffindor/harry-potter-1", "53/UDP", false],
  ["hufflepuff/cedric-diggory-0", "gryffindor/harry-potter-1", "9003/SCTP", true],
  ["hufflepuff/cedric-diggory-1", "gryffindor/harry-potter-1", "9005/SCTP", false],
];
const DENY_GRESS: Poke[] = [
  ["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-1", "80/TCP", false],
  ["gryffindor/harry-potter-1", "ravenclaw/luna-lovegood-1", "53/UDP", false],
  ["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-1", "9003/SCTP", false],
  ["ravenclaw/luna-lovegood-0", "gryffindor/harry-potter-1", "80/TCP", false],
  ["ravenclaw/luna-lovegood-1", "gryffindor/harry-potter-1", "53/UDP", false],
  ["ravenclaw/luna-lovegood-1", "gryffindor/harry-potter-1", "9003/SCTP", false],
];
const slytherinPorts = (denied: boolean): Poke[] => [
  ["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "80/TCP", !denied],
  ["gryffindor/harry-potter-1", "slytherin/draco-malfoy-0", "8080/TCP", true],
  ["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "53/UDP", !denied],
  ["gryffindor/harry-potter-1", "slytherin/draco-malfoy-0", "5353/UDP", true],
  ["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "9003/SCTP", !denied],
  ["gryffindor/harry-potter-1", "slytherin/draco-malfoy-0", "9005/SCTP", true],
  ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "80/TCP", !denied],
  ["slytherin/draco-malfoy-1", "gryffindor/harry-potter-0", "8080/TCP", true],
  ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "53/UDP", !denied],
  ["slytherin/draco-malfoy-1", "gryffindor/harry-potter-0", "5353/UDP", true],
  ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "9003/SCTP", !denied],
  ["slytherin/draco-malfoy-1", "gryffindor/harry-potter-0", "9005/SCTP", true],
];

const ANP_GRESS = `${V} conformance/tests/admin-network-policy-standard-gress-rules.go`;
const anpGress: AdminCase[] = [
  { id: "anp-gress-allow", source: ANP_GRESS, mirrors: "Should support an 'allow-gress' policy across different protocols", policies: [gressRules], pokes: ALLOW_GRESS },
  { id: "anp-gress-allow-ports", source: ANP_GRESS, mirrors: "... 'allow-gress' policy across different protocols at the specified ports", policies: [gressRules], pokes: ALLOW_GRESS_PORTS },
  { id: "anp-gress-deny", source: ANP_GRESS, mirrors: "Should support an 'deny-gress' policy across different protocols (rules 0 and 1 swapped)", policies: [gressDeny], pokes: DENY_GRESS },
  { id: "anp-gress-deny-ports", source: ANP_GRESS, mirrors: "Should support a 'deny-gress' policy across different protocols at the specified ports", policies: [gressDeny], pokes: slytherinPorts(true) },
  {
    id: "anp-gress-pass",
    source: ANP_GRESS,
    mirrors: "Should support an 'pass-gress' policy across different protocols (then rules 0 and 2 swapped): no NetworkPolicy, so allowed",
    policies: [gressPass],
    pokes: [
      ["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-0", "80/TCP", true],
      ["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-0", "5353/UDP", true],
      ["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-0", "9003/SCTP", true],
      ["ravenclaw/luna-lovegood-0", "gryffindor/harry-potter-0", "80/TCP", true],
      ["ravenclaw/luna-lovegood-1", "gryffindor/harry-potter-0", "53/UDP", true],
      ["ravenclaw/luna-lovegood-1", "gryffindor/harry-potter-0", "9003/SCTP", true],
    ],
  },
  { id: "anp-gress-pass-ports", source: ANP_GRESS, mirrors: "Should support a 'pass-gress' policy ... at the specified ports (then rules 3 and 4 swapped)", policies: [gressPassPorts], pokes: slytherinPorts(false) },
];

// ---- conformance/base/baseline_admin_network_policy/standard-gress-rules-combined.yaml ----------
const baselineGress = banp(namespaceNamed("gryffindor"), {
  egress: [
    egressRule("allow-to-ravenclaw-everything", "Allow", [namespaceNamed("ravenclaw")]),
    egressRule("deny-to-ravenclaw-everything", "Deny", [namespaceNamed("ravenclaw")]),
    egressRule("deny-to-slytherin-at-ports-80-53-9003", "Deny", [namespaceNamed("slytherin")], P3(80, 53, 9003)),
    egressRule("allow-to-hufflepuff-at-ports-8080-5353", "Allow", [namespaceNamed("hufflepuff")], P3(8080, 5353, 9003)),
    egressRule("deny-to-hufflepuff-everything-else", "Deny", [namespaceNamed("hufflepuff")]),
  ],
  ingress: [
    ingressRule("allow-from-ravenclaw-everything", "Allow", [namespaceNamed("ravenclaw")]),
    ingressRule("deny-from-ravenclaw-everything", "Deny", [namespaceNamed("ravenclaw")]),
    ingressRule("deny-from-slytherin-at-port-80-53-9003", "Deny", [namespaceNamed("slytherin")], P3(80, 53, 9003)),
    ingressRule("allow-from-hufflepuff-at-port-80-5353-9003", "Allow", [namespaceNamed("hufflepuff")], P3(80, 5353, 9003)),
    ingressRule("deny-from-hufflepuff-everything-else", "Deny", [namespaceNamed("hufflepuff")]),
  ],
});
const baselineGressDeny = swap(baselineGress, 0, 1);
const BANP_GRESS = `${V} conformance/tests/baseline-admin-network-policy-standard-gress-rules.go`;
const banpGress: AdminCase[] = [
  { id: "banp-gress-allow", source: BANP_GRESS, mirrors: "Should support an 'allow-gress' policy across different protocols", policies: [baselineGress], pokes: ALLOW_GRESS },
  { id: "banp-gress-allow-ports", source: BANP_GRESS, mirrors: "... 'allow-gress' policy across different protocols at the specified ports", policies: [baselineGress], pokes: ALLOW_GRESS_PORTS },
  { id: "banp-gress-deny", source: BANP_GRESS, mirrors: "Should support an 'deny-gress' policy across different protocols (rules 0 and 1 swapped)", policies: [baselineGressDeny], pokes: DENY_GRESS },
  { id: "banp-gress-deny-ports", source: BANP_GRESS, mirrors: "Should support a 'deny-gress' policy across different protocols at the specified ports", policies: [baselineGressDeny], pokes: slytherinPorts(true) },
];

// ---- conformance/base/admin_network_policy/standard-priority-field.yaml -------------------------
const denyPods = (rules: "Deny" | "Pass") =>
  ({
    ingress: [ingressRule(`${rules.toLowerCase()}-all-ingress-from-slytherin`, rules, [housePods("slytherin")])],
    egress: [egressRule(`${rules.toLowerCase()}-all-egress-to-slytherin`, rules, [housePods("slytherin")])],
  });
const priority50 = anp("priority-50-example", 50, housePods("gryffindor"), denyPods("Deny"));
const priority60 = anp("old-priority-60-new-priority-40-example", 60, housePods("gryffindor"), denyPods("Pass"));
const allowSlytherinBaseline = banp(housePods("gryffindor"), {
  ingress: [ingressRule("allow-all-ingress-from-slytherin", "Allow", [housePods("slytherin")])],
  egress: [egressRule("allow-all-egress-to-slytherin", "Allow", [housePods("slytherin")])],
});
const PRIORITY = `${V} conformance/tests/admin-network-policy-standard-priority.go`;
const SLYTHERIN_GRYFFINDOR = (allowed: boolean): Poke[] => [
  ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "80/TCP", allowed],
  ["slytherin/draco-malfoy-1", "gryffindor/harry-potter-0", "8080/TCP", allowed],
  ["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "80/TCP", allowed],
  ["gryffindor/harry-potter-1", "slytherin/draco-malfoy-0", "8080/TCP", allowed],
];
const priority: AdminCase[] = [
  { id: "anp-priority-deny-first", source: PRIORITY, mirrors: "Should Deny traffic from/to slytherin to/from gryffindor respecting ANP (priority 50 Deny before priority 60 Pass)", policies: [priority50, priority60, allowSlytherinBaseline], pokes: SLYTHERIN_GRYFFINDOR(false) },
  {
    id: "anp-priority-pass-first",
    source: PRIORITY,
    mirrors: "Should respect ANP priority field; thus passing both ingress and egress traffic over to BANP (priority 60 -> 40)",
    policies: [priority50, withSpec(priority60, { priority: 40 }), allowSlytherinBaseline],
    pokes: SLYTHERIN_GRYFFINDOR(true),
  },
];

// ---- conformance/base/api_integration/standard-anp-np-banp.yaml ---------------------------------
const passExample = (ingress: "Deny" | "Pass", egress: "Deny" | "Pass") =>
  anp("pass-example", 10, houseNamespaces("gryffindor"), {
    ingress: [ingressRule("deny-all-ingress-from-slytherin", ingress, [houseNamespaces("slytherin")])],
    egress: [egressRule("deny-all-egress-to-slytherin", egress, [houseNamespaces("slytherin")])],
  });
const allowSlytherinNp = networkPolicy(namespaceOf("gryffindor"), "allow-gress-from-to-slytherin-to-gryffindor", {
  podSelector: {},
  policyTypes: ["Ingress", "Egress"],
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { "conformance-house": "slytherin" } } }] }],
  egress: [{ to: [{ namespaceSelector: { matchLabels: { "conformance-house": "slytherin" } } }] }],
});
const denySlytherinBaseline = banp(houseNamespaces("gryffindor"), {
  ingress: [ingressRule("deny-all-ingress-from-slytherin", "Deny", [houseNamespaces("slytherin")])],
  egress: [egressRule("deny-all-egress-to-slytherin", "Deny", [houseNamespaces("slytherin")])],
});
const INTEGRATION = `${V} conformance/tests/admin-network-policy-standard-integration.go`;
const INGRESS_FROM_SLYTHERIN = (allowed: boolean): Poke[] => [
  ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "80/TCP", allowed],
  ["slytherin/draco-malfoy-1", "gryffindor/harry-potter-0", "8080/TCP", allowed],
];
const EGRESS_TO_SLYTHERIN = (allowed: boolean): Poke[] => [
  ["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "80/TCP", allowed],
  ["gryffindor/harry-potter-1", "slytherin/draco-malfoy-0", "8080/TCP", allowed],
];
const integration: AdminCase[] = [
  { id: "anp-deny-overrides-np-allow", source: INTEGRATION, mirrors: "Should Deny traffic from/to slytherin to/from gryffindor respecting ANP (the NetworkPolicy allows it)", policies: [passExample("Deny", "Deny"), allowSlytherinNp, denySlytherinBaseline], pokes: SLYTHERIN_GRYFFINDOR(false) },
  { id: "anp-pass-ingress-to-np", source: INTEGRATION, mirrors: "Should support a 'pass-ingress' policy for ANP and respect the match for network policy", policies: [passExample("Pass", "Deny"), allowSlytherinNp, denySlytherinBaseline], pokes: [...INGRESS_FROM_SLYTHERIN(true), ...EGRESS_TO_SLYTHERIN(false)] },
  { id: "anp-pass-egress-to-np", source: INTEGRATION, mirrors: "Should support a 'pass-egress' policy for ANP and respect the match for network policy", policies: [passExample("Pass", "Pass"), allowSlytherinNp, denySlytherinBaseline], pokes: [...INGRESS_FROM_SLYTHERIN(true), ...EGRESS_TO_SLYTHERIN(true)] },
  { id: "anp-pass-ingress-to-banp", source: INTEGRATION, mirrors: "Should support a 'pass-ingress' policy for ANP and respect the match for baseline admin network policy (NetworkPolicy deleted)", policies: [passExample("Pass", "Pass"), denySlytherinBaseline], pokes: INGRESS_FROM_SLYTHERIN(false) },
  { id: "anp-pass-egress-to-banp", source: INTEGRATION, mirrors: "Should support a 'pass-egress' policy for ANP and respect the match for baseline admin network policy", policies: [passExample("Pass", "Pass"), denySlytherinBaseline], pokes: EGRESS_TO_SLYTHERIN(false) },
];

// ---- conformance/base/admin_network_policy/standard-egress-tcp-rules.yaml (+ named port) ---------
const egressTcp = anp("egress-tcp", 6, namespaceNamed("gryffindor"), {
  egress: [
    egressRule("allow-to-ravenclaw-everything", "Allow", [namespaceNamed("ravenclaw")]),
    egressRule("deny-to-ravenclaw-everything", "Deny", [namespaceNamed("ravenclaw")]),
    egressRule("pass-to-ravenclaw-everything", "Pass", [namespaceNamed("ravenclaw")]),
    egressRule("deny-to-slytherin-at-port-80", "Deny", [namespaceNamed("slytherin")], [{ portNumber: { port: 80 } }]), // protocol defaults to TCP
    egressRule("pass-to-slytherin-at-port-80", "Pass", [namespaceNamed("slytherin")], [{ portNumber: { port: 80 } }]),
    egressRule("allow-to-hufflepuff-at-port-8080", "Allow", [namespaceNamed("hufflepuff")], [{ portNumber: { port: 8080 } }]),
    egressRule("deny-to-hufflepuff-everything-else", "Deny", [namespaceNamed("hufflepuff")]),
  ],
});
const EGRESS_TCP = `${V} conformance/tests/admin-network-policy-standard-egress-tcp-rules.go`;
const tcpDeny = swapRules(egressTcp, "egress", 0, 1);
const tcpPass = swapRules(tcpDeny, "egress", 0, 2);
const tcpPassPorts = swapRules(tcpPass, "egress", 3, 4);
const egressTcpCases: AdminCase[] = [
  { id: "anp-egress-tcp-allow", source: EGRESS_TCP, mirrors: "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected", policies: [egressTcp], pokes: [["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-0", "80/TCP", true], ["gryffindor/harry-potter-1", "ravenclaw/luna-lovegood-0", "8080/TCP", true]] },
  { id: "anp-egress-tcp-allow-port", source: EGRESS_TCP, mirrors: "Should support an 'allow-egress' policy for TCP protocol at the specified port", policies: [egressTcp], pokes: [["gryffindor/harry-potter-0", "hufflepuff/cedric-diggory-1", "8080/TCP", true], ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-1", "80/TCP", false]] },
  { id: "anp-egress-tcp-deny", source: EGRESS_TCP, mirrors: "Should support an 'deny-egress' policy for TCP protocol; ensure rule ordering is respected", policies: [tcpDeny], pokes: [["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-1", "80/TCP", false], ["gryffindor/harry-potter-1", "ravenclaw/luna-lovegood-1", "8080/TCP", false]] },
  { id: "anp-egress-tcp-deny-port", source: EGRESS_TCP, mirrors: "Should support a 'deny-egress' policy for TCP protocol at the specified port", policies: [tcpDeny], pokes: [["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "80/TCP", false], ["gryffindor/harry-potter-1", "slytherin/draco-malfoy-0", "8080/TCP", true]] },
  { id: "anp-egress-tcp-pass", source: EGRESS_TCP, mirrors: "Should support an 'pass-egress' policy for TCP protocol; ensure rule ordering is respected", policies: [tcpPass], pokes: [["gryffindor/harry-potter-0", "ravenclaw/luna-lovegood-0", "80/TCP", true], ["gryffindor/harry-potter-1", "ravenclaw/luna-lovegood-0", "8080/TCP", true]] },
  { id: "anp-egress-tcp-pass-port", source: EGRESS_TCP, mirrors: "Should support a 'pass-egress' policy for TCP protocol at the specified port", policies: [tcpPassPorts], pokes: [["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "80/TCP", true], ["gryffindor/harry-potter-1", "slytherin/draco-malfoy-0", "8080/TCP", true]] },
  {
    id: "anp-egress-named-port",
    source: `${V} conformance/tests/admin-network-policy-experimental-egress-rules.go`,
    mirrors: "AdminNetworkPolicyEgressNamedPort: Should support an 'allow-egress' policy for named port (rule 5 on namedPort web = TCP 80)",
    policies: [{ ...egressTcp, spec: { ...egressTcp.spec, egress: egressTcp.spec.egress.map((rule: Record<string, unknown>, i: number) => (i === 5 ? { ...rule, ports: [namedPort("web")] } : rule)) } }],
    pokes: [["gryffindor/harry-potter-0", "hufflepuff/cedric-diggory-1", "80/TCP", true], ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-1", "8080/TCP", false]],
  },
];

// ---- conformance/base/admin_network_policy/standard-ingress-udp-rules.yaml + named port ----------
const ingressUdp = anp("ingress-udp", 4, namespaceNamed("hufflepuff"), {
  ingress: [
    ingressRule("allow-from-ravenclaw-everything", "Allow", [namespaceNamed("ravenclaw")]),
    ingressRule("deny-from-ravenclaw-everything", "Deny", [namespaceNamed("ravenclaw")]),
    ingressRule("pass-from-ravenclaw-everything", "Pass", [namespaceNamed("ravenclaw")]),
    ingressRule("deny-from-slytherin-at-port-5353", "Deny", [namespaceNamed("slytherin")], [portNumber(5353, "UDP")]),
    ingressRule("pass-from-slytherin-at-port-5353", "Pass", [namespaceNamed("slytherin")], [portNumber(5353, "UDP")]),
    ingressRule("allow-from-gryffindor-at-port-53", "Allow", [namespaceNamed("gryffindor")], [portNumber(53, "UDP")]),
    ingressRule("deny-from-gryffindor-everything-else", "Deny", [namespaceNamed("gryffindor")]),
  ],
});
const namedIngress: AdminCase[] = [
  {
    id: "anp-ingress-named-port",
    source: `${V} conformance/tests/admin-network-policy-experimental-ingress-rules.go`,
    mirrors: "AdminNetworkPolicyIngressNamedPort: Should support an 'allow-ingress' policy for named port (rule 5 on namedPort dns = UDP 53)",
    policies: [{ ...ingressUdp, spec: { ...ingressUdp.spec, ingress: ingressUdp.spec.ingress.map((rule: Record<string, unknown>, i: number) => (i === 5 ? { ...rule, ports: [namedPort("dns")] } : rule)) } }],
    pokes: [["gryffindor/harry-potter-0", "hufflepuff/cedric-diggory-1", "53/UDP", true], ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-1", "5353/UDP", false]],
  },
];

// ---- conformance/base/{admin,baseline_admin}_network_policy/standard-egress-inline-cidr-rules.yaml --
const cidrRules = [
  egressRule("allow-egress-to-slytherin", "Allow", [housePods("slytherin")]),
  egressRule("deny-egress-to-internet", "Deny", [{ networks: ["0.0.0.0/0", "::/0"] }]),
];
const inlineCidr = anp("inline-cidr-as-peers-example", 85, housePods("gryffindor"), { egress: cidrRules });
const baselineCidr = banp(namespaceNamed("gryffindor"), { egress: cidrRules });
const podIps = egressRule("allow-egress-to-specific-podIPs", "Allow", [{ networks: [`${podIp("ravenclaw", 0)}/32`, `${podIp("hufflepuff", 0)}/32`] }]);
const prepend = (policy: Record<string, any>) => withSpec(policy, { egress: [podIps, ...policy.spec.egress] });
const CIDR_DENY: Poke[] = ["80/TCP", "53/UDP", "9003/SCTP"].flatMap((probe): Poke[] => [
  ["gryffindor/harry-potter-1", "ravenclaw/luna-lovegood-0", probe, false],
  ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-0", probe, false],
  ["gryffindor/harry-potter-1", "slytherin/draco-malfoy-0", probe, true],
]);
const CIDR_ALLOW: Poke[] = ["80/TCP", "53/UDP", "9003/SCTP"].flatMap((probe): Poke[] => [
  ["gryffindor/harry-potter-1", "ravenclaw/luna-lovegood-0", probe, true],
  ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-0", probe, true],
  ["gryffindor/harry-potter-1", "ravenclaw/luna-lovegood-1", probe, false],
  ["gryffindor/harry-potter-1", "hufflepuff/cedric-diggory-1", probe, false],
]);
const ANP_CIDR = `${V} conformance/tests/admin-network-policy-standard-egress-inline-cidr-rules.go`;
const BANP_CIDR = `${V} conformance/tests/baseline-admin-network-policy-standard-egress-inline-cidr-rules.go`;
const cidr: AdminCase[] = [
  { id: "anp-networks-deny", source: ANP_CIDR, mirrors: "Should support a 'deny-egress' rule policy for egress-cidr-peer (0.0.0.0/0 covers pod IPs)", policies: [inlineCidr], pokes: CIDR_DENY },
  { id: "anp-networks-allow", source: ANP_CIDR, mirrors: "Should support an 'allow-egress' rule policy for egress-cidr-peer (pod IPs /32 prepended)", policies: [prepend(inlineCidr)], pokes: CIDR_ALLOW },
  { id: "banp-networks-deny", source: BANP_CIDR, mirrors: "Should support a 'deny-egress' rule policy for egress-cidr-peer", policies: [baselineCidr], pokes: CIDR_DENY },
  { id: "banp-networks-allow", source: BANP_CIDR, mirrors: "Should support an 'allow-egress' rule policy for egress-cidr-peer", policies: [prepend(baselineCidr)], pokes: CIDR_ALLOW },
];

// ---- from the API types' documentation (no conformance test covers these) ----------------------
const API = "network-policy-api v0.1.7 apis/v1alpha1";
const npIsolatesGryffindor = networkPolicy(namespaceOf("gryffindor"), "only-from-ravenclaw", {
  podSelector: {},
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { "conformance-house": "ravenclaw" } } }] }],
});
const api: AdminCase[] = [
  {
    id: "anp-allow-overrides-np-deny",
    source: `${API}/adminnetworkpolicy_types.go`,
    mirrors: 'AdminNetworkPolicyRuleActionAllow: "allowed regardless of NetworkPolicy and BaselineAdminNetworkPolicy rules"',
    policies: [
      anp("allow-slytherin", 20, namespaceNamed("gryffindor"), { ingress: [ingressRule("allow-from-slytherin", "Allow", [namespaceNamed("slytherin")])] }),
      networkPolicy(namespaceOf("gryffindor"), "deny-all", { podSelector: {}, policyTypes: ["Ingress"] }),
    ],
    pokes: [
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "80/TCP", true],
      ["hufflepuff/cedric-diggory-0", "gryffindor/harry-potter-0", "80/TCP", false],
    ],
  },
  {
    id: "np-isolation-shadows-banp",
    source: `${API}/adminnetworkpolicy_types.go`,
    mirrors: 'Pass: "pass execution to any NetworkPolicies that select the pod. If the pod is not selected by any NetworkPolicies then execution is passed to any BaselineAdminNetworkPolicies"',
    policies: [npIsolatesGryffindor, allowSlytherinBaseline],
    pokes: [
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "80/TCP", false], // the NetworkPolicy selects the pod: its implicit deny, the BANP's Allow is never reached
      ["ravenclaw/luna-lovegood-0", "gryffindor/harry-potter-0", "80/TCP", true],
      ["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "80/TCP", true], // egress: no NetworkPolicy selects it; the BANP allows
    ],
  },
  {
    id: "banp-deny-without-np",
    source: `${API}/baselineadminnetworkpolicy_types.go`,
    mirrors: "BaselineAdminNetworkPolicySpec.Ingress: rules applied to the selected pods if they are not matched by any AdminNetworkPolicy or NetworkPolicy rules",
    policies: [banp(houseNamespaces("gryffindor"), { ingress: [ingressRule("deny-from-everyone", "Deny", [{ namespaces: {} }])] })],
    pokes: [
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "80/TCP", false],
      ["gryffindor/harry-potter-1", "gryffindor/harry-potter-0", "80/TCP", false],
      ["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "80/TCP", true],
    ],
  },
  {
    id: "anp-port-range",
    source: `${API}/shared_types.go`,
    mirrors: "PortRange: an inclusive range of ports from Start to End (protocol defaults to TCP)",
    policies: [anp("range", 1, housePods("gryffindor"), { ingress: [ingressRule("deny-8000-8090", "Deny", [{ namespaces: {} }], [portRange(8000, 8090), portRange(5000, 5400, "UDP")])] })],
    pokes: [
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "8080/TCP", false],
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "8000/TCP", false],
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "8090/TCP", false],
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "8091/TCP", true],
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "80/TCP", true],
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "8080/UDP", true],
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "5353/UDP", false],
    ],
  },
  {
    id: "anp-pods-subject",
    source: `${API}/shared_types.go`,
    mirrors: "AdminNetworkPolicySubject.Pods: pods selected by namespace AND pod selectors",
    policies: [
      anp("one-pod", 5, { pods: { namespaceSelector: {}, podSelector: { matchLabels: { "conformance-house": "gryffindor" } } } }, {
        ingress: [ingressRule("deny-all", "Deny", [{ namespaces: {} }])],
      }),
    ],
    pokes: [
      ["slytherin/draco-malfoy-0", "gryffindor/harry-potter-0", "80/TCP", false],
      ["gryffindor/harry-potter-0", "slytherin/draco-malfoy-0", "80/TCP", true],
      ["ravenclaw/luna-lovegood-0", "hufflepuff/cedric-diggory-0", "80/TCP", true],
    ],
  },
];

export const ADMIN_CASES: readonly AdminCase[] = [...anpGress, ...banpGress, ...priority, ...integration, ...egressTcpCases, ...namedIngress, ...cidr, ...api];
