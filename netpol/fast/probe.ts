/**
 * For one probe (port, protocol): every class's ingress row and egress row, as ids into a
 * RowTable shared by all probes. A class's ingress row depends only on its rules (shared
 * arrays) and its named ports; its egress row only on its rules; each is built once per such key.
 */
import { PortProbe } from "../engine";
import { PodEndpoint, PortMatcher } from "../model";
import { ClassGrouping } from "./classes";
import { ClassSet, intersectSorted, sortedDistinct } from "./classSet";
import { CompiledPolicies, CompiledRule, namedPortKey } from "./compile";
import { RowTable } from "./rows";

export interface ProbeRows {
  /** ingress[d]: row of the classes whose traffic to d on this probe passes d's ingress. */
  readonly ingress: Int32Array;
  /** egress[s]: row of the classes that s's egress lets it reach on this probe. */
  readonly egress: Int32Array;
}

const rangeAllows = (matcher: PortMatcher, probe: PortProbe): boolean =>
  // Stryker disable next-line ConditionalExpression: a named matcher has no `first`, and `undefined <= port` is false
  matcher.kind === "range" && matcher.protocol === probe.protocol && matcher.first <= probe.port && probe.port <= matcher.last;

const NONE = 0;
const ALL = 1;
const NAMED = 2;

/**
 * What each distinct port list makes of the probe: a range admits it (toward every
 * destination), nothing does, or only named ports do (then it depends on the destination's
 * container ports; `namedKeys` lists the named ports it hits that some class has).
 */
class ProbePorts {
  readonly outcome: Int8Array;
  readonly namedKeys: (string[] | undefined)[];

  constructor(compiled: CompiledPolicies, readonly probe: PortProbe) {
    this.outcome = new Int8Array(compiled.portLists.length);
    this.namedKeys = compiled.portLists.map((ports, index) => {
      if (ports.some((matcher) => rangeAllows(matcher, probe))) {
        this.outcome[index] = ALL;
        return undefined;
      }
      const keys: string[] = [];
      for (const matcher of ports) {
        if (matcher.kind !== "named" || matcher.protocol !== probe.protocol) continue;
        const key = namedPortKey(matcher.name, matcher.protocol, probe.port);
        if (compiled.namedPorts.has(key) && !keys.includes(key)) keys.push(key);
      }
      this.outcome[index] = keys.length === 0 ? NONE : NAMED;
      // Stryker disable next-line ConditionalExpression,MethodExpression: keys of a NONE list are never read; their order only names a cache entry of EgressDestinations
      return keys.length === 0 ? undefined : keys.sort();
    });
  }

  /** Do the rule's ports admit the probe toward this destination pod? (Named ports resolve against it.) */
  allowAt(rule: CompiledRule, destination: PodEndpoint): boolean {
    if (rule.portList < 0) return true;
    const outcome = this.outcome[rule.portList];
    if (outcome !== NAMED) return outcome === ALL;
    const probe = this.probe;
    return (rule.ports as readonly PortMatcher[]).some((matcher) => matcher.kind === "named" && matcher.protocol === probe.protocol
      && destination.ports.some((port) => port.name === matcher.name && port.protocol === probe.protocol && port.port === probe.port));
  }
}

function ingressRows(grouping: ClassGrouping, compiled: CompiledPolicies, table: RowTable, ports: ProbePorts): Int32Array {
  const rows = new Int32Array(grouping.classes.length).fill(table.everything);
  const byRulesAndPorts = new Map<readonly CompiledRule[], number | Map<number, number>>();
  // Stryker disable next-line ArrayDeclaration: emptied (parts.length = 0) before each use
  const parts: ClassSet[] = [];
  // Stryker disable next-line EqualityOperator: one class more is an external atom (null rules) or none, skipped below
  for (let classIndex = 0; classIndex < grouping.podClassCount; classIndex++) {
    const rules = compiled.ingress[classIndex];
    // Stryker disable next-line ConditionalExpression: every pod class has an entry (rules or null); undefined is for the type checker
    if (rules === null || rules === undefined) continue;
    const destination = (grouping.classes[classIndex] as { representative: PodEndpoint }).representative;
    const portSet = grouping.portSetOf[classIndex] as number;
    let byPorts = byRulesAndPorts.get(rules);
    if (typeof byPorts === "number") { // no rule of these resolves a named port: one row whatever the destination's ports
      rows[classIndex] = byPorts;
      continue;
    }
    let row = byPorts?.get(portSet);
    // Stryker disable next-line ConditionalExpression: a miss builds the same row again (rows are interned by their parts)
    if (row === undefined) {
      parts.length = 0;
      // Stryker disable next-line BooleanLiteral: rows kept per port set as well are the same rows
      let named = false;
      for (const rule of rules) {
        // Stryker disable next-line ConditionalExpression,LogicalOperator: rows kept per port set as well are the same rows
        named ||= rule.portList >= 0 && ports.outcome[rule.portList] === NAMED;
        if (ports.allowAt(rule, destination)) parts.push(rule.peers);
      }
      row = table.rowOf(parts);
      // Stryker disable ConditionalExpression,BlockStatement: rows kept per port set as well, or not kept, are built again the same (interned by their parts)
      if (!named) byRulesAndPorts.set(rules, row);
      else {
        if (byPorts === undefined) byRulesAndPorts.set(rules, (byPorts = new Map<number, number>()));
        byPorts.set(portSet, row);
      }
      // Stryker restore ConditionalExpression,BlockStatement
    }
    rows[classIndex] = row;
  }
  return rows;
}

