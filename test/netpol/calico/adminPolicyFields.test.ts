// AdminNetworkPolicy fields beyond test/netpol/admin (network-policy-api v0.1.7 apis/v1alpha1):
// more bad input naming the field, null as absent, named ports (both engines), and the equal
// priority warning when a BaselineAdminNetworkPolicy shares the ANP's name.
import { strict as assert } from "assert";
import { buildModel, connectionReport, explain, formatVerdict } from "../../../netpol";
import { modelProblems } from "../core/helpers";
import { anp, banp, conformanceCluster, egressRule, endpointId, ingressRule, namespaceNamed } from "../admin/cluster";

const CLUSTER = conformanceCluster();
const SLYTHERIN = endpointId("slytherin/draco-malfoy-0");
const GRYFFINDOR = endpointId("gryffindor/harry-potter-0");
const subject = namespaceNamed("gryffindor");
const bare = (name: string, spec: unknown) => ({ apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "AdminNetworkPolicy", metadata: { name }, spec });

function verdict(objects: unknown[], port = 80): string {
  const model = buildModel(objects);
  const [from, to] = [SLYTHERIN, GRYFFINDOR].map((id) => model.endpoints.find((e) => e.id === id));
  assert.ok(from !== undefined && to !== undefined);
  return formatVerdict(explain(model, from, to, { port, protocol: "TCP" }));
}

describe("admin network policy fields: more bad input names the field", () => {
  it("subject, priority, ports, peers, actions, lists and spec", () => {
    const objects = [...CLUSTER,
      anp("s1", 1, { pods: { namespaceSelector: null, podSelector: {} } } as never, {}),
      anp("s2", 1, { namespaces: {}, namespace: {} } as never, {}),
      anp("s3", 1, { namespaces: { matchLabels: "x" } } as never, {}),
      // Both set: only that is reported (the pods part is not read, though incomplete).
      anp("s4", 1, { namespaces: {}, pods: { podSelector: {} } } as never, {}),
      bare("p1", { priority: null, subject }),
      bare("p2", { priority: "5", subject }),
      anp("ports", 1, subject, { ingress: [ingressRule("r", "Allow", [{ namespaces: {} }], [
        { namedPort: true }, { portNumber: { port: 80 }, portRange: { start: 90, end: 80 } }, { portRange: { protocol: "tcp", start: 0, end: 70000 } },
      ])] }),
      anp("peers", 1, subject, { egress: [egressRule("n", "Deny", [{ networks: [5] }, { namespaces: { matchLabels: "x" } }, { nodes: { matchLabels: "x" } }] as never)] }),
      anp("actions", 1, subject, { ingress: [ingressRule("r", "Log", [{ namespaces: {} }])] }),
      anp("port-list", 1, subject, { ingress: [{ action: "Deny", from: [{ namespaces: {} }], ports: "80" }] } as never),
      bare("spec-text", "x"),
    ];
    assert.deepEqual(modelProblems(objects), [
      "AdminNetworkPolicy s1: spec.subject.pods.namespaceSelector: is required (use {} to select every namespace)",
      'AdminNetworkPolicy s2: spec.subject.namespace: unknown field "namespace" (did you mean "namespaces"?)',
      'AdminNetworkPolicy s3: spec.subject.namespaces.matchLabels: expected a mapping, got "x"',
      "AdminNetworkPolicy s4: spec.subject: exactly one of namespaces, pods must be set, found namespaces and pods",
      "AdminNetworkPolicy p1: spec.priority: is required (an integer from 0 to 1000; lower is evaluated first)",
      'AdminNetworkPolicy p2: spec.priority: "5" is not a priority (expected an integer from 0 to 1000; lower is evaluated first)',
      "AdminNetworkPolicy ports: spec.ingress[0].ports[0].namedPort: port name true is not valid (expected 1-15 lowercase letters, digits or '-', with at least one letter; or a port number)",
      "AdminNetworkPolicy ports: spec.ingress[0].ports[1]: exactly one of namedPort, portNumber, portRange must be set, found portNumber and portRange",
      'AdminNetworkPolicy ports: spec.ingress[0].ports[2].portRange.protocol: unknown protocol "tcp" (expected TCP, UDP or SCTP)',
      "AdminNetworkPolicy ports: spec.ingress[0].ports[2].portRange.start: 0 is out of range (expected an integer from 1 to 65535)",
      "AdminNetworkPolicy ports: spec.ingress[0].ports[2].portRange.end: 70000 is out of range (expected an integer from 1 to 65535)",
      "AdminNetworkPolicy peers: spec.egress[0].to[0].networks[0]: 5 is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/8)",
      'AdminNetworkPolicy peers: spec.egress[0].to[1].namespaces.matchLabels: expected a mapping, got "x"',
      'AdminNetworkPolicy peers: spec.egress[0].to[2].nodes.matchLabels: expected a mapping, got "x"',
      'AdminNetworkPolicy actions: spec.ingress[0].action: "Log" is not an action of AdminNetworkPolicy (expected Allow, Deny or Pass)',
      'AdminNetworkPolicy port-list: spec.ingress[0].ports: expected a list, got "80"',
      'AdminNetworkPolicy spec-text: spec: expected a mapping, got "x"',
      "AdminNetworkPolicy spec-text: spec: is required",
    ]);
  });

  it("null is absent: a port's protocol (TCP), a rule's name, a namedPort beside a portNumber toward networks", () => {
    const policy = anp("nulls", 1, subject, {
      ingress: [{ name: null, action: "Deny", from: [{ namespaces: {} }], ports: [{ portNumber: { port: 80, protocol: null } }] }],
      egress: [egressRule("n", "Deny", [{ networks: ["192.0.2.0/24"] }], [{ namedPort: null, portNumber: { port: 80 } }])],
    } as never);
    assert.deepEqual(modelProblems([...CLUSTER, policy]), []);
    assert.equal(verdict([...CLUSTER, policy]), "denied (egress: not isolated; ingress: denied by tier adminnetworkpolicy: AdminNetworkPolicy nulls rule 0 (Deny))");
    assert.match(verdict([...CLUSTER, policy], 81), /^allowed/);
  });
});

