// Strict CIDR parsing on top of ipaddr.js. ipaddr.js alone accepts legacy forms such as
// `10.1/16` or `0x0a.0.0.0/8`; a stack file should only hold canonical dotted-quad or IPv6 text.
import * as ipaddr from "ipaddr.js";

export type IpFamily = "ipv4" | "ipv6";

export interface Cidr {
  readonly text: string;
  readonly family: IpFamily;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

export type CidrResult =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly reason: string };

const MAX_PREFIX: Record<IpFamily, number> = { ipv4: 32, ipv6: 128 };

/**
 * Parses `a.b.c.d/n` or `v6::/n`, as written (no trimming, no legacy forms). Anything else is
 * refused with the reason, never an exception: `10.1/16`, `0x0a.0.0.0/8`, `fe80::1%eth0/64`,
 * `10.0.0.0/33`, `10.0.0.0/x8`, `junk/10.0.0.0/16`, set host bits, ...
 */
export function parseCidr(text: string): CidrResult {
  const parts = text.split("/");
  if (parts.length !== 2 || parts[0] === "") return fail("not of the form <address>/<prefix>");
  const [addressText, prefixText] = parts;
  if (!/^(0|[1-9]\d*)$/.test(prefixText)) return fail(`prefix /${prefixText} is not a number of bits (decimal digits, no leading zero)`);
  const family = familyOf(addressText);
  if (family.problem !== undefined) return fail(family.problem);
  const prefix = Number(prefixText);
  if (prefix > MAX_PREFIX[family.family]) {
    return fail(`prefix /${prefixText} is out of range /0 to /${MAX_PREFIX[family.family]}`);
  }
  const address = ipaddr.parse(addressText);
  const network = networkAddress(family.family, `${addressText}/${prefix}`);
  if (network.toString() !== address.toString()) {
    return fail(`host bits are set (did you mean ${network.toString()}/${prefix}?)`);
  }
  return { ok: true, cidr: { text, family: family.family, address, prefix } };
}

type FamilyResult = { readonly family: IpFamily; readonly problem?: undefined } | { readonly problem: string };

function familyOf(address: string): FamilyResult {
  const zone = address.indexOf("%");
  if (zone >= 0) return { problem: `${address} has a zone index (${address.slice(zone)}), which a CIDR cannot carry` };
  if (address.includes(":")) {
    return ipaddr.IPv6.isValid(address) ? { family: "ipv6" } : { problem: `${address} is not a valid IPv6 address` };
  }
  return ipaddr.IPv4.isValidFourPartDecimal(address)
    ? { family: "ipv4" }
    : { problem: `${address} is not a valid IPv4 address (four decimal numbers 0 to 255, e.g. 10.0.0.0)` };
}

function networkAddress(family: IpFamily, cidr: string): ipaddr.IPv4 | ipaddr.IPv6 {
  return family === "ipv4"
    ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
    : ipaddr.IPv6.networkAddressFromCIDR(cidr);
}

function fail(reason: string): CidrResult {
  return { ok: false, reason };
}

/** True when `inner` lies entirely within `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    inner.address.match(outer.address, outer.prefix)
  );
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** The broadest range a production stack may open its public API endpoint to, per family. */
export const OPERATOR_RANGE_MIN_PREFIX: Readonly<Record<IpFamily, number>> = { ipv4: 16, ipv6: 48 };

/**
 * True when the range is broader than an operator network: several such ranges can add up to
 * the whole internet (0.0.0.0/1 + 128.0.0.0/1), so the check is on breadth, not on /0 alone.
 */
export function isBroaderThanOperatorRange(cidr: Cidr): boolean {
  return cidr.prefix < OPERATOR_RANGE_MIN_PREFIX[cidr.family];
}

/** Parses a CIDR the caller already validated; throws only on a programming error. */
export function mustParseCidr(text: string): Cidr {
  const result = parseCidr(text);
  if (!result.ok) throw new Error(`internal: ${text}: ${result.reason}`);
  return result.cidr;
}
