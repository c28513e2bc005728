import ipaddr from "ipaddr.js";
import { Address, Cidr, IpFamily } from "./model";

const BITS: Readonly<Record<IpFamily, number>> = { ipv4: 32, ipv6: 128 };
const DECIMAL_PART = "(0|[1-9]\\d{0,2})";
const FOUR_PART_DECIMAL = new RegExp(`^${DECIMAL_PART}(\\.${DECIMAL_PART}){3}$`);
const EMBEDDED_IPV4 = new RegExp(`:${DECIMAL_PART}(\\.${DECIMAL_PART}){3}$`);

function toBigInt(bytes: readonly number[]): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, family: IpFamily): string {
  const length = BITS[family] / 8;
  const bytes: number[] = [];
  for (let i = length - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString(); // dotted for IPv4, RFC 5952 for IPv6 (ipaddr.js's toString)
}

/**
 * Strict textual check: ipaddr.js also accepts legacy IPv4 forms ("10.1", hex) the API rejects,
 * and reads parts with leading zeros as octal ("010" is 8), where Kubernetes' lenient parser
 * reads them as decimal and Go's (Calico's) refuses them: refused, as Kubernetes' strict
 * validation does, rather than guessed.
 */
function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const ipv6 = text.includes(":");
  if (ipv6 ? text.includes(".") && !EMBEDDED_IPV4.test(text) : !FOUR_PART_DECIMAL.test(text)) return undefined;
  if (!ipaddr.isValid(text)) return undefined;
  const parsed = ipaddr.parse(text);
  if ((parsed as Partial<ipaddr.IPv6>).zoneId !== undefined) return undefined; // only IPv6 has zones
  return parsed;
}

/** Parse one IP address; undefined when invalid. */
export function parseAddress(text: string): Address | undefined {
  const parsed = parseIp(text.trim());
  if (parsed === undefined) return undefined;
  const family = parsed.kind();
  const value = toBigInt(parsed.toByteArray());
  return { family, value, text: fromBigInt(value, family) };
}

/**
 * Parse "address/prefix". Host bits are allowed and masked away, as the API server accepts
 * "10.0.0.1/8" and treats it as 10.0.0.0/8. Undefined when invalid.
 */
export function parseCidr(written: string): Cidr | undefined {
  const slash = written.indexOf("/");
  // Stryker disable next-line ConditionalExpression,EqualityOperator: without a slash the whole text is taken as the prefix, and 1-3 digits leave no address before them
  if (slash < 0) return undefined;
  const address = parseAddress(written.slice(0, slash));
  const prefixText = written.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = BITS[address.family];
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const first = (address.value >> hostBits) << hostBits;
  const last = first | ((1n << hostBits) - 1n);
  return { family: address.family, first, last, prefix, text: `${fromBigInt(first, address.family)}/${prefix}`, written };
}

/** The whole address space of a family: 0.0.0.0/0 or ::/0. */
export function universe(family: IpFamily): Cidr {
  const text = family === "ipv4" ? "0.0.0.0/0" : "::/0";
  return { family, first: 0n, last: (1n << BigInt(BITS[family])) - 1n, prefix: 0, text, written: text };
}

export function cidrContainsAddress(cidr: Cidr, address: Address): boolean {
  return cidr.family === address.family && cidr.first <= address.value && address.value <= cidr.last;
}

/** Is `inner` inside `outer` (equal counts as inside)? */
export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** Deterministic order: IPv4 first, then by network address, then shorter prefix first. */
export function compareCidrs(a: Cidr, b: Cidr): number {
  if (a.family !== b.family) return a.family === "ipv4" ? -1 : 1;
  // Stryker disable next-line EqualityOperator: the firsts differ here
  if (a.first !== b.first) return a.first < b.first ? -1 : 1;
  return a.prefix - b.prefix;
}
