/**
 * Calico rules (projectcalico.org/v3 Rule and EntityRule) -> the model, strictly: unknown fields,
 * bad values and conflicting fields are problems naming the field; fields whose effect is outside
 * the model (ICMP, source ports, service matches, HTTP, ipVersion) are warned about, never dropped
 * in silence.
 */
import { parseCidr } from "../addresses";
import { MAX_PORT, MIN_PORT } from "../connections";
import { checkFields } from "../ingest/fields";
import { isPortName } from "../ingest/ports";
import { describe, itemRecord, optionalList, optionalRecord, Report } from "../ingest/report";
import { Cidr, PortMatcher, Protocol } from "../model";
import { CalicoAction, CalicoProtocol, CalicoRule, EntityMatch, ServiceAccountMatch } from "./model";
import { CalicoSelector, parseCalicoSelector, SelectorSyntaxError } from "./selector";

/** Warns that a field is outside the model (the answer may be wrong for it). */
export type Warn = (path: string, text: string) => void;

export const RULE_FIELDS = ["action", "destination", "http", "icmp", "ipVersion", "metadata", "notICMP", "notProtocol", "protocol", "source"];
const ENTITY_FIELDS = ["namespaceSelector", "nets", "notNets", "notPorts", "notSelector", "ports", "selector", "serviceAccounts", "services"];
const ACTIONS: readonly CalicoAction[] = ["Allow", "Deny", "Pass", "Log"];
const PROTOCOL_NUMBERS: Readonly<Record<number, Protocol>> = { 6: "TCP", 17: "UDP", 132: "SCTP" };
const OTHER_PROTOCOLS = ["ICMP", "ICMPv6", "UDPLite"];

export function buildSelectorField(raw: unknown, path: string, report: Report): CalicoSelector | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") {
    report(path, `expected a selector string like 'app == "web"', got ${describe(raw)}`);
    return undefined;
  }
  try {
    return parseCalicoSelector(raw);
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: the parser throws SelectorSyntaxError only
    if (!(error instanceof SelectorSyntaxError)) throw error;
    report(path, error.message);
    return undefined;
  }
}

/** A protocol outside the model, by name. */
// Stryker disable next-line StringLiteral: only kind === "modelled" is ever tested, so the tag "other" itself is never read
const outsideModel = (name: string): CalicoProtocol => ({ kind: "other", name });

function unknownProtocol(raw: unknown, path: string, report: Report): undefined {
  report(path, `unknown protocol ${describe(raw)} (expected TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a number 1-255)`);
  return undefined;
}

function protocolNumber(raw: number, path: string, report: Report): CalicoProtocol | undefined {
  if (!Number.isInteger(raw) || raw < 1 || raw > 255) return unknownProtocol(raw, path, report);
  const known = PROTOCOL_NUMBERS[raw];
  return known === undefined ? outsideModel(String(raw)) : { kind: "modelled", protocol: known };
}

export function buildCalicoProtocol(raw: unknown, path: string, report: Report): CalicoProtocol | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "number") return protocolNumber(raw, path, report);
  if (typeof raw !== "string") return unknownProtocol(raw, path, report);
  const modelled = (["TCP", "UDP", "SCTP"] as const).find((name) => name === raw.toUpperCase());
  if (modelled !== undefined) return { kind: "modelled", protocol: modelled };
  const other = OTHER_PROTOCOLS.find((name) => name.toLowerCase() === raw.toLowerCase());
  return other === undefined ? unknownProtocol(raw, path, report) : outsideModel(other);
}

export function buildCidrs(raw: unknown, path: string, report: Report): Cidr[] | undefined {
  const list = optionalList(raw, path, report);
  if (list === undefined) return undefined;
  return list.flatMap((text, i) => {
    const cidr = typeof text === "string" ? parseCidr(text.includes("/") ? text : `${text}/${text.includes(":") ? 128 : 32}`) : undefined;
    if (cidr === undefined) report(`${path}[${i}]`, `${describe(text)} is not a valid CIDR or address (expected like 10.0.0.0/8 or fd00::/64)`);
    // Stryker disable next-line ConditionalExpression,ArrayDeclaration: after a reported problem the model is rejected, so this list is never read
    return cidr === undefined ? [] : [Object.freeze(cidr)];
  });
}

/** Calico ports: a number, "first:last", or a port name; on the rule's protocol (which must be TCP, UDP or SCTP). */
function buildPorts(raw: unknown, path: string, protocol: CalicoProtocol | undefined, report: Report): PortMatcher[] | undefined {
  const list = optionalList(raw, path, report);
  if (list === undefined) return undefined;
  if (protocol?.kind !== "modelled") {
    report(path, `ports need protocol TCP, UDP or SCTP on the rule (got ${protocol === undefined ? "no protocol" : protocol.name})`);
    return undefined;
  }
  return list.flatMap((value, i) => buildPort(value, `${path}[${i}]`, protocol.protocol, report));
}

/** A port matched by name on the destination's container ports (Calico and admin rules alike). */
// Stryker disable next-line StringLiteral: readers of Calico and admin matchers only ask kind === "range", so the tag "named" is never compared
export const namedPort = (protocol: Protocol, name: string): PortMatcher => ({ kind: "named", protocol, name });

