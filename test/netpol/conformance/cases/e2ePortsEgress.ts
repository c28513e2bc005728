/**
 * Port, protocol, egress and ipBlock cases mirroring kubernetes/kubernetes
 * test/e2e/network/netpol/network_policy.go (TCP, UDP and SCTP contexts). Each `mirrors`
 * is the upstream test title; where upstream validates several steps or ports, every
 * probe below is one ValidateOrFail of the final policy set.
 */
import { ConformanceCase, netpol, probes } from "../conformanceCase";
import { podIp } from "../model";
import { allow, deny, table } from "../truthTable";

const NAME = "kubernetes.io/metadata.name";
const FROM_Y = { namespaceSelector: { matchLabels: { [NAME]: "y" } } };
const POD_A = { matchLabels: { pod: "a" } };

export const e2ePortsEgressCases: readonly ConformanceCase[] = [
  {
    id: "e2e-ports",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy based on Ports",
    policies: [
      netpol("x", "allow-client-a-via-ns-selector", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [FROM_Y], ports: [{ port: 81, protocol: "TCP" }] }],
      }),
    ],
    probes: [
      ...probes([[81, "TCP"]], table(true, deny("x/*", "x/a"), deny("z/*", "x/a"))),
      ...probes([[80, "TCP"]], table(true, deny("*", "x/a"))),
    ],
  },
  {
    id: "e2e-stacked-policies",
    source: "kubernetes-e2e",
    mirrors: "should enforce multiple, stacked policies with overlapping podSelectors",
    policies: [81, 80].map((port) =>
      netpol("x", `allow-client-a-via-ns-selector-${port}`, {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [FROM_Y], ports: [{ port, protocol: "TCP" }] }],
      }),
    ),
    probes: probes(
      [
        [80, "TCP"],
        [81, "TCP"],
      ],
      table(true, deny("x/*", "x/a"), deny("z/*", "x/a")),
    ),
  },
  {
    id: "e2e-allow-all",
    source: "kubernetes-e2e",
    mirrors: "should support allow-all policy",
    policies: [netpol("x", "allow-all", { podSelector: { matchLabels: {} }, policyTypes: ["Ingress"], ingress: [{}] })],
    probes: probes(
      [
        [80, "TCP"],
        [81, "TCP"],
      ],
      table(true),
    ),
  },
  {
    id: "e2e-policies-deleted",
    source: "kubernetes-e2e",
    mirrors: "should stop enforcing policies after they are deleted (no policy at all: nothing is isolated)",
    policies: [],
    probes: probes([[80, "TCP"], [81, "UDP"], [80, "SCTP"]], table(true)),
  },
  {
    id: "e2e-updated-policy-deny-all",
    source: "kubernetes-e2e",
    mirrors: "should enforce updated policy (after the allow-all rule list is emptied)",
    policies: [netpol("x", "allow-all-mutate-to-deny-all", { podSelector: {}, policyTypes: ["Ingress"], ingress: [] })],
    probes: probes([[81, "TCP"]], table(true, deny("*", "x/*"))),
  },
  {
    id: "e2e-named-port-ingress",
    source: "kubernetes-e2e",
    mirrors: "should allow ingress access on one named port",
    policies: [
      netpol("x", "allow-all", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: "serve-81-tcp" }] }] }),
    ],
    probes: [...probes([[81, "TCP"]], table(true)), ...probes([[80, "TCP"]], table(true, deny("*", "x/*")))],
  },
  {
    id: "e2e-named-port-from-namespace",
    source: "kubernetes-e2e",
    mirrors: "should allow ingress access from namespace on one named port",
    policies: [
      netpol("x", "allow-client-a-via-ns-selector-80", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [FROM_Y], ports: [{ port: "serve-80-tcp", protocol: "TCP" }] }],
      }),
    ],
    probes: [
      ...probes([[80, "TCP"]], table(true, deny("x/*", "x/a"), deny("z/*", "x/a"))),
      ...probes([[81, "TCP"]], table(true, deny("*", "x/a"))),
    ],
  },
  {
    id: "e2e-named-port-egress",
    source: "kubernetes-e2e",
    mirrors: "should allow egress access on one named port",
    policies: [
      netpol("x", "allow-egress", { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: "serve-80-tcp" }] }] }),
    ],
    probes: [...probes([[80, "TCP"]], table(true)), ...probes([[81, "TCP"]], table(true, deny("x/*", "*")))],
  },
  {
    id: "e2e-deny-egress-podselector",
    source: "kubernetes-e2e",
    mirrors: "should deny egress from pods based on PodSelector",
    policies: [netpol("x", "deny-egress-pod-a", { podSelector: POD_A, policyTypes: ["Egress"], egress: [] })],
    probes: probes([[80, "TCP"]], table(true, deny("x/a", "*"))),
  },
  {
    id: "e2e-deny-egress-namespace",
    source: "kubernetes-e2e",
    mirrors: "should deny egress from all pods in a namespace",
    policies: [netpol("x", "deny-egress-ns-x", { podSelector: {}, policyTypes: ["Egress"], egress: [] })],
    probes: probes([[80, "TCP"]], table(true, deny("x/*", "*"))),
  },
  {
    id: "e2e-ingress-and-egress-together",
    source: "kubernetes-e2e",
    mirrors: "should work with Ingress, Egress specified together",
    policies: [
      netpol("x", "allow-client-a-via-pod-selector", {
        podSelector: POD_A,
        policyTypes: ["Egress", "Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }],
        egress: [{ ports: [{ port: 80 }] }],
      }),
    ],
    probes: [
      ...probes([[80, "TCP"]], table(true, deny("*", "x/a"), allow("x/b", "x/a"))),
      ...probes([[81, "TCP"]], table(true, deny("*", "x/a"), deny("x/a", "*"), allow("x/b", "x/a"))),
    ],
  },
  {
    id: "e2e-egress-denied-client-side",
    source: "kubernetes-e2e",
    mirrors: "should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)",
    policies: [
      netpol("x", "allow-to-ns-y-pod-a", {
        podSelector: POD_A,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ...FROM_Y, podSelector: POD_A }] }],
      }),
      ...["a", "b"].map((pod) =>
        netpol("y", `allow-from-xa-on-y${pod}-match-selector`, {
          podSelector: { matchLabels: { pod } },
          policyTypes: ["Ingress"],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { [NAME]: "x" } }, podSelector: POD_A }] }],
        }),
      ),
    ],
    probes: probes(
      [[80, "TCP"]],
      table(true, deny("x/a", "*"), deny("*", "y/a"), allow("x/a", "y/a"), deny("*", "y/b")),
    ),
  },
  {
    id: "e2e-egress-to-pod-in-other-namespace",
    source: "kubernetes-e2e",
    mirrors:
      "should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector",
    policies: [
      netpol("x", "allow-to-ns-y-pod-a", {
        podSelector: POD_A,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ...FROM_Y, podSelector: POD_A }] }],
      }),
    ],
    probes: probes([[80, "TCP"]], table(true, deny("x/a", "*"), allow("x/a", "y/a"))),
  },
  {
    id: "e2e-any-port-one-protocol",
    source: "kubernetes-e2e",
    mirrors: "should enforce ingress policy allowing any port traffic to a server on a specific protocol",
    policies: [
      netpol("x", "allow-ingress-by-proto", { podSelector: POD_A, policyTypes: ["Ingress"], ingress: [{ ports: [{ protocol: "TCP" }] }] }),
    ],
    probes: [...probes([[80, "TCP"]], table(true)), ...probes([[80, "UDP"]], table(true, deny("*", "x/a")))],
  },
  {
    id: "e2e-ingress-allow-all-precedence",
    source: "kubernetes-e2e",
    mirrors: "should enforce multiple ingress policies with ingress allow-all policy taking precedence",
    policies: [
      netpol("x", "allow-ingress-port-80", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 80 }] }] }),
      netpol("x", "allow-ingress", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] }),
    ],
    probes: probes([[81, "TCP"]], table(true)),
  },
  {
    id: "e2e-egress-port-80-only",
    source: "kubernetes-e2e",
    mirrors: "should enforce multiple egress policies with egress allow-all policy taking precedence (first step)",
    policies: [netpol("x", "allow-egress-port-80", { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 80 }] }] })],
    probes: probes([[81, "TCP"]], table(true, deny("x/*", "*"))),
  },
  {
    id: "e2e-egress-allow-all-precedence",
    source: "kubernetes-e2e",
    mirrors: "should enforce multiple egress policies with egress allow-all policy taking precedence",
    policies: [
      netpol("x", "allow-egress-port-80", { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 80 }] }] }),
      netpol("x", "allow-egress", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] }),
    ],
    probes: probes([[81, "TCP"]], table(true)),
  },
  {
    id: "e2e-egress-cidr",
    source: "kubernetes-e2e",
    mirrors: "should allow egress access to server in CIDR block",
    policies: [
      netpol("x", "allow-client-a-via-cidr-egress-rule", {
        podSelector: POD_A,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: `${podIp("y/b")}/32` } }] }],
      }),
    ],
    probes: probes([[80, "TCP"]], table(true, deny("x/a", "*"), allow("x/a", "y/b"))),
  },
  {
    id: "e2e-egress-cidr-except",
    source: "kubernetes-e2e",
    mirrors: "should enforce except clause while egress access to server in CIDR block",
    policies: [
      netpol("x", "allow-client-a-via-cidr-egress-rule", {
        podSelector: POD_A,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/16", except: [`${podIp("x/b")}/32`] } }] }],
      }),
    ],
    probes: probes([[80, "TCP"]], table(true, deny("x/a", "x/b"))),
  },
  {
    id: "e2e-cidr-and-except-overlap",
    source: "kubernetes-e2e",
    mirrors:
      "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed (both policies present: union)",
    policies: [
      netpol("x", "allow-client-a-via-cidr-egress-rule", {
        podSelector: POD_A,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/16", except: [`${podIp("x/b")}/32`] } }] }],
      }),
      netpol("x", "allow-client-a-to-x-b", {
        podSelector: POD_A,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: `${podIp("x/b")}/32` } }] }],
      }),
    ],
    probes: probes([[80, "TCP"]], table(true)),
  },
  {
    id: "e2e-ingress-egress-independent",
    source: "kubernetes-e2e",
    mirrors: "should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector",
    policies: [
      netpol("x", "allow-egress-for-target", { podSelector: POD_A, policyTypes: ["Egress"], egress: [{}] }),
      netpol("x", "deny-ingress-via-label-selector", { podSelector: POD_A, policyTypes: ["Ingress"], ingress: [] }),
    ],
    probes: probes([[80, "TCP"]], table(true, deny("*", "x/a"))),
  },
];
