// The Calico selectors we write, parsed and evaluated (test-side parser: calicoSelector.ts; the
// analyzer has no Calico selector parser yet): the default deny's namespace exclusion, its DNS
// allowance, and the metadata deny's workload-endpoint selector. A missing separator fails parsing.
import { strict as assert } from "assert";
import type { StackConfig } from "../../config/types";
import { analysisContext } from "../../manifests/analysisContext";
import { buildCalicoPolicies, DEFAULT_DENY_NAME, METADATA_DENY_NAME, SYSTEM_NAMESPACES } from "../../manifests/calico";
import type { K8sObject } from "../../manifests/k8s";
import { buildTopology, type Topology } from "../../topology";
import { testStackConfig } from "../fixtures/stackConfig";
import { allConfigs } from "../manifests/stacks";
import { CalicoSelectorSyntaxError, type Labels, parseCalicoSelector } from "./calicoSelector";

interface Rule {
  readonly action: string;
  readonly destination?: { readonly namespaceSelector?: string; readonly selector?: string };
}
interface Spec {
  readonly selector?: string;
  readonly namespaceSelector?: string;
  readonly egress?: readonly Rule[];
}

function calicoPolicy(config: StackConfig, name: string): { topology: Topology; spec: Spec } {
  const topology = buildTopology(config);
  const object = buildCalicoPolicies(topology, config).find((o: K8sObject) => o.metadata.name === name);
  assert.ok(object, `no Calico object ${name}`);
  return { topology, spec: object.spec as Spec };
}

const calicoConfigs = allConfigs().filter(({ config }) => config.policy.engine === "calico");

/** A namespace as Calico's namespaceSelector sees it: its labels, including the name label the API server sets. */
const namespaceLabels = (name: string): Labels => ({ "kubernetes.io/metadata.name": name });

describe("Calico selectors we write, parsed and evaluated", () => {
  it("covers the stack files and fixtures that use Calico", () => {
    assert.ok(calicoConfigs.length >= 4);
  });

  for (const { name, config } of calicoConfigs) {
    describe(name, () => {
      it("the default deny's namespaceSelector selects every tier namespace and none of the system ones", () => {
        const { topology, spec } = calicoPolicy(config, DEFAULT_DENY_NAME);
        const selects = parseCalicoSelector(spec.namespaceSelector ?? "");
        for (const system of SYSTEM_NAMESPACES) assert.equal(selects(namespaceLabels(system)), false, `${system} is not exempt`);
        for (const workload of topology.workloads) assert.equal(selects(workload.namespaceLabels), true, `${workload.namespace} is not closed`);
        for (const later of ["default", "intruder", "team-x"]) assert.equal(selects(namespaceLabels(later)), true, `a later namespace ${later} is not closed`);
      });

      it("the default deny's DNS allowance selects kube-dns in kube-system only", () => {
        const { topology, spec } = calicoPolicy(config, DEFAULT_DENY_NAME);
        const dnsPod = analysisContext(topology).find((o) => o.kind === "Deployment");
        assert.ok(dnsPod);
        const podLabels = (dnsPod.spec as { template: { metadata: { labels: Labels } } }).template.metadata.labels;
        assert.ok((spec.egress ?? []).length > 0);
        for (const rule of spec.egress ?? []) {
          const inNamespace = parseCalicoSelector(rule.destination?.namespaceSelector ?? "");
          const pods = parseCalicoSelector(rule.destination?.selector ?? "");
          assert.equal(inNamespace(namespaceLabels(topology.dns.namespace)), true);
          assert.equal(inNamespace(namespaceLabels("intruder")), false);
          assert.equal(pods(podLabels), true);
          assert.equal(pods(topology.workloads[0]!.podLabels), false);
        }
      });

      it("the metadata deny selects workload endpoints (they carry projectcalico.org/namespace), not host endpoints", () => {
        const { topology, spec } = calicoPolicy(config, METADATA_DENY_NAME);
        const selects = parseCalicoSelector(spec.selector ?? "");
        for (const workload of topology.workloads) {
          assert.equal(selects({ ...workload.podLabels, "projectcalico.org/namespace": workload.namespace }), true);
        }
        assert.equal(selects({ "kubernetes.io/hostname": "ip-10-0-1-5" }), false, "a host endpoint");
      });
    });
  }

  it("a DNS target with several pod labels gives a selector joined by && that holds only with every label", () => {
    const config = testStackConfig();
    const topology = buildTopology(config);
    const dns = { ...topology.dns, podLabels: { "k8s-app": "dns", tier: "infra" } };
    const policy = buildCalicoPolicies({ ...topology, dns }, config).find((o) => o.metadata.name === DEFAULT_DENY_NAME);
    const [rule] = ((policy?.spec as Spec).egress ?? []) as Rule[];
    const pods = parseCalicoSelector(rule?.destination?.selector ?? "");
    assert.equal(pods({ "k8s-app": "dns", tier: "infra", extra: "x" }), true);
    assert.equal(pods({ "k8s-app": "dns" }), false);
    assert.equal(pods({ tier: "infra" }), false);
  });

  describe("the test-side parser (each check can fail)", () => {
    const refuses = (selector: string): void => {
      assert.throws(() => parseCalicoSelector(selector), CalicoSelectorSyntaxError, selector);
    };

    it("refuses a missing separator, a missing operand and stray text", () => {
      refuses('kubernetes.io/metadata.name not in {"a""b"}');
      refuses('kubernetes.io/metadata.name not in {"a", "b",}');
      refuses('kubernetes.io/metadata.name not in {"a" "b"}');
      refuses('kubernetes.io/metadata.name notin {"a"}');
      refuses('k8s-app == "dns"tier == "infra"');
      refuses('k8s-app == "dns" && ');
      refuses("has(projectcalico.org/namespace");
      refuses('k == "unterminated');
      refuses("");
      refuses('k == v');
      refuses('k ~= "v"');
    });

    it("evaluates Calico's operators as documented", () => {
      const labels = { app: "web", tier: "front" };
      const holds = (selector: string): boolean => parseCalicoSelector(selector)(labels);
      assert.equal(holds('app == "web"'), true);
      assert.equal(holds("app == 'db'"), false);
      assert.equal(holds('app != "db"'), true);
      assert.equal(holds('missing != "x"'), true, "!= holds when the label is absent");
      assert.equal(holds('app in {"db", "web"}'), true);
      assert.equal(holds('app in {}'), false);
      assert.equal(holds('app not in {"db", "cache"}'), true);
      assert.equal(holds('missing not in {"x"}'), true, "not in holds when the label is absent");
      assert.equal(holds("has(tier) && !has(missing)"), true);
      assert.equal(holds('app == "db" || (tier == "front" && all())'), true);
      assert.equal(holds('!(app == "web")'), false);
      assert.equal(holds('app == "web" && tier == "back"'), false);
      assert.equal(holds("global()"), true);
    });
  });
});
