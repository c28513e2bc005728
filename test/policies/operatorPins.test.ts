// The tigera-operator chart's values and namespace, pinned to the documented values themselves.
// Other tests compare what the component registers with the module's own constants, so a changed
// constant changes both sides and passes; here the expected side is the literal, as docs state it.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import { PolicyEngine } from "../../components/policyEngine";
import type { StackConfig } from "../../config/types";
import { renderStack } from "../../manifests";
import {
  API_SERVER_READY,
  CALICO_CHART,
  CALICO_CHART_REPO,
  PULUMI_WAIT_FOR,
  TIGERA_OPERATOR_NAMESPACE,
  calicoApiServer,
  tigeraOperatorNamespace,
  tigeraOperatorValues,
} from "../../manifests/calico";
import { recordRegistrations } from "../fixtures/pulumiMocks";
import { testStackConfig } from "../fixtures/stackConfig";

const DOCS = path.resolve(__dirname, "../../docs/policies.md");

function calicoConfig(): StackConfig {
  const base = testStackConfig();
  return { ...base, policy: { ...base.policy, engine: "calico" } };
}

/** Chart v3.31.x values: the operator and its CRDs only (docs/policies.md, "The policy engine component"). */
const DOCUMENTED_VALUES = {
  // The Installation is our own rendered object, awaited until Ready (docs/policies.md): the chart's is off.
  installation: { enabled: false },
  apiServer: { enabled: false },
  goldmane: { enabled: false },
  whisker: { enabled: false },
};

/**
 * The operator runs on the host network, so its namespace enforces the `privileged` Pod Security
 * level (Calico's own tigera-operator manifest labels it the same way).
 */
const DOCUMENTED_NAMESPACE = {
  apiVersion: "v1",
  kind: "Namespace",
  metadata: {
    name: "tigera-operator",
    labels: { "kubernetes.io/metadata.name": "tigera-operator", "pod-security.kubernetes.io/enforce": "privileged" },
  },
};

describe("tigera-operator: chart values and namespace, against the documented values", () => {
  it("the chart values are exactly the documented ones: Goldmane and Whisker off, API server ours", () => {
    assert.deepEqual(tigeraOperatorValues(calicoConfig()), DOCUMENTED_VALUES);
  });

  it("the operator's namespace enforces the privileged Pod Security level, and nothing else", () => {
    assert.deepEqual(tigeraOperatorNamespace(), DOCUMENTED_NAMESPACE);
  });

  it("chart, repository, namespace and the APIServer wait are the documented literals", () => {
    assert.equal(CALICO_CHART, "tigera-operator");
    assert.equal(CALICO_CHART_REPO, "https://docs.tigera.io/calico/charts");
    assert.equal(TIGERA_OPERATOR_NAMESPACE, "tigera-operator");
    assert.equal(PULUMI_WAIT_FOR, "pulumi.com/waitFor");
    assert.equal(API_SERVER_READY, "jsonpath={.status.state}=Ready");
    assert.deepEqual(calicoApiServer(), {
      apiVersion: "operator.tigera.io/v1",
      kind: "APIServer",
      metadata: { name: "default", annotations: { "pulumi.com/waitFor": "jsonpath={.status.state}=Ready" } },
      spec: {},
    });
  });

  it("docs/policies.md states the same chart, repository, namespace and switched-off components", () => {
    const docs = fs.readFileSync(DOCS, "utf8").replace(/\s+/g, " ");
    for (const fact of [
      "the `tigera-operator` Namespace",
      "chart `tigera-operator` from `https://docs.tigera.io/calico/charts`",
      "`kubernetesProvider: EKS`, `cni.type: AmazonVPC`, `calicoNetwork.bgp: Disabled`",
      "`installation.enabled: false` and `apiServer.enabled: false`",
      "Goldmane and Whisker off",
    ]) assert.ok(docs.includes(fact), `docs/policies.md does not say: ${fact}`);
  });

  it("the PolicyEngine registers the release and its namespace with the documented literals", async () => {
    const recorder = await recordRegistrations(() => {
      const config = calicoConfig();
      const k8sProvider = new k8s.Provider("k8s", { kubeconfig: "{}" });
      new PolicyEngine("policy", { config, rendered: renderStack(config), k8sProvider });
    });
    const [release] = recorder.ofType("kubernetes:helm.sh/v3:Release");
    assert.ok(release, "no helm release registered");
    assert.equal(release.inputs.chart, "tigera-operator");
    assert.deepEqual(release.inputs.repositoryOpts, { repo: "https://docs.tigera.io/calico/charts" });
    assert.equal(release.inputs.namespace, "tigera-operator");
    assert.deepEqual(release.inputs.values, DOCUMENTED_VALUES);
    const namespaces = recorder.ofType("kubernetes:core/v1:Namespace").map((r) => r.inputs.metadata);
    assert.deepEqual(namespaces, [DOCUMENTED_NAMESPACE.metadata]);
  });
});
