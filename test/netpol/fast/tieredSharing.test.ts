/**
 * The fast engine's Calico tiers share what a policy's rules match between subjects whose keys are
 * equal (tiered.ts subjectKey): an admin policy's rules read the subject only as the destination
 * of named ports (ingress), so pod classes with the same named ports share its rule vectors, as
 * Kubernetes NetworkPolicies' do. Answers stay the reference engine's.
 */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { groupIntoClasses, prepareFast } from "../../../netpol/fast";
import { TieredSides } from "../../../netpol/fast/tiered";
import { referenceEngine } from "../../../netpol/reference";

const API = "policy.networking.k8s.io/v1alpha1";
const PODS = 30;

function pod(index: number): object {
  // Distinct labels: one class per pod; two sets of named ports (every third pod serves "web").
  const ports = index % 3 === 0 ? [{ containerPort: 8080, name: "web" }] : [{ containerPort: 80, name: "web" }];
  return { apiVersion: "v1", kind: "Pod", metadata: { namespace: "shop", name: `p${index}`, labels: { app: `p${index}` } }, spec: { containers: [{ name: "c", ports }] } };
}

const objects = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { team: "a" } } },
  ...Array.from({ length: PODS }, (_, index) => pod(index)),
  {
    apiVersion: API, kind: "AdminNetworkPolicy", metadata: { name: "web" },
    spec: {
      priority: 5, subject: { namespaces: {} },
      ingress: [{ action: "Allow", from: [{ namespaces: { matchLabels: { team: "a" } } }], ports: [{ namedPort: "web" }] }, { action: "Deny", from: [{ namespaces: {} }] }],
      egress: [{ action: "Pass", to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "p1" } } } }] }, { action: "Deny", to: [{ networks: ["0.0.0.0/0"] }, { namespaces: {} }], ports: [{ portNumber: { port: 80 } }] }],
    },
  },
  {
    apiVersion: API, kind: "BaselineAdminNetworkPolicy", metadata: { name: "default" },
    spec: { subject: { namespaces: {} }, egress: [{ action: "Allow", to: [{ namespaces: {} }], ports: [{ portRange: { start: 1, end: 1000 } }] }, { action: "Deny", to: [{ namespaces: {} }] }] },
  },
];

describe("netpol fast engine: admin policies' rule vectors are shared between subjects", () => {
  it("one computation per policy, direction and set of named ports, not per pod class", () => {
    const model = buildModel(objects);
    const grouping = groupIntoClasses(model);
    assert.ok(grouping.podClassCount >= PODS, `${grouping.podClassCount} pod classes`);
    const tiered = new TieredSides(model, grouping);
    for (let source = 0; source < grouping.classes.length; source++) {
      for (let destination = 0; destination < grouping.podClassCount; destination++) tiered.pairConnections(source, destination);
    }
    // ANP: ingress once per set of named ports (2), egress once; BANP: egress once.
    assert.equal(tiered.vectorComputations, 4);
  });

  it("answers as the reference engine", () => {
    const model = buildModel(objects);
    const [fast, reference] = [prepareFast(model), referenceEngine.prepare(model)];
    for (let from = 0; from < model.endpoints.length; from++) {
      for (let to = 0; to < model.endpoints.length; to++) {
        if (from >= model.pods.length && to >= model.pods.length) continue;
        assert.ok(fast.connections(from, to).equals(reference.connections(from, to)), `${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`);
      }
    }
    // Spot checks: "web" resolves on the destination (8080 on p0, p3, ...; 80 elsewhere); egress
    // toward p1 is passed to the BANP (TCP 1-1000), toward the others TCP 80 is denied first.
    const at = (id: string): number => model.endpoints.findIndex((endpoint) => endpoint.id === id);
    assert.equal(reference.connections(at("shop/p0"), at("shop/p1")).format(), "TCP 80");
    assert.ok(reference.connections(at("shop/p2"), at("shop/p4")).isEmpty());
    assert.ok(reference.connections(at("shop/p2"), at("shop/p3")).isEmpty());
    assert.equal(reference.connections(at("shop/p2"), at("shop/p1")).format(), "TCP 80");
  });
});
