/**
 * The JSON intent scanned straight into a table (netpol/intentJson.ts) is exactly what parseIntent
 * reads, or nothing (parseIntent then reads it): on random texts of the generated shape written
 * every way JSON allows, and bent out of it (keys twice or unknown, escapes, control characters,
 * other types, bad peers and ports, a lone CR, text after the end).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { NetpolInputError, parseIntent } from "../../../netpol";
import { scanIntentJson } from "../../../netpol/intentJson";
import { intentOfTable } from "../../../netpol/intentTable";

const PODS = ["a/x", "a/y", "b-1/x.y"];
const CIDRS = ["10.0.0.0/8", "0.0.0.0/0 except 10.0.0.0/16, 192.168.0.0/16", "fd00::/64", "::/0 except fd00::/8"];
/** Refused, or read another way by the YAML parser (JSON.parse refuses a raw control character: a raw line break folds). */
const ODD_PEERS = ["A/x", "10.0.0.0/33", "a/x\\u0041", "a\\/x", "a/\tx", "0.0.0.0/0 except 10.0.0.0/33", "a/x/y", "", "\n10.0.0.0/8", "\t10.0.0.0/8", "\\u0031\\u0030.0.0.0/8"];
const SPECS = ["all", "TCP/80", "UDP/53", "TCP/1000-2000", "SCTP/9", "UDP/1-65535"];
const BAD_SPECS = ["TCP/0", "tcp/80", "TCP/80\\n", "ICMP/1", "TCP/2-1"];
/** JSON whitespace, and two that are not (a lone CR reads as a YAML line break; NBSP is no JSON whitespace). */
const SPACE = fc.constantFrom("", "", "", " ", "\n", "\t", "\r\n", "  ");
const ODD_SPACE = fc.constantFrom("\r", "\u00a0");

const space = fc.oneof({ weight: 60, arbitrary: SPACE }, { weight: 1, arbitrary: ODD_SPACE });
const quoted = (text: string): string => `"${text}"`;

/** Mostly good values; now and then a bad one or one of another type. */
const peerText = fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...PODS).map(quoted) }, { weight: 10, arbitrary: fc.constantFrom(...CIDRS).map(quoted) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_PEERS).map(quoted) }, { weight: 1, arbitrary: fc.constantFrom("7", "null", "[\"a/x\"]") });
const portsText = fc.oneof(
  { weight: 40, arbitrary: fc.tuple(fc.array(fc.constantFrom(...SPECS), { minLength: 1, maxLength: 3 }), space).map(([specs, s]) => `[${s}${specs.map(quoted).join(`${s},${s}`)}${s}]`) },
  { weight: 1, arbitrary: fc.constantFrom("[]", "\"all\"", "[\"all\",]", "[\"TCP/80]\"]", ...BAD_SPECS.map((spec) => `[${quoted(spec)}]`)) },
);

interface Member { readonly key: string; readonly value: string }
const objectText = (members: readonly Member[], s: string): string => `{${s}${members.map(({ key, value }) => `${quoted(key)}${s}:${s}${value}`).join(`${s},${s}`)}${s}}`;

