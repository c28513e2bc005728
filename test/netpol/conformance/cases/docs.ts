/**
 * Cases from the Kubernetes documentation (concepts/services-networking/network-policies
 * and the networking.k8s.io/v1 API reference), written in the docs' YAML shape and moved
 * onto the x/y/z model: docs labels such as role=db or project=myproject are given to
 * model pods and namespaces through `cluster`, and docs ports/CIDRs to the model's.
 */
import { ConformanceCase, fromYaml, probes } from "../conformanceCase";
import { allow, deny, table } from "../truthTable";

const TCP80 = [[80, "TCP"]] as const;
const HEADER = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n";

const DEFAULT_DENY_INGRESS = `${HEADER}metadata: {name: default-deny-ingress, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
const DEFAULT_DENY_EGRESS = `${HEADER}metadata: {name: default-deny-egress, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Egress]
`;

export const docsCases: readonly ConformanceCase[] = [
  {
    id: "docs-default-deny-ingress",
    source: "kubernetes-docs",
    mirrors: "Default policies: Default deny all ingress traffic",
    policies: fromYaml(DEFAULT_DENY_INGRESS),
    probes: probes(TCP80, table(true, deny("*", "x/*"))),
  },
  {
    id: "docs-allow-all-ingress",
    source: "kubernetes-docs",
    mirrors: "Default policies: Allow all ingress traffic (beside a default deny)",
    policies: fromYaml(`${DEFAULT_DENY_INGRESS}---
${HEADER}metadata: {name: allow-all-ingress, namespace: x}
spec:
  podSelector: {}
  ingress:
  - {}
  policyTypes: [Ingress]
`),
    probes: probes(TCP80, table(true)),
  },
  {
    id: "docs-default-deny-egress",
    source: "kubernetes-docs",
    mirrors: "Default policies: Default deny all egress traffic",
    policies: fromYaml(DEFAULT_DENY_EGRESS),
    probes: probes(TCP80, table(true, deny("x/*", "*"))),
  },
  {
    id: "docs-allow-all-egress",
    source: "kubernetes-docs",
    mirrors: "Default policies: Allow all egress traffic (beside a default deny)",
    policies: fromYaml(`${DEFAULT_DENY_EGRESS}---
${HEADER}metadata: {name: allow-all-egress, namespace: x}
spec:
  podSelector: {}
  egress:
  - {}
  policyTypes: [Egress]
