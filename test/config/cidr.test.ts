// What the config CIDR parser refuses, pinned: legacy and ambiguous address forms, zone indexes,
// bad prefixes and stray text. Each is an input error naming the value (a ConfigError problem at the
// key, quoting the text), never an exception.
import * as assert from "assert";
import * as fc from "fast-check";
import { mustParseCidr, parseCidr } from "../../config/cidr";
import { configError, raw } from "./helpers";

/** input -> what the reason must say. */
const REFUSED: readonly (readonly [string, RegExp])[] = [
  ["10.1/16", /10\.1 is not a valid IPv4 address/],
  ["0x0a.0.0.0/8", /0x0a\.0\.0\.0 is not a valid IPv4 address/],
  ["010.0.0.0/8", /not a valid IPv4 address/],
  ["fe80::1%eth0/64", /zone index \(%eth0\)/],
  ["fe80::%eth0/64", /zone index \(%eth0\)/],
  ["10.0.0.0/33", /prefix \/33 is out of range \/0 to \/32/],
  ["::/129", /prefix \/129 is out of range \/0 to \/128/],
  ["10.0.0.0/x8", /prefix \/x8 is not a number of bits/],
  ["10.0.0.0/16x", /prefix \/16x is not a number of bits/],
  ["10.0.0.0/016", /prefix \/016 is not a number of bits/],
  ["10.0.0.0/", /prefix \/ is not a number of bits/],
  ["junk/10.0.0.0/16", /not of the form <address>\/<prefix>/],
  ["10.0.0.0", /not of the form/],
  ["/16", /not of the form/],
  ["fd00::zz/64", /fd00::zz is not a valid IPv6 address/],
  ["1::2::3/64", /not a valid IPv6 address/],
  [" 10.0.0.0/8", /not a valid IPv4 address/],
  ["10.0.0.0/8 ", /not a number of bits/],
  ["10.0.0.1/8", /host bits are set \(did you mean 10\.0\.0\.0\/8\?\)/],
];

const ACCEPTED: readonly string[] = ["10.0.0.0/8", "0.0.0.0/0", "203.0.113.7/32", "::/0", "fd00::/8", "2001:db8::/32", "FD00::/8", "::ffff:0:0/96"];

// Where a config value is parsed as a CIDR: key -> how to place the text there.
const PLACES: readonly (readonly [string, (text: string) => Record<string, unknown>])[] = [
  ["zero-trust-eks:ingressSourceCidrs[0]", (text) => ({ ingressSourceCidrs: [text] })],
  ["zero-trust-eks:endpointPublicAccessCidrs[0]", (text) => ({ endpointPublicAccessCidrs: [text] })],
  ["zero-trust-eks:vpcCidr", (text) => ({ vpcCidr: text })],
];

describe("config/cidr: what the parser refuses", () => {
  for (const [input, reason] of REFUSED) {
    it(`${JSON.stringify(input)}: ${reason.source}`, () => {
      const result = parseCidr(input);
      assert.ok(!result.ok, `accepted ${input}`);
      assert.match(result.reason, reason);
    });
  }

  for (const input of ACCEPTED) {
    it(`accepts ${input}, keeping the text as written`, () => {
      const result = parseCidr(input);
      assert.ok(result.ok, result.ok ? "" : result.reason);
      assert.strictEqual(result.cidr.text, input);
    });
  }

  for (const [key, place] of PLACES) {
    it(`each refused text is a ConfigError at ${key} quoting the text`, () => {
      for (const [input, reason] of REFUSED) {
        const found = configError(raw(place(input))).problems.find((p) => p.key === key);
        assert.ok(found, `${input}: no problem at ${key}`);
        assert.strictEqual(found.value, JSON.stringify(input));
        assert.match(found.expected, reason);
      }
    });
  }

  it("names the value in an egress rule too", () => {
    const [found] = configError(raw({ egressAllowList: ["backend -> fe80::1%eth0/64 443"] })).problems;
    assert.strictEqual(found.key, "zero-trust-eks:egressAllowList[0]");
    assert.match(found.expected, /zone index \(%eth0\)/);
  });

  it("never throws, and accepts only <address>/<prefix> text it keeps verbatim", () => {
    const text = fc.string({ unit: fc.constantFrom(..."0123456789abcdefx.:/%").map((c) => c), maxLength: 24 });
    fc.assert(fc.property(text, (input) => {
      const result = parseCidr(input);
      if (result.ok) {
        assert.strictEqual(result.cidr.text, input);
        assert.match(input, /^[0-9a-f.:]+\/(0|[1-9]\d*)$/);
      }
    }), { numRuns: 2000 });
  });
});

describe("config: CIDR edge cases", () => {
  it("an address that is only a zone index is refused as such", () => {
    const result = parseCidr("%eth0/64");
    assert.ok(!result.ok);
    assert.strictEqual(result.reason, "%eth0 has a zone index (%eth0), which a CIDR cannot carry");
  });

  it("mustParseCidr returns a valid CIDR and throws, naming the text, on an invalid one", () => {
    assert.strictEqual(mustParseCidr("10.0.0.0/8").prefix, 8);
    assert.throws(() => mustParseCidr("10.0.0.1/8"), (error: Error) => error.message.startsWith("internal: 10.0.0.1/8: "));
  });
});
