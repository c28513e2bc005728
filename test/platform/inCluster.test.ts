// What a reviewer reads is what gets applied: for each stack file, the in-cluster objects the real
// program registers are exactly the objects `npm run render` writes for that stack.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { loadStackFile } from "../../config";
import { allObjects, renderStack, type K8sObject } from "../../manifests";
import { isSecretWire, objectIdentity, type Props, type Registration, revealSecrets } from "../fixtures/pulumiMocks";
import { runStackFile } from "./harness";

const PROJECT_DIR = path.resolve(__dirname, "../..");

/** Applied by the program but not objects of the app: the provider, the chart, their plumbing. */
const PLATFORM_ONLY = new Set([
  "pulumi:providers:kubernetes",
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:storage.k8s.io/v1:StorageClass",
]);

function inClusterObjects(resources: readonly Registration[]): Props[] {
  return resources
    .filter((r) => r.type.startsWith("kubernetes:") && !PLATFORM_ONLY.has(r.type))
    .map((r) => r.inputs)
    .filter((inputs) => objectIdentity(inputs) !== "Namespace /tigera-operator");
}

/** Secrets carry a generated password (a Pulumi secret) instead of the placeholder; compare the rest. */
function comparable(object: Props | K8sObject): Props {
  if (object.kind !== "Secret") return object;
  const revealed = revealSecrets(object.stringData) as Props;
  return { ...object, stringData: Object.keys(revealed).sort() };
}

/** Whether `name` waits for `target`, directly or through what it waits for. */
function waitsFor(dependenciesOf: (name: string) => string[], name: string, target: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  return dependenciesOf(name).some((d) => d === target || waitsFor(dependenciesOf, d, target, seen));
}

describe("program under mocks: in-cluster objects equal the render", () => {
  for (const stack of ["dev", "staging", "prod"]) {
    it(`Pulumi.${stack}.yaml: same kinds, names, namespaces and specs`, async () => {
      const run = await runStackFile(stack);
      const registered = new Map(inClusterObjects(run.mocks.registrations).map((o) => [objectIdentity(o), comparable(o)]));
      const rendered = new Map(allObjects(renderStack(loadStackFile(PROJECT_DIR, stack))).map((o) => [objectIdentity(o), comparable(o)]));
      assert.deepEqual([...registered.keys()].sort(), [...rendered.keys()].sort());
      for (const [id, object] of rendered) assert.deepEqual(registered.get(id), object, id);
    });

    it(`Pulumi.${stack}.yaml: nodes, then Calico, then NetworkPolicies, then workloads`, async () => {
      const { mocks } = await runStackFile(stack);
      const named = (type: string) => mocks.ofType(type).map((r) => r.name);
      const waits = (name: string, target: string) => waitsFor((n) => mocks.dependenciesOf(n), name, target);
      const [release] = named("kubernetes:helm.sh/v3:Release");
      const [nodeGroup] = named("aws:eks/nodeGroup:NodeGroup");
      assert.ok(waits(release, nodeGroup), "the Calico chart must wait for the nodes");
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
      const secrets = inClusterObjects(run.mocks.registrations).filter((o) => o.kind === "Secret");
      assert.ok(secrets.length > 0);
      for (const secret of secrets) assert.ok(isSecretWire(secret.stringData), objectIdentity(secret));
    });
  }
});
