import { cidrContainsCidr, parseCidr } from "../addresses";
import { Cidr, Direction, PeerMatcher, PolicyModel, PortMatcher, Rule, Selector } from "../model";
import { checkFields, FIELDS } from "./fields";
import { buildPortNumber, buildProtocol, isPortName, portNameReason } from "./ports";
import { describe, Note, optionalList, optionalRecord, Report } from "./report";
import { buildSelector, MATCH_ALL } from "./selectors";

const PEER_FIELD: Readonly<Record<Direction, string>> = { ingress: "from", egress: "to" };
const POLICY_TYPE: Readonly<Record<string, Direction>> = { Ingress: "ingress", Egress: "egress" };

const RULE_FIELDS = { ingress: "ingressRule", egress: "egressRule" } as const;

/**
 * A networking.k8s.io/v1 NetworkPolicy -> its matcher model; problems are reported. Unknown
 * fields are problems (strict validation); what the API server would default is defaulted, noted.
 */
export function buildPolicy(namespace: string, name: string, object: Record<string, unknown>, report: Report, note: Note, shared: PolicyParts = new PolicyParts()): PolicyModel {
  checkFields(object, FIELDS.policy, "", report);
  checkFields(object["metadata"], FIELDS.metadata, "metadata", report);
  const spec = optionalRecord(object["spec"], "spec", report) ?? {};
  checkFields(spec, FIELDS.spec, "spec", report);
  if (spec["podSelector"] === undefined || spec["podSelector"] === null) {
    // The API server decodes an absent or null podSelector as the empty selector (a value, not a pointer).
    note("spec.podSelector", `is ${describe(spec["podSelector"])}; read as {} (every pod in the namespace), as the API server stores it`);
  }
  const target = shared.selector(buildSelector(spec["podSelector"] ?? {}, "spec.podSelector", report));
  const types = policyTypes(spec, report);
  const rules = (direction: Direction): readonly Rule[] | null =>
    types.has(direction) ? shared.rules(buildRules(spec[direction], `spec.${direction}`, direction, namespace, report)) : null;
  return Object.freeze({ id: `${namespace}/${name}`, namespace, name, target, ingress: rules("ingress"), egress: rules("egress") });
}

/**
 * Equal selectors and rule lists shared between the policies of one model (they are frozen, so
 * sharing is safe): policies written from a few templates repeat them, and 100,000 policies'
 * copies would otherwise all stay alive. Keys are built so that no two values share one.
 */
export class PolicyParts {
  private readonly selectors = new Map<string, Selector>();
  private readonly ruleLists = new Map<string, readonly Rule[]>();

  selector(selector: Selector): Selector {
    return intern(this.selectors, selectorText(selector), selector);
  }

  rules(rules: readonly Rule[]): readonly Rule[] {
    // Stryker disable next-line StringLiteral: the same prefix on every key keeps keys unique
    let key = "";
    // Stryker disable next-line StringLiteral: separators: protocols are upper case, port names lower case, peer texts start with ip, in or ns
    for (const rule of rules) key += `${rule.peers === null ? "*" : rule.peers.map(peerText).join(";")}#${rule.ports === null ? "*" : rule.ports.map(portText).join(",")}\n`;
    return intern(this.ruleLists, key, rules);
  }
}

function intern<T>(map: Map<string, T>, key: string, value: T): T {
  const shared = map.get(key);
  if (shared !== undefined) return shared;
  map.set(key, value);
  return value;
}

/** Label keys and values are any strings: JSON quotes them, so the text reads back one way only. */
function selectorText(selector: Selector): string {
  // Stryker disable next-line StringLiteral: the same prefix on every key keeps keys unique
  let text = "";
  for (const requirement of selector.requirements) text += `${JSON.stringify(requirement.key)}${requirement.operator}${JSON.stringify(requirement.values)};`;
  return text;
}

