/**
 * Building the model from a list of objects: lists flattened, objects of other kinds ignored,
 * names and namespaces checked, namespaces and their labels in order, duplicates, service
 * accounts, the external atoms (IPv6 only when mentioned), and the model's own keys.
 */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { modelProblems, namespace, pod, policy } from "../core/helpers";

type K8sObject = Record<string, unknown>;

const CALICO = "projectcalico.org/v3";
const ADMIN = "policy.networking.k8s.io/v1alpha1";

const ids = (objects: readonly unknown[]): string[] => buildModel(objects).pods.map((p) => p.id);
const externals = (objects: readonly unknown[]): string[] => buildModel(objects).externals.map((e) => e.id);

describe("netpol ingest: the model", () => {
  it("lists (kind List or any *List) are flattened; other objects with items are not", () => {
    assert.deepEqual(ids([{ apiVersion: "v1", kind: "List", items: [pod("x", "a"), { kind: "PodList", items: [pod("x", "b")] }] }]), ["x/a", "x/b"]);
    const podWithItems = { ...pod("x", "c"), items: [pod("x", "d")] };
    assert.deepEqual(ids([podWithItems]), ["x/c"]);
    assert.deepEqual(ids([{ kind: 5, items: [pod("x", "e")] }, pod("x", "f")]), ["x/f"]);
    assert.deepEqual(ids([{ kind: "ListOfThings", items: [pod("x", "g")] }]), []);
  });

  it("an item that is not a mapping is reported with its position", () => {
    assert.deepEqual(modelProblems([pod("x", "a"), "junk"]), ["object 2: expected a Kubernetes object (a mapping)"]);
  });

  it("objects of other kinds are ignored, names and all; a kind that is not a string is no kind", () => {
    assert.deepEqual(modelProblems([{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }, { metadata: { name: "" } }]), []);
    assert.deepEqual(ids([{ apiVersion: "apps/v1", kind: ["Deployment"], metadata: { name: "d", namespace: "x" }, spec: { template: {} } }]), []);
  });

  it("a name or namespace that is empty or not a string is reported", () => {
    const named = (metadata: Record<string, unknown>): K8sObject => ({ apiVersion: "v1", kind: "Pod", metadata, spec: {} });
    assert.deepEqual(modelProblems([named({ name: "" }), named({ name: 5 }), named({ name: "a", namespace: "" }), named({ name: "b", namespace: 7 })]), [
      "Pod #1: metadata.name must be a non-empty string",
      "Pod #2: metadata.name must be a non-empty string",
      "Pod #3: metadata.namespace must be a non-empty string",
      "Pod #4: metadata.namespace must be a non-empty string",
    ]);
  });

  it("a Namespace is named by its name alone in problems", () => {
    assert.deepEqual(modelProblems([namespace("x", { team: 5 } as unknown as Record<string, string>)]), ["Namespace x: metadata.labels.team: label value must be a string, got 5 (quote it in YAML)"]);
  });

  it("pods sorted by id whatever the input order", () => {
    assert.deepEqual(ids([pod("y", "b"), pod("x", "z"), pod("x", "a")]), ["x/a", "x/z", "y/b"]);
  });

  it("namespaces sorted, each with its labels sorted by key and its name label; only namespaces objects live in", () => {
    const model = buildModel([namespace("y", { z: "1", a: "2" }), namespace("x"), pod("w", "p"), { apiVersion: CALICO, kind: "GlobalNetworkPolicy", metadata: { name: "g" }, spec: {} }]);
    assert.deepEqual(Object.keys(model.namespaces), ["w", "x", "y"]);
    assert.deepEqual(Object.keys(model.namespaces["y"] as object), ["a", "kubernetes.io/metadata.name", "z"]);
    assert.deepEqual(model.namespaces["w"], { "kubernetes.io/metadata.name": "w" });
  });

  it("without Calico or admin objects the model has no calico and no warnings keys", () => {
    assert.deepEqual(Object.keys(buildModel([namespace("x"), pod("x", "a")])), ["pods", "externals", "endpoints", "policies", "namespaces", "notes"]);
  });

  it("a Calico object defined twice is reported once, by kind and (namespaced) name", () => {
    const cnp = { apiVersion: CALICO, kind: "NetworkPolicy", metadata: { name: "dup", namespace: "x" }, spec: { selector: "all()" } };
    const gnp = { apiVersion: CALICO, kind: "GlobalNetworkPolicy", metadata: { name: "gdup" }, spec: { selector: "all()" } };
    assert.deepEqual(modelProblems([pod("x", "a"), cnp, cnp, gnp, gnp]), [
      "NetworkPolicy x/dup: metadata.name: NetworkPolicy x/dup is already defined; names must be unique",
      "GlobalNetworkPolicy gdup: metadata.name: GlobalNetworkPolicy gdup is already defined; names must be unique",
    ]);
  });

  it("service accounts' labels are read (and checked) for Calico's serviceAccountSelector", () => {
    const account = (labels: Record<string, unknown>): K8sObject => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "reader", namespace: "x", labels } });
    const gnp = { apiVersion: CALICO, kind: "GlobalNetworkPolicy", metadata: { name: "g" }, spec: { selector: "all()" } };
    assert.deepEqual(buildModel([pod("x", "a"), account({ team: "a" }), gnp]).calico?.serviceAccountLabels, { "x/reader": { team: "a" } });
    assert.deepEqual(modelProblems([pod("x", "a"), account({ team: 1 }), gnp]), ["ServiceAccount x/reader: metadata.labels.team: label value must be a string, got 1 (quote it in YAML)"]);
  });

  describe("external atoms", () => {
    it("only IPv4 unless some CIDR or pod IP is IPv6", () => {
      assert.deepEqual(externals([pod("x", "a")]), ["0.0.0.0/0"]);
      assert.deepEqual(externals([pod("x", "a"), policy("x", "v6", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "fd00::/8" } }] }] })]), ["0.0.0.0/0", "::/0 except fd00::/8", "fd00::/8"]);
      assert.deepEqual(externals([pod("x", "a", { ip: "fd00::1" })]), ["0.0.0.0/0", "::/0"]);
    });

    it("pod peers add no atom; a Calico NetworkPolicy's nets split the atoms", () => {
      assert.deepEqual(externals([pod("x", "a"), policy("x", "p", { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })]), ["0.0.0.0/0"]);
      const cnp = { apiVersion: CALICO, kind: "NetworkPolicy", metadata: { name: "c", namespace: "x" }, spec: { selector: "all()", types: ["Egress"], egress: [{ action: "Allow", destination: { nets: ["10.0.0.0/8"] } }] } };
      assert.deepEqual(externals([pod("x", "a"), cnp]), ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8"]);
    });
  });

  describe("admin networks and pods without a known IP", () => {
    const anp = { apiVersion: ADMIN, kind: "AdminNetworkPolicy", metadata: { name: "out" }, spec: { priority: 1, subject: { namespaces: {} }, egress: [{ name: "to-net", action: "Deny", to: [{ networks: ["10.0.0.0/8"] }] }] } };
    const warning = (pods: number): string | undefined => buildModel([...Array.from({ length: pods }, (_, i) => pod("x", `p${i}`)), anp]).warnings?.[0];

    it("three pods: all named; four: three named and '...'", () => {
      assert.equal(
        warning(3),
        'AdminNetworkPolicy out: spec.egress[0] "to-net": networks 10.0.0.0/8: could cover pod IPs, but 3 pods/workloads have no known IP (x/p0, x/p1, x/p2): for them the block is outside the model (matched against external addresses and known pod IPs only)',
      );
      assert.match(warning(4) as string, /but 4 pods\/workloads have no known IP \(x\/p0, x\/p1, x\/p2, \.\.\.\): /);
      assert.match(warning(1) as string, /but 1 pod\/workload has no known IP \(x\/p0\): /);
    });
  });
});
