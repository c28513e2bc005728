/**
 * ipBlock and port-range cases: np-guard/netpol-analyzer test data (with_end_port_example:
 * endPort 1-65535 on every protocol is allow-all) and the API reference's IPBlock
 * (IPv4 and IPv6 CIDRs, `except`, a CIDR written with host bits as the API accepts it),
 * on the model's known pod IPs (10.0.<ns>.<pod>, or fd00:0:0:<ns>::<pod> in IPv6).
 */
import { ConformanceCase, netpol, probes } from "../conformanceCase";
import { podIp } from "../model";
import { allow, deny, table } from "../truthTable";

const TCP80 = [[80, "TCP"]] as const;
const POD_A = { matchLabels: { pod: "a" } };

export const addressCases: readonly ConformanceCase[] = [
  {
    id: "npguard-endport-full-range-all-protocols",
    source: "np-guard",
    mirrors: "tests/with_end_port_example: ports 1-65535 for UDP, TCP and SCTP allow everything",
    policies: [
      netpol("x", "deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }),
      netpol("x", "enable-all-protocols-with-all-ports", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [
          {
            ports: ["UDP", "TCP", "SCTP"].map((protocol) => ({ port: 1, endPort: 65535, protocol })),
          },
        ],
      }),
    ],
    probes: probes([[80, "TCP"], [81, "UDP"], [80, "SCTP"]], table(true)),
  },
  {
    id: "npguard-endport-bounds",
    source: "np-guard",
    mirrors: "connection sets: a port range includes both its ends and nothing past them",
    policies: [
      netpol("x", "ranges", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ ports: [{ port: 70, endPort: 80 }, { protocol: "UDP", port: 81, endPort: 81 }] }],
      }),
    ],
    probes: [
      ...probes([[80, "TCP"], [81, "UDP"]], table(true)),
      ...probes([[81, "TCP"], [80, "UDP"]], table(true, deny("*", "x/a"))),
    ],
  },
  {
    id: "api-ipblock-ingress-except",
    source: "kubernetes-docs",
    mirrors: "API reference, IPBlock: ingress from a CIDR except a sub-range, matching pod IPs",
    policies: [
      netpol("x", "from-cluster-but-y", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/16", except: ["10.0.2.0/24"] } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("y/*", "x/a"))),
  },
  {
    id: "api-ipblock-host-bits",
    source: "kubernetes-docs",
    mirrors: "API reference, IPBlock.cidr written with host bits set (10.0.2.77/24 is 10.0.2.0/24)",
    policies: [
      netpol("x", "from-y-by-cidr", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: "10.0.2.77/24" } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("y/*", "x/a"))),
  },
  {
    id: "api-ipblock-single-pod-ingress",
    source: "kubernetes-docs",
    mirrors: "API reference, IPBlock: a /32 selects exactly one pod by its status.podIP",
    policies: [
      netpol("x", "from-z-c-only", {
        podSelector: POD_A,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: `${podIp("z/c")}/32` } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("z/c", "x/a"))),
  },
  {
    id: "api-ipblock-ipv6",
    source: "kubernetes-docs",
    mirrors: "API reference, IPBlock: IPv6 CIDRs (like 2001:db8::/64) on an IPv6 cluster; IPv4 blocks match no IPv6 pod",
    cluster: { ipFamily: "IPv6" },
    policies: [
      netpol("x", "egress-to-y-v6", {
        podSelector: POD_A,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "fd00:0:0:2::/64", except: [`${podIp("y/c", "IPv6")}/128`] } }] }],
      }),
      netpol("x", "ingress-from-any-v4", {
        podSelector: { matchLabels: { pod: "b" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("x/a", "*"), allow("x/a", "y/*"), deny("x/a", "y/c"), deny("*", "x/b"))),
  },
];
