import { strict as assert } from "assert";
import type { IContainer } from "kubernetes-models/v1/Container";
import { allObjects, renderStack } from "../../manifests";
import { podSecurityLabels } from "../../manifests/namespaces";
import { allContainers, podsOf, type RenderedPod } from "./pods";
import { allConfigs, fixtureConfigs } from "./stacks";

/** Every violation of the hardened-pod rules in one pod, as readable strings (empty = compliant). */
function violations(pod: RenderedPod): string[] {
  const problems: string[] = [];
  const podContext = pod.spec.securityContext ?? {};
  const check = (ok: boolean, what: string) => ok || problems.push(what);
  check(pod.spec.automountServiceAccountToken === false, "service-account token mounted");
  check(!pod.spec.hostNetwork && !pod.spec.hostPID && !pod.spec.hostIPC, "shares a host namespace");
  check(!(pod.spec.volumes ?? []).some((v) => v.hostPath), "mounts a hostPath");
  for (const container of allContainers(pod)) {
    const context = container.securityContext ?? {};
    const at = (what: string) => `${container.name}: ${what}`;
    const runAsUser = context.runAsUser ?? podContext.runAsUser;
    check((context.runAsNonRoot ?? podContext.runAsNonRoot) === true, at("runAsNonRoot not set"));
    check(runAsUser !== undefined && runAsUser !== 0, at("no explicit non-zero UID"));
    check((context.runAsGroup ?? podContext.runAsGroup ?? 0) !== 0, at("no explicit non-zero GID"));
    check(context.privileged !== true, at("privileged"));
    check(context.allowPrivilegeEscalation === false, at("privilege escalation allowed"));
    check(context.readOnlyRootFilesystem === true, at("writable root filesystem"));
    check(JSON.stringify(context.capabilities?.drop) === '["ALL"]' && !context.capabilities?.add?.length, at("capabilities not all dropped"));
    const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;
    check(seccomp === "RuntimeDefault", at(`seccomp ${seccomp ?? "unset"}`));
    check(hasRequestsAndLimits(container), at("missing CPU/memory requests or limits"));
    check(!!container.readinessProbe && !!container.livenessProbe, at("missing readiness or liveness probe"));
    check(isPinned(container.image ?? ""), at(`image not pinned: ${container.image}`));
  }
  return problems;
}

function hasRequestsAndLimits(container: IContainer): boolean {
  const { requests, limits } = container.resources ?? {};
  return [requests?.cpu, requests?.memory, limits?.cpu, limits?.memory].every((v) => v !== undefined);
}

/** A digest, or an explicit version tag (a digit in it, not `latest`/`stable`/`alpine`). */
function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && /\d/.test(tag) && !/latest/.test(tag);
}

describe("manifests: security of every pod in every stack", () => {
  for (const { name, config } of allConfigs()) {
    it(`${name}: no pod runs as root or privileged, and every pod is hardened`, () => {
      const pods = podsOf(allObjects(renderStack(config)));
      assert.equal(pods.length, config.app.tenants.length * 3, "one pod template per tier per tenant");
      const found = pods.flatMap((pod) => violations(pod).map((v) => `${pod.owner}: ${v}`));
      assert.deepEqual(found, []);
    });
  }

  it("the sweep notices an unhardened pod (the check can fail)", () => {
    const [pod] = podsOf(allObjects(renderStack(fixtureConfigs()[0]!.config)));
    assert.ok(pod);
    const [container] = pod.spec.containers;
    const rootPod: RenderedPod = {
      owner: pod.owner,
      spec: { ...pod.spec, securityContext: {}, containers: [{ ...container!, image: "nginx:latest", securityContext: { privileged: true } }] },
    };
    const found = violations(rootPod).join("\n");
    for (const expected of ["runAsNonRoot", "privileged", "escalation", "writable root", "capabilities", "seccomp", "not pinned"]) {
      assert.match(found, new RegExp(expected));
    }
  });

  it("every tier namespace enforces, audits and warns at Pod Security `restricted`", () => {
    const config = fixtureConfigs()[0]!.config;
    for (const namespace of renderStack(config).namespaces) {
      const labels = namespace.metadata.labels ?? {};
      for (const mode of ["enforce", "audit", "warn"]) {
        assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted", `${namespace.metadata.name} ${mode}`);
        assert.equal(labels[`pod-security.kubernetes.io/${mode}-version`], `v${config.cluster.kubernetesVersion}`);
      }
    }
    assert.equal(Object.keys(podSecurityLabels(config)).length, 6);
  });
});
