// Frozen copy of netpol/fast/ before issue 13 (test oracle only).
/**
 * For one probe (port, protocol): every class's ingress row (the classes it admits as sources)
 * and egress row (the classes it may reach). Rows are built from rule peer sets and shared
 * between classes governed by the same contributing rules.
 */
import { PortProbe } from "../../../../netpol/engine";
import { PodEndpoint, PortMatcher } from "../../../../netpol/model";
import { and, Bitset, emptyBitset, isEmpty, orInto } from "./bitset";
import { ClassGrouping } from "./classes";
import { CompiledPolicies, CompiledRule, namedPortKey } from "./compile";

export interface ProbeRows {
  /** ingress[d]: the classes whose traffic to d on this probe passes d's ingress. */
  readonly ingress: readonly Bitset[];
  /** egress[s]: the classes that s's egress lets it reach on this probe. */
  readonly egress: readonly Bitset[];
}

const rangeAllows = (matcher: PortMatcher, probe: PortProbe): boolean =>
  matcher.kind === "range" && matcher.protocol === probe.protocol && matcher.first <= probe.port && probe.port <= matcher.last;

/** Do the rule's ports admit the probe toward this destination pod? (Named ports resolve against it.) */
function portsAllowAt(ports: readonly PortMatcher[] | null, probe: PortProbe, destination: PodEndpoint): boolean {
  if (ports === null) return true;
  return ports.some((matcher) => matcher.kind === "range"
    ? rangeAllows(matcher, probe)
    : matcher.protocol === probe.protocol && destination.ports.some((port) => port.name === matcher.name && port.protocol === probe.protocol && port.port === probe.port));
}

class RowBuilder {
  private readonly rows = new Map<string, Bitset>();
  constructor(private readonly size: number) {}

  /** The union of `parts`, shared with every earlier request for the same part keys. */
  union(keys: readonly number[], parts: readonly Bitset[]): Bitset {
    const key = keys.join(",");
    const cached = this.rows.get(key);
    if (cached !== undefined) return cached;
    const row = parts.length === 1 ? (parts[0] as Bitset) : emptyBitset(this.size);
    if (parts.length > 1) for (const part of parts) orInto(row, part);
    this.rows.set(key, row);
    return row;
  }
}

/** A class's ingress row depends only on its rules (shared arrays) and its named ports: computed once per such pair. */
function ingressRows(grouping: ClassGrouping, compiled: CompiledPolicies, probe: PortProbe): Bitset[] {
  const builder = new RowBuilder(compiled.sets.size);
  const byRulesAndPorts = new Map<readonly CompiledRule[], Map<number, Bitset>>();
  return grouping.classes.map((endpointClass, classIndex) => {
    const rules = compiled.ingress[classIndex];
    const destination = endpointClass.representative;
    if (rules === null || rules === undefined || destination.kind !== "pod") return compiled.sets.all;
    const portSet = grouping.portSetOf[classIndex] as number;
    let byPorts = byRulesAndPorts.get(rules);
    if (byPorts === undefined) byRulesAndPorts.set(rules, (byPorts = new Map<number, Bitset>()));
    let row = byPorts.get(portSet);
    if (row === undefined) {
      const contributing = rules.filter((rule) => portsAllowAt(rule.ports, probe, destination));
      row = builder.union(contributing.map((rule) => rule.id), contributing.map((rule) => rule.peers));
      byPorts.set(portSet, row);
    }
    return row;
  });
}

/** The destination classes a rule's ports admit for the probe: all, none, or those with a matching named port. */
function portDestinations(ports: readonly PortMatcher[], probe: PortProbe, compiled: CompiledPolicies): Bitset | "all" | "none" {
  if (ports.some((matcher) => rangeAllows(matcher, probe))) return "all";
  let union: Bitset | undefined;
  for (const matcher of ports) {
    if (matcher.kind !== "named" || matcher.protocol !== probe.protocol) continue;
    const named = compiled.namedPorts.get(namedPortKey(matcher.name, matcher.protocol, probe.port));
    if (named === undefined) continue;
    union = union ?? emptyBitset(compiled.sets.size);
    orInto(union, named);
  }
  return union === undefined ? "none" : union;
}

function egressRuleDestinations(rule: CompiledRule, probe: PortProbe, compiled: CompiledPolicies): Bitset | undefined {
  if (rule.ports === null) return rule.peers;
  const ports = portDestinations(rule.ports, probe, compiled);
  if (ports === "none") return undefined;
  if (ports === "all") return rule.peers;
  const both = and(rule.peers, ports);
  return isEmpty(both) ? undefined : both;
}

function egressRows(grouping: ClassGrouping, compiled: CompiledPolicies, probe: PortProbe): Bitset[] {
  const builder = new RowBuilder(compiled.sets.size);
  const perRule = new Map<number, Bitset | undefined>();
  const destinations = (rule: CompiledRule): Bitset | undefined => {
    if (!perRule.has(rule.id)) perRule.set(rule.id, egressRuleDestinations(rule, probe, compiled));
    return perRule.get(rule.id);
  };
  // A source's egress row depends only on its rules: one row per shared rules array.
  const byRules = new Map<readonly CompiledRule[], Bitset>();
  return grouping.classes.map((endpointClass, classIndex) => {
    const rules = compiled.egress[classIndex];
    if (rules === null || rules === undefined || endpointClass.representative.kind !== "pod") return compiled.sets.all;
    let row = byRules.get(rules);
    if (row === undefined) {
      const contributing = rules.filter((rule) => destinations(rule) !== undefined);
      row = builder.union(contributing.map((rule) => rule.id), contributing.map((rule) => destinations(rule) as Bitset));
      byRules.set(rules, row);
    }
    return row;
  });
}

/**
 * What the rules' ports make of a probe: which range matchers admit it and which named ports
 * (present on some class) it hits. Probes with equal signatures have equal rows, so they share them.
 */
export function probeSignature(compiled: CompiledPolicies, probe: PortProbe): string {
  const parts: string[] = [];
  for (const rule of compiled.rules) {
    if (rule.ports === null) continue;
    for (const matcher of rule.ports) {
      if (matcher.kind === "range") parts.push(rangeAllows(matcher, probe) ? "1" : "0");
      else if (matcher.protocol !== probe.protocol) parts.push("");
      else {
        const key = namedPortKey(matcher.name, matcher.protocol, probe.port);
        parts.push(compiled.namedPorts.has(key) ? key : "");
      }
    }
  }
  return parts.join(" ");
}

export function probeRows(grouping: ClassGrouping, compiled: CompiledPolicies, probe: PortProbe): ProbeRows {
  return { ingress: ingressRows(grouping, compiled, probe), egress: egressRows(grouping, compiled, probe) };
}
