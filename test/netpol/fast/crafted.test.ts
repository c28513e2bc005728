/**
 * The fast engine on hand-built clusters where the random ones seldom go (issue 14): one probe
 * hitting two port names at once, classes that share their rules but not their named ports,
 * egress named ports toward pods and external atoms, pods with several IPs, workloads beside Pods
 * under a default deny, and namespace selectors over many namespaces. Every answer (verdicts,
 * connection sets, pair counts, reach weights, listed class pairs) must equal the reference
 * engine's, under the default storage and under forced bitsets and big row parts.
 */
import { strict as assert } from "assert";
import { buildModel, PortProbe } from "../../../netpol";
import { FastOptions, prepareFast } from "../../../netpol/fast";
import { NetpolModel } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";

type K8sObject = Record<string, unknown>;
type Port = { name?: string; containerPort: number; protocol?: string };

const OPTIONS: readonly FastOptions[] = [{}, { denseAbove: 0, bigAbove: 0 }, { denseAbove: 1, bigAbove: 2 }, { denseAbove: Number.MAX_SAFE_INTEGER, bigAbove: Number.MAX_SAFE_INTEGER }];

const namespace = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });

function pod(ns: string, name: string, labels: Record<string, string>, ports: readonly Port[], ips: readonly string[] = [], kind = "Pod"): K8sObject {
  const status = ips.length === 0 ? {} : { status: { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } };
  const containers = [{ name: "main", image: "nginx", ports }];
  if (kind === "Pod") return { apiVersion: "v1", kind, metadata: { name, namespace: ns, labels }, spec: { containers }, ...status };
  return { apiVersion: "apps/v1", kind, metadata: { name, namespace: ns }, spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } } };
}

const policy = (ns: string, name: string, spec: Record<string, unknown>): K8sObject => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec });

function assertAgrees(model: NetpolModel, probes: readonly PortProbe[]): void {
  const reference = referenceEngine.prepare(model);
  for (const options of OPTIONS) {
    const fast = prepareFast(model, options);
    const label = JSON.stringify(options);
    const classes = fast.grouping.classes.length;
    const weights = Float64Array.from({ length: classes }, (_, classIndex) => (classIndex % 4 === 3 ? 0 : 1 + (classIndex % 3)));
    for (const probe of probes) {
      const on = `${probe.protocol}/${probe.port} ${label}`;
      let pairs = 0;
      const wrong: string[] = [];
      for (let from = 0; from < model.endpoints.length; from++) {
        for (let to = 0; to < model.endpoints.length; to++) {
          if (from >= model.pods.length && to >= model.pods.length) continue;
          const verdict = reference.allows(from, to, probe);
          if (fast.allows(from, to, probe) !== verdict) wrong.push(`${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`);
          if (verdict && from < model.pods.length && to < model.pods.length) pairs++;
        }
      }
      assert.deepEqual(wrong, [], `verdicts on ${on}`);
      assert.equal(fast.countAllowedPodPairs(probe), pairs, `pod pairs on ${on}`);
      assert.equal(fast.countAllowedPodPairs(probe), pairs, `pod pairs on ${on}, asked again`);
      // Class level: a class pair is allowed when its representatives' pair is (a Pod's self-pair aside).
      const expectedReach = new Float64Array(classes);
      const expectedPairs: string[] = [];
      for (let source = 0; source < classes; source++) {
        for (let destination = 0; destination < classes; destination++) {
          const from = fast.grouping.classes[source]?.members[0] as number;
          const to = fast.grouping.classes[destination]?.members[0] as number;
          if (from >= model.pods.length && to >= model.pods.length) continue;
          const allowed = from === to ? fast.classAllows(probe, source, destination) : reference.allows(from, to, probe);
          assert.equal(fast.classAllows(probe, source, destination), allowed, `class ${source} -> ${destination} on ${on}`);
          if (!allowed) continue;
          expectedReach[source] += weights[destination] as number;
          if ((weights[destination] as number) > 0) expectedPairs.push(`${source}>${destination}`);
        }
      }
      const external = (index: number): boolean => index >= fast.grouping.podClassCount;
      const reach = fast.reachWeights(probe, weights);
      const listed: string[] = [];
      fast.forEachAllowed(probe, weights, (source, destinations) => {
        assert.deepEqual([...destinations], [...destinations].sort((a, b) => a - b), "destinations ascend");
        destinations.forEach((destination) => listed.push(`${source}>${destination}`));
      });
      const podOrMixed = (pair: string): boolean => {
        const [source, destination] = pair.split(">").map(Number) as [number, number];
        return !(external(source) && external(destination));
      };
      assert.deepEqual(listed.filter(podOrMixed).sort(), expectedPairs.sort(), `listed class pairs on ${on}`);
      for (let source = 0; source < fast.grouping.podClassCount; source++) assert.equal(reach[source], expectedReach[source], `reach of class ${source} on ${on}`);
    }
    for (let from = 0; from < model.endpoints.length; from++) {
      for (let to = 0; to < model.endpoints.length; to++) {
        if (from >= model.pods.length && to >= model.pods.length) continue;
        const expected = reference.connections(from, to);
        assert.ok(fast.connections(from, to).equals(expected), `connections ${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id} ${label}: ${fast.connections(from, to).format()} vs ${expected.format()}`);
        assert.ok(fast.connections(from, to).equals(expected), "asked again, from the cache");
      }
    }
  }
}

