// Calico's EKS steps as pure objects: item 3 (aws-node may annotate pod IPs) and item 4 (the
// operator Installation is our own object, awaited until Ready). The program-level checks under
// mocks are in test/platform/calicoEnforcement.test.ts.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { vpcCniConfiguration } from "../../components/clusterSpec";
import type { StackConfig } from "../../config/types";
import { renderStack } from "../../manifests";
import {
  AWS_NODE_POD_PATCH_ROLE,
  buildCalicoPolicies,
  buildCalicoRbac,
  calicoInstallation,
  OPERATOR_READY_TIMEOUT_MINUTES,
  tigeraOperatorValues,
} from "../../manifests/calico";
import { CLUSTER_FILE, renderOutputFiles } from "../../manifests/output";
import { buildTopology } from "../../topology";
import { testStackConfig } from "../fixtures/stackConfig";

function withEngine(engine: StackConfig["policy"]["engine"]): StackConfig {
  const base = testStackConfig();
  return { ...base, policy: { ...base.policy, engine } };
}

function clusterFile(config: StackConfig): string {
  const file = renderOutputFiles(renderStack(config), "test").find((f) => f.path === CLUSTER_FILE);
  assert.ok(file, "no cluster.yaml");
  return file.content;
}

describe("item 3: aws-node may annotate pod IPs (engine calico)", () => {
  it("grants patch on pods, and nothing else, to kube-system/aws-node through our own ClusterRole", () => {
    const [role, binding] = buildCalicoRbac(withEngine("calico"));
    assert.equal(role?.kind, "ClusterRole");
    assert.deepEqual(role?.rules, [{ apiGroups: [""], resources: ["pods"], verbs: ["patch"] }]);
    assert.equal(binding?.kind, "ClusterRoleBinding");
    assert.deepEqual(binding?.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role?.metadata.name });
    assert.deepEqual(binding?.subjects, [{ kind: "ServiceAccount", namespace: "kube-system", name: "aws-node" }]);
  });

  it("is named so it is ours and survives add-on updates: never the add-on's own `aws-node` ClusterRole", () => {
    for (const object of buildCalicoRbac(withEngine("calico"))) {
      assert.equal(object.metadata.name, AWS_NODE_POD_PATCH_ROLE);
      assert.notEqual(object.metadata.name, "aws-node");
      assert.equal(object.metadata.labels?.["app.kubernetes.io/part-of"], "zero-trust-eks");
    }
  });

  it("is rendered in cluster.yaml before the Calico chart (the render is what the PolicyEngine applies)", () => {
    const text = clusterFile(withEngine("calico"));
    const binding = text.indexOf(`kind: ClusterRoleBinding\nmetadata:\n  name: ${AWS_NODE_POD_PATCH_ROLE}`);
    assert.ok(binding > 0 && binding < text.indexOf("# helm-release:"));
  });

  it("is not granted under engine vpc-cni (nothing reads the annotation there)", () => {
    assert.deepEqual(buildCalicoRbac(withEngine("vpc-cni")), []);
    assert.ok(!clusterFile(withEngine("vpc-cni")).includes(AWS_NODE_POD_PATCH_ROLE));
  });
});

describe("item 4: the operator Installation is our own object, awaited until Ready", () => {
  it("the chart no longer renders an Installation", () => {
    assert.deepEqual(tigeraOperatorValues(withEngine("calico")).installation, { enabled: false });
  });

  it("applies Installation `default` with the spec chart v3.31.x rendered from the former values (policy-only mode)", () => {
    const installation = calicoInstallation({ name: "eks" });
    assert.equal(`${installation.apiVersion}/${installation.kind}/${installation.metadata.name}`, "operator.tigera.io/v1/Installation/default");
    assert.deepEqual(installation.spec, {
      kubernetesProvider: "EKS",
      cni: { type: "AmazonVPC" },
      calicoNetwork: { bgp: "Disabled" },
      kubeletVolumePluginPath: "None",
    });
  });

  it("carries Pulumi's await on the Ready condition, rendered as applied", () => {
    assert.deepEqual(calicoInstallation({ name: "eks" }).metadata.annotations, { "pulumi.com/waitFor": "condition=Ready" });
    assert.ok(clusterFile(withEngine("calico")).includes("kind: Installation\nmetadata:\n  name: default\n  annotations:\n    pulumi.com/waitFor: condition=Ready\n"));
  });

  it("comes first among the Calico objects: before the APIServer and every projectcalico.org/v3 object", () => {
    const config = withEngine("calico");
    const objects = buildCalicoPolicies(buildTopology(config), config);
    assert.equal(objects[0]?.kind, "Installation");
    assert.equal(objects.filter((o) => o.kind === "Installation").length, 1);
  });

  it("waits longer than Pulumi's default 10 minutes, but not unboundedly", () => {
    assert.ok(OPERATOR_READY_TIMEOUT_MINUTES > 10 && OPERATOR_READY_TIMEOUT_MINUTES <= 30);
  });

  it("is not applied under engine vpc-cni", () => {
    const config = withEngine("vpc-cni");
    assert.ok(!clusterFile(config).includes("kind: Installation"));
  });
});

describe("items 3 and 4: docs/policies.md restates the builders' facts", () => {
  const docs = fs.readFileSync(path.resolve(__dirname, "../../docs/policies.md"), "utf8");

  it("the RBAC's name, the add-on's env, the await annotation and its time limit", () => {
    assert.ok(docs.includes(`\`${AWS_NODE_POD_PATCH_ROLE}\``));
    assert.ok(docs.includes(`\`${vpcCniConfiguration("calico")}\``));
    assert.ok(docs.includes(`pulumi.com/waitFor: ${String(calicoInstallation({ name: "eks" }).metadata.annotations?.["pulumi.com/waitFor"])}`));
    assert.ok(docs.includes(`customTimeouts\` of ${OPERATOR_READY_TIMEOUT_MINUTES} minutes`));
  });
});
