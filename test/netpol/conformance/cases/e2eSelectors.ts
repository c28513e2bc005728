/**
 * Selector cases mirroring kubernetes/kubernetes test/e2e/network/netpol/network_policy.go
 * ("NetworkPolicy between server and client"). Each `mirrors` is the upstream test title;
 * the expected table is upstream's (default true, then its Expect/ExpectPeer exceptions),
 * widened to the full 9-pod model where upstream now creates fewer pods.
 */
import { ConformanceCase, netpol, probes } from "../conformanceCase";
import { allow, deny, table } from "../truthTable";

const NAME = "kubernetes.io/metadata.name";
const TCP80 = [[80, "TCP"]] as const;

export const e2eSelectorCases: readonly ConformanceCase[] = [
  {
    id: "e2e-default-deny-ingress",
    source: "kubernetes-e2e",
    mirrors: "should support a 'default-deny-ingress' policy",
    policies: [netpol("x", "deny-ingress", { podSelector: {}, policyTypes: ["Ingress"], ingress: [] })],
    probes: probes(TCP80, table(true, deny("*", "x/*"))),
  },
  {
    id: "e2e-default-deny-all",
    source: "kubernetes-e2e",
    mirrors: "should support a 'default-deny-all' policy",
    policies: [netpol("x", "deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [] })],
    probes: probes(TCP80, table(true, deny("*", "x/*"), deny("x/*", "*"))),
  },
  {
    id: "e2e-podselector-same-namespace",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy to allow traffic from pods within server namespace based on PodSelector",
    policies: [
      netpol("x", "x-a-allows-x-b", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("x/b", "x/a"))),
  },
  {
    id: "e2e-allow-ingress-for-target",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy to allow ingress traffic for a target",
    policies: [
      netpol("x", "deny-all", { podSelector: {}, policyTypes: ["Ingress"], ingress: [] }),
      netpol("x", "allow-all-to-a", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/*"), allow("*", "x/a"))),
  },
  {
    id: "e2e-ingress-from-all-namespaces",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy to allow ingress traffic from pods in all namespaces",
    policies: [
      netpol("x", "allow-from-another-ns", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: {} } }] }],
      }),
    ],
    probes: probes(TCP80, table(true)),
  },
  {
    id: "e2e-namespaceselector-other-namespace",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector",
    policies: [
      netpol("x", "allow-client-a-via-ns-selector", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [NAME]: "y" } } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("x/*", "x/a"), deny("z/*", "x/a"))),
  },
  {
    id: "e2e-podselector-matchexpressions",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy based on PodSelector with MatchExpressions",
    policies: [
      netpol("x", "x-a-allows-x-b", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "pod", operator: "In", values: ["b"] }] } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("x/b", "x/a"))),
  },
  {
    id: "e2e-namespaceselector-matchexpressions",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy based on NamespaceSelector with MatchExpressions",
    policies: [
      netpol("x", "allow-ns-y-match-selector", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: NAME, operator: "In", values: ["y"] }] } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("x/*", "x/a"), deny("z/*", "x/a"))),
  },
  {
    id: "e2e-podselector-or-namespaceselector",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy based on PodSelector or NamespaceSelector",
    policies: [
      netpol("x", "allow-ns-y-match-selector", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchExpressions: [{ key: NAME, operator: "NotIn", values: ["x"] }] } },
              { podSelector: { matchLabels: { pod: "b" } } },
            ],
          },
        ],
      }),
    ],
    probes: probes(TCP80, table(true, deny("x/a", "x/a"), deny("x/c", "x/a"))),
  },
  {
    id: "e2e-podselector-and-namespaceselector",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy based on PodSelector and NamespaceSelector",
    policies: [
      netpol("x", "allow-ns-y-podselector-and-nsselector", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchExpressions: [{ key: NAME, operator: "NotIn", values: ["x"] }] },
                podSelector: { matchLabels: { pod: "b" } },
              },
            ],
          },
        ],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("y/b", "x/a"), allow("z/b", "x/a"))),
  },
  {
    id: "e2e-multiple-podselectors-and-namespaceselectors",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy based on Multiple PodSelectors and NamespaceSelectors",
    policies: [
      netpol("x", "allow-ns-y-z-pod-b-c", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchExpressions: [{ key: NAME, operator: "NotIn", values: ["x"] }] },
                podSelector: { matchExpressions: [{ key: "pod", operator: "In", values: ["b", "c"] }] },
              },
            ],
          },
        ],
      }),
    ],
    probes: probes(TCP80, table(true, deny("x/*", "x/a"), deny("y/a", "x/a"), deny("z/a", "x/a"))),
  },
  {
    id: "e2e-any-podselectors",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy based on any PodSelectors",
    policies: [
      netpol("x", "allow-ns-x-pod-b-c", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }, { podSelector: { matchLabels: { pod: "c" } } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("x/b", "x/a"), allow("x/c", "x/a"))),
  },
  {
    id: "e2e-pod-in-other-namespace",
    source: "kubernetes-e2e",
    mirrors:
      "should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector",
    policies: [
      netpol("x", "allow-ns-y-pod-a-via-namespace-pod-selector", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [NAME]: "y" } }, podSelector: { matchLabels: { pod: "a" } } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("y/a", "x/a"))),
  },
  {
    id: "e2e-updated-namespace-label",
    source: "kubernetes-e2e",
    mirrors: "should allow ingress access from updated namespace (after y gains ns2=updated)",
    cluster: { namespaceLabels: { y: { ns2: "updated" } } },
    policies: [
      netpol("x", "allow-client-a-via-ns-selector", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns2: "updated" } } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("y/*", "*"))),
  },
  {
    id: "e2e-updated-pod-label",
    source: "kubernetes-e2e",
    mirrors: "should allow ingress access from updated pod (after x/b gains pod2=updated)",
    cluster: { podLabels: { "x/b": { pod2: "updated" } } },
    policies: [
      netpol("x", "allow-client-a-via-pod-selector", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b", pod2: "updated" } } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("x/b", "x/a"))),
  },
  {
    id: "e2e-deny-other-namespaces",
    source: "kubernetes-e2e",
    mirrors: "should deny ingress from pods on other namespaces",
    policies: [
      netpol("x", "deny-empty-policy", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: {} } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("y/*", "x/*"), deny("z/*", "x/*"))),
  },
  {
    id: "e2e-updated-pod-isolated",
    source: "kubernetes-e2e",
    mirrors: "should deny ingress access to updated pod (after x/a gains target=isolated)",
    cluster: { podLabels: { "x/a": { target: "isolated" } } },
    policies: [
      netpol("x", "deny-ingress-via-label-selector", {
        podSelector: { matchLabels: { target: "isolated" } },
        policyTypes: ["Ingress"],
        ingress: [],
      }),
    ],
    probes: probes(TCP80, table(true, deny("*", "x/a"))),
  },
  {
    id: "e2e-default-ns-label-egress-notin",
    source: "kubernetes-e2e",
    mirrors: "should enforce policy based on NamespaceSelector with MatchExpressions using default ns label",
    policies: [
      netpol("x", "allow-ns-y-match-selector-for-immutable-ns-label", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: { matchExpressions: [{ key: NAME, operator: "NotIn", values: ["y"] }] } }] }],
      }),
    ],
    probes: probes(TCP80, table(true, deny("x/a", "y/*"))),
  },
];
