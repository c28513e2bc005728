/** The intent as a table (posted between threads) is the same intent once read back, its shared values shared again. */
import { strict as assert } from "assert";
import fc from "fast-check";
import { parseIntent } from "../../../netpol";
import { intentOfTable, intentTableBuffers, tableOfIntent } from "../../../netpol/intentTable";

const PODS = ["a/x", "a/y", "b-1/x"];
const PEERS = [...PODS, "10.0.0.0/8", "0.0.0.0/0 except 10.0.0.0/16, 192.168.0.0/16", "fd00::/64", "::/0 except fd00::/8"];
const PORT_SPECS = ["all", "TCP/80", "UDP/53", "TCP/1000-2000", "SCTP/9", "TCP/443", "UDP/1-65535"];

// A pod on at least one side (two CIDRs make no flow NetworkPolicy governs).
const flow = fc.record({
  pod: fc.constantFrom(...PODS),
  peer: fc.constantFrom(...PEERS),
  podFirst: fc.boolean(),
  ports: fc.array(fc.constantFrom(...PORT_SPECS), { minLength: 1, maxLength: 4 }),
}).map(({ pod, peer, podFirst, ports }) => ({ from: podFirst ? pod : peer, to: podFirst ? peer : pod, ports }));
const body = fc.record({ flows: fc.array(flow, { maxLength: 30 }), eachSide: fc.boolean() });
const intentText = fc.tuple(body, fc.option(body, { nil: undefined })).map(([root, layer]) =>
  JSON.stringify(layer === undefined ? root : { ...root, kubernetesLayer: layer }));

describe("netpol intent table", () => {
  it("reads back, through a structured clone, as the intent it was made of", () => {
    fc.assert(
      fc.property(intentText, (text) => {
        const intent = parseIntent(text, "i.json");
        const table = tableOfIntent(intent);
        const posted = structuredClone(table, { transfer: intentTableBuffers(table) });
        const back = intentOfTable(posted);
        assert.deepStrictEqual(back, intent);
        assert.equal(table.flows.byteLength, 0, "the flows were transferred, not copied");
        assert.equal(table.kubernetesLayer?.flows.byteLength ?? 0, 0, "the layer's too");
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("lists each peer and port set once, and the flows share them again", () => {
    const intent = parseIntent(JSON.stringify({ flows: [
      { from: "a/x", to: "a/y", ports: ["TCP/80"] },
      { from: "a/y", to: "a/x", ports: ["TCP/80"] },
      { from: "a/x", to: "10.0.0.0/8", ports: ["all"] },
    ] }), "i.json");
    const table = tableOfIntent(intent);
    assert.equal(table.peers.length, 3);
    assert.equal(table.ports.length, 2);
    assert.deepEqual([...table.flows], [0, 1, 0, 1, 0, 0, 0, 2, 1]);
    const back = intentOfTable(structuredClone(table));
    assert.equal(back.flows[0]?.from, back.flows[1]?.to);
    assert.equal(back.flows[0]?.ports, back.flows[1]?.ports);
  });
});
