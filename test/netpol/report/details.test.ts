/**
 * netpol report, line by line: the whole Markdown comment, singular and plural counts, isolation
 * per direction (NetworkPolicy and tiers), every warning's wording, the collapse and picture
 * limits at their boundaries, node labels, ordering of edges, escaping in the picture.
 */
import { strict as assert } from "assert";
import { parseIntent } from "../../../netpol";
import { buildReport, COLLAPSE_ABOVE, groupEndpoints, groupFlows, MAX_EDGES, mermaidLines, NetworkReport, reportMarkdownLines, reportMatrix } from "../../../netpol/report";
import { namespace, pod, policy } from "../core/helpers";
import { cluster, K8sObject } from "./shopCluster";

const ADMIN = "policy.networking.k8s.io/v1alpha1";
const NAME = "kubernetes.io/metadata.name";

const PICTURE = [
  "```mermaid",
  "flowchart LR",
  '  subgraph g0["shop"]',
  '    n0["api"]',
  '    n1["web"]',
  "  end",
  '  subgraph g1["tools"]',
  '    n2["debug"]',
  "  end",
];

function flows(report: NetworkReport): { grouping: ReturnType<typeof groupEndpoints>; flows: ReturnType<typeof groupFlows> } {
  const grouping = groupEndpoints(report);
  return { grouping, flows: groupFlows(report, grouping) };
}

function picture(report: NetworkReport): string[] | undefined {
  const { grouping, flows: edges } = flows(report);
  return mermaidLines(report, grouping, edges);
}

/** `length` open pods in namespace "a" (a/p00, a/p01, ...). */
function openPods(length: number): K8sObject[] {
  return Array.from({ length }, (_, i) => pod("a", `p${String(i).padStart(2, "0")}`));
}

describe("netpol report: the Markdown comment", () => {
  it("the whole comment: summary, warnings, picture, then the matrix without a heading of its own", () => {
    assert.deepEqual(reportMarkdownLines(buildReport(cluster())), [
      "**3 pods/workloads, 1 external range, 3 policies, 3 allowed connections; isolated for ingress: 2 of 3, for egress: 2 of 3.**",
      "",
      "**Warnings:**",
      "",
      "- tools/debug is isolated in neither direction: every connection to and from it is allowed",
      "",
      "**Allowed connections**:",
      "",
      ...PICTURE,
      '  x3(("internet (0.0.0.0/0)"))',
      '  n1 -->|"TCP 8080"| n0',
      '  n2 -->|"all"| x3',
      '  x3 -->|"all"| n2',
      "```",
      "",
      "| from \\ to | `shop/api` | `shop/web` | `tools/debug` | `0.0.0.0/0` |",
      "| --- | --- | --- | --- | --- |",
      "| `shop/api` |  | - | - | - |",
      "| `shop/web` | TCP 8080 |  | - | - |",
      "| `tools/debug` | - | - |  | all |",
      "| `0.0.0.0/0` | - | - | all |  |",
    ]);
  });

  it("one of each: singular words; no warning: no warnings section", () => {
    const one = [namespace("x"), pod("x", "a"), policy("x", "p", { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] })];
    assert.deepEqual(reportMarkdownLines(buildReport(one)), [
      "**1 pod/workload, 1 external range, 1 policy, 1 allowed connection; isolated for ingress: 1 of 1, for egress: 1 of 1.**",
      "",
      "**Allowed connections**:",
      "",
      "```mermaid",
      "flowchart LR",
      '  subgraph g0["x"]',
      '    n0["a"]',
      "  end",
      '  x1(("internet (0.0.0.0/0)"))',
      '  n0 -->|"all"| x1',
      "```",
      "",
      "| from \\ to | `x/a` | `0.0.0.0/0` |",
      "| --- | --- | --- |",
      "| `x/a` |  | all |",
      "| `0.0.0.0/0` | - |  |",
    ]);
  });

  it("with an intent that does not match: its verdict and every difference before the warnings; its CIDRs split the ranges", () => {
    const intent = parseIntent('flows:\n  - {from: shop/web, to: shop/api, ports: ["TCP/8080", "TCP/9090"]}\n  - {from: tools/debug, to: "10.0.0.0/8", ports: [all]}\n', "intent.yaml");
    const report = buildReport(cluster(), { intent: { intent, source: "intent.yaml" } });
    assert.equal(report.summary.externals, 2);
    assert.deepEqual(reportMarkdownLines(report).slice(0, 16), [
      "**3 pods/workloads, 2 external ranges, 3 policies, 5 allowed connections; isolated for ingress: 2 of 3, for egress: 2 of 3.**",
      "",
      "**Intent** (`intent.yaml`): ❌ does not match:",
      "",
      "- extra:   tools/debug => 0.0.0.0/0 except 10.0.0.0/8 : all  (egress: not isolated; ingress: external, not governed by NetworkPolicy)",
      "- extra:   0.0.0.0/0 except 10.0.0.0/8 => tools/debug : all  (egress: external, not governed by NetworkPolicy; ingress: not isolated)",
      "- extra:   10.0.0.0/8 => tools/debug : all  (egress: external, not governed by NetworkPolicy; ingress: not isolated)",
      "- missing: shop/web => shop/api : TCP 9090",
      "- FAILED: 3 extra (over-permissive), 1 missing",
      "",
      "**Warnings:**",
      "",
      "- tools/debug is isolated in neither direction: every connection to and from it is allowed",
      "",
      "**Allowed connections**:",
      "",
    ]);
    // Edges ordered by source node, then destination node: debug's two ranges in their order.
    assert.deepEqual(picture(report)?.slice(8), [
      '  x3(("internet (0.0.0.0/0 except 10.0.0.0/8)"))',
      '  x4(("10.0.0.0/8"))',
      '  n1 -->|"TCP 8080"| n0',
      '  n2 -->|"all"| x3',
      '  n2 -->|"all"| x4',
      '  x3 -->|"all"| n2',
      '  x4 -->|"all"| n2',
    ]);
  });

  it("with an intent that matches: one line between the summary and the warnings", () => {
    const intent = parseIntent(
      ["flows:", '  - {from: shop/web, to: shop/api, ports: ["TCP/8080"]}', '  - {from: tools/debug, to: "0.0.0.0/0", ports: [all]}', '  - {from: "0.0.0.0/0", to: tools/debug, ports: [all]}'].join("\n"),
      "intent.yaml",
    );
    const report = buildReport(cluster(), { intent: { intent, source: "intent.yaml" } });
    assert.deepEqual(reportMarkdownLines(report).slice(0, 5), [
      "**3 pods/workloads, 1 external range, 3 policies, 3 allowed connections; isolated for ingress: 2 of 3, for egress: 2 of 3.**",
      "",
      "**Intent** (`intent.yaml`): ✅ matches: the policies allow exactly the declared flows.",
      "",
      "**Warnings:**",
    ]);
  });

  it("without an intent the report has no intent entry at all", () => {
    assert.deepEqual(Object.keys(buildReport(cluster())), ["model", "summary", "shown", "pairs", "warnings"]);
  });
});