const PROBES: readonly PortProbe[] = [
  { port: 8080, protocol: "TCP" }, { port: 9090, protocol: "TCP" }, { port: 80, protocol: "TCP" }, { port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }, { port: 443, protocol: "TCP" },
];

describe("netpol fast engine: hand-built clusters agree with the reference engine", () => {
  it("an egress rule naming two ports that one probe hits on different pods", () => {
    const objects = [
      namespace("x", { team: "a" }), namespace("y", { team: "b" }),
      pod("x", "web", { app: "web" }, [{ name: "web", containerPort: 8080 }]),
      pod("x", "api", { app: "api" }, [{ name: "api", containerPort: 8080 }, { name: "web", containerPort: 9090 }]),
      pod("y", "both", { app: "both" }, [{ name: "api", containerPort: 9090 }, { name: "web", containerPort: 8080 }]),
      pod("y", "dns", { app: "dns" }, [{ name: "dns", containerPort: 53, protocol: "UDP" }, { name: "dns", containerPort: 53 }]),
      pod("y", "client", { app: "client" }, [], ["10.0.0.5"]),
      policy("y", "client-out", { podSelector: { matchLabels: { app: "client" } }, policyTypes: ["Egress"], egress: [
        { to: [{ namespaceSelector: {} }, { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }], ports: [{ port: "web" }, { port: "api" }] },
        { to: [{ namespaceSelector: { matchLabels: { team: "b" } }, podSelector: { matchLabels: { app: "dns" } } }], ports: [{ port: "dns", protocol: "UDP" }, { port: "dns", protocol: "TCP" }] },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443 }] },
      ] }),
      policy("x", "web-in", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "In", values: ["b", "a"] }] } }], ports: [{ port: "web" }] }] }),
    ];
    assertAgrees(buildModel(objects), PROBES);
  });

  it("classes isolated by the same policies, with different named ports, and rules without named ports", () => {
    const objects = [
      namespace("x"),
      ...["a", "b", "c", "d"].map((name, index) => pod("x", name, { tier: "back", id: name }, index % 2 === 0 ? [{ name: "http", containerPort: 8080 }] : [{ name: "http", containerPort: 80 }, { name: "metrics", containerPort: 9090 }])),
      pod("x", "front", { tier: "front" }, [{ name: "http", containerPort: 80 }]),
      policy("x", "back-in", { podSelector: { matchLabels: { tier: "back" } }, ingress: [
        { from: [{ podSelector: { matchLabels: { tier: "front" } } }], ports: [{ port: "http" }] },
        { from: [{ podSelector: { matchLabels: { id: "a" } } }], ports: [{ port: "metrics" }, { port: 443 }] },
      ] }),
      policy("x", "front-in", { podSelector: { matchLabels: { tier: "front" } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 80 }, { port: 8080 }] }] }),
      policy("x", "front-in-too", { podSelector: { matchLabels: { tier: "front" } }, ingress: [{ from: [{ podSelector: { matchLabels: { id: "b" } } }] }] }),
    ];
    assertAgrees(buildModel(objects), PROBES);
  });

  it("Pods and workloads under a default deny: a Pod's self-pair stays allowed, a workload's replicas do not", () => {
    const objects = [
      namespace("x"),
      pod("x", "a", { app: "a" }, [], ["10.0.0.1"]), pod("x", "a2", { app: "a" }, [], ["10.0.0.2"]), pod("x", "b", { app: "b" }, []),
      pod("x", "deploy", { app: "d" }, [], [], "Deployment"),
      policy("x", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
      policy("x", "b-out", { podSelector: { matchLabels: { app: "b" } }, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/31" } }] }] }),
    ];
    const model = buildModel(objects);
    assertAgrees(model, PROBES);
    const fast = prepareFast(model);
    // Only b -> a reaches out (a's ingress is closed): the three Pods' self-pairs are the allowed pairs.
    assert.equal(fast.countAllowedPodPairs({ port: 80, protocol: "TCP" }), 3);
  });

  it("a named port written in two containers of one pod counts that pod once", () => {
    const twice = { apiVersion: "v1", kind: "Pod", metadata: { name: "twice", namespace: "x", labels: { app: "twice" } }, spec: { containers: ["a", "b"].map((name) => ({ name, ports: [{ name: "http", containerPort: 80 }] })) } };
    const objects = [
      namespace("x"), twice, pod("x", "other", { app: "other" }, [{ name: "http", containerPort: 80 }]), pod("x", "client", { app: "client" }, []),
      policy("x", "out", { podSelector: { matchLabels: { app: "client" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: {} }], ports: [{ port: "http" }] }] }),
    ];
    assertAgrees(buildModel(objects), PROBES);
  });

  it("a port named \"undefined\" is not an unnamed port", () => {
    const objects = [
      namespace("x"), pod("x", "unnamed", { app: "s" }, [{ containerPort: 80 }]), pod("x", "client", { app: "client" }, []),
      policy("x", "out", { podSelector: { matchLabels: { app: "client" } }, policyTypes: ["Egress"], egress: [{ ports: [{ port: "undefined" }] }] }),
    ];
    assertAgrees(buildModel(objects), PROBES);
  });

  it("an IPv6 block whose numbers fall inside an IPv4 block is not in it", () => {
    const objects = [
      namespace("x"), pod("x", "v6", { app: "v6" }, [], ["::5"]), pod("x", "v4", { app: "v4" }, [], ["0.0.0.5"]), pod("x", "server", { app: "server" }, []),
      policy("x", "in", { podSelector: { matchLabels: { app: "server" } }, ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/24" } }] }, { from: [{ ipBlock: { cidr: "::/120" } }], ports: [{ port: 443 }] }] }),
    ];
    assertAgrees(buildModel(objects), PROBES);
  });

  it("pods with several IPs in different atoms, and ipBlocks with holes", () => {
    const objects = [
      namespace("x"), namespace("y"),
      pod("x", "dual", { app: "n" }, [], ["10.0.0.1", "fd00::1"]),
      pod("x", "dual2", { app: "n" }, [], ["fd00::2", "10.0.0.2"]),
      pod("x", "v4", { app: "n" }, [], ["10.1.0.1"]),
      pod("y", "v6", { app: "m" }, [], ["fd00:1::1"]),
      pod("y", "none", { app: "m" }, []),
      policy("y", "in", { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }, { ipBlock: { cidr: "fd00::/16", except: ["fd00:1::/32"] } }] }] }),
      policy("x", "out", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "fd00::/8" } }], ports: [{ port: 80, endPort: 90 }] }, { to: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: "app", operator: "NotIn", values: ["n"] }] } }] }] }),
    ];
    assertAgrees(buildModel(objects), PROBES);
  });

  it("namespace selectors over many namespaces, some with no pods, and peers in the policy's own namespace", () => {
    const names = ["n0", "n1", "n2", "n3", "n4", "n5", "n6"];
    const objects = [
      ...names.map((name, index) => namespace(name, { env: index % 2 === 0 ? "prod" : "dev", ...(index % 3 === 0 ? { pci: "yes" } : {}) })),
      namespace("empty", { env: "prod" }),
      ...names.slice(1).flatMap((name, index) => [pod(name, "a", { app: "a", v: String(index % 2) }, []), pod(name, "b", { app: "b" }, [])]),
      policy("n1", "in", { podSelector: {}, ingress: [
        { from: [{ namespaceSelector: { matchLabels: { env: "prod" } }, podSelector: { matchLabels: { app: "a" } } }] },
        { from: [{ namespaceSelector: { matchExpressions: [{ key: "pci", operator: "Exists" }, { key: "env", operator: "In", values: ["dev", "prod"] }] } }], ports: [{ port: 443 }] },
        { from: [{ podSelector: { matchLabels: { app: "b" } } }], ports: [{ port: 53, protocol: "UDP" }] },
      ] }),
      policy("n2", "out", { podSelector: { matchLabels: { app: "a" } }, policyTypes: ["Egress"], egress: [
        { to: [{ namespaceSelector: { matchExpressions: [{ key: "pci", operator: "DoesNotExist" }] }, podSelector: { matchLabels: { v: "1" } } }] },
        { to: [{ namespaceSelector: { matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] } }], ports: [{ port: 80 }] },
      ] }),
      policy("empty", "nothing-here", { podSelector: {}, ingress: [] }),
    ];
    assertAgrees(buildModel(objects), PROBES);
  });
  it("a named port resolves on the rule's protocol only, and never on an unnamed port of the probe's number", () => {
    const objects = [
      namespace("x"),
      // "web" and "other" exist on TCP 80 (so a TCP 80 probe resolves them somewhere).
      pod("x", "tcp-web", { app: "tcp-web" }, [{ name: "web", containerPort: 80 }]),
      pod("x", "other", { app: "other" }, [{ name: "other", containerPort: 80 }]),
      // d1 has "web" on UDP only; d2 an unnamed TCP 80 beside "web" on 8080; d3 "web" on TCP 80 but no "other".
      pod("x", "d1", { app: "d1" }, [{ name: "web", containerPort: 80, protocol: "UDP" }]),
      pod("x", "d2", { app: "d2" }, [{ name: "web", containerPort: 8080 }, { containerPort: 80 }]),
      pod("x", "d3", { app: "d3" }, [{ name: "web", containerPort: 80 }]),
      policy("x", "d1-in", { podSelector: { matchLabels: { app: "d1" } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: "web", protocol: "TCP" }] }] }),
      policy("x", "d2-in", { podSelector: { matchLabels: { app: "d2" } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 9000 }, { port: "web" }] }] }),
      policy("x", "d3-in", { podSelector: { matchLabels: { app: "d3" } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: "web", protocol: "UDP" }, { port: "other" }] }] }),
      // Lists naming one port each ("web" above, "other" here) are different lists.
      policy("x", "other-in", { podSelector: { matchLabels: { app: "other" } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: "other" }] }] }),
      // A range is never a named port, not even one named "undefined" on the probe's number.
      pod("x", "u", { app: "u" }, [{ name: "undefined", containerPort: 80 }]),
      policy("x", "tcp-web-out", { podSelector: { matchLabels: { app: "tcp-web" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: {} }], ports: [{ port: 8080 }] }] }),
    ];
    const model = buildModel(objects);
    const reference = referenceEngine.prepare(model);
    const at = (id: string): number => model.endpoints.findIndex((endpoint) => endpoint.id === id);
    for (const destination of ["x/d1", "x/d2", "x/d3", "x/u"]) assert.equal(reference.allows(at("x/tcp-web"), at(destination), { port: 80, protocol: "TCP" }), false, destination);
    assert.equal(reference.allows(at("x/tcp-web"), at("x/d2"), { port: 8080, protocol: "TCP" }), true);
    assert.equal(reference.allows(at("x/d3"), at("x/other"), { port: 80, protocol: "TCP" }), true);
    assertAgrees(model, [{ port: 80, protocol: "TCP" }, { port: 80, protocol: "UDP" }, { port: 8080, protocol: "TCP" }]);
  });

  it("two ipBlocks with one cidr and as many holes, different ones, are different peers", () => {
    const objects = [
      namespace("x"), namespace("y"),
      pod("x", "t1", { app: "t1" }, []), pod("x", "t2", { app: "t2" }, []),
      pod("y", "client", { app: "client" }, [], ["100::1"]),
      // 100::1 is in ::/1 (t1's hole) but outside ::/12 and 8::/16 (t2's).
      policy("x", "t1-in", { podSelector: { matchLabels: { app: "t1" } }, ingress: [{ from: [{ ipBlock: { cidr: "::/0", except: ["::/1", "28::/16"] } }] }] }),
      policy("x", "t2-in", { podSelector: { matchLabels: { app: "t2" } }, ingress: [{ from: [{ ipBlock: { cidr: "::/0", except: ["::/12", "8::/16"] } }] }] }),
    ];
    const model = buildModel(objects);
    const reference = referenceEngine.prepare(model);
    const at = (id: string): number => model.endpoints.findIndex((endpoint) => endpoint.id === id);
    const probe: PortProbe = { port: 80, protocol: "TCP" };
    assert.equal(reference.allows(at("y/client"), at("x/t1"), probe), false);
    assert.equal(reference.allows(at("y/client"), at("x/t2"), probe), true);
    assertAgrees(model, [probe]);
  });
  it("classes isolated by policies 1, 2, 3 and by policies 1, 23 do not share rules", () => {
    const number = (index: number): string => String(index).padStart(2, "0");
    const on = (indices: readonly number[]): Record<string, string> => Object.fromEntries(indices.map((index) => [`p${number(index)}`, "on"]));
    const objects = [
      namespace("x"),
      pod("x", "a", on([1, 2, 3]), []), pod("x", "b", on([1, 23]), []),
      pod("x", "s02", { src: "02" }, []), pod("x", "s23", { src: "23" }, []),
      // Policy pNN (the NN-th of the model's policies) isolates pods labelled pNN and admits pod sNN.
      ...Array.from({ length: 24 }, (_, index) => policy("x", `p${number(index)}`, {
        podSelector: { matchLabels: { [`p${number(index)}`]: "on" } }, ingress: [{ from: [{ podSelector: { matchLabels: { src: number(index) } } }] }],
      })),
    ];
    const model = buildModel(objects);
    assert.deepEqual(model.policies.slice(0, 4).map((policy) => policy.name), ["p00", "p01", "p02", "p03"]);
    assertAgrees(model, [{ port: 80, protocol: "TCP" }]);
  });
  it("pods whose IPs fall in atoms 1, 2, 3 and in atoms 1, 23 are in different classes", () => {
    // 24 blocks 10.0.N.0/24 are the atoms 1 to 24 (atom 0 is the rest of the world).
    const blocks = Array.from({ length: 24 }, (_, n) => ({ ipBlock: { cidr: `10.0.${n}.0/24` } }));
    const objects = [
      namespace("x"),
      pod("x", "a", { app: "p" }, [], ["10.0.0.1", "10.0.1.1", "10.0.2.1"]),
      pod("x", "b", { app: "p" }, [], ["10.0.0.2", "10.0.22.1"]),
      pod("x", "t1", { app: "t1" }, []), pod("x", "t2", { app: "t2" }, []),
      policy("x", "t1-in", { podSelector: { matchLabels: { app: "t1" } }, ingress: [{ from: blocks }] }),
      policy("x", "t2-in", { podSelector: { matchLabels: { app: "t2" } }, ingress: [{ from: [{ ipBlock: { cidr: "10.0.1.0/24" } }] }] }),
    ];
    const model = buildModel(objects);
    assert.deepEqual([1, 2, 3, 23].map((index) => model.externals[index]?.id), ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.22.0/24"]);
    assertAgrees(model, [{ port: 80, protocol: "TCP" }]);
  });
});
