/**
 * Strict reading: a misspelt NetworkPolicy or intent field is an error naming the field (as the
 * API server's strict field validation rejects it), never silently read as "everything"; what the
 * API server defaults (pkg/apis/networking/v1/defaults.go, and Go's zero values), the analyzer
 * defaults, with a note where the input left it out.
 */
import { strict as assert } from "assert";
import { buildModel, NetpolInputError, parseIntent, parseManifestText } from "../../../netpol";
import { assertTable, cluster, policy, TCP80 } from "./helpers";

function problems(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof NetpolInputError, `expected NetpolInputError, got ${String(error)}`);
    return error.problems.map((p) => `${p.object}: ${p.reason}`);
  }
  return assert.fail("expected a NetpolInputError");
}

function policyText(body: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: x}\n${body}`;
}

describe("strict reading of NetworkPolicies", () => {
  const cases: readonly [string, string, string, ...string[]][] = [
    ["too: for to:", "spec:\n  podSelector: {}\n  egress: [{too: [{podSelector: {}}]}]", 'spec.egress[0].too: unknown field "too" (did you mean "to"?)'],
    ["frm: for from:", "spec:\n  podSelector: {}\n  ingress: [{frm: [{podSelector: {}}]}]", 'spec.ingress[0].frm: unknown field "frm" (did you mean "from"?)'],
    ["matchLabel:", "spec:\n  podSelector: {matchLabel: {app: web}}", 'spec.podSelector.matchLabel: unknown field "matchLabel" (did you mean "matchLabels"?)'],
    ["protocl:", "spec:\n  podSelector: {}\n  ingress: [{ports: [{protocl: UDP, port: 53}]}]", 'spec.ingress[0].ports[0].protocl: unknown field "protocl" (did you mean "protocol"?)'],
    ["a peer's namespaceSelecter:", "spec:\n  podSelector: {}\n  ingress: [{from: [{namespaceSelecter: {}, podSelector: {}}]}]", 'spec.ingress[0].from[0].namespaceSelecter: unknown field "namespaceSelecter" (did you mean "namespaceSelector"?)'],
    ["ipBlock excepts:", "spec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, excepts: [10.1.0.0/16]}}]}]", 'spec.ingress[0].from[0].ipBlock.excepts: unknown field "excepts" (did you mean "except"?)'],
    ["matchExpressions operater:", "spec:\n  podSelector: {matchExpressions: [{key: app, operater: Exists}]}", 'spec.podSelector.matchExpressions[0].operater: unknown field "operater" (did you mean "operator"?)',
      "spec.podSelector.matchExpressions[0].operator: unknown operator nothing (expected In, NotIn, Exists or DoesNotExist)"],
    ["policyType:", "spec:\n  podSelector: {}\n  policyType: [Egress]", 'spec.policyType: unknown field "policyType" (did you mean "policyTypes"?)'],
    ["sepc: at the top", "sepc:\n  podSelector: {}", 'sepc: unknown field "sepc" (did you mean "spec"?)'],
    ["metadata lables:", "spec: {podSelector: {}}", 'metadata.lables: unknown field "lables" (did you mean "labels"?)'],
  ];
  for (const [name, body, ...reasons] of cases) {
    const text = name.startsWith("metadata") ? policyText(body).replace("namespace: x}", "namespace: x, lables: {a: b}}") : policyText(body);
    it(`rejects ${name}`, () => assert.deepEqual(problems(() => buildModel(parseManifestText(text, "np.yaml"))), reasons.map((r) => `NetworkPolicy x/np: ${r}`)));
  }

  it("names the known fields when nothing is close", () => {
    assert.deepEqual(problems(() => buildModel([policy("x", "np", { podSelector: {}, allowAll: true })])), [
      'NetworkPolicy x/np: spec.allowAll: unknown field "allowAll" (known fields: egress, ingress, podSelector, policyTypes)',
    ]);
  });

  it("reports every unknown field of every policy at once", () => {
    const objects = [policy("x", "a", { podSelector: {}, ingres: [] }), policy("x", "b", { podSelectr: {}, egress: [{ too: [] }] })];
    assert.deepEqual(problems(() => buildModel(objects)), [
      'NetworkPolicy x/a: spec.ingres: unknown field "ingres" (did you mean "ingress"?)',
      'NetworkPolicy x/b: spec.podSelectr: unknown field "podSelectr" (did you mean "podSelector"?)',
      'NetworkPolicy x/b: spec.egress[0].too: unknown field "too" (did you mean "to"?)',
    ]);
  });

  it("accepts what `kubectl get -o yaml` prints (read-only metadata)", () => {
    const fetched = policyText(
      "  uid: 6f1c\n  resourceVersion: \"42\"\n  generation: 1\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n" +
        "  managedFields: [{manager: kubectl}]\n  annotations: {a: b}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n",
    ).replace("metadata: {name: np, namespace: x}\n", "metadata:\n  name: np\n  namespace: x\n");
    assert.equal(buildModel(parseManifestText(fetched, "np.yaml")).policies.length, 1);
  });

  it("leaves other kinds alone: unknown fields of a Pod or a ConfigMap are not its business", () => {
    const model = buildModel([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "x" }, dta: {} }, ...cluster()]);
    assert.equal(model.pods.length, 4);
  });
});

describe("API defaults, as the API server applies them", () => {
  for (const [written, spec] of [["absent", { ingress: [] }], ["null", { podSelector: null, ingress: [] }]] as const) {
    it(`a ${written} spec.podSelector selects every pod of the namespace, with a note`, () => {
      const objects = [...cluster(), policy("x", "deny", spec)];
      assertTable(objects, TCP80, { allowed: true, except: ["x/b -> x/a", "y/a -> x/a", "y/b -> x/a", "x/a -> x/b", "y/a -> x/b", "y/b -> x/b"] });
      assert.deepEqual(buildModel(objects).notes, [
        `<input>: NetworkPolicy x/deny: spec.podSelector is ${written === "absent" ? "nothing" : "null"}; read as {} (every pod in the namespace), as the API server stores it`,
      ]);
    });
  }

  it("no notes when nothing was defaulted", () => {
    assert.deepEqual(buildModel([...cluster(), policy("x", "deny", { podSelector: {} })]).notes, []);
  });

  it("an explicitly empty policyTypes is defaulted like an absent one (Egress too when there are egress rules)", () => {
    const objects = [...cluster(), policy("x", "out", { podSelector: { matchLabels: { pod: "a" } }, policyTypes: [], egress: [{ to: [{ podSelector: { matchLabels: { pod: "b" } } }] }] })];
    const [model] = [buildModel(objects)];
    assert.deepEqual([model.policies[0].ingress, model.policies[0].egress?.length], [[], 1]);
  });

  it("a null protocol or ports list is read as absent (TCP; every port)", () => {
    const objects = [...cluster(), policy("x", "in", { podSelector: {}, ingress: [{ ports: [{ protocol: null, port: 80 }] }, { ports: null, from: [{ podSelector: { matchLabels: { pod: "never" } } }] }] })];
    const [first, second] = buildModel(objects).policies[0].ingress ?? [];
    assert.deepEqual([first.ports, second.ports], [[{ kind: "range", protocol: "TCP", first: 80, last: 80 }], null]);
  });
});

describe("strict reading of intent files", () => {
  it("rejects frm: in a flow, with a suggestion", () => {
    assert.deepEqual(problems(() => parseIntent("flows:\n  - frm: a/b\n    to: c/d\n    ports: [all]\n", "intent.yaml")), [
      'flows[0]: frm: unknown field "frm" (did you mean "from"?)',
      'flows[0]: from: nothing is neither "namespace/name" nor a CIDR like 203.0.113.0/24 or "0.0.0.0/0 except 10.0.0.0/16"',
    ]);
  });

  it("rejects flow: for flows:, with a suggestion", () => {
    assert.deepEqual(problems(() => parseIntent("flow:\n  - from: a/b\n    to: c/d\n    ports: [all]\n", "intent.yaml")), [
      'intent: flow: unknown field "flow" (did you mean "flows"?)',
      'intent: flows: expected a list of flows, got nothing',
    ]);
  });

  it("reads eachSide, and rejects a value that is not a boolean", () => {
    assert.equal(parseIntent("eachSide: true\nflows: []\n", "i").eachSide, true);
    assert.equal(parseIntent("flows: []\n", "i").eachSide, false);
    assert.deepEqual(problems(() => parseIntent("eachSide: yes please\nflows: []\n", "i")), ['intent: eachSide: expected true or false, got "yes please"']);
  });
});
