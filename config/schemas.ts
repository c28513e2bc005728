// Reusable zod schemas for config values. Every check carries its own message, which becomes the
// `expected` text of a ConfigProblem, so zod's generic wording never reaches the user.
import { z } from "zod";
import { cidrContains, mustParseCidr, parseCidr } from "./cidr";
import type { EgressAllowRule, PortSpec, Protocol, TierName } from "./types";

export const TIERS: readonly TierName[] = ["frontend", "backend", "database"];
export const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

export function intRange(min: number, max: number, what = "an integer") {
  const expected = `${what} from ${min} to ${max}`;
  // The number's message is also that of its checks (min, max) unless one gives its own (int).
  return z
    .number({ error: expected })
    .int({ error: `a whole number: ${expected}` })
    .min(min)
    .max(max);
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(", ")}` });
}

export function intOneOf(values: readonly number[]) {
  const expected = `one of ${values.join(", ")}`;
  return z.number({ error: expected }).refine((n) => values.includes(n), { error: expected });
}

export function pattern(regex: RegExp, expected: string) {
  return z.string({ error: expected }).regex(regex, { error: expected });
}

/** A DNS-1123 label (Kubernetes namespace / Service name rules) of at most `maxLength` chars. */
export function dnsLabel(maxLength: number, what: string) {
  const expected = `${what}: lowercase letters, digits and '-', starting with a letter, ending alphanumeric, at most ${maxLength} characters`;
  return z
    .string({ error: expected })
    .max(maxLength, { error: expected })
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, { error: expected });
}

export function cidr(example: string) {
  return z.string({ error: `a CIDR such as ${example}` }).superRefine((text, ctx) => {
    const result = parseCidr(text);
    if (!result.ok) ctx.addIssue(`a CIDR such as ${example}: ${result.reason}`);
  });
}

/** An IPv4 CIDR: the cluster's VPC, and so its private API endpoint, is IPv4 only. */
export function ipv4Cidr(example: string) {
  const expected = `an IPv4 CIDR such as ${example}`;
  return z.string({ error: expected }).superRefine((text, ctx) => {
    const result = parseCidr(text);
    if (!result.ok) ctx.addIssue(`${expected}: ${result.reason}`);
    else if (result.cidr.family !== "ipv4") ctx.addIssue(`${expected}: the VPC and its private API endpoint are IPv4 only`);
  });
}

/**
 * A list whose items must be distinct; the duplicate item is reported at its own index. The
 * duplicate check runs even when another item is malformed (zod skips refinements after an item's
 * type error unless told `when`), so every problem of the list is reported at once.
 */
export function uniqueList<T extends z.ZodType>(item: T, what: string, min = 0) {
  const expected = min > 0 ? `a list of at least ${min} ${what}` : `a list of ${what}`;
  return z
    .array(item, { error: expected })
    .min(min, { error: expected })
    .superRefine((items, ctx) => reportDuplicates(items.map((i) => JSON.stringify(i)), ctx, what), {
      when: (payload) => Array.isArray(payload.value),
    });
}

function reportDuplicates(keys: readonly string[], ctx: z.RefinementCtx, what: string): void {
  const firstIndex = new Map<string, number>();
  keys.forEach((key, index) => {
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else
      // Stryker disable next-line StringLiteral: the parser reads an issue's message and path, never its code
      ctx.addIssue({ code: "custom", path: [index], message: `distinct ${what} (same as item ${first})` });
  });
}

// The description goes in parentheses: a ` #` would start a YAML comment and vanish unquoted.
const RULE_SYNTAX = `"<tier> -> <cidr> <port>/<protocol>[,<port>/<protocol>...] [(description)]", e.g. "backend -> 198.51.100.0/24 443/TCP (payment gateway)"`;

/**
 * One egress allow-list entry. Pulumi's project schema cannot type a list of objects, so each
 * rule is one string in a small, documented grammar rather than an untyped object.
 */
