// What a reviewer reads is what gets applied: for each stack file, every in-cluster resource the
// real program registers (every `kubernetes:` type: objects and Helm releases alike) is in the
// files `render` writes for that stack, with the same content, and nothing rendered is left out.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { loadStackFile } from "../../config";
import { renderStack } from "../../manifests";
import { readHelmCharts } from "../../manifests/helm";
import { renderOutputFiles } from "../../manifests/output";
import { KMS_KEY_PARAMETER } from "../../manifests/storage";
import { isSecretWire, objectIdentity, type Props, type Registration, revealSecrets } from "../fixtures/pulumiMocks";
import { stackNames } from "../fixtures/stackFiles";
import { runStackFile } from "./harness";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** In-cluster resources by identity, each in a comparable shape. */
type Inventory = Map<string, Props>;

/** Every registered in-cluster resource (the Kubernetes provider itself is `pulumi:providers:…`). */
function appliedInventory(resources: readonly Registration[]): Inventory {
  const inCluster = resources.filter((r) => r.type.startsWith("kubernetes:"));
  return new Map(inCluster.map((r) => (r.type === HELM_RELEASE ? chartEntry(releaseAsChart(r.inputs)) : objectEntry(r.inputs))));
}

/** Every object in the applied files `render` writes, plus the Helm charts in their comments. */
function renderedInventory(stack: string): Inventory {
  const files = renderOutputFiles(renderStack(loadStackFile(PROJECT_DIR, stack)), stack).filter((f) => f.role === "applied");
  const objects = files.flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as Props));
  const charts = files.flatMap((f) => readHelmCharts(f.content)) as unknown as Props[];
  return new Map([...objects.map(objectEntry), ...charts.map(chartEntry)]);
}

function releaseAsChart(inputs: Props): Props {
  const { name, chart, version, namespace, values } = inputs;
  return { release: name, chart, repo: (inputs.repositoryOpts as Props | undefined)?.repo, version, namespace, values };
}

function chartEntry(chart: Props): [string, Props] {
  return [`HelmRelease ${String(chart.namespace)}/${String(chart.release)}`, chart];
}

/**
 * Secrets carry a generated password (a Pulumi secret) instead of the placeholder, StorageClasses
 * the volume key's ARN instead of its placeholder (item 13; dataProtection.test.ts checks that
 * value); compare the rest.
 */
function objectEntry(object: Props): [string, Props] {
  if (object.kind === "StorageClass") return [objectIdentity(object), withoutKmsKey(object)];
  if (object.kind !== "Secret") return [objectIdentity(object), object];
  const revealed = revealSecrets(object.stringData) as Props;
  return [objectIdentity(object), { ...object, stringData: Object.keys(revealed).sort() }];
}

function withoutKmsKey(storageClass: Props): Props {
  const parameters = storageClass.parameters as Props;
  return { ...storageClass, parameters: { ...parameters, [KMS_KEY_PARAMETER]: "<deploy-time>" } };
}

function assertSameInventory(applied: Inventory, rendered: Inventory): void {
  const unrendered = [...applied.keys()].filter((id) => !rendered.has(id));
  const unapplied = [...rendered.keys()].filter((id) => !applied.has(id));
  assert.deepEqual({ unrendered, unapplied }, { unrendered: [], unapplied: [] });
  for (const [id, resource] of rendered) assert.deepEqual(applied.get(id), resource, id);
}

/** Whether `name` waits for `target`, directly or through what it waits for. */
function waitsFor(dependenciesOf: (name: string) => string[], name: string, target: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  return dependenciesOf(name).some((d) => d === target || waitsFor(dependenciesOf, d, target, seen));
}

describe("program under mocks: every in-cluster resource equals the render", () => {
  for (const stack of stackNames()) {
    const eks = () => loadStackFile(PROJECT_DIR, stack).platform.name === "eks";

    it(`Pulumi.${stack}.yaml: every registered Kubernetes object and Helm release is rendered, identically, and vice versa`, async () => {
      const run = await runStackFile(stack);
      const applied = appliedInventory(run.mocks.registrations);
      const storage = eks() ? ["StorageClass /gp3-encrypted", "StorageClass /gp3-encrypted-retain"] : [];
      assert.ok([...storage, "Namespace /tigera-operator", "HelmRelease tigera-operator/calico", "Installation /default"].every((id) => applied.has(id)));
      assertSameInventory(applied, renderedInventory(stack));
    });

    it(`Pulumi.${stack}.yaml: nodes (EKS), then Calico, then NetworkPolicies, then workloads`, async () => {
      const { mocks } = await runStackFile(stack);
      const named = (type: string) => mocks.ofType(type).map((r) => r.name);
      const waits = (name: string, target: string) => waitsFor((n) => mocks.dependenciesOf(n), name, target);
      const [release] = named(HELM_RELEASE);
      const [nodeGroup] = named("aws:eks/nodeGroup:NodeGroup");
      assert.equal(nodeGroup === undefined, !eks(), "a node group on EKS only");
      if (nodeGroup !== undefined) assert.ok(waits(release, nodeGroup), "the Calico chart must wait for the nodes");
      const policies = named("kubernetes:networking.k8s.io/v1:NetworkPolicy");
      assert.ok(policies.length > 0);
      for (const policy of policies) assert.ok(waits(policy, release), `${policy} may be applied before Calico`);
      const workloads = [...named("kubernetes:apps/v1:Deployment"), ...named("kubernetes:apps/v1:StatefulSet")];
      assert.ok(workloads.length > 0);
      for (const workload of workloads) {
        assert.ok(policies.every((p) => waits(workload, p)), `${workload} may start before its policies`);
      }
    });

    it(`Pulumi.${stack}.yaml: the database password reaches the cluster only as a Pulumi secret`, async () => {
      const run = await runStackFile(stack);
      const secrets = run.mocks.registrations.filter((r) => r.type === "kubernetes:core/v1:Secret").map((r) => r.inputs);
      assert.ok(secrets.length > 0);
      for (const secret of secrets) assert.ok(isSecretWire(secret.stringData), objectIdentity(secret));
    });
  }

  it("fails when the program applies an object or a chart the render does not show", async () => {
    const run = await runStackFile("dev");
    const extra = (type: string, inputs: Props): Registration => ({ type, name: "extra", urn: "", inputs, provider: undefined, dependencies: [] });
    const configMap = extra("kubernetes:core/v1:ConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "unrendered", namespace: "x" } });
    const chart = extra(HELM_RELEASE, { name: "other", chart: "other", namespace: "x", version: "1", values: {} });
    for (const registration of [configMap, chart]) {
      const applied = appliedInventory([...run.mocks.registrations, registration]);
      assert.throws(() => assertSameInventory(applied, renderedInventory("dev")), /unrendered/);
    }
  });
});
