/**
 * The small readers under every manifest: label selectors and their requirements, labels, lists,
 * port numbers and names, unknown fields and their nearest names, and the external atoms' holes.
 */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { modelProblems, namespace, pod, policy } from "../core/helpers";

const problems = (spec: Record<string, unknown>): string[] => modelProblems([namespace("x"), pod("x", "a"), policy("x", "p", spec)]);
const selecting = (podSelector: Record<string, unknown>): string[] => problems({ podSelector });
const WHERE = "NetworkPolicy x/p: ";

describe("netpol ingest: values", () => {
  describe("label selectors", () => {
    it("a null requirement is the zero value (no key): reported, never dropped (dropping it would select more pods)", () => {
      assert.deepEqual(selecting({ matchExpressions: [null] }), [`${WHERE}spec.podSelector.matchExpressions[0].key: expected a non-empty label key, got nothing`]);
    });

    it("a key that is empty or not a string, values that are not strings, lists that are not lists", () => {
      assert.deepEqual(selecting({ matchExpressions: [{ key: "", operator: "Exists" }, { key: 5, operator: "Exists" }] }), [
        `${WHERE}spec.podSelector.matchExpressions[0].key: expected a non-empty label key, got ""`,
        `${WHERE}spec.podSelector.matchExpressions[1].key: expected a non-empty label key, got 5`,
      ]);
      assert.deepEqual(selecting({ matchExpressions: [{ key: "tier", operator: "In", values: ["a", 1, true] }] }), [
        `${WHERE}spec.podSelector.matchExpressions[0].values[1]: expected a string, got 1 (quote it in YAML)`,
        `${WHERE}spec.podSelector.matchExpressions[0].values[2]: expected a string, got true (quote it in YAML)`,
      ]);
      assert.deepEqual(selecting({ matchExpressions: [{ key: "tier", operator: "In", values: "a" }] }), [`${WHERE}spec.podSelector.matchExpressions[0].values: expected a list, got "a"`]);
      // The bad value is the problem; the requirement is not also "without values".
      assert.deepEqual(selecting({ matchExpressions: [{ key: "tier", operator: "In", values: [1] }] }), [`${WHERE}spec.podSelector.matchExpressions[0].values[0]: expected a string, got 1 (quote it in YAML)`]);
      assert.deepEqual(selecting({ matchExpressions: ["tier"] }), [`${WHERE}spec.podSelector.matchExpressions[0]: expected a mapping, got "tier"`]);
      assert.deepEqual(selecting({ matchExpressions: { key: "tier" } }), [`${WHERE}spec.podSelector.matchExpressions: expected a list, got a mapping`]);
    });

    it("values deduplicated and sorted", () => {
      const model = buildModel([namespace("x"), policy("x", "p", { podSelector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["b", "a", "b"] }] } })]);
      assert.deepEqual(model.policies[0]?.target.requirements, [{ key: "tier", operator: "NotIn", values: ["a", "b"] }]);
    });
  });

  describe("labels and lists", () => {
    it("labels keep their keys sorted", () => {
      const model = buildModel([pod("x", "a", { labels: { zone: "1", app: "a", tier: "t" } })]);
      assert.deepEqual(Object.keys(model.pods[0]?.podLabels as object), ["app", "tier", "zone"]);
    });

    it("a null list is an absent one", () => {
      assert.deepEqual(problems({ podSelector: {}, policyTypes: null }), []);
    });
  });

  describe("ports", () => {
    const containerPort = (port: Record<string, unknown>): string[] =>
      modelProblems([{ apiVersion: "v1", kind: "Pod", metadata: { name: "a", namespace: "x" }, spec: { containers: [{ name: "c", ports: [port] }] } }]);

    it("numbers: 1 and 65535 are ports; 0, 65536 and 80.5 are not", () => {
      assert.deepEqual(containerPort({ containerPort: 1 }), []);
      assert.deepEqual(containerPort({ containerPort: 65535 }), []);
      for (const bad of [0, 65536, 80.5]) {
        assert.deepEqual(containerPort({ containerPort: bad }), [`Pod x/a: spec.containers[0].ports[0].containerPort: ${bad} is out of range (expected an integer from 1 to 65535)`]);
      }
    });

    it("names: one character, up to 15, lowercase letters, digits and inner dashes", () => {
      for (const name of ["a", "http", "h2-c", "a23456789012345"]) assert.deepEqual(containerPort({ containerPort: 80, name }), [], name);
      for (const name of ["web!", "a234567890123456", "-web", "web-", "80", "we--b", "Web"]) {
        assert.deepEqual(containerPort({ containerPort: 80, name }), [
          `Pod x/a: spec.containers[0].ports[0].name: port name "${name}" is not valid (expected 1-15 lowercase letters, digits or '-', with at least one letter; or a port number)`,
        ], name);
      }
    });
  });

  describe("unknown fields", () => {
    it("the nearest known name, the first of equally near ones", () => {
      assert.deepEqual(problems({ podSelector: {}, gress: [] }), [`${WHERE}spec.gress: unknown field "gress" (did you mean "egress"?)`]);
      // "ngress" is one edit from both egress and ingress: the first known field wins.
      assert.deepEqual(problems({ podSelector: {}, ngress: [] }), [`${WHERE}spec.ngress: unknown field "ngress" (did you mean "egress"?)`]);
    });

    it("a list where a mapping belongs has no fields to check (its own problem says what is wrong)", () => {
      const anp = { apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "AdminNetworkPolicy", metadata: { name: "s" }, spec: { priority: 1, subject: ["namespaces"], ingress: [] } };
      assert.deepEqual(modelProblems([pod("x", "a"), anp]), ["AdminNetworkPolicy s: spec.subject: expected a mapping, got a list", "AdminNetworkPolicy s: spec.subject: is required (exactly one of namespaces, pods)"]);
    });
  });

  describe("external atoms", () => {
    it("each atom keeps the blocks cut out of it", () => {
      const model = buildModel([pod("x", "a"), policy("x", "p", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }] }] })]);
      assert.deepEqual(model.externals.map((external) => [external.id, external.holes.map((hole) => hole.text)]), [
        ["0.0.0.0/0 except 10.0.0.0/8", ["10.0.0.0/8"]],
        ["10.0.0.0/8 except 10.1.0.0/16", ["10.1.0.0/16"]],
        ["10.1.0.0/16", []],
      ]);
    });
  });
});
