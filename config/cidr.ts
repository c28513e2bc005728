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

/** Parses `a.b.c.d/n` or `v6::/n`; rejects out-of-range parts and set host bits, saying why. */
export function parseCidr(text: string): CidrResult {
  const match = /^([^/\s]+)\/(0|[1-9]\d{0,2})$/.exec(text);
  if (!match) return fail("not of the form <address>/<prefix>");
  const [, addressText, prefixText] = match;
  const family = familyOf(addressText);
  if (!family) return fail(`${addressText} is not a valid IPv4 or IPv6 address`);
  const prefix = Number(prefixText);
  if (prefix > MAX_PREFIX[family]) {
    return fail(`prefix /${prefix} is out of range /0 to /${MAX_PREFIX[family]}`);
  }
  const address = ipaddr.parse(addressText);
  const network = networkAddress(family, `${addressText}/${prefix}`);
  if (network.toString() !== address.toString()) {
    return fail(`host bits are set (did you mean ${network.toString()}/${prefix}?)`);
  }
  return { ok: true, cidr: { text, family, address, prefix } };
}

function familyOf(address: string): IpFamily | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return "ipv4";
  if (address.includes(":") && ipaddr.IPv6.isValid(address)) return "ipv6";
  return undefined;
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
