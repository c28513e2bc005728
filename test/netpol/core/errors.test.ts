/** Bad input is reported with file, object and a clear reason; all problems at once. */
import { strict as assert } from "assert";
import { buildModel, NetpolInputError, parseManifestText } from "../../../netpol";
import { pod, policy } from "./helpers";

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof NetpolInputError, `expected NetpolInputError, got ${String(error)}`);
    return error.problems.map((p) => `${p.source}: ${p.object}: ${p.reason}`);
  }
  return assert.fail("expected a NetpolInputError");
}

/** Parse a policy written as YAML in file "bad.yaml" and build it. */
function policyProblems(specYaml: string): string[] {
  const text = `kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: np, namespace: x}\nspec:\n${specYaml}`;
  return problemsOf(() => buildModel(parseManifestText(text, "bad.yaml")));
}

const WHERE = "bad.yaml: NetworkPolicy x/np: ";

describe("netpol input errors", () => {
  it("malformed YAML names the file and document", () => {
    const problems = problemsOf(() => parseManifestText("kind: Pod\n---\nmetadata: {name: [\n", "broken.yaml"));
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^broken\.yaml: document 2: malformed YAML\/JSON: .+ at line \d+/);
  });

  it("a document that is not a mapping", () => {
    assert.deepEqual(problemsOf(() => parseManifestText("just a string", "s.yaml")), [
      "s.yaml: document 1: expected a Kubernetes object (a mapping), got string",
    ]);
  });

  const cases: readonly { name: string; spec: string; reason: string }[] = [
    {
      name: "unknown operator",
      spec: "  podSelector: {matchExpressions: [{key: a, operator: Equals, values: [b]}]}",
      reason: 'spec.podSelector.matchExpressions[0].operator: unknown operator "Equals" (expected In, NotIn, Exists or DoesNotExist)',
    },
    {
      name: "In without values",
      spec: "  podSelector: {matchExpressions: [{key: a, operator: In, values: []}]}",
      reason: "spec.podSelector.matchExpressions[0].values: operator In needs at least one value",
    },
    {
      name: "Exists with values",
      spec: "  podSelector: {matchExpressions: [{key: a, operator: Exists, values: [b]}]}",
      reason: "spec.podSelector.matchExpressions[0].values: operator Exists takes no values, got 1",
    },
    {
      name: "invalid CIDR",
      spec: "  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.256/8}}]}]",
      reason: 'spec.ingress[0].from[0].ipBlock.cidr: "10.0.0.256/8" is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/64)',
    },
    {
      name: "CIDR without prefix",
      spec: "  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.1}}]}]",
      reason: 'spec.egress[0].to[0].ipBlock.cidr: "10.0.0.1" is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/64)',
    },
    {
      name: "except outside cidr",
      spec: "  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}]}]",
      reason: "spec.ingress[0].from[0].ipBlock.except[0]: 10.1.0.0/24 must be a strict subset of cidr 10.0.0.0/16",
    },
    {
      name: "ipBlock with a selector",
      spec: "  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]",
      reason: "spec.ingress[0].from[0]: ipBlock may not be combined with podSelector or namespaceSelector in one peer",
    },
    {
      name: "empty peer",
      spec: "  podSelector: {}\n  ingress: [{from: [{}]}]",
      reason: "spec.ingress[0].from[0]: a peer needs podSelector, namespaceSelector or ipBlock",
    },
    {
      name: "port out of range",
      spec: "  podSelector: {}\n  ingress: [{ports: [{port: 70000}]}]",
      reason: "spec.ingress[0].ports[0].port: 70000 is out of range (expected an integer from 1 to 65535)",
    },
    {
      name: "numeric port written as a string",
      spec: '  podSelector: {}\n  ingress: [{ports: [{port: "80"}]}]',
      reason:
        "spec.ingress[0].ports[0].port: port name \"80\" is not valid (expected 1-15 lowercase letters, digits or '-', with at least one letter; or a port number)",
    },
    {
      name: "non-numeric endPort",
      spec: "  podSelector: {}\n  ingress: [{ports: [{port: 80, endPort: high}]}]",
      reason: 'spec.ingress[0].ports[0].endPort: "high" is not a port number (expected an integer from 1 to 65535)',
    },
    {
      name: "endPort below port",
      spec: "  podSelector: {}\n  ingress: [{ports: [{port: 90, endPort: 80}]}]",
      reason: "spec.ingress[0].ports[0].endPort: 80 is below port 90 (expected endPort >= port)",
    },
    {
      name: "endPort with a named port",
      spec: "  podSelector: {}\n  ingress: [{ports: [{port: http, endPort: 90}]}]",
      reason: "spec.ingress[0].ports[0].endPort: may not be given with a named port",
    },
    {
      name: "unknown protocol",
      spec: "  podSelector: {}\n  ingress: [{ports: [{port: 80, protocol: tcp}]}]",
      reason: 'spec.ingress[0].ports[0].protocol: unknown protocol "tcp" (expected TCP, UDP or SCTP)',
    },
    {
      name: "unknown policy type",
      spec: "  podSelector: {}\n  policyTypes: [Inbound]",
      reason: 'spec.policyTypes[0]: unknown policy type "Inbound" (expected Ingress or Egress)',
    },
    {
      name: "unquoted numeric label value",
      spec: "  podSelector: {matchLabels: {version: 2}}",
      reason: "spec.podSelector.matchLabels.version: label value must be a string, got 2 (quote it in YAML)",
    },
  ];
  for (const { name, spec, reason } of cases) {
    it(`reports ${name}`, () => assert.deepEqual(policyProblems(spec), [WHERE + reason]));
  }

  it("reports every problem of every object at once", () => {
    const objects = [
      policy("x", "a", { podSelector: {}, ingres: [] }),
      policy("x", "b", { podSelector: {}, ingress: [{ ports: [{ port: 0 }] }] }),
      { ...pod("x", "p"), status: { podIP: "not-an-ip" } },
    ];
    assert.deepEqual(problemsOf(() => buildModel(objects)), [
      '<input>: NetworkPolicy x/a: spec.ingres: unknown field "ingres" (did you mean "ingress"?)',
      "<input>: NetworkPolicy x/b: spec.ingress[0].ports[0].port: 0 is out of range (expected an integer from 1 to 65535)",
      '<input>: Pod x/p: status.podIP: "not-an-ip" is not a valid IP address',
    ]);
  });

  it("reports problems in input order, also those found only once everything is read (Calico objects)", () => {
    const objects = [
      { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "g" }, spec: { order: "first", selector: "all()" } },
      { ...pod("x", "p"), status: { podIP: "not-an-ip" } },
    ];
    const problems = problemsOf(() => buildModel(objects));
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0] ?? "", /^<input>: GlobalNetworkPolicy g: spec\.order: /);
    assert.equal(problems[1], '<input>: Pod x/p: status.podIP: "not-an-ip" is not a valid IP address');
  });

  it("reports bad container ports and missing names", () => {
    const badPort = { ...pod("x", "p", { ports: [{ name: "Web_Port", containerPort: 80 }] }) };
    const nameless = { kind: "Deployment", metadata: { namespace: "x" }, spec: {} };
    assert.deepEqual(problemsOf(() => buildModel([badPort, nameless])), [
      "<input>: Pod x/p: spec.containers[0].ports[0].name: port name \"Web_Port\" is not valid (expected 1-15 lowercase letters, digits or '-', with at least one letter; or a port number)",
      "<input>: Deployment #2: metadata.name must be a non-empty string",
    ]);
  });

  it("reports two endpoints with one name", () => {
    const deployment = { kind: "Deployment", metadata: { name: "p", namespace: "x" }, spec: { template: { metadata: { labels: {} } } } };
    assert.deepEqual(problemsOf(() => buildModel([pod("x", "p"), deployment])), [
      "<input>: Deployment x/p: metadata.name: x/p is already defined by a Pod; names must be unique",
    ]);
  });
});
