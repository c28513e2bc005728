/** Parsing and the model: documents, lists, endpoints of every workload kind, namespaces, IPs. */
import { strict as assert } from "assert";
import { buildModel, parseManifestText } from "../../../netpol";
import { namespace, pod, policy } from "./helpers";

function workload(kind: string, name: string, template: unknown): Record<string, unknown> {
  const spec = kind === "CronJob" ? { schedule: "* * * * *", jobTemplate: { spec: { template } } } : { template };
  return { apiVersion: "apps/v1", kind, metadata: { name, namespace: "w" }, spec };
}

const TEMPLATE = {
  metadata: { labels: { app: "x" } },
  spec: { containers: [{ name: "c", ports: [{ name: "metrics", containerPort: 9090 }, { containerPort: 53, protocol: "UDP" }] }] },
};

describe("netpol parsing", () => {
  it("reads multi-document YAML, skipping empty documents", () => {
    const text = "---\nkind: Namespace\nmetadata: {name: a}\n---\n---\nkind: Namespace\nmetadata: {name: b}\n";
    assert.deepEqual(parseManifestText(text, "f.yaml").map((o) => (o as { metadata: { name: string } }).metadata.name), ["a", "b"]);
  });

  it("reads JSON, and flattens `kind: List` and typed lists", () => {
    const json = JSON.stringify({ kind: "List", items: [{ kind: "Namespace", metadata: { name: "a" } }, { kind: "PodList", items: [pod("a", "p")] }] });
    assert.deepEqual(parseManifestText(json, "f.json").map((o) => (o as { kind: string }).kind), ["Namespace", "Pod"]);
  });

  it("flattens List objects given to buildModel directly", () => {
    const model = buildModel([{ kind: "List", items: [pod("a", "p")] }]);
    assert.deepEqual(model.pods.map((p) => p.id), ["a/p"]);
  });
});

describe("netpol model", () => {
  it("makes an endpoint of every workload kind from its pod template labels and container ports", () => {
    const kinds = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];
    const model = buildModel(kinds.map((kind) => workload(kind, kind.toLowerCase(), TEMPLATE)));
    assert.deepEqual(model.pods.map((p) => [p.id, p.sourceKind]), kinds.map((k) => [`w/${k.toLowerCase()}`, k]).sort());
    for (const endpoint of model.pods) {
      assert.deepEqual(endpoint.podLabels, { app: "x" });
      assert.deepEqual(endpoint.ports, [{ port: 53, protocol: "UDP" }, { name: "metrics", port: 9090, protocol: "TCP" }]);
    }
  });

  it("ignores other kinds (Services, ConfigMaps, Calico policies)", () => {
    const calico = { apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name: "c", namespace: "a" }, spec: { selector: "all()" } };
    const model = buildModel([{ kind: "Service", metadata: { name: "s" } }, calico, pod("a", "p")]);
    assert.deepEqual([model.pods.length, model.policies.length], [1, 0]);
  });

  it("puts objects without a namespace in `default`", () => {
    const bare = { kind: "Pod", metadata: { name: "p", labels: { a: "b" } }, spec: { containers: [] } };
    assert.deepEqual(buildModel([bare]).pods.map((p) => p.id), ["default/p"]);
  });

  it("gives every namespace its kubernetes.io/metadata.name label, declared or not", () => {
    const model = buildModel([namespace("a", { team: "t" }), pod("b", "p"), policy("c", "np", { podSelector: {} })]);
    assert.deepEqual(model.namespaces, {
      a: { "kubernetes.io/metadata.name": "a", team: "t" },
      b: { "kubernetes.io/metadata.name": "b" },
      c: { "kubernetes.io/metadata.name": "c" },
    });
    assert.deepEqual(model.pods[0].namespaceLabels, { "kubernetes.io/metadata.name": "b" });
  });

  it("does not let a declared label override kubernetes.io/metadata.name", () => {
    const model = buildModel([namespace("a", { "kubernetes.io/metadata.name": "spoof" }), pod("a", "p")]);
    assert.equal(model.pods[0].namespaceLabels["kubernetes.io/metadata.name"], "a");
  });

  it("reads pod IPs from status.podIP and status.podIPs, deduplicated", () => {
    const dual = { ...pod("a", "p"), status: { podIP: "10.0.0.1", podIPs: [{ ip: "10.0.0.1" }, { ip: "fd00::1" }] } };
    assert.deepEqual(buildModel([dual]).pods[0].ips.map((ip) => ip.text), ["10.0.0.1", "fd00::1"]);
  });

  it("sorts pods and policies by id and defaults policyTypes", () => {
    const model = buildModel([
      pod("b", "z"),
      pod("a", "y"),
      policy("a", "eg", { podSelector: {}, egress: [{}] }),
      policy("a", "in", { podSelector: {}, egress: [] }),
    ]);
    assert.deepEqual(model.pods.map((p) => p.id), ["a/y", "b/z"]);
    assert.deepEqual(
      model.policies.map((p) => [p.id, p.ingress !== null, p.egress !== null]),
      [["a/eg", true, true], ["a/in", true, false]],
    );
  });
});
