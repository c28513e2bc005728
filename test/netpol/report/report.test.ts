/** netpol report: summary, warnings, intent verdict, matrix and picture, on small hand-made clusters. */
import { strict as assert } from "assert";
import { parseIntent } from "../../../netpol";
import { buildReport, COLLAPSE_ABOVE, groupEndpoints, groupFlows, MAX_EDGES, mermaidLines, reportMarkdownLines, reportMatrix } from "../../../netpol/report";
import { MAX_INTENT_DIFFERENCES } from "../../../netpol/report/build";
import { pod, policy } from "../core/helpers";
import { cluster, K8sObject } from "./shopCluster";

function markdown(objects: readonly unknown[], options: Parameters<typeof buildReport>[1] = {}): string {
  return reportMarkdownLines(buildReport(objects, options)).join("\n");
}

describe("netpol report", () => {
  it("the summary line counts endpoints, ranges, policies, allowed connections and isolation", () => {
    const report = buildReport(cluster());
    // web -> api; debug <-> the internet (both ways): 3 allowed pairs. debug -> shop/* is denied by shop's ingress isolation.
    assert.deepEqual(report.summary, { endpoints: 3, externals: 1, policies: 3, policyKinds: [{ kind: "NetworkPolicy", count: 3 }], allowedPairs: 3, isolatedIngress: 2, isolatedEgress: 2, hidden: 0 });
    assert.match(markdown(cluster()), /^\*\*3 pods\/workloads, 1 external range, 3 policies, 3 allowed connections; isolated for ingress: 2 of 3, for egress: 2 of 3\.\*\*$/m);
  });

  it("warns about endpoints isolated in neither direction, policies that select no pod, and peers that match no pod", () => {
    const objects = [
      ...cluster(),
      policy("shop", "ghost", { podSelector: { matchLabels: { app: "ghost" } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "payments" } } }] }] }),
    ];
    assert.deepEqual(buildReport(objects).warnings, [
      "tools/debug is isolated in neither direction: every connection to and from it is allowed",
      "policy shop/ghost selects no pod: nothing in namespace shop matches its podSelector (app=ghost)",
      "policy shop/ghost: spec.ingress[0].from[0] (pods (all) in namespaces team=payments) matches no pod",
    ]);
    assert.deepEqual(buildReport(cluster(), { hide: ["tools"] }).warnings, [], "a hidden endpoint gets no warning");
  });

  it("with an intent: matches, or every extra and missing flow", () => {
    const intent = (text: string) => ({ intent: parseIntent(text, "intent.yaml"), source: "intent.yaml" });
    const exact = intent([
      "flows:",
      '  - {from: shop/web, to: shop/api, ports: ["TCP/8080"]}',
      '  - {from: tools/debug, to: "0.0.0.0/0", ports: [all]}',
      '  - {from: "0.0.0.0/0", to: tools/debug, ports: [all]}',
    ].join("\n"));
    assert.match(markdown(cluster(), { intent: exact }), /^\*\*Intent\*\* \(`intent\.yaml`\): ✅ matches: the policies allow exactly the declared flows\.$/m);
    const wrong = intent('flows:\n  - {from: shop/web, to: shop/api, ports: ["TCP/8080", "TCP/9090"]}\n');
    const text = markdown(cluster(), { intent: wrong });
    assert.match(text, /^\*\*Intent\*\* \(`intent\.yaml`\): ❌ does not match:$/m);
    assert.match(text, /^- missing: shop\/web => shop\/api : TCP 9090$/m);
    assert.match(text, /^- extra: {3}tools\/debug => 0\.0\.0\.0\/0 : all {2}\(egress: not isolated; ingress: external, not governed by NetworkPolicy\)$/m);
    assert.match(text, /^- FAILED: 2 extra \(over-permissive\), 1 missing$/m);
  });

  it("with an intent far from the policies: the first differences listed, all of them counted", () => {
    // 11 open pods: 110 pairs between them and 22 with the internet, all extra but the one flow declared.
    const open = Array.from({ length: 11 }, (_, i) => pod("open", `p${i}`));
    const intent = { intent: parseIntent("flows:\n  - {from: open/p0, to: open/p1, ports: [TCP/80]}\n", "intent.yaml"), source: "intent.yaml" };
    const verified = buildReport(open, { intent }).intent?.report;
    assert.deepEqual([verified?.extra.length, verified?.extraCount, verified?.missingCount], [MAX_INTENT_DIFFERENCES, 132, 0]);
    const text = markdown(open, { intent });
    assert.match(text, /^- extra: 32 more, not listed \(the list holds the first 100 in pair order\)$/m);
    assert.match(text, /^- FAILED: 132 extra \(over-permissive\), 0 missing$/m);
  });

  it("the matrix: ports where allowed, - where denied, blank where nothing is governed (a Pod to itself, external to external)", () => {
    const report = buildReport(cluster());
    const grouping = groupEndpoints(report);
    const grid = reportMatrix(report, grouping, groupFlows(report, grouping));
    assert.deepEqual(grid.rows, ["shop/api", "shop/web", "tools/debug", "0.0.0.0/0"]);
    assert.deepEqual(grid.cells, [
      ["", "-", "-", "-"],
      ["TCP 8080", "", "-", "-"],
      ["-", "-", "", "all"],
      ["-", "-", "all", ""],
    ]);
  });

  it("the picture: a subgraph per namespace, the internet as a node of its own, edges labelled with ports", () => {
    const report = buildReport(cluster());
    const grouping = groupEndpoints(report);
    assert.deepEqual(mermaidLines(report, grouping, groupFlows(report, grouping)), [
      "flowchart LR",
      '  subgraph g0["shop"]',
      '    n0["api"]',
      '    n1["web"]',
      "  end",
      '  subgraph g1["tools"]',
      '    n2["debug"]',
      "  end",
      '  x3(("internet (0.0.0.0/0)"))',
      '  n1 -->|"TCP 8080"| n0',
      '  n2 -->|"all"| x3',
      '  x3 -->|"all"| n2',
    ]);
  });

  it("hidden endpoints are analysed (counted) but not drawn", () => {
    const report = buildReport(cluster(), { hide: ["tools/*"] });
    assert.equal(report.summary.hidden, 1);
    assert.equal(report.summary.allowedPairs, 3);
    assert.deepEqual(report.shown.map((endpoint) => endpoint.id), ["shop/api", "shop/web", "0.0.0.0/0"]);
    assert.match(markdown(cluster(), { hide: ["tools/*"] }), /\(1 endpoint analysed but not drawn\)/);
  });

  it(`more than ${COLLAPSE_ABOVE} endpoints: the matrix and the picture show namespaces, partial flows counted`, () => {
    const many = Array.from({ length: COLLAPSE_ABOVE }, (_, i) => pod("shop", `extra-${i}`, { labels: { app: "extra" } }));
    const report = buildReport([...cluster(), ...many]);
    const grouping = groupEndpoints(report);
    assert.equal(grouping.collapsed, true);
    assert.deepEqual(grouping.groups.map((group) => group.id), ["shop", "tools", "0.0.0.0/0"]);
    const grid = reportMatrix(report, grouping, groupFlows(report, grouping));
    // 27 pods in shop: 27 × 26 pairs, one of which (web -> api) is allowed.
    assert.equal(grid.cells[0]?.[0], `TCP 8080 (1 of ${27 * 26} pairs)`);
    assert.match(markdown([...cluster(), ...many]), /\*\*Allowed connections\*\* \(by namespace: more than 25 endpoints\):/);
  });

  it(`more than ${MAX_EDGES} edges: the picture is left out, with a note`, () => {
    const open = Array.from({ length: 13 }, (_, i) => pod("open", `p${String(i).padStart(2, "0")}`));
    const text = markdown(open);
    assert.doesNotMatch(text, /```mermaid/);
    assert.match(text, /^The picture is left out: 182 edges are more than 150\.$/m);
  });

  describe("with Calico and admin network policies", () => {
    const ADMIN = "policy.networking.k8s.io/v1alpha1";
    const anp = (name: string, priority: number, spec: object): K8sObject => ({ apiVersion: ADMIN, kind: "AdminNetworkPolicy", metadata: { name }, spec: { priority, ...spec } });
    const tools = { namespaces: { matchLabels: { "kubernetes.io/metadata.name": "tools" } } };
    /** cluster() plus a security tier guarding the metadata address, ANPs (one denying debug's ingress, one applying nowhere) and a BANP. */
    const tiered = (): K8sObject[] => [
      ...cluster(),
      { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "security" }, spec: { order: 100, defaultAction: "Pass" } },
      {
        apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "security.deny-metadata" },
        spec: { tier: "security", types: ["Egress"], egress: [{ action: "Deny", destination: { nets: ["169.254.169.254/32"] } }] },
      },
      anp("deny-debug-ingress", 10, { subject: tools, ingress: [{ action: "Deny", from: [{ namespaces: {} }] }] }),
      anp("ghost", 20, { subject: { namespaces: { matchLabels: { team: "nobody" } } }, ingress: [{ action: "Allow", from: [{ namespaces: {} }] }] }),
      { apiVersion: ADMIN, kind: "BaselineAdminNetworkPolicy", metadata: { name: "default" }, spec: { subject: { namespaces: {} }, egress: [{ action: "Allow", to: [{ namespaces: {} }] }] } },
    ];

    it("counts policies per kind (Calico's per tier, in tier order) and isolation as the tier walk decides it", () => {
      const report = buildReport(tiered());
      // Every pod's egress meets the security tier's Deny rule; debug's ingress the ANP's Deny; shop's both sides the default tier.
      // Allowed: web -> api, debug -> the internet but not the metadata address, both atoms -> debug (the ANP's peers are pods).
      assert.deepEqual(report.summary, {
        endpoints: 3, externals: 2, policies: 7,
        policyKinds: [
          { kind: "NetworkPolicy", count: 3 }, { kind: "Calico", tier: "security", count: 1 }, { kind: "AdminNetworkPolicy", count: 2 }, { kind: "BaselineAdminNetworkPolicy", count: 1 },
        ],
        allowedPairs: 4, isolatedIngress: 3, isolatedEgress: 3, hidden: 0,
      });
      assert.match(
        markdown(tiered()),
        /^\*\*3 pods\/workloads, 2 external ranges, 7 policies \(3 NetworkPolicies, 1 Calico in tier security, 2 AdminNetworkPolicies, 1 BaselineAdminNetworkPolicy\), 4 allowed connections; isolated for ingress: 3 of 3, for egress: 3 of 3\.\*\*$/m,
      );
      assert.deepEqual(report.warnings, ["AdminNetworkPolicy ghost (tier adminnetworkpolicy) applies to no pod, for ingress or egress"]);
    });

    it("a side only Allow and Pass reach is not isolated: the pod is still open both ways, and warned about", () => {
      const objects = [
        ...cluster(),
        anp("allow-debug", 5, { subject: tools, ingress: [{ action: "Allow", from: [{ namespaces: {} }] }], egress: [{ action: "Pass", to: [{ networks: ["0.0.0.0/0"] }] }] }),
      ];
      const report = buildReport(objects);
      assert.equal(report.summary.isolatedIngress, 2);
      assert.equal(report.summary.isolatedEgress, 2);
      assert.deepEqual(report.warnings, ["tools/debug is isolated in neither direction: every connection to and from it is allowed"]);
      assert.match(markdown(objects), /, 4 policies \(3 NetworkPolicies, 1 AdminNetworkPolicy\), /);
    });
  });
});