const flowText = fc.tuple(
  peerText, peerText, portsText, space,
  fc.oneof({ weight: 40, arbitrary: fc.constant<Member[]>([]) }, { weight: 1, arbitrary: fc.constantFrom<Member[]>([{ key: "from", value: "\"a/x\"" }], [{ key: "to", value: "\"a/y\"" }], [{ key: "ports", value: "[\"all\"]" }], [{ key: "note", value: "\"x\"" }], [{ key: "fr\\u006fm", value: "\"a/x\"" }]) }),
  fc.oneof({ weight: 40, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
).chain(([from, to, ports, s, extra, dropped]) => {
  const members = [{ key: "from", value: from }, { key: "to", value: to }, { key: "ports", value: ports }, ...extra];
  return fc.shuffledSubarray(members, { minLength: members.length - dropped }).map((kept) => objectText(kept, s));
});

/** Up to 8 flows: with more, nearly every text would hold something off the shape. */
const flowsText = fc.tuple(fc.array(flowText, { maxLength: 8 }), space).map(([flows, s]) => `[${s}${flows.join(`,${s}`)}${s}]`);

const intentText = fc.tuple(
  fc.option(flowsText, { nil: undefined, freq: 30 }),
  fc.option(fc.constantFrom("true", "false", "\"yes\"", "1"), { nil: undefined }),
  fc.oneof({ weight: 10, arbitrary: fc.constant<Member[]>([]) }, { weight: 1, arbitrary: fc.constantFrom<Member[]>([{ key: "kubernetesLayer", value: "{\"flows\": []}" }], [{ key: "flows", value: "[]" }], [{ key: "other", value: "1" }], [{ key: "other", value: "[]" }], [{ key: "kubernetesLayer", value: "null" }], [{ key: "eachSide", value: "true" }]) }),
  space, space,
  fc.oneof({ weight: 10, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom(" x", "\ufeff", "]") }),
).chain(([flows, eachSide, extra, s, lead, trail]) => {
  const members: Member[] = [...(flows === undefined ? [] : [{ key: "flows", value: flows }]), ...(eachSide === undefined ? [] : [{ key: "eachSide", value: eachSide }]), ...extra];
  return fc.shuffledSubarray(members, { minLength: members.length }).map((shuffled) => `${lead}${objectText(shuffled, s)}${s}${trail}`);
});

/** Now and then one character replaced by, or given, a structural one, or taken away: malformed JSON, or JSON of another shape. */
const bentText = fc.tuple(intentText, fc.nat(), fc.constantFrom("{", "}", "[", "]", ",", ":", "\"", " ", ""), fc.constantFrom("replace", "insert"))
  .map(([text, at, character, how]) => {
    const index = at % (text.length + 1);
    return `${text.slice(0, index)}${character}${text.slice(how === "replace" ? index + 1 : index)}`;
  });

function parsed(text: string): unknown {
  try {
    return parseIntent(text, "i.json");
  } catch (error) {
    assert.ok(error instanceof NetpolInputError, String(error));
    return error;
  }
}

describe("netpol intent: the JSON shape scanned straight into a table", () => {
  it("reads exactly what parseIntent reads, or leaves the text to it (3,000 random texts)", () => {
    let scanned = 0;
    let offShape = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 3, arbitrary: intentText }, { weight: 1, arbitrary: bentText }), (text) => {
        const table = scanIntentJson(text);
        const expected = parsed(text);
        if (table === undefined) {
          offShape++;
          return;
        }
        scanned++;
        assert.ok(!(expected instanceof NetpolInputError), `scanned, but parseIntent refuses it: ${String(expected)}`);
        assert.deepStrictEqual(intentOfTable(structuredClone(table)), expected);
      }),
      { seed: 1201, numRuns: 3_000 },
    );
    assert.ok(scanned > 500 && offShape > 600, `scanned ${scanned}, left ${offShape}`);
  });

  it("scans the generated intent's form, each distinct peer and port list once, and leaves every form it does not take to parseIntent", () => {
    const flow = '{"from":"a/x","to":"a/y","ports":["TCP/80"]}';
    const table = scanIntentJson(`{"eachSide": false, "flows": [\n${flow},\n${flow},\n{"from":"a/y","to":"a/x","ports":["TCP/80"]}\n]}\n`);
    assert.deepEqual([table?.peers.length, table?.ports.length, table && [...table.flows]], [2, 1, [0, 1, 0, 0, 1, 0, 1, 0, 0]]);
    // Beyond the first 1,024 flows the flows' array grows.
    const many = Array.from({ length: 2_500 }, (_, i) => ({ from: `a/p${i}`, to: "a/y", ports: ["TCP/80"] }));
    const text = JSON.stringify({ flows: many });
    assert.deepStrictEqual(intentOfTable(scanIntentJson(text) as NonNullable<ReturnType<typeof scanIntentJson>>), parseIntent(text, "i.json"));
    assert.deepEqual(scanIntentJson('{"flows": []}')?.flows.length, 0);
    for (const text of [
      `{"flows": [${flow}], "kubernetesLayer": {"flows": []}}`,
      `{"flows": [${flow}], "flows": []}`,
      '{"flows": [{"from":"a/x","to":"a/y","ports":["TCP/80"],"from":"a/z"}]}',
      '{"flows": [{"from":"a/x","to":"a/y","ports":["TCP/80"],"ports":["all"]}]}',
      '{"flows": [{"from":"a\\u002fx","to":"a/y","ports":["TCP/80"]}]}',
      '{"flows": [{"from":"10.0.0.0/8","to":"fd00::/64","ports":["all"]}]}',
      '{"flows": [{"from":"a/x","to":"a/y","ports":["TCP/80"]}]} {}',
      '{"eachSide": "yes", "flows": []}',
      "{}",
      `[${flow}]`,
    ]) assert.equal(scanIntentJson(text), undefined, text);
  });
});
