/**
 * The model built object by object (ModelBuilder, as `netpol reach` builds it while reading):
 * the same model whatever the order of the objects, a Namespace's labels reaching pods read
 * before it, and problems in input order with the later duplicate named.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { stringify } from "yaml";
import { buildModel, EndpointRecord, endpointRecordOf, ModelBuilder, NetpolInputError, readManifestText } from "../../../netpol";
import { clusterArb } from "../generators/arbitraries";
import { namespace, pod, policy } from "../core/helpers";
import { propertyRuns } from "../../depth";

const RUNS = propertyRuns("NETPOL_BUILDER_RUNS", { quick: 100, deep: 1_000 });

function problemsOf(build: () => unknown, withSource = false): string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof NetpolInputError) return error.problems.map((p) => `${withSource ? `${p.source}: ` : ""}${p.object}: ${p.reason}`);
    throw error;
  }
  return [];
}

describe("netpol ingest: the model built object by object", () => {
  it(`gives the same pods, policies and namespaces whatever the objects' order (${RUNS} random clusters, shuffled)`, () => {
    fc.assert(
      fc.property(clusterArb().chain((cluster) => fc.tuple(fc.constant(cluster.objects), fc.shuffledSubarray([...cluster.objects], { minLength: cluster.objects.length }))), ([objects, shuffled]) => {
        const inOrder = buildModel(objects);
        const builder = new ModelBuilder();
        for (const object of shuffled) builder.add(object);
        const byObject = builder.finish();
        assert.deepEqual(byObject.pods, inOrder.pods);
        assert.deepEqual(byObject.policies, inOrder.policies);
        assert.deepEqual(byObject.namespaces, inOrder.namespaces);
        assert.deepEqual(byObject.externals, inOrder.externals);
        assert.ok(Object.isFrozen(byObject.pods[0]), "endpoints are frozen once their namespace's labels are set");
      }),
      { numRuns: RUNS, seed: 20261130 },
    );
  });

  it("a Namespace read after its pods still gives them its labels", () => {
    const builder = new ModelBuilder();
    builder.add(pod("team", "a"));
    assert.deepEqual(buildModel([pod("team", "a")]).pods[0]?.namespaceLabels, { "kubernetes.io/metadata.name": "team" });
    builder.add(namespace("team", { tier: "gold" }));
    const [endpoint] = builder.finish().pods;
    assert.deepEqual(endpoint?.namespaceLabels, { "kubernetes.io/metadata.name": "team", tier: "gold" });
  });

  it("reports problems in input order, a duplicate at its second object, as from the whole list", () => {
    const objects = [pod("x", "a"), policy("x", "p", {}), { kind: "Pod", metadata: { namespace: "x" } }, pod("x", "a"), policy("x", "p", {})];
    const builder = new ModelBuilder();
    for (const object of objects) builder.add(object);
    const expected = ["Pod #3: metadata.name must be a non-empty string", "Pod x/a: metadata.name: x/a is already defined by a Pod; names must be unique", "NetworkPolicy x/p: metadata.name: x/p is already defined by a NetworkPolicy; names must be unique"];
    assert.deepEqual(problemsOf(() => builder.finish()), expected);
    assert.deepEqual(problemsOf(() => buildModel(objects)), expected);
  });

  it("names the first object read as the one kept, whatever the ids around it, each duplicate after its own problems", () => {
    const deployment = { kind: "Deployment", metadata: { name: "b", namespace: "x" }, spec: { template: { metadata: { labels: { tier: 1 } } } } };
    const objects = [pod("x", "c"), deployment, pod("x", "a"), pod("x", "b"), pod("x", "a"), pod("x", "b"), policy("x", "q", {}), policy("x", "p", {}), policy("x", "q", {})];
    assert.deepEqual(problemsOf(() => buildModel(objects)), [
      "Deployment x/b: spec.template.metadata.labels.tier: label value must be a string, got 1 (quote it in YAML)",
      "Pod x/b: metadata.name: x/b is already defined by a Deployment; names must be unique",
      "Pod x/a: metadata.name: x/a is already defined by a Pod; names must be unique",
      "Pod x/b: metadata.name: x/b is already defined by a Deployment; names must be unique",
      "NetworkPolicy x/q: metadata.name: x/q is already defined by a NetworkPolicy; names must be unique",
    ]);
    const pods = buildModel([pod("x", "b"), pod("x", "a"), pod("y", "a"), pod("x", "c")]).pods;
    assert.deepEqual(pods.map((p) => p.id), ["x/a", "x/b", "x/c", "y/a"], "sorted by id");
  });

  // Hundreds of objects, so that the sort merges runs (a few are only inserted one by one).
  it("at scale: every id sorted, each duplicate named after the object read first, from its own file", () => {
    // Two long ascending runs, the second all before the first.
    const names = Array.from({ length: 400 }, (_, i) => `p${String((i + 200) % 400).padStart(3, "0")}`);
    const deployment = (name: string): Record<string, unknown> => ({ kind: "Deployment", metadata: { name, namespace: "x" }, spec: { template: { metadata: { labels: {} } } } });
    assert.deepEqual(buildModel(names.map((name) => pod("x", name))).pods.map((p) => p.id), names.map((name) => `x/${name}`).sort());
    const twice = [...names].sort().filter((_, i) => i % 9 === 0);
    const first = readManifestText(stringify(names.map(deployment)), "first.yaml", { prune: true, stubs: true }).objects;
    const second = readManifestText(stringify(twice.map((name) => pod("x", name))), "second.yaml", { prune: true, stubs: true }).objects;
    const builder = new ModelBuilder();
    for (const object of [...first, ...second]) builder.add(object);
    assert.deepEqual(problemsOf(() => builder.finish(), true), twice.map((name) => `second.yaml: Pod x/${name}: metadata.name: x/${name} is already defined by a Deployment; names must be unique`));
  });

  /** The model of `objects` with each Pod or workload that has a record added as its record (cloned, as it crosses threads). */
  function builtWithRecords(objects: readonly Record<string, unknown>[], source = "in.yaml"): ModelBuilder {
    const builder = new ModelBuilder();
    for (const object of objects) {
      const record = endpointRecordOf(object);
      if (record === undefined) builder.add(object);
      else builder.addRecord(structuredClone(record), source);
    }
    return builder;
  }

  it(`a Pod or workload handed over as its endpoint's record builds the same model (${RUNS} random clusters)`, () => {
    fc.assert(
      fc.property(clusterArb(), (cluster) => {
        const objects = cluster.objects as unknown as readonly Record<string, unknown>[];
        const records = objects.filter((object) => endpointRecordOf(object) !== undefined);
        assert.equal(records.length, objects.filter((object) => ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"].includes(String(object["kind"]))).length, "every valid endpoint has a record");
        assert.deepEqual(builtWithRecords(objects).finish(), buildModel(objects));
      }),
      { numRuns: RUNS, seed: 20261130 },
    );
  });

  it("records keep what an endpoint is built from (IPs of both families deduplicated, ports sorted and named, service account, pod templates); objects with a problem have none", () => {
    const objects: Record<string, unknown>[] = [
      { kind: "Namespace", metadata: { name: "x", labels: { zone: "a" } } },
      {
        kind: "Pod", metadata: { name: "p", namespace: "x", labels: { b: "2", a: "1" } },
        spec: { serviceAccount: "legacy", containers: [{ ports: [{ containerPort: 8080, name: "http" }, { containerPort: 53, protocol: "UDP" }] }, { ports: [{ containerPort: 53, name: "dns", protocol: "TCP" }] }] },
        status: { podIP: "10.0.0.7", podIPs: [{ ip: "fd00::7" }, { ip: "10.0.0.7" }] },
      },
      { kind: "Pod", metadata: { name: "q" }, spec: { serviceAccountName: "app", containers: [] } },
      { kind: "CronJob", metadata: { name: "c", namespace: "x" }, spec: { jobTemplate: { spec: { template: { metadata: { labels: { app: "c" } }, spec: { containers: [{ ports: [{ containerPort: 9, name: "discard" }] }] } } } } } },
      { kind: "Deployment", metadata: { name: "d", namespace: "x" }, spec: { template: { metadata: { labels: { a: "1", b: "2" } } } } },
    ];
    for (const object of objects.slice(1)) assert.notEqual(endpointRecordOf(object), undefined, JSON.stringify(object));
    const byRecord = builtWithRecords(objects).finish();
    assert.deepEqual(byRecord, buildModel(objects));
    assert.deepEqual(byRecord.pods.find((pod) => pod.id === "x/p")?.ips.map((ip) => ip.text), ["10.0.0.7", "fd00::7"]);
    assert.equal(byRecord.pods.find((pod) => pod.id === "x/d")?.podLabels, byRecord.pods.find((pod) => pod.id === "x/p")?.podLabels, "equal label maps shared, as the builder shares them");
    const withProblems: Record<string, unknown>[] = [
      { kind: "Namespace", metadata: { name: "x" } },
      { kind: "Pod", metadata: { namespace: "x" } },
      { kind: "Pod", metadata: { name: "p", labels: { tier: 1 } } },
      { kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ ports: [{ containerPort: 80, name: "No_Such" }] }] } },
      { kind: "Pod", metadata: { name: "p" }, status: { podIP: "10.0.0.300" } },
      { kind: "Deployment", metadata: { name: "d" } },
    ];
    for (const object of withProblems) assert.equal(endpointRecordOf(object), undefined, JSON.stringify(object));
  });

  it("a record's duplicate id is reported as the object's, naming the record's source, in input order", () => {
    const recordOf = (object: Record<string, unknown>): EndpointRecord => endpointRecordOf(object) ?? assert.fail("no record");
    const objects = [pod("x", "a"), pod("x", "b"), pod("x", "a"), { kind: "Pod", metadata: { namespace: "x" } }];
    const builder = new ModelBuilder();
    builder.add(objects[0]);
    builder.addRecord(recordOf(objects[1] as Record<string, unknown>), "second.yaml");
    builder.addRecord(recordOf(objects[2] as Record<string, unknown>), "second.yaml");
    builder.add(objects[3]);
    const expected = ["second.yaml: Pod x/a: metadata.name: x/a is already defined by a Pod; names must be unique", "<input>: Pod #4: metadata.name must be a non-empty string"];
    assert.deepEqual(problemsOf(() => builder.finish(), true), expected);
    assert.deepEqual(problemsOf(() => buildModel(objects)), expected.map((p) => p.replace(/^[^:]+: /, "")));
  });

  it("an object added with its source names it in its problems (an object read on a thread carries none), a List's items too", () => {
    const builder = new ModelBuilder();
    builder.add({ kind: "List", items: [{ ...pod("x", "a"), metadata: { name: "a", namespace: "x", labels: { tier: 1 } } }, { kind: "Pod", metadata: { namespace: "x" } }] }, "list.yaml");
    builder.add(policy("x", "p", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ protocol: "ICMP" }] }] }), "policies.yaml");
    builder.add(pod("x", "a"));
    builder.add(7, "odd.yaml");
    const problems = problemsOf(() => builder.finish(), true);
    assert.ok(problems.includes("odd.yaml: object 5: expected a Kubernetes object (a mapping)"), problems.join("\n"));
    assert.ok(problems.some((p) => p.startsWith("list.yaml: Pod x/a: metadata.labels")), problems.join("\n"));
    assert.ok(problems.includes("list.yaml: Pod #2: metadata.name must be a non-empty string"), problems.join("\n"));
    assert.ok(problems.some((p) => p.startsWith("policies.yaml: NetworkPolicy x/p:")), problems.join("\n"));
    assert.ok(problems.includes("<input>: Pod x/a: metadata.name: x/a is already defined by a Pod; names must be unique"), problems.join("\n"));
  });

  it("ServiceAccounts and NetworkPolicies of other apiVersions make no Calico layer", () => {
    const objects = [
      pod("x", "a"),
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa", namespace: "x", labels: { team: "t" } } },
      { apiVersion: "extensions/v1beta1", kind: "NetworkPolicy", metadata: { name: "old", namespace: "x" }, spec: { podSelector: {} } },
    ];
    const model = buildModel(objects);
    assert.equal(model.calico, undefined);
    assert.deepEqual(model.policies, []);
    assert.deepEqual(model.pods.map((p) => p.id), ["x/a"]);
  });
});