function peerText(peer: PeerMatcher): string {
  // Stryker disable next-line StringLiteral: holes are canonical CIDRs ending in their prefix length: lists joined without commas cannot read alike
  if (peer.kind === "ip-block") return `ip ${peer.cidr.text} ${peer.except.map((hole) => hole.text).join(",")}`;
  const namespaces = peer.namespaces.kind === "policy-namespace" ? `in ${JSON.stringify(peer.namespaces.namespace)}` : `ns ${selectorText(peer.namespaces.selector)}`;
  return `${namespaces} pods ${selectorText(peer.pods)}`;
}

/** Port names are IANA service names (checked on ingest): no separator in them. */
function portText(port: PortMatcher): string {
  return port.kind === "range" ? `${port.protocol}/${port.first}-${port.last}` : `${port.protocol}/${port.name}`;
}

/** Omitted or empty policyTypes: Ingress, plus Egress when the policy has egress rules. */
function policyTypes(spec: Record<string, unknown>, report: Report): ReadonlySet<Direction> {
  const written = optionalList(spec["policyTypes"], "spec.policyTypes", report) ?? [];
  const types = new Set<Direction>();
  written.forEach((type, i) => {
    const direction = typeof type === "string" ? POLICY_TYPE[type] : undefined;
    if (direction === undefined) report(`spec.policyTypes[${i}]`, `unknown policy type ${describe(type)} (expected Ingress or Egress)`);
    else types.add(direction);
  });
  if (written.length > 0) return types;
  // Stryker disable next-line StringLiteral: the path of a reporter that reports nothing (the field is reported where it is read)
  const egressRules = optionalList(spec["egress"], "spec.egress", () => undefined) ?? [];
  return new Set<Direction>(egressRules.length > 0 ? ["ingress", "egress"] : ["ingress"]);
}

function buildRules(raw: unknown, path: string, direction: Direction, namespace: string, report: Report): readonly Rule[] {
  const rules = (optionalList(raw, path, report) ?? []).map((rawRule, i): Rule => {
    const rulePath = `${path}[${i}]`;
    const rule = optionalRecord(rawRule, rulePath, report) ?? {};
    checkFields(rule, FIELDS[RULE_FIELDS[direction]], rulePath, report);
    const peerPath = `${rulePath}.${PEER_FIELD[direction]}`;
    const peers = optionalList(rule[PEER_FIELD[direction]], peerPath, report) ?? [];
    const ports = optionalList(rule["ports"], `${rulePath}.ports`, report) ?? [];
    return Object.freeze({
      // An empty or absent list means "everything" in both fields.
      peers: peers.length === 0 ? null : Object.freeze(peers.flatMap((peer, p) => buildPeer(peer, `${peerPath}[${p}]`, namespace, report))),
      ports: ports.length === 0 ? null : Object.freeze(ports.flatMap((port, p) => buildPort(port, `${rulePath}.ports[${p}]`, report))),
    });
  });
  return Object.freeze(rules);
}

function buildPeer(raw: unknown, path: string, namespace: string, report: Report): PeerMatcher[] {
  // A null peer decodes as the API server's zero value, the empty peer, which names no peer (reported below).
  const peer = raw === null ? {} : optionalRecord(raw, path, report);
  if (peer === undefined) return [];
  checkFields(peer, FIELDS.peer, path, report);
  const present = (key: string): boolean => peer[key] !== undefined && peer[key] !== null;
  if (present("ipBlock")) {
    if (present("podSelector") || present("namespaceSelector")) {
      report(path, "ipBlock may not be combined with podSelector or namespaceSelector in one peer");
      return [];
    }
    return buildIpBlock(peer["ipBlock"], `${path}.ipBlock`, report);
  }
  if (!present("podSelector") && !present("namespaceSelector")) {
    report(path, "a peer needs podSelector, namespaceSelector or ipBlock");
    return [];
  }
  // A selector that is absent (not "{}") does not restrict its dimension.
  const pods = present("podSelector") ? buildSelector(peer["podSelector"], `${path}.podSelector`, report) : MATCH_ALL;
  const namespaces = present("namespaceSelector")
    ? { kind: "selector" as const, selector: buildSelector(peer["namespaceSelector"], `${path}.namespaceSelector`, report) }
    : { kind: "policy-namespace" as const, namespace };
  return [Object.freeze({ kind: "pods", namespaces: Object.freeze(namespaces), pods })];
}

