// Each Kubernetes resource rule, called as CrossGuard calls it, on the objects the program really
// registers (dev and prod under mocks): quiet on them, and firing with its exact message on a
// weakened copy. A rule that passes a weakened input is a bug.
import { strict as assert } from "node:assert";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { type PackConfig, type PackResource, policyNamed, validateResource } from "./crossguard";
import { clone, k8sResource, stackResources } from "./stackResources";

const T = {
  namespace: "kubernetes:core/v1:Namespace",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  service: "kubernetes:core/v1:Service",
} as const;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function messages(rule: string, resource: PackResource, config: PackConfig = {}): Promise<string[]> {
  const found = await validateResource(policyNamed(rule) as ResourceValidationPolicy, resource, config);
  return found.map((d) => d.message);
}

/** A copy of `resource` with `change` applied to its props. */
function weakened(resource: PackResource, change: (props: Json) => void): PackResource {
  const copy = clone(resource);
  change(copy.props as Json);
  return copy;
}

const container = (props: Json): Json => props.spec.template.spec.containers[0];

describe("policy pack: Kubernetes resource rules", () => {
  let dev: PackResource[];
  let prod: PackResource[];
  let frontend: PackResource;
  before(async () => {
    dev = await stackResources("dev");
    prod = await stackResources("prod");
    frontend = k8sResource(dev, T.deployment, "bank-frontend/frontend");
  });

  describe("pod-security-restricted", () => {
    it("passes the app namespaces and the exempt tigera-operator namespace", async () => {
      for (const namespace of ["bank-frontend", "bank-backend", "bank-database", "tigera-operator"]) {
        assert.deepEqual(await messages("pod-security-restricted", k8sResource(dev, T.namespace, namespace)), [], namespace);
      }
    });
    it("fails a namespace that enforces baseline, or nothing", async () => {
      const namespace = k8sResource(dev, T.namespace, "bank-backend");
      assert.deepEqual(await messages("pod-security-restricted", weakened(namespace, (p) => { p.metadata.labels["pod-security.kubernetes.io/enforce"] = "baseline"; })), [
        'Namespace bank-backend does not enforce Pod Security restricted (label pod-security.kubernetes.io/enforce is "baseline")',
      ]);
      assert.deepEqual(await messages("pod-security-restricted", weakened(namespace, (p) => { delete p.metadata.labels["pod-security.kubernetes.io/enforce"]; })), [
        "Namespace bank-backend does not enforce Pod Security restricted (label pod-security.kubernetes.io/enforce is missing)",
      ]);
    });
    it("exempts only what config exemptNamespaces lists", async () => {
      const operator = k8sResource(dev, T.namespace, "tigera-operator");
      assert.deepEqual(await messages("pod-security-restricted", operator, { "pod-security-restricted": { exemptNamespaces: [] } }), [
        'Namespace tigera-operator does not enforce Pod Security restricted (label pod-security.kubernetes.io/enforce is "privileged")',
      ]);
    });
  });

  const workloadRules = ["containers-not-privileged", "containers-run-as-non-root", "containers-read-only-root-filesystem", "containers-minimal-capabilities", "images-pinned", "container-resource-limits"];

  it("every workload rule passes every Deployment and StatefulSet of dev and prod", async () => {
    for (const resource of [...dev, ...prod].filter((r) => r.type === T.deployment || r.type === T.statefulSet)) {
      for (const rule of workloadRules) assert.deepEqual(await messages(rule, resource), [], `${rule} on ${resource.name}`);
    }
  });

  const where = 'Deployment bank-frontend/frontend: container "frontend"';
  const cases: readonly [string, string, (props: Json) => void, string[]][] = [
    ["containers-not-privileged", "a privileged container", (p) => { container(p).securityContext.privileged = true; }, [`${where} is privileged (securityContext.privileged: true)`]],
    ["containers-not-privileged", "privilege escalation left to the default", (p) => { delete container(p).securityContext.allowPrivilegeEscalation; }, [`${where} may escalate privileges (securityContext.allowPrivilegeEscalation is undefined, expected false)`]],
    ["containers-not-privileged", "the host network", (p) => { p.spec.template.spec.hostNetwork = true; }, ["Deployment bank-frontend/frontend: pod spec sets hostNetwork: true (expected false or unset)"]],
    ["containers-run-as-non-root", "runAsNonRoot dropped from container and pod", (p) => { delete container(p).securityContext.runAsNonRoot; delete p.spec.template.spec.securityContext.runAsNonRoot; }, [`${where} may run as root (runAsNonRoot is undefined on the container and its pod, expected true)`]],
    ["containers-run-as-non-root", "runAsUser 0", (p) => { container(p).securityContext.runAsUser = 0; }, [`${where} runs as root (runAsUser: 0)`]],
    ["containers-read-only-root-filesystem", "a writable root filesystem", (p) => { container(p).securityContext.readOnlyRootFilesystem = false; }, [`${where} has a writable root filesystem (securityContext.readOnlyRootFilesystem is false, expected true)`]],
    ["containers-minimal-capabilities", "an added capability", (p) => { container(p).securityContext.capabilities.add = ["NET_ADMIN"]; }, [`${where} adds capabilities NET_ADMIN (expected none)`]],
    ["containers-minimal-capabilities", "capabilities not dropped", (p) => { container(p).securityContext.capabilities.drop = []; }, [`${where} does not drop ALL capabilities (securityContext.capabilities.drop must include ALL)`]],
    ["images-pinned", "a latest image", (p) => { container(p).image = "nginxinc/nginx-unprivileged:latest"; }, [`${where} uses image "nginxinc/nginx-unprivileged:latest" tagged latest (expected name:version or name@sha256:digest)`]],
    ["images-pinned", "an image without tag, behind a registry port", (p) => { container(p).image = "registry.example:5000/nginx"; }, [`${where} uses image "registry.example:5000/nginx" without a tag (which means latest) (expected name:version or name@sha256:digest)`]],
    ["container-resource-limits", "no limits", (p) => { delete container(p).resources.limits; }, [`${where} sets no cpu and memory limit (resources.limits.cpu, resources.limits.memory)`]],
    ["container-resource-limits", "an init container without a memory limit", (p) => { p.spec.template.spec.initContainers = [{ name: "migrate", image: "migrate:1.0", resources: { limits: { cpu: "100m" } } }]; }, ['Deployment bank-frontend/frontend: init container "migrate" sets no memory limit (resources.limits.memory)']],
  ];

  for (const [rule, label, change, expected] of cases) {
    it(`${rule} fails ${label}`, async () => {
      assert.deepEqual(await messages(rule, weakened(frontend, change)), expected);
    });
  }

  it("images-pinned accepts a version behind a registry port, and a digest", async () => {
    for (const image of ["registry.example:5000/nginx:1.28.0", `nginx@sha256:${"a".repeat(64)}`]) {
      assert.deepEqual(await messages("images-pinned", weakened(frontend, (p) => { container(p).image = image; })), [], image);
    }
  });

  describe("load-balancer-source-ranges", () => {
    it("passes the prod frontend load balancer (it lists its ranges) and ClusterIP services", async () => {
      assert.deepEqual(await messages("load-balancer-source-ranges", k8sResource(prod, T.service, "bank-frontend/frontend")), []);
      assert.deepEqual(await messages("load-balancer-source-ranges", k8sResource(prod, T.service, "bank-backend/backend")), []);
    });
    it("fails a LoadBalancer without source ranges", async () => {
      const service = weakened(k8sResource(prod, T.service, "bank-frontend/frontend"), (p) => { delete p.spec.loadBalancerSourceRanges; });
      assert.deepEqual(await messages("load-balancer-source-ranges", service), [
        "Service bank-frontend/frontend is a LoadBalancer without spec.loadBalancerSourceRanges (its load balancer would admit every address)",
      ]);
    });
  });
});