describe("netpol report: policy counts and isolation", () => {
  const anp = (name: string, spec: object): K8sObject => ({ apiVersion: ADMIN, kind: "AdminNetworkPolicy", metadata: { name }, spec: { priority: 10, ...spec } });
  const tools = { namespaces: { matchLabels: { [NAME]: "tools" } } };

  it("no NetworkPolicy: none counted (not a count of 0); no policy at all: no kinds", () => {
    const objects = [...cluster().filter((object) => object["kind"] !== "NetworkPolicy"), anp("deny-debug", { subject: tools, ingress: [{ action: "Deny", from: [{ namespaces: {} }] }] })];
    assert.deepEqual(buildReport(objects).summary.policyKinds, [{ kind: "AdminNetworkPolicy", count: 1 }]);
    assert.match(reportMarkdownLines(buildReport(objects))[0] as string, /, 1 policy \(1 AdminNetworkPolicy\), /);
    const bare = cluster().filter((object) => object["kind"] !== "NetworkPolicy");
    assert.deepEqual(buildReport(bare).summary.policyKinds, []);
    assert.match(reportMarkdownLines(buildReport(bare))[0] as string, /, 0 policies, 12 allowed connections; isolated for ingress: 0 of 3, for egress: 0 of 3\.\*\*$/);
  });

  it("a policy for one direction isolates that direction only, and the pod is not warned about", () => {
    const objects = [namespace("x"), pod("x", "a"), pod("x", "b"), policy("x", "egress-only", { podSelector: { matchLabels: { pod: "a" } }, policyTypes: ["Egress"] }), policy("x", "ingress-only", { podSelector: { matchLabels: { pod: "b" } }, policyTypes: ["Ingress"] })];
    const report = buildReport(objects);
    assert.equal(report.summary.isolatedIngress, 1);
    assert.equal(report.summary.isolatedEgress, 1);
    assert.deepEqual(report.warnings, []);
  });

  it("under tiers: one policy of several with a Deny rule, among Allow rules, isolates", () => {
    const objects = [
      ...cluster().filter((object) => object["kind"] !== "NetworkPolicy"),
      anp("allow-debug", { subject: tools, ingress: [{ action: "Allow", from: [{ namespaces: {} }] }] }),
      { apiVersion: ADMIN, kind: "AdminNetworkPolicy", metadata: { name: "mixed-debug" }, spec: { priority: 20, subject: tools, ingress: [{ action: "Allow", from: [{ namespaces: { matchLabels: { [NAME]: "shop" } } }] }, { action: "Deny", from: [{ namespaces: {} }] }] } },
    ];
    const report = buildReport(objects);
    assert.equal(report.summary.isolatedIngress, 1, "tools/debug's ingress meets a Deny rule");
    assert.equal(report.summary.isolatedEgress, 0);
    assert.deepEqual(report.warnings, ["shop/api is isolated in neither direction: every connection to and from it is allowed", "shop/web is isolated in neither direction: every connection to and from it is allowed"]);
  });
});

