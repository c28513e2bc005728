/**
 * What the pruner keeps of each kind, exactly (netpol/stream/prune.ts): the fields the model
 * reads, as written (malformed values included), nothing the model never looks at, no field
 * that was absent. And the JSON fast path (netpol/stream/json.ts), which parseManifestText
 * shares, so no comparison of the two readers can check it: one JSON value, duplicate keys
 * left to the `yaml` package.
 */
import { strict as assert } from "assert";
import { isModelledKind, readManifestText } from "../../../netpol/stream";
import { readJson } from "../../../netpol/stream/json";
import { pruneForModel, stubOf } from "../../../netpol/stream/prune";

const noise = { uid: "u", annotations: { a: "b" }, managedFields: [{ manager: "m" }] };
const container = { name: "c", image: "i", env: [{ name: "E", value: "v" }], ports: [{ containerPort: 80, protocol: "TCP" }] };
const podSpec = { containers: [container, { name: "d" }], volumes: [{ name: "v" }], nodeName: "n", serviceAccountName: "web", serviceAccount: "legacy" };
const keptSpec = { containers: [{ ports: [{ containerPort: 80, protocol: "TCP" }] }, {}], serviceAccountName: "web", serviceAccount: "legacy" };
const template = { metadata: { labels: { app: "x" }, name: "t", ...noise }, spec: podSpec };
const keptTemplate = { metadata: { labels: { app: "x" } }, spec: keptSpec };
const metadata = { name: "o", namespace: "ns", labels: { a: "b" }, ...noise };
const keptMetadata = { name: "o", namespace: "ns", labels: { a: "b" } };

describe("netpol/stream/prune: exactly what the model reads", () => {
  it("keeps of Pods their name, namespace, labels, container ports, service account and addresses", () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata, spec: podSpec, status: { phase: "Running", podIP: "10.0.0.1", podIPs: [{ ip: "10.0.0.1" }], hostIP: "h" } };
    assert.deepEqual(pruneForModel(pod), { apiVersion: "v1", kind: "Pod", metadata: keptMetadata, spec: keptSpec, status: { podIP: "10.0.0.1", podIPs: [{ ip: "10.0.0.1" }] } });
    assert.deepEqual(pruneForModel({ kind: "Pod" }), { kind: "Pod" }, "no field added that was not there");
    assert.deepEqual(pruneForModel({ kind: "Pod", metadata: {}, spec: {}, status: {} }), { kind: "Pod", metadata: {}, spec: {}, status: {} });
    assert.deepEqual(pruneForModel({ kind: "Pod", metadata: 3, spec: "x", status: [1] }), { kind: "Pod", metadata: 3, spec: "x", status: [1] }, "malformed values kept as written");
    assert.deepEqual(pruneForModel({ kind: "Pod", spec: { containers: { ports: [] } } }), { kind: "Pod", spec: { containers: { ports: [] } } });
    assert.deepEqual(pruneForModel({ kind: "Pod", spec: { containers: [3, null, { ports: 5, name: "c" }] } }), { kind: "Pod", spec: { containers: [3, null, { ports: 5 }] } });
    assert.deepEqual(pruneForModel({ kind: "Pod", spec: { serviceAccountName: [{ name: "x", ports: 1 }], serviceAccount: [{ ports: 2, a: 3 }] } }),
      { kind: "Pod", spec: { serviceAccountName: [{ name: "x", ports: 1 }], serviceAccount: [{ ports: 2, a: 3 }] } }, "only containers are pruned inside");
    assert.deepEqual(pruneForModel({ kind: "Pod", metadata: { name: null, labels: undefined } }), { kind: "Pod", metadata: { name: null, labels: undefined } });
  });

  it("keeps of workloads their pod template, down each kind's own path", () => {
    for (const kind of ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"]) {
      const workload = { apiVersion: "apps/v1", kind, metadata, spec: { replicas: 2, selector: { matchLabels: { app: "x" } }, template }, status: { replicas: 2 } };
      assert.deepEqual(pruneForModel(workload), { apiVersion: "apps/v1", kind, metadata: keptMetadata, spec: { template: keptTemplate } }, kind);
      assert.deepEqual(pruneForModel({ kind, spec: { replicas: 1 } }), { kind, spec: {} }, kind);
      assert.deepEqual(pruneForModel({ kind, spec: { template: { spec: 4 } } }), { kind, spec: { template: { spec: 4 } } }, kind);
      assert.deepEqual(pruneForModel({ kind, spec: 5 }), { kind, spec: 5 }, kind);
      assert.deepEqual(pruneForModel({ kind }), { kind }, kind);
    }
    const cronJob = { apiVersion: "batch/v1", kind: "CronJob", metadata, spec: { schedule: "* * * * *", jobTemplate: { metadata: { labels: { j: "1" } }, spec: { backoffLimit: 1, template } } } };
    assert.deepEqual(pruneForModel(cronJob), { apiVersion: "batch/v1", kind: "CronJob", metadata: keptMetadata, spec: { jobTemplate: { spec: { template: keptTemplate } } } });
    assert.deepEqual(pruneForModel({ kind: "CronJob", spec: { jobTemplate: { spec: { template: { metadata: { labels: 3 }, status: {} } } } } }),
      { kind: "CronJob", spec: { jobTemplate: { spec: { template: { metadata: { labels: 3 } } } } } });
  });

  it("keeps of Namespaces and ServiceAccounts their name, namespace and labels; NetworkPolicies and Calico / admin objects whole", () => {
    for (const kind of ["Namespace", "ServiceAccount"]) {
      assert.deepEqual(pruneForModel({ apiVersion: "v1", kind, metadata, spec: { finalizers: [] }, secrets: [] }), { apiVersion: "v1", kind, metadata: keptMetadata }, kind);
      assert.deepEqual(pruneForModel({ kind }), { kind }, kind);
    }
    const policy = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata, spec: { podSelector: {}, extra: 1 }, status: {} };
    assert.equal(pruneForModel(policy), policy);
    const calico = { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata, spec: { selector: "all()" }, extra: 1 };
    assert.equal(pruneForModel(calico), calico);
    const admin = { apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "AdminNetworkPolicy", metadata, spec: { priority: 1 }, extra: 1 };
    assert.equal(pruneForModel(admin), admin);
  });

  it("reads only the kinds the model reads (Calico and admin kinds only under their own apiVersion)", () => {
    for (const kind of ["Namespace", "NetworkPolicy", "Pod", "ServiceAccount", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"]) {
      assert.equal(isModelledKind(kind), true, kind);
    }
    for (const kind of ["ConfigMap", "Service", "List", "toString", "constructor", "__proto__", "hasOwnProperty", "GlobalNetworkPolicy", "AdminNetworkPolicy", "pod", ""]) {
      assert.equal(isModelledKind(kind), false, kind);
      assert.equal(pruneForModel({ kind }), undefined, kind);
    }
    for (const kind of [undefined, null, 3, ["Pod"], ["Deployment"], { Pod: 1 }]) assert.equal(isModelledKind(kind), false, String(kind));
    assert.equal(isModelledKind("GlobalNetworkPolicy", "projectcalico.org/v3"), true);
    assert.equal(isModelledKind("NetworkPolicy", "projectcalico.org/v3"), true);
    assert.equal(isModelledKind("AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1"), true);
    assert.equal(isModelledKind("GlobalNetworkPolicy", "v1"), false);
    assert.equal(isModelledKind(3, "projectcalico.org/v3"), false);
    // A Calico NetworkPolicy is kept whole, like a Kubernetes one.
    const calicoPolicy = { apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata, spec: {}, extra: 1 };
    assert.equal(pruneForModel(calicoPolicy), calicoPolicy);
  });

  it("keeps a stub of apiVersion and kind of the others (and the flows of an intent file)", () => {
    assert.deepEqual(stubOf({ apiVersion: "v1", kind: "ConfigMap", metadata, data: { a: "b" } }), { apiVersion: "v1", kind: "ConfigMap" });
    assert.deepEqual(stubOf({ kind: "ConfigMap" }), { kind: "ConfigMap" });
    assert.deepEqual(stubOf({ apiVersion: "v1" }), { apiVersion: "v1" });
    assert.deepEqual(stubOf({ flows: [{ from: "a", to: "b" }], name: "x" }), { flows: [] });
    assert.deepEqual(stubOf({ flows: "x" }), {});
    assert.deepEqual(stubOf({ kind: "X", flows: [] }), { kind: "X" });
  });

  it("prunes what the reader reads, whatever the format", () => {
    const yamlText = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  uid: u\nspec:\n  nodeName: n\n  containers:\n  - name: c\n    ports:\n    - containerPort: 80\n";
    const expected = [{ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ ports: [{ containerPort: 80 }] }] } }];
    assert.deepEqual(readManifestText(yamlText, "a.yaml").objects, expected);
    assert.deepEqual(readManifestText(JSON.stringify({ kind: "List", items: [JSON.parse(JSON.stringify(readManifestText(yamlText, "a.yaml", { prune: false }).objects[0]))] }), "a.json").objects, expected);
  });
});

