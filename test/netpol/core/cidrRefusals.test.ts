/**
 * What the analyzer's CIDR parser (netpol/addresses.ts parseCidr, behind ipBlock cidr and except)
 * refuses, pinned: each refusal is an input error naming the value, never an exception.
 */
import { strict as assert } from "assert";
import { buildModel, NetpolInputError } from "../../../netpol";
import { parseAddress, parseCidr } from "../../../netpol/addresses";
import { namespace, policy } from "./helpers";

/** Each with what is wrong with it. */
const REFUSED: readonly (readonly [string, string])[] = [
  ["10.1/16", "legacy shortened IPv4 (ipaddr.js would read it as 10.0.0.1)"],
  ["0x0a.0.0.0/8", "legacy hexadecimal IPv4"],
  ["fe80::1%eth0/64", "an IPv6 zone index"],
  ["10.0.0.0/33", "a prefix longer than the family's 32 bits"],
  ["fd00::/129", "a prefix longer than the family's 128 bits"],
  ["10.0.0.0/x8", "a prefix that does not start with a digit"],
  ["10.0.0.0/16x", "a prefix with trailing text"],
  ["10.0.0.0/1600", "a prefix of more than three digits"],
  ["10.0.0.0/", "an empty prefix"],
  ["junk/10.0.0.0/16", "text before the address"],
  ["10.0.0.0/16/8", "a second slash"],
  ["fd00::zz/64", "non-hexadecimal IPv6 groups"],
  ["10.0.0.256/8", "an IPv4 octet above 255"],
  ["x10.0.0.0/8", "text glued before the address"],
  ["10.0.0.0.0/8", "a fifth IPv4 part"],
  ["10.0.0.0", "no prefix at all"],
  ["010.0.0.0/8", "an IPv4 part with a leading zero (Kubernetes' lenient parser reads it as 10, ipaddr.js as 8)"],
  ["10.0.0.00/32", "a zero written twice"],
  ["::ffff:010.0.0.1/128", "a leading zero in an IPv6 address's IPv4 part"],
  ["", "nothing"],
];

const ACCEPTED: readonly (readonly [string, string])[] = [
  ["10.0.0.0/8", "10.0.0.0/8"],
  ["10.1.2.3/16", "10.1.0.0/16"],
  ["0.0.0.0/0", "0.0.0.0/0"],
  ["255.255.255.255/32", "255.255.255.255/32"],
  ["fd00::1/64", "fd00::/64"],
  ["FD00::/8", "fd00::/8"],
  ["::/0", "::/0"],
  ["::1/128", "::1/128"],
];

function ingressFrom(ipBlock: Record<string, unknown>): unknown[] {
  return [namespace("x"), policy("x", "p", { podSelector: {}, ingress: [{ from: [{ ipBlock }] }] })];
}

function problemsOf(objects: readonly unknown[]): string[] {
  try {
    buildModel(objects);
  } catch (error) {
    assert.ok(error instanceof NetpolInputError, `expected NetpolInputError, got ${String(error)}`);
    return error.problems.map((problem) => problem.reason);
  }
  return assert.fail("expected a NetpolInputError");
}

describe("netpol CIDR parser: what ipBlock refuses", () => {
  for (const [text, why] of REFUSED) {
    it(`refuses ${JSON.stringify(text)}: ${why}`, () => {
      assert.equal(parseCidr(text), undefined);
      assert.deepEqual(problemsOf(ingressFrom({ cidr: text })), [
        `spec.ingress[0].from[0].ipBlock.cidr: ${JSON.stringify(text)} is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/64)`,
      ]);
    });
  }

  it("refuses the same values in except, naming each", () => {
    const bad = ["10.1/16", "10.0.0.0/33", "fd00::zz/64"];
    assert.deepEqual(problemsOf(ingressFrom({ cidr: "0.0.0.0/0", except: bad })), bad.map(
      (text, i) => `spec.ingress[0].from[0].ipBlock.except[${i}]: ${JSON.stringify(text)} is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/64)`,
    ));
  });

  for (const [text, canonical] of ACCEPTED) {
    it(`accepts ${text} as ${canonical}`, () => {
      const parsed = parseCidr(text);
      assert.ok(parsed, `${text} refused`);
      assert.equal(parsed.text, canonical);
      assert.equal(parsed.written, text);
    });
  }

  it("masks host bits and spans the whole block", () => {
    const parsed = parseCidr("10.1.2.3/16");
    assert.deepEqual(parsed && { first: parsed.first, last: parsed.last, prefix: parsed.prefix, family: parsed.family }, {
      first: 0x0a010000n, last: 0x0a01ffffn, prefix: 16, family: "ipv4",
    });
    const host = parseCidr("fd00::1/128");
    assert.deepEqual(host && [host.first, host.last], [0xfd00n << 112n | 1n, 0xfd00n << 112n | 1n]);
  });

  it("parses addresses with surrounding blanks, and refuses the same legacy forms", () => {
    assert.equal(parseAddress(" 10.0.0.1 ")?.text, "10.0.0.1");
    assert.equal(parseAddress("10.1"), undefined);
    assert.equal(parseAddress("0x0a.0.0.1"), undefined);
    assert.equal(parseAddress("010.0.0.1"), undefined);
    assert.equal(parseAddress("::ffff:10.0.0.1")?.text, "::ffff:a00:1");
    assert.equal(parseAddress("fe80::1%eth0"), undefined);
    assert.equal(parseAddress("2001:DB8:0:0:0:0:0:1")?.text, "2001:db8::1");
  });
});