describe("netpol report: warnings", () => {
  it("selectors in words: key=value, in (...), notin (...), exists, !does-not-exist, joined by commas", () => {
    const ghost = policy("shop", "ghost", {
      podSelector: {
        matchLabels: { app: "ghost" },
        matchExpressions: [
          { key: "tier", operator: "In", values: ["a", "b"] },
          { key: "zone", operator: "NotIn", values: ["z1"] },
          { key: "team", operator: "Exists" },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      },
      policyTypes: ["Ingress"],
    });
    assert.deepEqual(buildReport([...cluster(), ghost]).warnings.slice(1), [
      "policy shop/ghost selects no pod: nothing in namespace shop matches its podSelector (app=ghost, tier in (a,b), zone notin (z1), team, !legacy)",
    ]);
  });

  it("an empty podSelector in a namespace without pods: {}", () => {
    const objects = [...cluster(), namespace("empty"), policy("empty", "deny", { podSelector: {}, policyTypes: ["Ingress"] })];
    assert.deepEqual(buildReport(objects).warnings.slice(1), ["policy empty/deny selects no pod: nothing in namespace empty matches its podSelector ({})"]);
  });

  it("peers matching no pod: in the policy's namespace, in namespaces of a selector, in every namespace", () => {
    const peers = policy("shop", "peers", {
      podSelector: { matchLabels: { app: "api" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "ghost" } } }, { podSelector: { matchLabels: { app: "web" } } }] }],
      egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "ghost" } } }, { ipBlock: { cidr: "10.0.0.0/8" } }] }, { to: [{ namespaceSelector: { matchLabels: { team: "x" } }, podSelector: { matchLabels: { app: "web" } } }] }],
    });
    assert.deepEqual(buildReport([...cluster(), peers]).warnings.slice(1), [
      "policy shop/peers: spec.ingress[0].from[0] (pods app=ghost in namespace shop) matches no pod",
      "policy shop/peers: spec.egress[0].to[0] (pods app=ghost in namespaces (all)) matches no pod",
      "policy shop/peers: spec.egress[1].to[0] (pods app=web in namespaces team=x) matches no pod",
    ]);
  });

  it("under tiers, a NetworkPolicy that selects no pod is warned about once", () => {
    const objects = [
      ...cluster(),
      policy("shop", "ghost", { podSelector: { matchLabels: { app: "ghost" } }, policyTypes: ["Ingress"] }),
      { apiVersion: ADMIN, kind: "AdminNetworkPolicy", metadata: { name: "nobody" }, spec: { priority: 5, subject: { namespaces: { matchLabels: { team: "nobody" } } }, ingress: [{ action: "Allow", from: [{ namespaces: {} }] }] } },
    ];
    assert.deepEqual(buildReport(objects).warnings, [
      "tools/debug is isolated in neither direction: every connection to and from it is allowed",
      "policy shop/ghost selects no pod: nothing in namespace shop matches its podSelector (app=ghost)",
      "AdminNetworkPolicy nobody (tier adminnetworkpolicy) applies to no pod, for ingress or egress",
    ]);
  });
});