`),
    probes: probes(TCP80, table(true)),
  },
  {
    id: "docs-default-deny-all",
    source: "kubernetes-docs",
    mirrors: "Default policies: Default deny all ingress and all egress traffic",
    policies: fromYaml(`${HEADER}metadata: {name: default-deny-all, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`),
    probes: probes([[80, "TCP"], [81, "UDP"], [80, "SCTP"]], table(true, deny("*", "x/*"), deny("x/*", "*"))),
  },
  {
    // role=db is x/a, role=frontend is x/c, project=myproject is z; 10.0.2.0/23 except
    // 10.0.3.0/24 is namespace y; the docs' 6379 becomes 80 and 5978 becomes 81.
    id: "docs-test-network-policy",
    source: "kubernetes-docs",
    mirrors: "The NetworkPolicy resource: test-network-policy example",
    cluster: {
      podLabels: { "x/a": { role: "db" }, "x/c": { role: "frontend" } },
      namespaceLabels: { z: { project: "myproject" } },
    },
    policies: fromYaml(`${HEADER}metadata: {name: test-network-policy, namespace: x}
spec:
  podSelector:
    matchLabels: {role: db}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.2.0/23
        except: [10.0.3.0/24]
    - namespaceSelector:
        matchLabels: {project: myproject}
    - podSelector:
        matchLabels: {role: frontend}
    ports:
    - {protocol: TCP, port: 80}
  egress:
  - to:
    - ipBlock: {cidr: 10.0.2.0/24}
    ports:
    - {protocol: TCP, port: 81}
`),
    probes: [
      ...probes(
        [[80, "TCP"]],
        table(true, deny("*", "x/a"), allow("y/*", "x/a"), allow("z/*", "x/a"), allow("x/c", "x/a"), deny("x/a", "*")),
      ),
      ...probes([[81, "TCP"]], table(true, deny("*", "x/a"), deny("x/a", "*"), allow("x/a", "y/*"))),
      ...probes([[80, "UDP"]], table(true, deny("*", "x/a"), deny("x/a", "*"))),
    ],
  },
  {
    // user=alice is namespace y, role=client is every pod b.
    id: "docs-namespace-and-pod-selector-and",
    source: "kubernetes-docs",
    mirrors: "Behavior of to and from selectors: one element with namespaceSelector and podSelector (AND)",
    cluster: { namespaceLabels: { y: { user: "alice" } }, podLabels: { "x/b": { role: "client" }, "y/b": { role: "client" }, "z/b": { role: "client" } } },
    policies: fromYaml(`${HEADER}metadata: {name: alice-clients, namespace: x}
spec:
  podSelector:
    matchLabels: {pod: a}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {user: alice}
      podSelector:
        matchLabels: {role: client}
`),
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("y/b", "x/a"))),
  },
  {
    id: "docs-namespace-or-pod-selector",
    source: "kubernetes-docs",
    mirrors: "Behavior of to and from selectors: two elements, namespaceSelector or podSelector (OR)",
    cluster: { namespaceLabels: { y: { user: "alice" } }, podLabels: { "x/b": { role: "client" }, "y/b": { role: "client" }, "z/b": { role: "client" } } },
    policies: fromYaml(`${HEADER}metadata: {name: alice-or-clients, namespace: x}
spec:
  podSelector:
    matchLabels: {pod: a}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {user: alice}
    - podSelector:
        matchLabels: {role: client}
`),
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("y/*", "x/a"), allow("x/b", "x/a"))),
  },
  {
    // The docs' 32000-32768 becomes 81-90 so the model's ports fall on both sides of it.
    id: "docs-endport-range",
    source: "kubernetes-docs",
    mirrors: "Targeting a range of ports (endPort)",
    policies: fromYaml(`${HEADER}metadata: {name: multi-port-egress, namespace: x}
spec:
  podSelector:
    matchLabels: {pod: a}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/16}
    ports:
    - {protocol: TCP, port: 81, endPort: 90}
`),
    probes: [
      ...probes([[81, "TCP"]], table(true)),
      ...probes([[80, "TCP"], [81, "UDP"]], table(true, deny("x/a", "*"))),
    ],
  },
  {
    id: "docs-policy-without-namespace",
    source: "kubernetes-docs",
    mirrors: "Namespaces: a namespaced object without metadata.namespace is in 'default' (so it isolates no pod of x, y, z)",
    policies: fromYaml(`${HEADER}metadata: {name: default-deny-all}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`),
    probes: probes(TCP80, table(true)),
  },
  {
    id: "docs-policytypes-omitted-with-egress",
    source: "kubernetes-docs",
    mirrors: "API reference, NetworkPolicySpec.policyTypes: omitted means Ingress, plus Egress when egress rules exist",
    policies: fromYaml(`${HEADER}metadata: {name: egress-rules-only, namespace: x}
spec:
  podSelector:
    matchLabels: {pod: a}
  egress:
  - to:
    - namespaceSelector:
        matchLabels: {ns: y}
`),
    probes: probes(TCP80, table(true, deny("*", "x/a"), deny("x/a", "*"), allow("x/a", "y/*"))),
  },
  {
    id: "docs-policytypes-omitted-ingress-only",
    source: "kubernetes-docs",
    mirrors: "API reference, NetworkPolicySpec.policyTypes: a policy without egress rules does not affect egress",
    policies: fromYaml(`${HEADER}metadata: {name: ingress-rules-only, namespace: x}
spec:
  podSelector:
    matchLabels: {pod: a}
  ingress:
  - from:
    - podSelector:
        matchLabels: {pod: b}
`),
    probes: probes(TCP80, table(true, deny("*", "x/a"), allow("x/b", "x/a"))),
  },
];
