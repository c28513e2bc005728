import { strict as assert } from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { Application, PASSWORD_LENGTH } from "../../components/application";
import { listStacks, loadStackFile } from "../../config";
import { renderStack, type K8sObject, type RenderedStack } from "../../manifests";
import { SECRET_PLACEHOLDER, generatedSecretKeys } from "../../manifests/workloads";
import { testStackConfig } from "../fixtures/stackConfig";
import {
  isSecretWire, MockRecorder, objectIdentity, recordRegistrations, type Registration, revealSecrets,
} from "../fixtures/pulumiMocks";

const PROJECT_DIR = `${__dirname}/../..`;
const MOCK_PASSWORD = "mock-generated-password";
const PASSWORD_TYPE = "random:index/randomPassword:RandomPassword";

/** Answers RandomPassword with a `result`, as the provider would. */
function passwordOutputs(type: string): Record<string, unknown> {
  return type === PASSWORD_TYPE ? { result: MOCK_PASSWORD } : {};
}

function record(rendered: RenderedStack, withEngine = false): Promise<MockRecorder> {
  return recordRegistrations(() => {
    const k8sProvider = new k8s.Provider("k8s", { kubeconfig: "{}" });
    const engine = withEngine ? [new random.RandomId("engine-ready", { byteLength: 4 })] : [];
    new Application("app", { rendered, k8sProvider, dependsOn: engine });
  }, new MockRecorder({ outputs: passwordOutputs }));
}

function kubernetesObjects(recorder: MockRecorder): Registration[] {
  return recorder.registrations.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers"));
}

/** The rendered object as it should reach the cluster: placeholders replaced by the generated password. */
function asApplied(object: K8sObject): K8sObject {
  const keys = generatedSecretKeys(object);
  if (keys.length === 0) return object;
  const stringData = { ...(object.stringData as Record<string, string>) };
  for (const key of keys) stringData[key] = MOCK_PASSWORD;
  return { ...object, stringData };
}

const stacks = listStacks(PROJECT_DIR);

describe("Application component (mocked): registers exactly what render prints", () => {
  for (const stack of stacks) {
    it(`Pulumi.${stack}.yaml: same kinds, names, namespaces and specs as renderStack, minus the Calico objects`, async () => {
      const rendered = renderStack(loadStackFile(PROJECT_DIR, stack));
      const recorder = await record(rendered);
      const registered = new Map(kubernetesObjects(recorder).map((r) => [objectIdentity(r.inputs), revealSecrets(r.inputs)]));
      const expected = [...rendered.namespaces, ...rendered.networkPolicies, ...rendered.workloads].map(asApplied);
      assert.deepEqual([...registered.keys()].sort(), expected.map(objectIdentity).sort());
      for (const object of expected) assert.deepEqual(registered.get(objectIdentity(object)), object, objectIdentity(object));
    });
  }

  it("puts no placeholder into the cluster: each database Secret gets its own generated password, kept secret", async () => {
    const rendered = renderStack(testStackConfig({ tenants: ["alpha", "beta"] }));
    const recorder = await record(rendered);
    const inputs = kubernetesObjects(recorder).map((r) => r.inputs);
    assert.doesNotMatch(JSON.stringify(revealSecrets(inputs)), new RegExp(SECRET_PLACEHOLDER));
    const secrets = inputs.filter((i) => i.kind === "Secret");
    assert.equal(secrets.length, 2);
    for (const secret of secrets) assert.ok(isSecretWire(secret.stringData), "stringData reaches the engine as a secret");
    const passwords = recorder.ofType(PASSWORD_TYPE);
    assert.equal(passwords.length, 2);
    for (const password of passwords) {
      assert.equal(password.inputs.length, PASSWORD_LENGTH);
      assert.equal(password.inputs.special, false);
    }
  });

  it("orders the apply: namespaces, then NetworkPolicies (after the policy engine), then workloads", async () => {
    const rendered = renderStack(testStackConfig());
    const recorder = await record(rendered, true);
    const all = kubernetesObjects(recorder);
    const ofKind = (kinds: string[]) => all.filter((r) => kinds.includes(String(r.inputs.kind)));
    const namespaces = ofKind(["Namespace"]);
    const policies = ofKind(["NetworkPolicy"]);
    const workloads = all.filter((r) => !["Namespace", "NetworkPolicy"].includes(String(r.inputs.kind)));
    const [engine] = recorder.ofType("random:index/randomId:RandomId");
    assert.ok(engine && namespaces.length === 3 && policies.length > 3 && workloads.length > 6);
    for (const policy of policies) {
      assert.ok(policy.dependencies.includes(engine.urn), `${policy.name} does not wait for the policy engine`);
      for (const namespace of namespaces) assert.ok(policy.dependencies.includes(namespace.urn), `${policy.name} before ${namespace.name}`);
    }
    for (const workload of workloads) {
      for (const policy of policies) assert.ok(workload.dependencies.includes(policy.urn), `${workload.name} may start before ${policy.name}`);
    }
    for (const namespace of namespaces) assert.deepEqual(namespace.dependencies, [], `${namespace.name} waits on something`);
  });

  it("applies no Calico object (the PolicyEngine component does)", async () => {
    const rendered = renderStack(testStackConfig());
    assert.ok(rendered.calicoPolicies.length > 0, "the fixture uses the calico engine");
    const recorder = await record(rendered);
    assert.deepEqual(recorder.registrations.filter((r) => r.type.includes("projectcalico.org")), []);
  });
});
