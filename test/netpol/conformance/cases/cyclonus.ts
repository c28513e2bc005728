/**
 * Scenarios from mattfenwick/cyclonus pkg/generator: the allow/deny conflict cases
 * (conflictcases.go, source x/b and destination y/c), the port/protocol cases
 * (portprotocolcases.go: nil/numbered/named port x nil/TCP/UDP/SCTP, empty port slice)
 * and the peer/target selector cases (peerscases.go, targetcases.go). Cyclonus computes
 * its expectations with its own simulator; the tables here are written out by hand from
 * the API semantics, in upstream's default-plus-exceptions form.
 */
import { ConformanceCase, netpol, probes } from "../conformanceCase";
import { allow, deny, table } from "../truthTable";

const TCP80 = [[80, "TCP"]] as const;
const SOURCE = { matchLabels: { pod: "b" } }; // cyclonus' conflict source x/b
const DEST = { matchLabels: { pod: "c" } }; // cyclonus' conflict destination y/c
const POD_A = { matchLabels: { pod: "a" } };

function conflict(id: string, mirrors: string, policies: object[], expect: ReturnType<typeof table>): ConformanceCase {
  return { id: `cyclonus-${id}`, source: "cyclonus", mirrors: `allow/deny conflict: ${mirrors}`, policies, probes: probes(TCP80, expect) };
}

const conflictCases: readonly ConformanceCase[] = [
  conflict(
    "deny-egress-allow-ingress",
    "deny all egress on the source, allow all ingress on the destination",
    [
      netpol("x", "deny-all-egress", { podSelector: SOURCE, policyTypes: ["Egress"] }),
      netpol("y", "allow-all-ingress", { podSelector: DEST, policyTypes: ["Ingress"], ingress: [{}] }),
    ],
    table(true, deny("x/b", "*")),
  ),
  conflict(
    "allow-egress-deny-ingress",
    "allow all egress on the source, deny all ingress on the destination",
    [
      netpol("x", "allow-all-egress", { podSelector: SOURCE, policyTypes: ["Egress"], egress: [{}] }),
      netpol("y", "deny-all-ingress", { podSelector: DEST, policyTypes: ["Ingress"] }),
    ],
    table(true, deny("*", "y/c")),
  ),
  conflict(
    "deny-ingress-allow-all-by-ip",
    "deny all ingress, then allow all ingress by IP 0.0.0.0/0 (pod IPs are in it)",
    [
      netpol("x", "deny-all-ingress", { podSelector: SOURCE, policyTypes: ["Ingress"] }),
      netpol("x", "allow-all-ingress-by-ip", {
        podSelector: SOURCE,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
      }),
    ],
    table(true),
  ),
  conflict(
    "deny-egress-by-ip-allow-by-pod",
    "deny all egress by IP (0.0.0.0/31), allow all egress by pod (empty namespaceSelector)",
    [
      netpol("x", "deny-all-egress-by-ip", {
        podSelector: SOURCE,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/31" } }] }],
      }),
      netpol("x", "allow-all-egress-by-pod", {
        podSelector: SOURCE,
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: {} }] }],
      }),
    ],
    table(true),
  ),
  conflict(
    "deny-egress-by-pod",
    "deny all egress by pod (a namespaceSelector nothing matches)",
    [
      netpol("x", "deny-all-egress-by-pod", {
        podSelector: SOURCE,
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { "this-will-never-happen": "qrs123" } } }] }],
      }),
    ],
    table(true, deny("x/b", "*")),
  ),
  conflict(
    "deny-ingress-by-ip",
    "deny all ingress by IP (0.0.0.0/31 holds no pod)",
    [
      netpol("x", "deny-all-ingress-by-ip", {
        podSelector: SOURCE,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/31" } }] }],
      }),
    ],
    table(true, deny("*", "x/b")),
  ),
];

function ingressPorts(id: string, mirrors: string, ports: object[]): Omit<ConformanceCase, "probes"> {
  return {
    id: `cyclonus-${id}`,
    source: "cyclonus",
    mirrors: `port/protocol: ${mirrors}`,
    policies: [netpol("x", "ingress-ports", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports }] })],
  };
}

const DENY_INTO_X = table(true, deny("*", "x/*"));

const portCases: readonly ConformanceCase[] = [
  {
    ...ingressPorts("empty-port-slice", "empty port slice means every port", []),
    probes: probes([[80, "TCP"], [81, "UDP"], [80, "SCTP"]], table(true)),
  },
  {
    ...ingressPorts("named-port-protocol-mismatch", "named port serve-81-tcp with protocol UDP matches nothing", [
      { protocol: "UDP", port: "serve-81-tcp" },
    ]),
    probes: probes([[81, "TCP"], [81, "UDP"]], DENY_INTO_X),
  },
  {
    ...ingressPorts("named-port-udp", "named port serve-81-udp with protocol UDP", [{ protocol: "UDP", port: "serve-81-udp" }]),
    probes: [...probes([[81, "UDP"]], table(true)), ...probes([[81, "TCP"], [80, "UDP"]], DENY_INTO_X)],
  },
  {
    ...ingressPorts("numbered-port-sctp", "numbered port 81 with protocol SCTP", [{ protocol: "SCTP", port: 81 }]),
    probes: [...probes([[81, "SCTP"]], table(true)), ...probes([[81, "TCP"], [81, "UDP"], [80, "SCTP"]], DENY_INTO_X)],
  },
  {
    ...ingressPorts("protocol-only-udp", "protocol UDP with no port: every UDP port", [{ protocol: "UDP" }]),
    probes: [...probes([[80, "UDP"], [81, "UDP"]], table(true)), ...probes([[80, "TCP"], [80, "SCTP"]], DENY_INTO_X)],
  },
  {
    ...ingressPorts("two-ports", "numbered port 81 (TCP by default) plus named port serve-80-udp", [
      { port: 81 },
      { protocol: "UDP", port: "serve-80-udp" },
    ]),
    probes: [...probes([[81, "TCP"], [80, "UDP"]], table(true)), ...probes([[80, "TCP"], [81, "UDP"]], DENY_INTO_X)],
  },
  {
    // "web" is TCP 81 on x/b and TCP 80 on x/c; no other pod has a port named "web".
    id: "cyclonus-named-port-resolved-on-destination",
    source: "cyclonus",
    mirrors: "port/protocol: named egress port resolved against each destination's container ports",
    cluster: { containerPorts: { "x/b": [{ name: "web", containerPort: 81 }], "x/c": [{ name: "web", containerPort: 80, protocol: "TCP" }] } },
    policies: [netpol("x", "egress-to-web", { podSelector: POD_A, policyTypes: ["Egress"], egress: [{ ports: [{ port: "web" }] }] })],
    probes: [
      ...probes([[80, "TCP"]], table(true, deny("x/a", "*"), allow("x/a", "x/c"))),
      ...probes([[81, "TCP"]], table(true, deny("x/a", "*"), allow("x/a", "x/b"))),
    ],
  },
];

