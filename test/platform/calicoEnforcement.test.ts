// Items 3 and 4 under mocks: what the real program (index.ts) registers for each stack file, and
// the PolicyEngine's timeouts, which only the engine's register request carries.
import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PolicyEngine } from "../../components/policyEngine";
import type { StackConfig } from "../../config/types";
import { renderStack } from "../../manifests";
import { AWS_NODE_POD_PATCH_ROLE } from "../../manifests/calico";
import { MockRecorder, type Registration, recordRegistrations } from "../fixtures/pulumiMocks";
import { testStackConfig } from "../fixtures/stackConfig";
import { type ProgramRun, runProgram, runStackFile, stackFileConfig } from "./harness";
import { stacksOn } from "../fixtures/stackFiles";

const T = {
  addon: "aws:eks/addon:Addon",
  clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
  clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
  release: "kubernetes:helm.sh/v3:Release",
  installation: "kubernetes:operator.tigera.io/v1:Installation",
  apiServer: "kubernetes:operator.tigera.io/v1:APIServer",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
} as const;

function vpcCniConfiguration(run: ProgramRun): Record<string, unknown> {
  const cni = run.mocks.ofType(T.addon).find((a) => a.inputs.addonName === "vpc-cni");
  assert.ok(cni, "no vpc-cni add-on");
  return JSON.parse(String(cni.inputs.configurationValues)) as Record<string, unknown>;
}

/** Whether `name` waits for `target`, directly or through what it waits for. */
function waitsFor(run: ProgramRun, name: string, target: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  return run.mocks.dependenciesOf(name).some((d) => d === target || waitsFor(run, d, target, seen));
}

const names = (run: ProgramRun, type: string) => run.mocks.ofType(type).map((r) => r.name);
const annotations = (r: Registration) => (r.inputs.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};

for (const stack of stacksOn("eks")) {
  describe(`Pulumi.${stack}.yaml under mocks: Calico's EKS steps`, () => {
    let run: ProgramRun;
    before(async () => {
      run = await runStackFile(stack);
    });

    it("item 3: the vpc-cni add-on annotates pod IPs (ANNOTATE_POD_IP), with EKS network policy off", () => {
      assert.deepEqual(vpcCniConfiguration(run), { enableNetworkPolicy: "false", env: { ANNOTATE_POD_IP: "true" } });
    });

    it("item 3: aws-node gets patch on pods through our ClusterRole/Binding, in place before any workload", () => {
      const [role] = run.mocks.ofType(T.clusterRole);
      const [binding] = run.mocks.ofType(T.clusterRoleBinding);
      assert.equal((role?.inputs.metadata as { name: string }).name, AWS_NODE_POD_PATCH_ROLE);
      assert.deepEqual(role?.inputs.rules, [{ apiGroups: [""], resources: ["pods"], verbs: ["patch"] }]);
      assert.deepEqual(binding?.inputs.subjects, [{ kind: "ServiceAccount", namespace: "kube-system", name: "aws-node" }]);
      const workloads = [...names(run, T.deployment), ...names(run, T.statefulSet)];
      assert.ok(workloads.length > 0);
      for (const workload of workloads) {
        assert.ok(waitsFor(run, workload, role!.name) && waitsFor(run, workload, binding!.name), `${workload} may start before aws-node can annotate it`);
      }
    });

    it("item 4: the chart installs no Installation; ours is applied after it, with the Ready await", () => {
      const [release] = run.mocks.ofType(T.release);
      assert.deepEqual((release?.inputs.values as { installation: unknown }).installation, { enabled: false });
      const [installation] = run.mocks.ofType(T.installation);
      assert.ok(installation, "no Installation registered");
      assert.equal(annotations(installation)["pulumi.com/waitFor"], "condition=Ready");
      assert.ok(run.mocks.dependenciesOf(installation.name).includes(release!.name));
    });

    it("item 4: the APIServer and every Calico policy wait for the Installation", () => {
      const [installation] = names(run, T.installation);
      const dependents = [...names(run, T.apiServer), ...run.mocks.registrations.filter((r) => r.type.startsWith("kubernetes:projectcalico.org/v3:")).map((r) => r.name)];
      assert.ok(dependents.length >= 4);
      for (const name of dependents) assert.ok(run.mocks.dependenciesOf(name).includes(installation!), `${name} does not wait for the Installation`);
    });

    it("item 4: no NetworkPolicy and no workload before the Installation is Ready (PolicyEngine.ready)", () => {
      const [installation] = names(run, T.installation);
      const waiting = [...names(run, T.networkPolicy), ...names(run, T.deployment), ...names(run, T.statefulSet)];
      assert.ok(waiting.length > 0);
      for (const name of waiting) assert.ok(waitsFor(run, name, installation!), `${name} may be applied before Calico enforces`);
    });
  });
}

