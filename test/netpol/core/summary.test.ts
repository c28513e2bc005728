/** What was read and what was not: counts, ignored kinds, and unmodelled policy kinds as warnings. */
import { strict as assert } from "assert";
import { buildModel, endpointRecordOf, InputTally, isUnmodelledPolicy, readManifestText, summarizeInput, summaryLine, summaryWarnings } from "../../../netpol";
import { cluster, namespace, pod, policy } from "./helpers";

function object(apiVersion: string, kind: string, name = "o"): Record<string, unknown> {
  return { apiVersion, kind, metadata: { name, namespace: "x" } };
}

const DEPLOYMENT = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "x" }, spec: { template: { metadata: { labels: { app: "web" } } } } };

describe("netpol input summary", () => {
  it("counts what the model reads and every other object by kind, most frequent first", () => {
    const objects = [
      ...cluster(),
      DEPLOYMENT,
      policy("x", "deny", { podSelector: {} }),
      ...[1, 2, 3, 4, 5].map((i) => object("v1", "ConfigMap", `c${i}`)),
      ...[1, 2, 3, 4].map((i) => object("v1", "Service", `s${i}`)),
      { metadata: { name: "kindless" } },
    ];
    const summary = summarizeInput(objects);
    assert.deepEqual([summary.objects, summary.policies, summary.endpoints, summary.namespaces], [18, 1, 5, 2]);
    assert.deepEqual(summary.ignored, [{ kind: "ConfigMap", count: 5 }, { kind: "Service", count: 4 }, { kind: "(no kind)", count: 1 }]);
    assert.equal(summaryLine(summary), "read 1 NetworkPolicy, 5 pods/workloads, 2 namespaces; ignored 10 objects (ConfigMap ×5, Service ×4, (no kind) ×1)");
    assert.deepEqual(summaryWarnings(summary), []);
  });

  it("names intent files read among the manifests (render's analysis/ folder) as such, not as kind-less objects", () => {
    const intent = { eachSide: true, flows: [{ from: "a/x", to: "b/y", ports: ["TCP/80"] }] };
    const summary = summarizeInput([namespace("x"), pod("x", "a"), intent, { flows: [] }, { flows: "no", metadata: {} }]);
    assert.deepEqual(summary.ignored, [{ kind: "intent file", count: 2 }, { kind: "(no kind)", count: 1 }]);
  });

  it("names intent files the same when the CLI's streamed reader keeps only stubs of ignored documents", () => {
    const { objects } = readManifestText("kind: Namespace\napiVersion: v1\nmetadata: {name: x}\n---\neachSide: true\nflows:\n  - {from: a/x, to: b/y, ports: [all]}\n---\nmetadata: {name: k}\n", "in.yaml", { prune: true, stubs: true });
    assert.deepEqual(summarizeInput(objects).ignored, [{ kind: "(no kind)", count: 1 }, { kind: "intent file", count: 1 }]);
  });

  it("says when nothing was ignored, and groups kinds beyond the eighth", () => {
    assert.equal(summaryLine(summarizeInput([namespace("x"), pod("x", "a")])), "read 0 NetworkPolicies, 1 pod/workload, 1 namespace; nothing ignored");
    const kinds = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"].map((kind) => object("example.com/v1", kind));
    assert.match(summaryLine(summarizeInput([...kinds, object("v1", "J", "j2")])), /ignored 11 objects \(J ×2, A ×1, B ×1, C ×1, D ×1, E ×1, F ×1, G ×1, 2 more kinds ×2\)$/);
  });

  it("counts a Pod or workload handed over as its endpoint's record (the reading thread's) as the object", () => {
    const objects = [...cluster(), DEPLOYMENT, object("v1", "ConfigMap")];
    const byRecord = new InputTally();
    for (const item of objects) {
      if (endpointRecordOf(item as Record<string, unknown>) === undefined) byRecord.add(item);
      else byRecord.addEndpoint();
    }
    assert.deepEqual(byRecord.summary(), summarizeInput(objects));
    assert.equal(byRecord.summary().endpoints, 5);
  });

  it("agrees with the model on what it reads (policies, endpoints, namespaces)", () => {
    const objects = [...cluster(), DEPLOYMENT, policy("x", "a", { podSelector: {} }), { kind: "NetworkPolicy", metadata: { name: "b", namespace: "y" }, spec: { podSelector: {} } }, object("networking.k8s.io/v1beta1", "NetworkPolicy")];
    const summary = summarizeInput(objects);
    const model = buildModel(objects);
    assert.equal(summary.policies, model.policies.length);
    assert.equal(summary.endpoints, model.pods.length);
  });

  it("warns about policy kinds it does not model, naming apiVersion and kind", () => {
    const objects = [
      pod("x", "a"),
      object("networking.k8s.io/v1beta1", "NetworkPolicy"),
      object("extensions/v1beta1", "NetworkPolicy"),
      object("cilium.io/v2", "CiliumNetworkPolicy", "c1"),
      object("cilium.io/v2", "CiliumNetworkPolicy", "c2"),
      object("cilium.io/v2", "CiliumClusterwideNetworkPolicy"),
      object("projectcalico.org/v3", "HostEndpoint"),
      object("projectcalico.org/v3", "StagedNetworkPolicy"),
      object("example.com/v1", "FooNetworkPolicy"),
      object("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy"),
      object("policy.networking.k8s.io/v1alpha1", "BaselineAdminNetworkPolicy"),
      object("policy.networking.k8s.io/v1alpha2", "ClusterNetworkPolicy"),
      object("crd.antrea.io/v1beta1", "ClusterNetworkPolicy"),
      object("vpcresources.k8s.aws/v1beta1", "SecurityGroupPolicy"),
      object("v1", "Service"),
    ];
    const summary = summarizeInput(objects);
    assert.deepEqual(summary.unmodelledPolicies.map(({ kind, count }) => `${kind} ×${count}`), [
      "cilium.io/v2 CiliumNetworkPolicy ×2",
      "cilium.io/v2 CiliumClusterwideNetworkPolicy ×1",
      "crd.antrea.io/v1beta1 ClusterNetworkPolicy ×1",
      "example.com/v1 FooNetworkPolicy ×1",
      "extensions/v1beta1 NetworkPolicy ×1",
      "networking.k8s.io/v1beta1 NetworkPolicy ×1",
      "policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy ×1",
      "projectcalico.org/v3 HostEndpoint ×1",
      "vpcresources.k8s.aws/v1beta1 SecurityGroupPolicy ×1",
    ]);
    assert.equal(summary.admin, 2); // policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy are modelled
    assert.match(summaryLine(summary), /^read 0 NetworkPolicies, 2 admin network policies, 1 pod\/workload, 0 namespaces; ignored 12 objects/);
    const [warning] = summaryWarnings(summary);
    assert.match(warning ?? "", /^ignored 10 policies of a kind this analyzer does not model \(cilium\.io\/v2 CiliumNetworkPolicy ×2, .*, 1 more kind ×1\): reachability is computed without them/);
    assert.equal(summaryWarnings(summarizeInput([pod("x", "a"), object("cilium.io/v2", "CiliumNetworkPolicy")]))[0]?.includes("computed without it, so it may deny"), true);
  });

  it("reads a NetworkPolicy without apiVersion as v1 (as the model does), and staged Calico policies are not warned about", () => {
    assert.equal(isUnmodelledPolicy(undefined, "NetworkPolicy"), false);
    assert.equal(isUnmodelledPolicy("networking.k8s.io/v1", "NetworkPolicy"), false);
    assert.equal(isUnmodelledPolicy("projectcalico.org/v3", "StagedGlobalNetworkPolicy"), false);
    assert.equal(isUnmodelledPolicy("example.com/v1", "SecurityGroupPolicy"), false);
  });

  it("reads Calico's projectcalico.org/v3 policies, tiers and network sets (modelled: no warning), and counts them", () => {
    const objects = ["Tier", "GlobalNetworkPolicy", "NetworkPolicy", "GlobalNetworkSet", "NetworkSet"].map((kind) => object("projectcalico.org/v3", kind));
    for (const kind of ["GlobalNetworkPolicy", "NetworkPolicy"]) assert.equal(isUnmodelledPolicy("projectcalico.org/v3", kind), false);
    const summary = summarizeInput([pod("x", "a"), ...objects]);
    assert.deepEqual([summary.calico, summary.unmodelledPolicies, summaryWarnings(summary)], [5, [], []]);
    assert.equal(summaryLine(summary), "read 0 NetworkPolicies, 5 Calico objects, 1 pod/workload, 0 namespaces; nothing ignored");
  });
  it("names each kind once, equal counts by name; no kind, an empty kind or a kind beside flows is not an intent file", () => {
    const bare = (apiVersion: string | undefined, kind: string) => ({ apiVersion, kind, metadata: { name: "o" } });
    const summary = summarizeInput([
      pod("x", "a"),
      bare("projectcalico.org/v3", "Tier"),
      bare("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy"),
      bare(undefined, "FooNetworkPolicy"),
      bare("v1", "Zeta"),
      bare("v1", "Alpha"),
      { kind: "", flows: [] },
      { apiVersion: "v1", flows: [] },
      { kind: "Mid", flows: [] },
      bare("example.com/v1", "HostEndpoint"),
      bare(undefined, "SecurityGroupPolicy"),
      bare("cilium.io/v2", "CiliumNetworkPolicy"),
    ]);
    assert.equal(
      summaryLine(summary),
      "read 0 NetworkPolicies, 1 Calico object, 1 admin network policy, 1 pod/workload, 0 namespaces; ignored 9 objects ((no kind) ×2, Alpha ×1, CiliumNetworkPolicy ×1, FooNetworkPolicy ×1, HostEndpoint ×1, Mid ×1, SecurityGroupPolicy ×1, Zeta ×1)",
    );
    assert.deepEqual(summaryWarnings(summary), [
      "ignored 2 policies of a kind this analyzer does not model ((no apiVersion) FooNetworkPolicy ×1, cilium.io/v2 CiliumNetworkPolicy ×1): reachability is computed without them, so they may deny traffic shown as allowed (or allow traffic shown as denied)",
    ]);
    assert.deepEqual(summarizeInput([null, 5]).ignored, [{ kind: "(no kind)", count: 2 }]);
    assert.equal(summaryLine(summarizeInput([bare("v1", "Service")])), "read 0 NetworkPolicies, 0 pods/workloads, 0 namespaces; ignored 1 object (Service ×1)");
    assert.deepEqual(summaryWarnings(summarizeInput([bare("cilium.io/v2", "CiliumNetworkPolicy")])), [
      "ignored 1 policy of a kind this analyzer does not model (cilium.io/v2 CiliumNetworkPolicy ×1): reachability is computed without it, so it may deny traffic shown as allowed (or allow traffic shown as denied)",
    ]);
  });
});
