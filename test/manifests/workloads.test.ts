import { strict as assert } from "assert";
import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import type { IStatefulSetSpec } from "kubernetes-models/apps/v1/StatefulSetSpec";
import type { IPodDisruptionBudgetSpec } from "kubernetes-models/policy/v1/PodDisruptionBudgetSpec";
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import { allObjects, renderStack, type K8sObject } from "../../manifests";
import { DATABASE_STORAGE_CLASS, SECRET_PLACEHOLDER } from "../../manifests/workloads";
import { testStackConfig } from "../fixtures/stackConfig";
import { allConfigs, PROJECT_DIR, productionLike } from "./stacks";
import { loadStackFile } from "../../config";

interface Specs {
  Deployment: IDeploymentSpec;
  StatefulSet: IStatefulSetSpec;
  Service: IServiceSpec;
  PodDisruptionBudget: IPodDisruptionBudgetSpec;
  ConfigMap: undefined;
  Secret: undefined;
}

function find<K extends keyof Specs>(objects: readonly K8sObject[], kind: K, namespace: string, name?: string): K8sObject & { spec: Specs[K] } {
  const found = objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && (!name || o.metadata.name === name));
  assert.ok(found, `no ${kind} ${namespace}/${name ?? "*"}`);
  return found as K8sObject & { spec: Specs[K] };
}

