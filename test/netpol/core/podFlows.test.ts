/**
 * An intent resolved against the model's Pods (netpol/podFlows.ts) and the connections verify then
 * expects per pair (netpol/expectedConnections.ts): the same as the union, pair by pair, of every
 * flow whose ends cover the pair, on random clusters and intents (unknown peers, CIDRs with
 * excepts, a Pod or a workload to itself, several flows naming one pair).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel, ConnectionSet, podFlows, resolvePeers, tableOfIntent } from "../../../netpol";
import { withExternalBlocks } from "../../../netpol/ingest";
import { parseCidr } from "../../../netpol/addresses";
import { isPodLoopback } from "../../../netpol/classLevel";
import { ExpectedConnections } from "../../../netpol/expectedConnections";
import { Intent, IntentPeer } from "../../../netpol/intent";
import { tableCidrs } from "../../../netpol/intentTable";
import { Cidr, Endpoint, NetpolModel } from "../../../netpol/model";
import { CIDR_PEER, podFlowAt, podFlowBuffers, UNKNOWN_PEER } from "../../../netpol/podFlows";
import { isGoverned } from "../../../netpol/reach";
import { clusterArb } from "../generators/arbitraries";

const cidr = (text: string): Cidr => parseCidr(text) as Cidr;
const CIDR_PEERS: IntentPeer[] = [
  { kind: "cidr", cidr: cidr("0.0.0.0/0"), except: [cidr("10.0.0.0/8")] },
  { kind: "cidr", cidr: cidr("10.0.0.0/8"), except: [] },
  { kind: "cidr", cidr: cidr("10.1.0.0/16"), except: [cidr("10.1.2.0/24")] },
];
const PORT_SETS = [ConnectionSet.ALL, ConnectionSet.of("TCP", 80), ConnectionSet.of("TCP", 80, 8080), ConnectionSet.of("UDP", 53), ConnectionSet.of("TCP", 443)];

/** The reference: every flow's covered endpoints, pair by pair, the union of the flows' ports. */
function expectedPairs(model: NetpolModel, intent: Intent): Map<string, ConnectionSet> {
  const covers = (peer: IntentPeer, endpoint: Endpoint): boolean =>
    peer.kind === "endpoint"
      ? endpoint.id === peer.id
      : endpoint.kind === "external" && peer.cidr.first <= endpoint.block.first && endpoint.block.last <= peer.cidr.last && peer.cidr.family === endpoint.block.family &&
        !peer.except.some((except) => except.family === endpoint.block.family && except.first <= endpoint.block.first && endpoint.block.last <= except.last);
  const pairs = new Map<string, ConnectionSet>();
  model.endpoints.forEach((source, from) => {
    model.endpoints.forEach((destination, to) => {
      if (!isGoverned(model, from, to) || isPodLoopback(model, from, to)) return;
      const named = intent.flows.filter((flow) => covers(flow.from, source) && covers(flow.to, destination));
      if (named.length > 0) pairs.set(`${from} ${to}`, ConnectionSet.unionAll(named.map((flow) => flow.ports)));
    });
  });
  return pairs;
}