function buildIpBlock(raw: unknown, path: string, report: Report): PeerMatcher[] {
  const block = optionalRecord(raw, path, report) ?? {};
  checkFields(block, FIELDS.ipBlock, path, report);
  const cidr = buildCidr(block["cidr"], `${path}.cidr`, report);
  const excepts = (optionalList(block["except"], `${path}.except`, report) ?? []).map((text, i) => {
    const except = buildCidr(text, `${path}.except[${i}]`, report);
    const strictSubset = except !== undefined && cidr !== undefined && cidrContainsCidr(cidr, except) && except.prefix > cidr.prefix;
    if (except !== undefined && cidr !== undefined && !strictSubset) {
      report(`${path}.except[${i}]`, `${except.written} must be a strict subset of cidr ${cidr.written}`);
    }
    return strictSubset ? except : undefined;
  });
  if (cidr === undefined || excepts.some((except) => except === undefined)) return [];
  return [Object.freeze({ kind: "ip-block", cidr, except: Object.freeze(excepts as Cidr[]) })];
}

function buildCidr(raw: unknown, path: string, report: Report): Cidr | undefined {
  const cidr = typeof raw === "string" ? parseCidr(raw) : undefined;
  if (cidr === undefined) {
    report(path, `${describe(raw)} is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/64)`);
    return undefined;
  }
  return Object.freeze(cidr);
}

function buildPort(raw: unknown, path: string, report: Report): PortMatcher[] {
  const port = optionalRecord(raw, path, report) ?? {};
  checkFields(port, FIELDS.port, path, report);
  const protocol = buildProtocol(port["protocol"], `${path}.protocol`, report);
  const value = port["port"];
  const endPort = port["endPort"];
  const hasEnd = endPort !== undefined && endPort !== null;
  // Stryker disable next-line ConditionalExpression,ArrayDeclaration: the unknown protocol was reported, and buildModel throws before returning
  if (protocol === undefined) return [];
  if (value === undefined || value === null) {
    if (hasEnd) report(`${path}.endPort`, "may not be given without a numeric port");
    // Stryker disable next-line ArrayDeclaration: endPort without a port was reported, and buildModel throws before returning
    return hasEnd ? [] : [Object.freeze({ kind: "range", protocol, first: 1, last: 65535 })];
  }
  if (typeof value === "string") {
    if (hasEnd) report(`${path}.endPort`, "may not be given with a named port");
    if (!isPortName(value)) report(`${path}.port`, portNameReason(value));
    // Stryker disable next-line ConditionalExpression,LogicalOperator,ArrayDeclaration: endPort with a named port, or a bad name, was reported; buildModel throws
    return hasEnd || !isPortName(value) ? [] : [Object.freeze({ kind: "named", protocol, name: value })];
  }
  const first = buildPortNumber(value, `${path}.port`, report);
  const last = hasEnd ? buildPortNumber(endPort, `${path}.endPort`, report) : first;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,ArrayDeclaration: a bad port or endPort was reported, and buildModel throws
  if (first === undefined || last === undefined) return [];
  if (last < first) {
    report(`${path}.endPort`, `${last} is below port ${first} (expected endPort >= port)`);
    // Stryker disable next-line ArrayDeclaration: endPort below port was reported, and buildModel throws before returning
    return [];
  }
  return [Object.freeze({ kind: "range", protocol, first, last })];
}