describe("netpol/stream/json: one JSON value, read with JSON.parse", () => {
  it("reads an object or an array after any whitespace", () => {
    assert.deepEqual(readJson('{"a": 1}'), { value: { a: 1 } });
    assert.deepEqual(readJson(' \t\r\n[{"a": [1, {"b": null}]}, 2, "c:d"]\n'), { value: [{ a: [1, { b: null }] }, 2, "c:d"] });
    assert.deepEqual(readJson('{"a:b": "c:d", "e": {"f": "g"}}'), { value: { "a:b": "c:d", e: { f: "g" } } });
    assert.deepEqual(readJson('{"a\\"": "x:y", "b\\\\": ":"}'), { value: { 'a"': "x:y", "b\\": ":" } });
    assert.deepEqual(readJson('[[{"a": 1}], [[{"b": {"c": 2}}]]]'), { value: [[{ a: 1 }], [[{ b: { c: 2 } }]]] });
    assert.deepEqual(readJson('{"a": 1,\r\n"b": 2}'), { value: { a: 1, b: 2 } });
    assert.deepEqual(readJson("[]"), { value: [] });
    assert.deepEqual(readJson('{"a\\"": 1}'), { value: { 'a"': 1 } }, "an escaped quote ends no string");
    assert.deepEqual(readJson('{"__proto__": {"a": 1}}')?.value, JSON.parse('{"__proto__": {"a": 1}}'));
  });

  it("leaves to the yaml reader what is not one JSON object or array, or has duplicate keys", () => {
    for (const text of ["", "  ", "{", "[1, 2", "[", "3", '"x"', "null", "a: 1", 'x{"a": 1}', "{a: 1}", '{"a": 1} x', '{"a": 1}\n---\n{"b": 2}', '[{"a": 1}', '{"a": 1,\r"b": 2}', '{"a":\r1}',
      '{"a": 1, "a": 2}', '{"a": {"b": 1, "b": 2}}', '[{"a": 1, "a": 2}]', '[[{"a": 1, "a": 2}]]', '{"x": [{"a": 1, "a": 2}]}', '{"x": [[{"a": {"b": 1, "b": 1}}]]}']) {
      assert.equal(readJson(text), undefined, JSON.stringify(text));
    }
  });
});