describe("admin network policy named ports and equal priorities", () => {
  it("an egress namedPort resolves on each peer's own container ports, for pods alike but for the port (both engines)", () => {
    const ns = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    const pod = (namespace: string, name: string, port: number) => ({
      apiVersion: "v1", kind: "Pod", metadata: { namespace, name, labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "i", ports: [{ name: "http", containerPort: port }] }] },
    });
    const policy = anp("http-only", 1, { namespaces: { matchLabels: { "kubernetes.io/metadata.name": "a" } } }, {
      egress: [egressRule("http", "Allow", [{ namespaces: {} }], [{ namedPort: "http" }]), egressRule("rest", "Deny", [{ namespaces: {} }])],
    });
    const objects = [ns("a"), ns("b"), pod("a", "client", 1), pod("b", "one", 8080), pod("b", "two", 9090), policy];
    for (const engine of ["reference", "fast"] as const) {
      const pairs = connectionReport(objects, engine).pairs.filter((p) => p.from === "a/client" && p.to.startsWith("b/"));
      assert.deepEqual(pairs.map((p) => `${p.to} ${p.connections.format()}`), ["b/one TCP 8080", "b/two TCP 9090"], engine);
    }
  });

  it("an egress namedPort resolves on each peer's container ports (both engines agree)", () => {
    const policy = anp("web-only", 1, namespaceNamed("slytherin"), {
      egress: [egressRule("web", "Allow", [{ namespaces: {} }], [{ namedPort: "web" }]), egressRule("rest", "Deny", [{ namespaces: {} }])],
    });
    for (const engine of ["reference", "fast"] as const) {
      const pair = connectionReport([...CLUSTER, policy], engine).pairs.find((p) => p.from === SLYTHERIN && p.to === GRYFFINDOR);
      assert.equal(pair?.connections.format(), "TCP 80", engine);
    }
  });

  it("the equal-priority warning goes to the AdminNetworkPolicy, even when the BaselineAdminNetworkPolicy default comes first", () => {
    const same = (name: string) => anp(name, 3, subject, { ingress: [ingressRule("r", "Allow", [{ namespaces: {} }])] });
    const warnings = buildModel([...CLUSTER, banp(subject, { ingress: [ingressRule("r", "Deny", [{ namespaces: {} }])] }), same("default"), same("a")]).warnings;
    assert.deepEqual(warnings, [
      "<input>: AdminNetworkPolicy default: spec.priority: 3 is also the priority of AdminNetworkPolicy a: upstream leaves the order of equal priorities undefined; evaluated by name (a, default)",
    ]);
  });
});
