// The proof cannot be fooled: for every stack, the unmodified render passes `verify`, and each
// single deletion or loosening of one policy makes it fail. A weakening that still passes would
// be a guarantee the analysis context does not observe.
import { strict as assert } from "assert";
import * as path from "node:path";
import YAML from "yaml";
import { loadStackFile } from "../../config";
import type { StackConfig } from "../../config/types";
import { allObjects, renderStack } from "../../manifests";
import { analysisContext, analysisIntent, policyLayers } from "../../manifests/analysisContext";
import type { K8sObject } from "../../manifests/k8s";
import { CALICO_API_VERSION } from "../../manifests/calico";
import { type Intent, NetpolInputError, parseIntent, verifyIntent } from "../../netpol";
import { testStackConfig } from "../fixtures/stackConfig";
import { stackNames } from "../fixtures/stackFiles";
import { calicoWeakenings, weakenings, widen } from "./weakenings";

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

/** A weakened render verifies, or is refused as input (a policy left in a tier that no longer exists): either way, not "ok". */
function passesOrRefused(objects: readonly K8sObject[], intent: Intent): boolean | "refused" {
  try {
    return passes(objects, intent);
  } catch (error) {
    if (error instanceof NetpolInputError) return "refused";
    throw error;
  }
}

describe("the proof cannot be fooled: every single weakening of a policy fails verify", () => {
  for (const [label, config] of CONFIGS) {
    describe(label, () => {
      const rendered = renderStack(config());
      const context = analysisContext(rendered.topology);
      const intent = parseIntent(YAML.stringify(analysisIntent(rendered.topology, policyLayers(rendered.calicoPolicies))), "intent");
      const full = allObjects(rendered);
      // Each layer on its own, as each side on its own: the Kubernetes NetworkPolicies must hold
      // the proof without Calico's objects (what the vpc-cni engine enforces), so that a weakened
      // NetworkPolicy is caught even where Calico's default deny still masks it.
      const stack = full.filter((o) => o.apiVersion !== CALICO_API_VERSION);
      const kubernetesIntent = parseIntent(YAML.stringify(analysisIntent(rendered.topology, { calico: false })), "intent");
      const mutants = weakenings(stack);
      const calicoMutants = calicoWeakenings(full);

      it("the unmodified render passes, both layers and the Kubernetes layer alone, with both engines", () => {
        assert.ok(passes([...full, ...context], intent));
        assert.ok(verifyIntent([...full, ...context], intent, "intent", "reference").ok);
        assert.ok(passes([...stack, ...context], kubernetesIntent));
        assert.ok(verifyIntent([...stack, ...context], kubernetesIntent, "intent", "reference").ok);
      });

      it(`each of its ${calicoMutants.length} weakenings of a Calico object fails verify over both layers (or is refused)`, () => {
        assert.ok(calicoMutants.length >= 10, "too few Calico mutants");
        const survivors = calicoMutants.filter((m) => passesOrRefused([...m.objects, ...context], intent) === true).map((m) => m.label);
        assert.deepEqual(survivors, []);
      });

      it(`each of its ${mutants.length} weakenings of a NetworkPolicy fails verify over the Kubernetes layer`, () => {
        assert.ok(mutants.length > 20, "too few mutants: the generator lost its way");
        const survivors = mutants.filter((m) => passes([...m.objects, ...context], kubernetesIntent)).map((m) => m.label);
        assert.deepEqual(survivors, []);
      });

      it("covers every kind of weakening the issue names", () => {
        const kinds = ["remove the policy", "empty spec.podSelector", ".namespaceSelector", "widen ", "ports"];
        for (const kind of kinds) assert.ok(mutants.some((m) => m.label.includes(kind)), `no mutant "${kind}"`);
      });
    });
  }

  it("deleting the default deny of one tier namespace is caught by that namespace's stranger (Kubernetes layer)", () => {
    const rendered = renderStack(testStackConfig());
    const intent = parseIntent(YAML.stringify(analysisIntent(rendered.topology, { calico: false })), "intent");
    const objects = [...allObjects(rendered), ...analysisContext(rendered.topology)].filter(
      (o) => o.apiVersion !== CALICO_API_VERSION && !(o.kind === "NetworkPolicy" && o.metadata.namespace === "bank-backend" && o.metadata.name === "default-deny"),
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