/**
 * The destinations a rule's peers reach on a probe: all its peers when a range (or no port
 * list) admits the probe, else those with a matching named port, else none. Intersections
 * are kept across probes by (named ports hit, peers).
 */
export class EgressDestinations {
  private readonly intersections = new Map<string, Map<number, ClassSet>>();
  constructor(private readonly compiled: CompiledPolicies) {}

  of(rule: CompiledRule, ports: ProbePorts): ClassSet | undefined {
    if (rule.portList < 0) return rule.peers;
    const outcome = ports.outcome[rule.portList];
    if (outcome === ALL) return rule.peers;
    if (outcome === NONE) return undefined;
    const keys = ports.namedKeys[rule.portList] as string[];
    // Stryker disable next-line StringLiteral: every key ends in /<protocol>/<the probe's port>, so the joined keys still split one way
    const cacheKey = keys.join(" ");
    let byPeers = this.intersections.get(cacheKey);
    // Stryker disable next-line ConditionalExpression: a miss computes the same intersection again
    if (byPeers === undefined) this.intersections.set(cacheKey, (byPeers = new Map<number, ClassSet>()));
    let result = byPeers.get(rule.peers.id);
    // Stryker disable next-line ConditionalExpression: a miss computes the same intersection again
    if (result === undefined) {
      const lists = keys.map((key) => this.compiled.namedPorts.get(key) as Int32Array);
      // Stryker disable next-line ConditionalExpression: one list deduplicated and sorted is itself
      const destinations = lists.length === 1 ? (lists[0] as Int32Array) : sortedDistinct(lists.flatMap((list) => [...list]));
      result = intersectSorted(rule.peers, destinations, this.compiled.sets.denseAbove);
      byPeers.set(rule.peers.id, result);
    }
    // Stryker disable next-line ConditionalExpression: an empty part adds nothing to a row (rowOf drops it; alone it is the row of nothing)
    return result.count === 0 ? undefined : result;
  }
}

function egressRows(grouping: ClassGrouping, compiled: CompiledPolicies, table: RowTable, destinations: EgressDestinations, ports: ProbePorts): Int32Array {
  const rows = new Int32Array(grouping.classes.length).fill(table.everything);
  // Stryker disable next-line ArrayDeclaration: an array without a length grows as it is written
  const perRule: (ClassSet | null | undefined)[] = new Array<ClassSet | null | undefined>(compiled.rules.length);
  const byRules = new Map<readonly CompiledRule[], number>();
  // Stryker disable next-line ArrayDeclaration: emptied (parts.length = 0) before each use
  const parts: ClassSet[] = [];
  // Stryker disable next-line EqualityOperator: one class more is an external atom (null rules) or none, skipped below
  for (let classIndex = 0; classIndex < grouping.podClassCount; classIndex++) {
    const rules = compiled.egress[classIndex];
    // Stryker disable next-line ConditionalExpression: every pod class has an entry (rules or null); undefined is for the type checker
    if (rules === null || rules === undefined) continue;
    let row = byRules.get(rules);
    // Stryker disable next-line ConditionalExpression: a miss builds the same row again (rows are interned by their parts)
    if (row === undefined) {
      parts.length = 0;
      for (const rule of rules) {
        let reached = perRule[rule.id];
        // Stryker disable next-line ConditionalExpression: a miss asks EgressDestinations again, which caches the same set
        if (reached === undefined) perRule[rule.id] = reached = destinations.of(rule, ports) ?? null;
        if (reached !== null) parts.push(reached);
      }
      row = table.rowOf(parts);
      byRules.set(rules, row);
    }
    rows[classIndex] = row;
  }
  return rows;
}

/**
 * What the rules' ports make of a probe: which range matchers admit it and which named ports
 * (present on some class) it hits, per distinct port list. Probes with equal signatures have
 * equal rows, so they share them.
 */
export function probeSignature(compiled: CompiledPolicies, probe: PortProbe): string {
  // Stryker disable next-line ArrayDeclaration: a common first part keeps distinct signatures distinct
  const parts: string[] = [];
  for (const ports of compiled.portLists) {
    for (const matcher of ports) {
      // Stryker disable next-line StringLiteral: a range's position is always a range's: two distinct marks ("" for one of them) still tell probes apart
      if (matcher.kind === "range") parts.push(rangeAllows(matcher, probe) ? "1" : "0");
      else if (matcher.protocol !== probe.protocol) parts.push("");
      else {
        const key = namedPortKey(matcher.name, matcher.protocol, probe.port);
        parts.push(compiled.namedPorts.has(key) ? key : "");
      }
    }
  }
  // Stryker disable next-line StringLiteral: a range's mark is one digit and every key holds the probe's protocol and port, so the unseparated text still tells probes apart
  return parts.join(" ");
}

export function probeRows(grouping: ClassGrouping, compiled: CompiledPolicies, table: RowTable, destinations: EgressDestinations, probe: PortProbe): ProbeRows {
  const ports = new ProbePorts(compiled, probe);
  return { ingress: ingressRows(grouping, compiled, table, ports), egress: egressRows(grouping, compiled, table, destinations, ports) };
}
