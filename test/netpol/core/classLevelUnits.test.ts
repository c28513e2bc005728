/**
 * The pieces reach and verify use at class level (netpol/classLevel.ts), each on its exact result:
 * the probes that decide every connection, the allowed class pairs over several probes, and their
 * expansion to endpoints. The whole (class level equals pair by pair) is classLevel.test.ts.
 */
import { strict as assert } from "assert";
import { buildModel, prepare } from "../../../netpol";
import { allowedClassPairs, boundaryProbes, classLevelEngine, classWeights, expandDestinations, isPodLoopback, maskOf } from "../../../netpol/classLevel";
import { PreparedFastEngine } from "../../../netpol/fast";
import { pod, policy } from "./helpers";

function probes(objects: readonly unknown[]): string[] {
  return boundaryProbes(buildModel(objects)).map((probe) => `${probe.protocol}/${probe.port}`);
}

const bare = (name: string) => pod("x", name, { ports: [] });
const ingressPorts = (ports: unknown[]) => policy("x", "p", { podSelector: {}, ingress: [{ ports }] });
const DEPLOYMENT = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "x" }, spec: { template: { metadata: { labels: { app: "d" } } } } };

/** x/a and x/b alike (one class), x/c open on UDP 53 only, the Deployment x/d open, one external atom. */
function classes(): { analysis: ReturnType<typeof prepare>; fast: PreparedFastEngine } {
  const analysis = prepare([
    pod("x", "a", { labels: { app: "w" } }),
    pod("x", "b", { labels: { app: "w" } }),
    pod("x", "c", { labels: { app: "db" } }),
    DEPLOYMENT,
    policy("x", "w", { podSelector: { matchLabels: { app: "w" } }, ingress: [{ ports: [{ port: 80 }] }] }),
    policy("x", "db", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ ports: [{ protocol: "UDP", port: 53 }] }] }),
  ], "fast");
  const fast = classLevelEngine(analysis.prepared);
  assert.ok(fast !== undefined);
  assert.deepEqual([...fast.grouping.classOf], [0, 0, 1, 2, 3], "x/a and x/b share a class");
  return { analysis, fast };
}

describe("netpol class level, piece by piece", () => {
  it("probes: port 1, each range's first port and the one after its last, each container port and the one after, one per likeness, in port order", () => {
    assert.deepEqual(probes([pod("x", "a"), ingressPorts([{ port: 8080, endPort: 8090 }, { protocol: "UDP", port: 5353 }])]), ["TCP/1", "TCP/80", "TCP/8080", "UDP/53", "UDP/5353"]);
    assert.deepEqual(probes([bare("a"), ingressPorts([{ port: 100, endPort: 200 }]), policy("x", "q", { podSelector: {}, egress: [{ ports: [{ port: 1, endPort: 300 }] }] })]), ["TCP/1", "TCP/100", "TCP/301"]);
    assert.deepEqual(probes([bare("a"), ingressPorts([{ port: 53 }, { protocol: "UDP", port: 50, endPort: 60 }])]), ["TCP/1", "TCP/53", "UDP/50"], "a range of one protocol holds no port of another");
    assert.deepEqual(probes([pod("x", "a", { ports: [{ containerPort: 80 }] }), ingressPorts([{ port: 80, endPort: 90 }])]), ["TCP/1", "TCP/80", "TCP/81"], "the port after a container port");
  });

  it("probes: nothing past port 65535, and no other protocol needed when none is told apart", () => {
    assert.deepEqual(probes([bare("a"), ingressPorts([{ protocol: "TCP" }])]), ["TCP/1", "UDP/1"]);
    assert.deepEqual(probes([pod("x", "a", { ports: [{ containerPort: 65535 }] })]), ["TCP/1", "TCP/65535"]);
    assert.deepEqual(probes([bare("a"), policy("x", "p", { podSelector: {}, ingress: [{}] })]), ["TCP/1"]);
  });

  it("probes under Calico: the ranges of its rules (ports and notPorts), and every protocol apart", () => {
    const global = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "g" },
      spec: { selector: "all()", ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: [8080, "9000:9100"], notPorts: [9050] } }, { action: "Allow", protocol: "UDP", destination: { ports: ["dns"] } }] },
    };
    assert.deepEqual(probes([bare("a"), global]), ["TCP/1", "TCP/8080", "TCP/9000", "TCP/9050", "UDP/1", "SCTP/1"]);
  });

  it("only the fast engine answers at class level", () => {
    const objects = [pod("x", "a")];
    assert.equal(classLevelEngine(prepare(objects, "reference").prepared), undefined);
    const fast = prepare(objects, "fast").prepared;
    assert.equal(classLevelEngine(fast), fast);
    const { forEachAllowed, classAllows } = fast as PreparedFastEngine;
    for (const partial of [{ forEachAllowed, classAllows }, { grouping: {}, classAllows }, { grouping: {}, forEachAllowed }]) {
      assert.equal(classLevelEngine(partial as never), undefined);
    }
  });

  it("allowed class pairs over several probes: every destination class any probe allows, sorted, once", () => {
    const { fast } = classes();
    const all = new Float64Array(fast.grouping.classes.length).fill(1);
    const both = allowedClassPairs(fast, [{ port: 53, protocol: "UDP" }, { port: 80, protocol: "TCP" }], all);
    assert.deepEqual([...both.entries()].map(([source, destinations]) => [source, [...destinations]]), [0, 1, 2, 3].map((source) => [source, [0, 1, 2, 3]]));
    const noWeight = allowedClassPairs(fast, [{ port: 80, protocol: "TCP" }], Float64Array.from([0, 0, 1, 1]));
    assert.deepEqual([...(noWeight.get(0) ?? [])], [2, 3], "only destinations of non-zero weight");
  });

  it("class weights count the endpoints of each class", () => {
    const { fast } = classes();
    assert.deepEqual([...classWeights(fast, [0, 1, 2, 2])], [2, 2, 0, 0]);
  });

  it("expanding classes to endpoints: selected members only, ascending, and a selected Pod with itself", () => {
    const { analysis, fast } = classes();
    const { model } = analysis;
    assert.deepEqual(expandDestinations(model, fast, 2, [2, 0], maskOf(model, [0, 1, 2, 3, 4])), [0, 1, 2, 3]);
    assert.deepEqual(expandDestinations(model, fast, 2, [2, 0], maskOf(model, [1, 3])), [1, 3]);
    assert.deepEqual(expandDestinations(model, fast, 0, [2], maskOf(model, [0, 3])), [0, 3]);
    assert.deepEqual(expandDestinations(model, fast, 0, [0, 2], maskOf(model, [0, 3])), [0, 3], "itself once");
    assert.deepEqual(expandDestinations(model, fast, 3, [], maskOf(model, [0, 3])), [], "a Deployment with itself stands for replicas: not a loopback");
    assert.deepEqual([0, 3, 4].map((i) => isPodLoopback(model, i, i)), [true, false, false]);
    assert.equal(isPodLoopback(model, 0, 1), false);
  });
});
