// The proof cannot be fooled: for every stack, the unmodified render passes `verify`, and each
// single deletion or loosening of one policy makes it fail. A weakening that still passes would
// be a guarantee the analysis context does not observe.
import { strict as assert } from "assert";
import * as path from "node:path";
import YAML from "yaml";
import { loadStackFile } from "../../config";
import type { StackConfig } from "../../config/types";
import { allObjects, renderStack } from "../../manifests";
import { analysisContext, analysisIntent } from "../../manifests/analysisContext";
import type { K8sObject } from "../../manifests/k8s";
import { type Intent, parseIntent, verifyIntent } from "../../netpol";
import { testStackConfig } from "../fixtures/stackConfig";
import { stackNames } from "../fixtures/stackFiles";
import { weakenings, widen } from "./weakenings";

const PROJECT_DIR = path.resolve(__dirname, "../..");

const CONFIGS: readonly [string, () => StackConfig][] = [
  ...stackNames().map((stack): [string, () => StackConfig] => [`stack ${stack}`, () => loadStackFile(PROJECT_DIR, stack)]),
  ["two tenants, egress from every tier, internet ingress around the VPC", () => testStackConfig({
    tenants: ["alpha", "beta"],
    ingressSourceCidrs: ["0.0.0.0/0", "::/0"],
    egressAllowList: [
      { tier: "frontend", cidr: "203.0.113.200/32", ports: [{ port: 443, protocol: "TCP" }], description: "CDN purge API" },
      { tier: "backend", cidr: "192.0.2.0/24", ports: [{ port: 443, protocol: "TCP" }, { port: 8443, protocol: "TCP" }], description: "payment gateway" },
      { tier: "database", cidr: "192.0.2.128/25", ports: [{ port: 5432, protocol: "TCP" }], description: "off-site replica" },
    ],
  })],
];

function passes(objects: readonly K8sObject[], intent: Intent): boolean {
  return verifyIntent(objects, intent, "intent", "fast").ok;
}

describe("the proof cannot be fooled: every single weakening of a policy fails verify", () => {
  for (const [label, config] of CONFIGS) {
    describe(label, () => {
      const rendered = renderStack(config());
      const context = analysisContext(rendered.topology);
      const intent = parseIntent(YAML.stringify(analysisIntent(rendered.topology)), "intent");
      const stack = allObjects(rendered);
      const mutants = weakenings(stack);

      it("the unmodified render passes, with both engines", () => {
        assert.ok(passes([...stack, ...context], intent));
        assert.ok(verifyIntent([...stack, ...context], intent, "intent", "reference").ok);
      });

      it(`each of its ${mutants.length} weakenings fails`, () => {
        assert.ok(mutants.length > 20, "too few mutants: the generator lost its way");
        const survivors = mutants.filter((m) => passes([...m.objects, ...context], intent)).map((m) => m.label);
        assert.deepEqual(survivors, []);
      });

      it("covers every kind of weakening the issue names", () => {
        const kinds = ["remove the policy", "empty spec.podSelector", ".namespaceSelector", "widen ", "ports"];
        for (const kind of kinds) assert.ok(mutants.some((m) => m.label.includes(kind)), `no mutant "${kind}"`);
      });
    });
  }

  it("deleting the default deny of one tier namespace is caught by that namespace's stranger", () => {
    const rendered = renderStack(testStackConfig());
    const intent = parseIntent(YAML.stringify(analysisIntent(rendered.topology)), "intent");
    const objects = [...allObjects(rendered), ...analysisContext(rendered.topology)].filter(
      (o) => !(o.kind === "NetworkPolicy" && o.metadata.namespace === "bank-backend" && o.metadata.name === "default-deny"),
    );
    const report = verifyIntent(objects, intent, "intent");
    assert.ok(report.extra.length > 0);
    assert.ok(report.extra.every((d) => d.from.startsWith("bank-backend/") || d.to.startsWith("bank-backend/")), "only bank-backend pods open up");
    assert.ok(report.extra.some((d) => d.to === "bank-backend/stranger" && d.from === "intruder/probe"));
  });

  it("widens a CIDR by one bit to its network address", () => {
    assert.deepEqual(["192.0.2.0/24", "10.0.5.5/32", "fd00::/64", "0.0.0.0/0"].map(widen), ["192.0.2.0/23", "10.0.5.4/31", "fd00::/63", undefined]);
  });
});
