/** The intent file: every problem named by flow and field, the kubernetesLayer section, and flows sharing parsed values. */
import { strict as assert } from "assert";
import fc from "fast-check";
import { mayHaveKubernetesLayer, NetpolInputError, parseIntent } from "../../../netpol";

function problems(text: string): string[] {
  try {
    parseIntent(text, "i.yaml");
  } catch (error) {
    assert.ok(error instanceof NetpolInputError, String(error));
    return error.problems.map((p) => `${p.object}: ${p.reason}`);
  }
  return assert.fail("expected the intent to be rejected");
}

const PORTS_EXPECTED = '(expected "PROTO/port", "PROTO/first-last" (PROTO is TCP, UDP or SCTP) or "all")';

describe("netpol intent file", () => {
  it("a text that can hold a kubernetesLayer is judged to may (verify decides from it what to build while reading): written out, or spelt with an escape", () => {
    const layered = [
      JSON.stringify({ flows: [], kubernetesLayer: { flows: [] } }),
      '{"flows": [], "kubernetes\\u004cayer": {"flows": []}}',
      'flows: []\n"kubernetes\\x4cayer":\n  flows: []\n',
      "flows: []\nkubernetesLayer:\n  flows: []\n",
    ];
    for (const text of layered) {
      assert.notEqual(parseIntent(text, "i").kubernetesLayer, undefined, text);
      assert.equal(mayHaveKubernetesLayer(text), true, text);
    }
    assert.equal(mayHaveKubernetesLayer(JSON.stringify({ flows: [{ from: "a/x", to: "a/y", ports: ["all"] }] })), false);
    assert.equal(mayHaveKubernetesLayer("flows: []\n# kubernetesLayer comes later\n"), true, "a mention is enough: it only costs the layer's model");
  });

  it("judges a file's bytes, undecoded, as it judges their text (verify reads the intent as bytes): any characters, malformed UTF-8 too", () => {
    const piece = fc.oneof(
      fc.constantFrom("kubernetesLayer", "kubernetes", "Layer", "\\", "\\u004c", "\u00e9", "\u{1f600}", "\ufffd", "\u0000"),
      fc.string({ unit: "binary", maxLength: 6 }),
      fc.uint8Array({ maxLength: 6 }).map((bytes) => Buffer.from(bytes)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const bytes = Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p) : p)));
        assert.equal(mayHaveKubernetesLayer(bytes), mayHaveKubernetesLayer(bytes.toString("utf8")), JSON.stringify(bytes.toString("latin1")));
      }),
      { numRuns: 2_000 },
    );
    assert.equal(mayHaveKubernetesLayer(Buffer.from('{"kubernetesLayer": {}}')), true);
    assert.equal(mayHaveKubernetesLayer(Buffer.from([0x5c])), true);
    assert.equal(mayHaveKubernetesLayer(Buffer.from('{"flows": [], "é": "ü\u{1f600}"}')), false);
  });

  it("a key that is a collection is an unknown field, without a Node warning on stderr", async () => {
    const warnings: Error[] = [];
    const listener = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", listener);
    try {
      assert.deepEqual(problems("flows: []\n? [a, b]\n: 1\n"), ['intent: [ a, b ]: unknown field "[ a, b ]" (known fields: eachSide, flows, kubernetesLayer)']);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings.map((warning) => warning.message), []);
    } finally {
      process.off("warning", listener);
    }
  });

  it("reads flows, eachSide defaulting to false and no kubernetesLayer unless written", () => {
    const intent = parseIntent("flows:\n  - {from: a/b, to: c/d, ports: [TCP/80]}\n", "i.yaml");
    assert.deepEqual(Object.keys(intent), ["flows", "eachSide"]);
    assert.equal(intent.eachSide, false);
    assert.deepEqual(Object.keys(parseIntent("flows: []\nkubernetesLayer: null\n", "i.yaml")), ["flows", "eachSide"]);
    const layered = parseIntent("flows: []\nkubernetesLayer:\n  eachSide: true\n  flows: [{from: a/b, to: c/d, ports: [all]}]\n", "i.yaml");
    assert.deepEqual([layered.kubernetesLayer?.eachSide, layered.kubernetesLayer?.flows.map((f) => f.ports.format())], [true, ["all"]]);
  });

  it("reads JSON, indented with tabs or not", () => {
    for (const text of ['{"flows": [{"from": "a/b", "to": "c/d", "ports": ["UDP/53"]}]}', '\n{\n\t"flows": [{"from": "a/b", "to": "c/d", "ports": ["UDP/53"]}]\n}']) {
      assert.deepEqual(parseIntent(text, "i.json").flows.map((f) => f.ports.format()), ["UDP 53"]);
    }
  });

  it("names malformed YAML by its first line only", () => {
    assert.deepEqual(problems("flows: [\n"), [
      "intent: malformed YAML/JSON: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:",
    ]);
  });

  it("rejects a root, flow or ports of the wrong shape, saying what it got", () => {
    assert.deepEqual(problems("- a\n- b\n"), ['intent: expected a mapping with a "flows" list, got a list']);
    assert.deepEqual(problems("flows: [x, 3]\n"), ['flows[0]: expected a mapping with from, to and ports, got "x"', "flows[1]: expected a mapping with from, to and ports, got 3"]);
    assert.deepEqual(problems("flows:\n  - {from: a/b, to: c/d, ports: []}\n  - {from: a/b, to: c/d}\n  - {from: a/b, to: c/d, ports: TCP/80}\n"), [
      `flows[0]: ports: expected a non-empty list, got a list ${PORTS_EXPECTED}`,
      `flows[1]: ports: expected a non-empty list, got nothing ${PORTS_EXPECTED}`,
      `flows[2]: ports: expected a non-empty list, got "TCP/80" ${PORTS_EXPECTED}`,
    ]);
    assert.deepEqual(problems("flows:\n  - {from: a/b, to: c/d, ports: [[TCP/80]]}\n"), [`flows[0]: ports: a list is not a port spec ${PORTS_EXPECTED}`]);
  });

  it("takes ports 1 to 65535 only", () => {
    assert.deepEqual(problems("flows:\n  - {from: a/b, to: c/d, ports: [TCP/0, TCP/65536, TCP/65535, UDP/1-65536, SCTP/1-65535]}\n"), [
      'flows[0]: ports: "TCP/0" is out of range (ports 1-65535, first <= last)',
      'flows[0]: ports: "TCP/65536" is out of range (ports 1-65535, first <= last)',
      'flows[0]: ports: "UDP/1-65536" is out of range (ports 1-65535, first <= last)',
    ]);
  });

  it("rejects a flow between two CIDRs, and a CIDR flow whose other end is wrong", () => {
    assert.deepEqual(problems("flows:\n  - {from: 10.0.0.0/8, to: 0.0.0.0/0, ports: [all]}\n"), ["flows[0]: from and to are both CIDRs; NetworkPolicy governs only flows with a pod on one side"]);
    assert.deepEqual(problems("flows:\n  - {from: 10.0.0.0/8, to: nowhere, ports: [all]}\n"), [
      'flows[0]: to: "nowhere" is neither "namespace/name" nor a CIDR like 203.0.113.0/24 or "0.0.0.0/0 except 10.0.0.0/16"',
    ]);
  });

  it("quotes the CIDR before except as written, without the spaces around it", () => {
    assert.deepEqual(problems('flows:\n  - {from: "  10.0.0.0/33 except 10.0.0.0/16", to: a/b, ports: [all]}\n'), [
      'flows[0]: from: "  10.0.0.0/33 except 10.0.0.0/16": "10.0.0.0/33" is not a valid CIDR (expected "<cidr> except <cidr>[, <cidr>...]", e.g. "0.0.0.0/0 except 10.0.0.0/16")',
    ]);
  });

  it("names problems of the kubernetesLayer section under it", () => {
    assert.deepEqual(problems("flows: []\nkubernetesLayer: 5\n"), ['intent: kubernetesLayer: expected a mapping with a "flows" list, got 5']);
    assert.deepEqual(problems("flows: []\nkubernetesLayer: {flows: 3, eachSide: 1}\n"), [
      "intent: kubernetesLayer.flows: expected a list of flows, got 3",
      "intent: kubernetesLayer.eachSide: expected true or false, got 1",
    ]);
    assert.deepEqual(problems("flows: []\nkubernetesLayer: {flows: [{from: a/b, to: c/d, ports: [TCP/99999]}]}\n"), [
      'kubernetesLayer.flows[0]: ports: "TCP/99999" is out of range (ports 1-65535, first <= last)',
    ]);
  });

  it("reports a problem at every flow that repeats it", () => {
    assert.deepEqual(problems("flows:\n  - {from: a/b, to: nowhere, ports: [TCP/0]}\n  - {from: a/b, to: nowhere, ports: [TCP/0]}\n"), [
      'flows[0]: to: "nowhere" is neither "namespace/name" nor a CIDR like 203.0.113.0/24 or "0.0.0.0/0 except 10.0.0.0/16"',
      'flows[0]: ports: "TCP/0" is out of range (ports 1-65535, first <= last)',
      'flows[1]: to: "nowhere" is neither "namespace/name" nor a CIDR like 203.0.113.0/24 or "0.0.0.0/0 except 10.0.0.0/16"',
      'flows[1]: ports: "TCP/0" is out of range (ports 1-65535, first <= last)',
    ]);
  });

  it("flows naming the same end or the same port list share one parsed value (a large generated intent repeats them)", () => {
    const { flows } = parseIntent("flows:\n  - {from: a/b, to: c/d, ports: [TCP/80, TCP/81]}\n  - {from: a/b, to: e/f, ports: [TCP/80, TCP/81]}\n", "i.yaml");
    assert.equal(flows[0]?.from, flows[1]?.from);
    assert.equal(flows[0]?.ports, flows[1]?.ports);
    assert.notEqual(flows[0]?.to, flows[1]?.to);
  });

  it("a list holding a list is not taken for the port specs it joins to", () => {
    assert.deepEqual(problems("flows:\n  - {from: a/b, to: c/d, ports: [TCP/80, TCP/81]}\n  - {from: a/b, to: c/d, ports: [TCP/80, [TCP/81]]}\n"), [
      `flows[1]: ports: a list is not a port spec ${PORTS_EXPECTED}`,
    ]);
  });
});