describe("manifests: workloads", () => {
  for (const [name, config] of [["Pulumi.prod.yaml", loadStackFile(PROJECT_DIR, "prod")], ["production-like fixture", productionLike()]] as const) {
    it(`${name}: every tenant runs at least 2 frontend and backend replicas, each with a PodDisruptionBudget`, () => {
      const objects = allObjects(renderStack(config));
      for (const tenant of config.app.tenants) {
        for (const tier of ["frontend", "backend"] as const) {
          const namespace = `${tenant}-${tier}`;
          assert.ok((find(objects, "Deployment", namespace).spec.replicas ?? 1) >= 2, namespace);
          const budget = find(objects, "PodDisruptionBudget", namespace).spec;
          assert.equal(budget.maxUnavailable, 1);
          assert.deepEqual(budget.selector?.matchLabels, find(objects, "Deployment", namespace).spec.selector.matchLabels);
        }
      }
    });
  }

  it("gives no PodDisruptionBudget to a single replica (it would block drains or promise nothing)", () => {
    const objects = allObjects(renderStack(testStackConfig()));
    assert.deepEqual(objects.filter((o) => o.kind === "PodDisruptionBudget"), []);
  });

  it("every Secret in every stack holds only the marked placeholder, never a password", () => {
    for (const { name, config } of allConfigs()) {
      const secrets = allObjects(renderStack(config)).filter((o) => o.kind === "Secret");
      assert.equal(secrets.length, config.app.tenants.length, name);
      for (const secret of secrets) {
        assert.equal(secret.data, undefined, "no base64 data");
        assert.deepEqual(Object.values(secret.stringData as object), [SECRET_PLACEHOLDER], name);
      }
    }
  });

  it("the database reads its password from its own Secret and keeps its data on the encrypted volume", () => {
    const config = testStackConfig();
    const objects = allObjects(renderStack(config));
    const statefulSet = find(objects, "StatefulSet", "bank-database");
    const container = statefulSet.spec.template.spec!.containers[0]!;
    const env = new Map((container.env ?? []).map((e) => [e.name, e]));
    const secret = find(objects, "Secret", "bank-database");
    const credentials = statefulSet.spec.template.spec!.volumes?.find((v) => v.secret?.secretName === secret.metadata.name);
    assert.deepEqual(credentials?.secret?.items, [{ key: "password", path: "password" }]);
    const dataMount = container.volumeMounts?.find((m) => m.name === "data")?.mountPath;
    assert.ok(dataMount && env.get("PGDATA")?.value?.startsWith(`${dataMount}/`), "PGDATA is a subdirectory of the volume");
    const [claim] = statefulSet.spec.volumeClaimTemplates ?? [];
    assert.equal(claim?.spec?.storageClassName, DATABASE_STORAGE_CLASS);
    assert.equal(claim?.spec?.resources?.requests?.storage, `${config.app.database.storageGiB}Gi`);
    assert.equal(find(objects, "Service", "bank-database").spec.clusterIP, "None");
    assert.equal(statefulSet.spec.serviceName, "database");
  });

  it("exposes the frontend through an internet-facing NLB that keeps client addresses, only to the configured ranges", () => {
    const config = testStackConfig({ ingressSourceCidrs: ["198.51.100.0/24", "203.0.113.7/32"] });
    const service = find(allObjects(renderStack(config)), "Service", "bank-frontend");
    assert.equal(service.spec.type, "LoadBalancer");
    assert.equal(service.spec.externalTrafficPolicy, "Local");
    assert.deepEqual(service.spec.loadBalancerSourceRanges, ["198.51.100.0/24", "203.0.113.7/32"]);
    assert.deepEqual(service.metadata.annotations, { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" });
  });

  it("creates no load balancer at all when no client range is configured", () => {
    const objects = allObjects(renderStack(testStackConfig({ ingressSourceCidrs: [] })));
    const services = objects.filter((o) => o.kind === "Service").map((o) => o.spec as IServiceSpec);
    assert.equal(services.length, 3);
    assert.deepEqual(services.filter((s) => s.type === "LoadBalancer"), []);
  });

  it("nginx listens on the frontend port and proxies /api/ to the backend Service's cluster DNS name and port", () => {
    const config = testStackConfig({ frontend: { port: 8081, replicas: 1 }, backend: { port: 9090, replicas: 1 } });
    const objects = allObjects(renderStack(config));
    const conf = (find(objects, "ConfigMap", "bank-frontend").data as Record<string, string>)["default.conf"]!;
    assert.match(conf, /listen 8081;/);
    assert.match(conf, /location \/api\/ \{\s+proxy_pass http:\/\/backend\.bank-backend\.svc\.cluster\.local:9090\/;/);
    assert.ok(find(objects, "Service", "bank-backend", "backend"), "the proxied Service exists");
  });

  it("every Service selects its own tier's pods on a port the pods declare", () => {
    for (const { name, config } of allConfigs()) {
      const objects = allObjects(renderStack(config));
      for (const service of objects.filter((o) => o.kind === "Service")) {
        const namespace = service.metadata.namespace ?? "";
        const spec = service.spec as IServiceSpec;
        const owner = objects.find((o) => ["Deployment", "StatefulSet"].includes(o.kind) && o.metadata.namespace === namespace);
        assert.ok(owner, `${name}: no workload behind ${namespace}/${service.metadata.name}`);
        const template = (owner.spec as IDeploymentSpec).template;
        assert.deepEqual(spec.selector, template.metadata?.labels, `${name}: ${namespace}`);
        const portNames = template.spec!.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name));
        for (const port of spec.ports ?? []) assert.ok(portNames.includes(String(port.targetPort)), `${namespace}: ${port.targetPort}`);
      }
    }
  });

  it("puts every namespaced object in a namespace the stack creates", () => {
    for (const { config } of allConfigs()) {
      const rendered = renderStack(config);
      const created = new Set(rendered.namespaces.map((n) => n.metadata.name));
      for (const object of [...rendered.networkPolicies, ...rendered.workloads]) {
        assert.ok(created.has(object.metadata.namespace ?? ""), `${object.kind} ${object.metadata.name}`);
      }
    }
  });

  it("renders the same objects twice in the same order (deterministic)", () => {
    const config = testStackConfig({ tenants: ["beta", "alpha"] });
    assert.deepEqual(allObjects(renderStack(config)), allObjects(renderStack(config)));
  });
});