describe("policyEngine vpc-cni under mocks: none of Calico's EKS steps", () => {
  it("items 3 and 4: no ANNOTATE_POD_IP, no aws-node RBAC, no Installation", async () => {
    const run = await runProgram("dev", { ...stackFileConfig("dev"), "zero-trust-eks:policyEngine": "vpc-cni" });
    assert.deepEqual(vpcCniConfiguration(run), { enableNetworkPolicy: "true" });
    for (const type of [T.clusterRole, T.clusterRoleBinding, T.installation, T.apiServer]) assert.deepEqual(run.mocks.ofType(type), [], type);
  });
});

/** Also keeps each registration's custom timeouts, which the Mocks interface does not expose. */
class TimeoutRecorder extends MockRecorder {
  readonly timeouts = new Map<string, { create: string; update: string }>();

  override recordDependencies(): void {
    super.recordDependencies();
    const monitor = pulumi.runtime.getMonitor() as unknown as TimedMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
      const timeouts = request.getCustomtimeouts();
      this.timeouts.set(request.getName(), { create: timeouts?.getCreate() ?? "", update: timeouts?.getUpdate() ?? "" });
      register(request, callback);
    };
  }
}

interface TimedMonitor {
  registerResource(
    request: { getName(): string; getCustomtimeouts(): { getCreate(): string; getUpdate(): string } | undefined },
    callback: (error: unknown, response?: unknown) => void,
  ): void;
}

function calicoConfig(): StackConfig {
  const base = testStackConfig();
  return { ...base, policy: { ...base.policy, engine: "calico" } };
}

describe("items 3 and 4: the PolicyEngine component", () => {
  it("counts the Installation and the aws-node RBAC in `ready`, the set the application waits on", async () => {
    const config = calicoConfig();
    const readyUrns: string[] = [];
    const recorder = await recordRegistrations(() => {
      const k8sProvider = new k8s.Provider("k8s", { kubeconfig: "{}" });
      const engine = new PolicyEngine("policy", { config, rendered: renderStack(config), k8sProvider });
      for (const resource of engine.ready) resource.urn.apply((urn) => readyUrns.push(urn));
    });
    for (const type of [T.installation, T.clusterRole, T.clusterRoleBinding]) {
      const [resource] = recorder.ofType(type);
      assert.ok(resource && readyUrns.includes(resource.urn), `${type} is not in PolicyEngine.ready`);
    }
  });

  it("item 4: gives each awaited operator object 20 minutes to become Ready on create and update, and nothing else a custom timeout", async () => {
    const config = calicoConfig();
    const recorder = new TimeoutRecorder();
    await recordRegistrations(() => {
      const k8sProvider = new k8s.Provider("k8s", { kubeconfig: "{}" });
      new PolicyEngine("policy", { config, rendered: renderStack(config), k8sProvider });
    }, recorder);
    const timed = [...recorder.timeouts].filter(([, t]) => t.create !== "" || t.update !== "");
    const awaited = recorder.registrations.filter((r) => annotations(r)["pulumi.com/waitFor"] !== undefined);
    assert.deepEqual(awaited.map((r) => r.type).sort(), [T.apiServer, T.installation]);
    assert.deepEqual(new Map(timed), new Map(awaited.map((r) => [r.name, { create: "20m", update: "20m" }])));
  });
});