describe("netpol report: grouping, matrix and picture", () => {
  it(`${COLLAPSE_ABOVE} shown endpoints are drawn one by one; one more and namespaces are drawn`, () => {
    const at = buildReport(openPods(COLLAPSE_ABOVE - 1));
    assert.equal(at.shown.length, COLLAPSE_ABOVE);
    assert.equal(groupEndpoints(at).collapsed, false);
    const above = buildReport(openPods(COLLAPSE_ABOVE));
    assert.equal(above.shown.length, COLLAPSE_ABOVE + 1);
    assert.equal(groupEndpoints(above).collapsed, true);
  });

  /** 22 pods in a (isolated; p00 reaches solo and 10.0.0.0/8, p01 reaches p02 on 80), b/solo open, c/c0 and c/c1 isolated: 27 shown. */
  function collapsed(): K8sObject[] {
    return [
      namespace("a"),
      namespace("b"),
      namespace("c"),
      ...openPods(22),
      pod("b", "solo", { labels: { app: "solo" } }),
      pod("c", "c0"),
      pod("c", "c1"),
      policy("a", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
      policy("c", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
      policy("a", "p00-out", { podSelector: { matchLabels: { pod: "p00" } }, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "solo" } } }, { ipBlock: { cidr: "10.0.0.0/8" } }] }] }),
      policy("a", "p01-to-p02", { podSelector: { matchLabels: { pod: "p01" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { pod: "p02" } } }], ports: [{ port: 80 }] }] }),
      policy("a", "p02-from-p01", { podSelector: { matchLabels: { pod: "p02" } }, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: { matchLabels: { pod: "p01" } } }], ports: [{ port: 80 }] }] }),
    ];
  }

  it("collapsed: a node per namespace with its size, each range its own node, edges by source then destination", () => {
    const report = buildReport(collapsed());
    assert.deepEqual(groupEndpoints(report).groups.map((group) => `${group.kind} ${group.id}`), ["namespace a", "namespace b", "namespace c", "external 0.0.0.0/0 except 10.0.0.0/8", "external 10.0.0.0/8"]);
    assert.deepEqual(picture(report), [
      "flowchart LR",
      '  n0["a (22 endpoints)"]',
      '  n1["b (1 endpoint)"]',
      '  n2["c (2 endpoints)"]',
      '  x3(("internet (0.0.0.0/0 except 10.0.0.0/8)"))',
      '  x4(("10.0.0.0/8"))',
      '  n0 -->|"TCP 80 (1 of 462 pairs)"| n0',
      '  n0 -->|"all (1 of 22 pairs)"| n1',
      '  n0 -->|"all (1 of 22 pairs)"| x4',
      '  n1 -->|"all"| x3',
      '  n1 -->|"all"| x4',
      '  x3 -->|"all"| n1',
      '  x4 -->|"all"| n1',
    ]);
  });

  it("collapsed matrix: '-' inside a namespace of several pods that allows nothing, blank for a one-pod namespace to itself", () => {
    const report = buildReport(collapsed());
    const { grouping, flows: edges } = flows(report);
    const grid = reportMatrix(report, grouping, edges);
    assert.equal(grid.title, "allowed connections between namespaces");
    assert.deepEqual(grid.cells, [
      ["TCP 80 (1 of 462 pairs)", "all (1 of 22 pairs)", "-", "-", "all (1 of 22 pairs)"],
      ["-", "", "-", "all", "all"],
      ["-", "-", "-", "-", "-"],
      ["-", "all", "-", "", ""],
      ["-", "all", "-", "", ""],
    ]);
    const single = buildReport(cluster());
    const one = flows(single);
    assert.equal(reportMatrix(single, one.grouping, one.flows).title, "allowed connections");
  });

  it("range labels: the internet for /0 (IPv4 and IPv6, holes comma-separated), the range itself otherwise", () => {
    const objects = [
      namespace("x"),
      pod("x", "a"),
      policy("x", "out", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }, { ipBlock: { cidr: "192.168.0.0/16" } }, { ipBlock: { cidr: "2001:db8::/32" } }] }] }),
    ];
    const nodes = (picture(buildReport(objects)) ?? []).filter((line) => /^ {2}x\d+\(\(/.test(line));
    assert.deepEqual(nodes, [
      '  x1(("internet (0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16)"))',
      '  x2(("10.0.0.0/8"))',
      '  x3(("192.168.0.0/16"))',
      '  x4(("internet, IPv6 (::/0 except 2001:db8::/32)"))',
      '  x5(("2001:db8::/32"))',
    ]);
  });

  it("a name with # or a double quote cannot break a label", () => {
    const objects = [namespace("x"), { apiVersion: "v1", kind: "Pod", metadata: { name: 'we"b#1', namespace: "x" }, spec: { containers: [{ name: "main", image: "nginx" }] } }];
    assert.equal(picture(buildReport(objects))?.[2], '    n0["we#quot;b#35;1"]');
  });

  it(`exactly ${MAX_EDGES} edges are drawn; one more and the picture is left out`, () => {
    // 12 open pods: 12 × 11 + 2 × 12 = 156 edges; p00 taking ingress from p01..p0k only removes 11 − k + 1 of them.
    const objects = (k: number): K8sObject[] => [
      ...openPods(12),
      policy("a", "p00-in", { podSelector: { matchLabels: { pod: "p00" } }, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "pod", operator: "In", values: Array.from({ length: k }, (_, i) => `p${String(i + 1).padStart(2, "0")}`) }] } }] }] }),
    ];
    const drawn = buildReport(objects(6));
    assert.equal(flows(drawn).flows.length, MAX_EDGES);
    assert.equal(picture(drawn)?.[0], "flowchart LR");
    const over = buildReport(objects(7));
    assert.equal(flows(over).flows.length, MAX_EDGES + 1);
    assert.equal(picture(over), undefined);
    assert.ok(reportMarkdownLines(over).includes(`The picture is left out: ${MAX_EDGES + 1} edges are more than ${MAX_EDGES}.`));
  });
});
