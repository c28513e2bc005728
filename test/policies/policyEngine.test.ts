import { strict as assert } from "assert";
import * as k8s from "@pulumi/kubernetes";
import { PolicyEngine } from "../../components/policyEngine";
import type { StackConfig } from "../../config/types";
import { CALICO_CHART, CALICO_CHART_REPO, TIGERA_OPERATOR_NAMESPACE } from "../../manifests/calico";
import { renderStack } from "../../manifests";
import { testStackConfig } from "../fixtures/stackConfig";
import { recordRegistrations } from "../fixtures/pulumiMocks";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CUSTOM = (kind: string) => `kubernetes:projectcalico.org/v3:${kind}`;

function withEngine(engine: StackConfig["policy"]["engine"]): StackConfig {
  const base = testStackConfig();
  return { ...base, policy: { ...base.policy, engine } };
}

function construct(config: StackConfig): () => void {
  return () => {
    const k8sProvider = new k8s.Provider("k8s", { kubeconfig: "{}" });
    new PolicyEngine("policy", { config, rendered: renderStack(config), k8sProvider });
  };
}

describe("PolicyEngine component (mocked)", () => {
  it("under calico installs the pinned tigera-operator chart into its own namespace", async () => {
    const recorder = await recordRegistrations(construct(withEngine("calico")));
    const [release] = recorder.ofType(RELEASE);
    assert.ok(release, "no helm release registered");
    assert.equal(release.inputs.chart, CALICO_CHART);
    assert.equal(release.inputs.version, "v3.31.3");
    assert.deepEqual(release.inputs.repositoryOpts, { repo: CALICO_CHART_REPO });
    assert.equal(release.inputs.namespace, TIGERA_OPERATOR_NAMESPACE);
    const values = release.inputs.values as { installation: { enabled: boolean }; apiServer: { enabled: boolean } };
    assert.equal(values.installation.enabled, false, "the Installation is our own object, so the deploy can wait for it");
    assert.equal(values.apiServer.enabled, false, "the APIServer is our own object, so the deploy can wait for it");
    const namespace = recorder.ofType("kubernetes:core/v1:Namespace").find((r) => release.dependencies.includes(r.urn));
    assert.ok(namespace, "the release does not wait for its namespace");
  });

  it("under calico registers every Calico object of the builder, each depending on the chart", async () => {
    const config = withEngine("calico");
    const recorder = await recordRegistrations(construct(config));
    const release = recorder.ofType(RELEASE)[0];
    const expected = renderStack(config).calicoPolicies;
    const registered = [
      ...recorder.ofType(CUSTOM("GlobalNetworkPolicy")),
      ...recorder.ofType(CUSTOM("Tier")),
      ...recorder.ofType("kubernetes:operator.tigera.io/v1:APIServer"),
      ...recorder.ofType("kubernetes:operator.tigera.io/v1:Installation"),
    ];
    assert.deepEqual(
      registered.map((r) => (r.inputs.metadata as { name: string }).name).sort(),
      expected.map((o) => o.metadata.name).sort(),
    );
    for (const resource of registered) {
      assert.ok(resource.dependencies.includes(release.urn), `${resource.name} does not depend on the chart`);
    }
    assert.ok(recorder.ofType(CUSTOM("GlobalNetworkPolicy")).length >= 2);
  });

  it("under calico applies every projectcalico.org/v3 object only after the APIServer that serves the API", async () => {
    const recorder = await recordRegistrations(construct(withEngine("calico")));
    const [apiServer] = recorder.ofType("kubernetes:operator.tigera.io/v1:APIServer");
    assert.ok(apiServer, "no APIServer registered");
    const v3 = [...recorder.ofType(CUSTOM("GlobalNetworkPolicy")), ...recorder.ofType(CUSTOM("Tier"))];
    assert.ok(v3.length >= 3);
    for (const object of v3) assert.ok(object.dependencies.includes(apiServer.urn), `${object.name} does not wait for the API server`);
  });

  it("under calico applies the tiered policy only after its Tier", async () => {
    const recorder = await recordRegistrations(construct(withEngine("calico")));
    const [tier] = recorder.ofType(CUSTOM("Tier"));
    const tiered = recorder.ofType(CUSTOM("GlobalNetworkPolicy")).filter((r) => (r.inputs.spec as { tier?: string }).tier !== undefined);
    assert.ok(tier && tiered.length > 0);
    for (const policy of tiered) assert.ok(policy.dependencies.includes(tier.urn), `${policy.name} does not wait for its Tier`);
  });

  it("under vpc-cni registers no chart and no Calico object, and is ready at once", async () => {
    let engine: PolicyEngine | undefined;
    const recorder = await recordRegistrations(() => {
      const config = withEngine("vpc-cni");
      const k8sProvider = new k8s.Provider("k8s", { kubeconfig: "{}" });
      engine = new PolicyEngine("policy", { config, rendered: renderStack(config), k8sProvider });
    });
    assert.deepEqual(recorder.ofType(RELEASE), []);
    assert.deepEqual(recorder.registrations.filter((r) => r.type.includes("projectcalico.org")), []);
    assert.deepEqual(engine?.ready, []);
    assert.equal(recorder.ofType("zero-trust-eks:policy:PolicyEngine").length, 1);
  });
});