const selectorCases: readonly ConformanceCase[] = [
  {
    id: "cyclonus-policytypes-egress-ignores-ingress-rules",
    source: "cyclonus",
    mirrors: "target: policyTypes [Egress] with ingress rules present (ingress rules take no effect)",
    policies: [
      netpol("x", "egress-only", {
        podSelector: POD_A,
        policyTypes: ["Egress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }],
        egress: [{}],
      }),
    ],
    probes: probes(TCP80, table(true)),
  },
  {
    id: "cyclonus-namespace-exists",
    source: "cyclonus",
    mirrors: "peers: namespaceSelector matchExpressions Exists",
    cluster: { namespaceLabels: { y: { env: "prod" }, z: { env: "dev" } } },
    policies: [
      netpol("x", "from-any-env", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: "env", operator: "Exists" }] } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("x/*", "x/a"))),
  },
  {
    id: "cyclonus-namespace-notin-missing-key",
    source: "cyclonus",
    mirrors: "peers: namespaceSelector NotIn also matches namespaces without the key",
    cluster: { namespaceLabels: { y: { env: "prod" }, z: { env: "dev" } } },
    policies: [
      netpol("x", "from-non-prod", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("y/*", "x/a"))),
  },
  {
    id: "cyclonus-pod-doesnotexist",
    source: "cyclonus",
    mirrors: "peers: podSelector matchExpressions DoesNotExist (same namespace as the policy)",
    cluster: { podLabels: { "x/b": { tier: "frontend" }, "y/c": { tier: "frontend" } } },
    policies: [
      netpol("x", "from-untiered", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] } }] }],
      }),
    ],
    // x/a has no tier label either, so (as a workload) its replicas may reach each other.
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("x/a", "x/a"), allow("x/c", "x/a"))),
  },
  {
    id: "cyclonus-target-notin-missing-key",
    source: "cyclonus",
    mirrors: "target: podSelector NotIn selects pods without the key too",
    cluster: { podLabels: { "x/b": { tier: "frontend" } } },
    policies: [
      netpol("x", "isolate-non-frontend", {
        podSelector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["frontend"] }] },
        policyTypes: ["Ingress"],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), deny("*", "x/c"))),
  },
  {
    id: "cyclonus-all-namespaces-one-pod-name",
    source: "cyclonus",
    mirrors: "peers: empty namespaceSelector AND podSelector pod=b (pod b of every namespace)",
    policies: [
      netpol("x", "from-every-b", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: "b" } } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/*"), allow("*/b", "x/*"))),
  },
  {
    id: "cyclonus-empty-from-list",
    source: "cyclonus",
    mirrors: "peers: an empty from list matches every source (only the rule's port restricts)",
    policies: [netpol("x", "any-source-on-81", { podSelector: POD_A, policyTypes: ["Ingress"], ingress: [{ from: [], ports: [{ port: 81 }] }] })],
    probes: [...probes([[81, "TCP"]], table(true)), ...probes(TCP80, table(true, deny("*", "x/a")))],
  },
  {
    id: "cyclonus-matchlabels-and-matchexpressions",
    source: "cyclonus",
    mirrors: "peers: matchLabels and matchExpressions of one selector must all hold",
    cluster: { namespaceLabels: { x: { env: "prod" }, y: { env: "prod" }, z: { env: "dev" } } },
    policies: [
      netpol("x", "from-prod-y-or-z", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: "prod" }, matchExpressions: [{ key: "ns", operator: "In", values: ["y", "z"] }] } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("y/*", "x/a"))),
  },
  {
    id: "cyclonus-target-selects-no-pod",
    source: "cyclonus",
    mirrors: "target: a deny-all policy whose podSelector matches no pod isolates nothing",
    policies: [netpol("x", "deny-nobody", { podSelector: { matchLabels: { pod: "d" } }, policyTypes: ["Ingress", "Egress"] })],
    probes: probes(TCP80, table(true)),
  },
  {
    id: "cyclonus-policy-namespace-scopes-target",
    source: "cyclonus",
    mirrors: "target: a policy selects pods of its own namespace only",
    policies: [netpol("y", "isolate-a", { podSelector: POD_A, policyTypes: ["Ingress", "Egress"] })],
    probes: probes(TCP80, table(true, deny("*", "y/a"), deny("y/a", "*"))),
  },
];

export const cyclonusCases: readonly ConformanceCase[] = [...conflictCases, ...portCases, ...selectorCases];
