/**
 * Protocol cases mirroring kubernetes/kubernetes test/e2e/network/netpol/network_policy.go:
 * the SCTP/UDP "must not be mistaken for TCP" tests of the TCP context, and the
 * "NetworkPolicy between server and client using UDP" / "... using SCTP" contexts.
 */
import { ConformanceCase, netpol, probes } from "../conformanceCase";
import { allow, deny, table } from "../truthTable";

const NAME = "kubernetes.io/metadata.name";
const POD_A = { matchLabels: { pod: "a" } };

function portFromY(protocol: "UDP" | "SCTP"): ConformanceCase {
  return {
    id: `e2e-${protocol.toLowerCase()}-ports`,
    source: "kubernetes-e2e",
    mirrors: `should enforce policy based on Ports (using ${protocol})`,
    policies: [
      netpol("x", "allow-ingress-on-port-81-ns-x", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [NAME]: "y" } } }], ports: [{ port: 81, protocol }] }],
      }),
    ],
    probes: [
      ...probes([[81, protocol]], table(true, deny("x/*", "x/a"), deny("z/*", "x/a"))),
      // Same port, other protocols: the rule does not cover them, x/a is isolated.
      ...probes(
        [
          [81, "TCP"],
          [80, protocol],
        ],
        table(true, deny("*", "x/a")),
      ),
    ],
  };
}

function defaultDeny(protocol: "UDP" | "SCTP"): ConformanceCase {
  return {
    id: `e2e-${protocol.toLowerCase()}-default-deny-ingress`,
    source: "kubernetes-e2e",
    mirrors: `should support a 'default-deny-ingress' policy (using ${protocol})`,
    policies: [netpol("x", "deny-all", { podSelector: {}, policyTypes: ["Ingress"], ingress: [] })],
    probes: probes([[80, protocol]], table(true, deny("*", "x/*"))),
  };
}

function podInOtherNamespace(protocol: "UDP" | "SCTP"): ConformanceCase {
  return {
    id: `e2e-${protocol.toLowerCase()}-pod-in-other-namespace`,
    source: "kubernetes-e2e",
    mirrors: `should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector (using ${protocol})`,
    policies: [
      netpol("x", "allow-ns-y-pod-a-via-namespace-pod-selector", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [NAME]: "y" } }, podSelector: POD_A }] }],
      }),
    ],
    probes: probes([[80, protocol]], table(true, deny("*", "x/a"), allow("y/a", "x/a"))),
  };
}

export const e2eProtocolCases: readonly ConformanceCase[] = [
  {
    id: "e2e-sctp-not-tcp",
    source: "kubernetes-e2e",
    mirrors: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
    policies: [
      netpol("x", "deny-ingress", { podSelector: {}, policyTypes: ["Ingress"], ingress: [] }),
      netpol("x", "allow-only-sctp-ingress-on-port-81", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ ports: [{ port: 81, protocol: "SCTP" }] }],
      }),
    ],
    probes: [
      ...probes([[81, "TCP"]], table(true, deny("*", "x/*"))),
      ...probes([[81, "SCTP"]], table(true, deny("*", "x/*"), allow("*", "x/a"))),
    ],
  },
  {
    id: "e2e-sctp-isolates",
    source: "kubernetes-e2e",
    mirrors: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
    policies: [
      netpol("x", "allow-only-sctp-ingress-on-port-80", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ ports: [{ port: 80, protocol: "SCTP" }] }],
      }),
    ],
    probes: [...probes([[81, "TCP"]], table(true, deny("*", "x/a"))), ...probes([[80, "SCTP"]], table(true))],
  },
  {
    id: "e2e-udp-not-tcp",
    source: "kubernetes-e2e",
    mirrors: "should not allow access by TCP when a policy specifies only UDP",
    policies: [
      netpol("x", "allow-only-udp-ingress-on-port-81", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ ports: [{ port: 81, protocol: "UDP" }] }],
      }),
    ],
    probes: [...probes([[81, "TCP"]], table(true, deny("*", "x/a"))), ...probes([[81, "UDP"]], table(true))],
  },
  defaultDeny("UDP"),
  portFromY("UDP"),
  podInOtherNamespace("UDP"),
  defaultDeny("SCTP"),
  portFromY("SCTP"),
  podInOtherNamespace("SCTP"),
];