describe("netpol verify: the intent resolved against the model's Pods", () => {
  it("expects, pair by pair, the union of the flows that cover the pair: on random clusters and intents", () => {
    fc.assert(
      fc.property(clusterArb(), fc.array(fc.tuple(fc.nat(30), fc.nat(30), fc.nat(PORT_SETS.length - 1)), { maxLength: 12 }), (cluster, chosen) => {
        const built = buildModel(cluster.objects);
        const pods = built.pods.map((pod) => pod.id);
        // Peers: the Pods, a Pod the manifests lack, CIDRs.
        const peers: IntentPeer[] = [...pods.map((id): IntentPeer => ({ kind: "endpoint", id })), { kind: "endpoint", id: "nowhere/nobody" }, ...CIDR_PEERS];
        const intent: Intent = { flows: chosen.map(([from, to, ports]) => ({ from: peers[from % peers.length] as IntentPeer, to: peers[to % peers.length] as IntentPeer, ports: PORT_SETS[ports] as ConnectionSet })), eachSide: false };
        const table = tableOfIntent(intent);
        const model = withExternalBlocks(built, tableCidrs(table));
        const resolved = resolvePeers(table, pods);
        table.peers.forEach((peer, i) => assert.equal(resolved[i], peer.kind === "cidr" ? CIDR_PEER : pods.includes(peer.id) ? pods.indexOf(peer.id) : UNKNOWN_PEER));
        const flows = podFlows(table, resolved, pods.length);
        for (let row = 0; row < pods.length; row++) {
          const destinations = [...flows.to.subarray(flows.start[row], flows.start[row + 1])];
          assert.deepEqual(destinations, [...new Set(destinations)].sort((a, b) => a - b), "each row ascending, each destination once");
        }
        const expected = new ExpectedConnections(model, table, resolved, flows);
        const reference = expectedPairs(model, intent);
        const visited = new Map<string, ConnectionSet>();
        expected.forEach((from, to, set) => {
          assert.ok(!visited.has(`${from} ${to}`), "each pair once");
          visited.set(`${from} ${to}`, set);
        });
        assert.deepEqual([...visited.keys()].sort(), [...reference.keys()].sort());
        for (const [pair, set] of reference) assert.ok((visited.get(pair) as ConnectionSet).equals(set), pair);
        model.endpoints.forEach((_, from) => model.endpoints.forEach((__, to) => {
          const got = expected.get(from, to);
          const want = reference.get(`${from} ${to}`);
          assert.ok(want === undefined ? got === undefined : got !== undefined && got.equals(want), `get(${from}, ${to})`);
        }));
      }),
      { numRuns: 300 },
    );
  });

  it("merges the flows naming one pair into one union, shared between pairs that name the same ports", () => {
    const [tcp80, udp53] = [ConnectionSet.of("TCP", 80), ConnectionSet.of("UDP", 53)];
    const table = tableOfIntent({
      flows: [
        { from: { kind: "endpoint", id: "a/x" }, to: { kind: "endpoint", id: "a/y" }, ports: tcp80 },
        { from: { kind: "endpoint", id: "a/x" }, to: { kind: "endpoint", id: "a/y" }, ports: udp53 },
        { from: { kind: "endpoint", id: "a/y" }, to: { kind: "endpoint", id: "a/x" }, ports: udp53 },
        { from: { kind: "endpoint", id: "a/y" }, to: { kind: "endpoint", id: "a/x" }, ports: tcp80 },
        { from: { kind: "endpoint", id: "a/y" }, to: { kind: "endpoint", id: "a/y" }, ports: tcp80 },
        { from: { kind: "endpoint", id: "a/x" }, to: { kind: "endpoint", id: "a/y" }, ports: tcp80 },
      ],
      eachSide: false,
    });
    const flows = podFlows(table, resolvePeers(table, ["a/x", "a/y"]), 2);
    assert.deepEqual([...flows.start], [0, 1, 3]);
    assert.deepEqual([...flows.to], [1, 0, 1]);
    assert.deepEqual([...flows.ports], [2, 2, 0], "both pairs name TCP 80 and UDP 53: one union, past the intent's two port sets");
    assert.deepEqual(flows.unions, [[0, 1]]);
    assert.equal(podFlowAt(flows, 1, 1), 2);
    assert.equal(podFlowAt(flows, 0, 0), -1);
    assert.equal(podFlowAt(flows, 1, 0), 1);
  });

  it("keeps each union of port sets apart, however many (port lists that would run together written without a separator too)", () => {
    const sets = Array.from({ length: 24 }, (_, port) => ConnectionSet.of("TCP", port + 1));
    const flow = (from: string, to: string, port: number): Intent["flows"][number] => ({ from: { kind: "endpoint", id: from }, to: { kind: "endpoint", id: to }, ports: sets[port] as ConnectionSet });
    const table = tableOfIntent({
      flows: [...sets.map((_, port) => flow("a/z", "a/x", port)), flow("a/x", "a/y", 1), flow("a/x", "a/y", 2), flow("a/x", "a/y", 3), flow("a/y", "a/x", 1), flow("a/y", "a/x", 23)],
      eachSide: false,
    });
    const flows = podFlows(table, resolvePeers(table, ["a/x", "a/y", "a/z"]), 3);
    assert.deepEqual(flows.unions, [[1, 2, 3], [1, 23], sets.map((_, port) => port)]);
    assert.deepEqual([...flows.ports], [24, 25, 26]);
  });

  it("hands its typed arrays over whole (posted from the intent's thread)", () => {
    const table = tableOfIntent({ flows: [{ from: { kind: "endpoint", id: "a/x" }, to: { kind: "endpoint", id: "a/y" }, ports: ConnectionSet.ALL }], eachSide: false });
    const flows = podFlows(table, resolvePeers(table, ["a/x", "a/y"]), 2);
    const kept = structuredClone(flows);
    const posted = structuredClone(flows, { transfer: podFlowBuffers(flows) });
    assert.deepStrictEqual(posted, kept);
    assert.deepEqual([flows.start.length, flows.to.length, flows.ports.length], [0, 0, 0], "transferred, not copied");
  });

  it("finds every pair of a long row, and no other (a binary search)", () => {
    const ids = Array.from({ length: 9 }, (_, i) => `a/p${i}`);
    const table = tableOfIntent({ flows: [2, 3, 5, 7, 8].map((to) => ({ from: { kind: "endpoint", id: "a/p0" }, to: { kind: "endpoint", id: ids[to] as string }, ports: ConnectionSet.ALL })), eachSide: false });
    const flows = podFlows(table, resolvePeers(table, ids), ids.length);
    assert.deepEqual(ids.map((_, to) => podFlowAt(flows, 0, to)), [-1, -1, 0, 1, -1, 2, -1, 3, 4]);
    assert.deepEqual(ids.map((_, to) => podFlowAt(flows, 1, to)), ids.map(() => -1));
  });
});