/** A number, or a string of digits ("80") or "first:last", as Calico's numorstring reads a port: [first, last]; else undefined. */
function portBounds(value: unknown): [number, number] | undefined {
  if (typeof value === "number") return [value, value];
  const digits = typeof value === "string" ? /^(\d+)(?::(\d+))?$/.exec(value) : null;
  return digits === null ? undefined : [Number(digits[1]), Number(digits[2] ?? digits[1])];
}

function buildPort(value: unknown, path: string, protocol: Protocol, report: Report): PortMatcher[] {
  const valid = (n: number): boolean => Number.isInteger(n) && n >= MIN_PORT && n <= MAX_PORT;
  const bounds = portBounds(value);
  if (bounds !== undefined && valid(bounds[0]) && valid(bounds[1]) && bounds[0] <= bounds[1]) return [{ kind: "range", protocol, first: bounds[0], last: bounds[1] }];
  if (typeof value === "string" && isPortName(value)) return [namedPort(protocol, value)];
  report(path, `${describe(value)} is not a port (expected a number 1-65535, a range like "8000:8080", or a port name)`);
  // Stryker disable next-line ArrayDeclaration: after a reported problem the model is rejected, so this list is never read
  return [];
}

function buildServiceAccounts(raw: unknown, path: string, report: Report): ServiceAccountMatch | undefined {
  const record = optionalRecord(raw, path, report);
  if (record === undefined) return undefined;
  checkFields(record, ["names", "selector"], path, report);
  const names = (optionalList(record["names"], `${path}.names`, report) ?? []).filter((name, i) => {
    if (typeof name !== "string") report(`${path}.names[${i}]`, `expected a service account name, got ${describe(name)}`);
    return typeof name === "string";
  }) as string[];
  const selector = buildSelectorField(record["selector"], `${path}.selector`, report);
  return Object.freeze({ names: Object.freeze(names), selector });
}

function buildEntity(raw: unknown, path: string, protocol: CalicoProtocol | undefined, isSource: boolean, report: Report, warn: Warn): EntityMatch {
  const entity = optionalRecord(raw, path, report) ?? {};
  checkFields(entity, ENTITY_FIELDS, path, report);
  const ports = buildPorts(entity["ports"], `${path}.ports`, protocol, report);
  const notPorts = buildPorts(entity["notPorts"], `${path}.notPorts`, protocol, report);
  if (isSource && (ports !== undefined || notPorts !== undefined)) {
    warn(`${path}.${ports !== undefined ? "ports" : "notPorts"}`, "source ports are outside the model (probes have no source port): the rule is evaluated as if the source port matched");
  }
  if (entity["services"] !== undefined) warn(`${path}.services`, "Kubernetes Service matches are outside the model: the rule is evaluated as matching nothing");
  const fields: Record<string, unknown> = {
    nets: buildCidrs(entity["nets"], `${path}.nets`, report),
    notNets: buildCidrs(entity["notNets"], `${path}.notNets`, report),
    selector: buildSelectorField(entity["selector"], `${path}.selector`, report),
    notSelector: buildSelectorField(entity["notSelector"], `${path}.notSelector`, report),
    namespaceSelector: buildSelectorField(entity["namespaceSelector"], `${path}.namespaceSelector`, report),
    serviceAccounts: buildServiceAccounts(entity["serviceAccounts"], `${path}.serviceAccounts`, report),
    ports: isSource ? undefined : ports,
    notPorts: isSource ? undefined : notPorts,
  };
  if (entity["services"] !== undefined) fields["nets"] = [];
  return Object.freeze(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as EntityMatch);
}

export function buildCalicoRule(raw: unknown, path: string, report: Report, warn: Warn): CalicoRule | undefined {
  const rule = itemRecord(raw, path, report);
  if (rule === undefined) return undefined;
  checkFields(rule, RULE_FIELDS, path, report);
  const action = rule["action"];
  if (!ACTIONS.includes(action as CalicoAction)) report(`${path}.action`, `${describe(action)} is not an action (expected Allow, Deny, Pass or Log)`);
  const protocol = buildCalicoProtocol(rule["protocol"], `${path}.protocol`, report);
  const notProtocol = buildCalicoProtocol(rule["notProtocol"], `${path}.notProtocol`, report);
  for (const field of ["icmp", "notICMP"]) {
    if (rule[field] === undefined) continue;
    if (protocol?.kind === "modelled" || protocol === undefined) report(`${path}.${field}`, "needs protocol ICMP or ICMPv6 on the rule");
    else warn(`${path}.${field}`, "ICMP is outside the model (probes are TCP, UDP and SCTP; the rule matches none of them)");
  }
  if (rule["ipVersion"] !== undefined) warn(`${path}.ipVersion`, "is outside the model: the rule is evaluated for both address families");
  if (rule["http"] !== undefined) warn(`${path}.http`, "HTTP matches are outside the model: the rule is evaluated as if every request matched");
  const source = buildEntity(rule["source"], `${path}.source`, protocol, true, report, warn);
  const destination = buildEntity(rule["destination"], `${path}.destination`, protocol, false, report, warn);
  // Stryker disable next-line ConditionalExpression: a bad action was reported above, so the model is rejected whatever is returned
  if (!ACTIONS.includes(action as CalicoAction)) return undefined;
  return Object.freeze({ action: action as CalicoAction, protocol, notProtocol, source, destination });
}
