/** The report's flowcharts are valid mermaid, as mermaid's own parser reads them (under jsdom), for every stack and for awkward inputs. */
import { strict as assert } from "assert";
import * as fs from "fs";
import { buildReport, reportMarkdownLines } from "../../../netpol/report";
import { syntheticCluster } from "../../../netpol/generate/synthetic";
import { readManifests } from "../../../cli/netpol/input";
import { namespace, pod, policy } from "../core/helpers";
import { renderToTemp } from "../renderedStack";
import { mermaidBlocks, parseMermaid } from "./mermaidParser";

const QUIET = { phase: () => undefined, print: () => undefined, stop: () => undefined };

function flowchartOf(objects: readonly unknown[]): string {
  const blocks = mermaidBlocks(reportMarkdownLines(buildReport(objects)).join("\n"));
  assert.equal(blocks.length, 1, "one mermaid block");
  return blocks[0] as string;
}

describe("netpol report: the mermaid flowchart parses with mermaid's parser", function () {
  this.timeout(60000);

  it("rejects a broken flowchart (the check can fail)", async () => {
    await assert.rejects(parseMermaid('flowchart LR\n  n0["a"] -->|"TCP 80| n1\n'));
  });

  for (const stack of ["dev", "staging", "prod"]) {
    it(`the ${stack} stack's render`, async () => {
      const dir = renderToTemp(stack);
      try {
        const text = flowchartOf(readManifests([dir], QUIET).objects);
        assert.match(text, /^flowchart LR\n/);
        assert.match(text, /x\d+\(\("internet \(0\.0\.0\.0\/0 except /);
        await parseMermaid(text);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("a synthetic multi-tenant cluster, collapsed to namespaces", async () => {
    const text = flowchartOf(syntheticCluster({ pods: 60, namespaces: 8, policies: 20, seed: 3 }));
    assert.match(text, /\[".+ \(\d+ endpoints?\)"\]/, "namespace nodes");
    await parseMermaid(text);
  });

  it("names with dots, dashes and digits, IPv6 ranges, semicolons and parentheses in labels", async () => {
    const objects = [
      namespace("end"),
      namespace("subgraph-1.x"),
      pod("end", "end", { labels: { app: "end" } }),
      pod("subgraph-1.x", "graph.td-9", { labels: { app: "x" }, ip: "10.0.0.9" }),
      policy("end", "egress", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "2001:db8::/32", except: ["2001:db8::/64"] } }, { podSelector: {}, namespaceSelector: {} }], ports: [{ port: 53, protocol: "UDP" }, { port: 53 }] }] }),
    ];
    await parseMermaid(flowchartOf(objects));
  });
});