export const egressRule = z.string({ error: `an egress rule ${RULE_SYNTAX}` }).transform((text, ctx) => {
  const parsed = parseEgressRule(text);
  if (typeof parsed === "string") {
    ctx.addIssue(parsed);
    return z.NEVER;
  }
  return parsed;
});

/** Returns the rule, or the `expected` text describing what is wrong with it. */
export function parseEgressRule(text: string): EgressAllowRule | string {
  const match = /^\s*(\S+)\s*->\s*(\S+)\s+([^\s(]+)\s*(?:\(\s*([^()]*?)\s*\))?\s*$/.exec(text);
  if (!match) return `an egress rule ${RULE_SYNTAX}`;
  const [, tier, cidrText, portsText, comment] = match;
  if (!isTier(tier)) return `an egress rule whose tier is one of ${TIERS.join(", ")} (got tier "${tier}")`;
  const cidrResult = parseCidr(cidrText);
  if (!cidrResult.ok) return `an egress rule with a CIDR such as 198.51.100.0/24: ${cidrResult.reason}`;
  const ports = parsePorts(portsText);
  if (typeof ports === "string") return ports;
  // No description, or an empty "()": say what the rule does instead.
  const description = comment !== undefined && comment.length > 0 ? comment : `${tier} egress to ${cidrText}`;
  return { tier, cidr: cidrText, ports, description };
}

function isTier(name: string): name is TierName {
  return (TIERS as readonly string[]).includes(name);
}

function isProtocol(name: string): name is Protocol {
  return (PROTOCOLS as readonly string[]).includes(name);
}

function parsePorts(text: string): PortSpec[] | string {
  const ports: PortSpec[] = [];
  for (const part of text.split(",")) {
    const match = /^(\d{1,5})(?:\/([A-Za-z]+))?$/.exec(part);
    const port = Number(match?.[1]);
    const protocol = (match?.[2] ?? "TCP").toUpperCase();
    if (!match || port < 1 || port > 65535) {
      return `an egress rule with ports as <port>/<protocol>, port 1 to 65535 (got "${part}")`;
    }
    if (!isProtocol(protocol)) {
      return `an egress rule with protocol ${PROTOCOLS.join(", ")} (got "${match[2]}")`;
    }
    ports.push({ port, protocol });
  }
  const distinct = new Set(ports.map((p) => `${p.port}/${p.protocol}`));
  if (distinct.size !== ports.length) return `an egress rule without repeated ports (got "${text}")`;
  return ports;
}

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(mustParseCidr);

/** A private (RFC 1918) IPv4 range with a prefix from `min` to `max`; `expected` names what it is for. */
function privateIpv4Range(expected: string, min: number, max: number) {
  return z.string({ error: expected }).superRefine((text, ctx) => {
    const result = parseCidr(text);
    if (!result.ok) {
      ctx.addIssue(`${expected}: ${result.reason}`);
    } else if (result.cidr.family !== "ipv4") {
      ctx.addIssue(`${expected}: not IPv4`);
    } else if (result.cidr.prefix < min || result.cidr.prefix > max) {
      ctx.addIssue(`${expected}: /${result.cidr.prefix} is outside /${min} to /${max}`);
    } else if (!PRIVATE_RANGES.some((range) => cidrContains(range, result.cidr))) {
      ctx.addIssue(`${expected}: not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
    }
  });
}

/** The VPC range: IPv4 (AWS VPCs are IPv4-first), private, and sized like an AWS VPC. */
export const vpcCidr = privateIpv4Range("a private (RFC 1918) IPv4 CIDR with prefix /16 to /24, e.g. 10.0.0.0/16", 16, 24);

/**
 * A kind cluster's pod range (kind's `networking.podSubnet`, Calico's IP pool): private IPv4, and
 * room for Calico's /26 address blocks on every node.
 */
export const podCidr = privateIpv4Range("a private (RFC 1918) IPv4 CIDR with prefix /12 to /22, e.g. 192.168.0.0/16", 12, 22);
