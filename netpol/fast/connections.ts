/** Connection sets (every allowed protocol/port) between classes, from the compiled rules. */
import { ConnectionSet } from "../connections";
import { Endpoint, PortMatcher } from "../model";
import { RulesByClass } from "./compile";

/**
 * Port lists without a named port, and what they allow toward any destination: a class pair's
 * connections are asked for hundreds of thousands of pairs, whose rules share a few port lists.
 * A memo of a pure function, keyed by the (immutable) lists.
 */
const unnamedPorts = new WeakMap<readonly PortMatcher[], ConnectionSet>();

/** What the rule's ports allow toward `destination`; named ports resolve against its container ports. */
function portsToward(ports: readonly PortMatcher[] | null, destination: Endpoint): ConnectionSet {
  if (ports === null) return ConnectionSet.ALL;
  const known = unnamedPorts.get(ports);
  // Stryker disable next-line ConditionalExpression: a memo: computed again, the same set
  if (known !== undefined) return known;
  let result = ConnectionSet.NONE;
  for (const matcher of ports) {
    if (matcher.kind === "range") {
      result = result.union(ConnectionSet.of(matcher.protocol, matcher.first, matcher.last));
    } else if (destination.kind === "pod") {
      for (const port of destination.ports) {
        if (port.name === matcher.name && port.protocol === matcher.protocol) result = result.union(ConnectionSet.of(port.protocol, port.port));
      }
    }
  }
  // Stryker disable next-line ConditionalExpression,ArrowFunction,StringLiteral: a list left out of the memo is computed again, the same set
  if (ports.every((matcher) => matcher.kind === "range")) unnamedPorts.set(ports, result);
  return result;
}

export interface ClassPair {
  readonly source: number;
  readonly destination: number;
  /** The destination class's representative: named ports resolve against it. */
  readonly destinationEndpoint: Endpoint;
}

/**
 * One side of a pair: `rules` govern `subject` (the source for egress, the destination for
 * ingress) and `peer` is the other end. Not isolated (null) allows everything.
 */
function sideConnections(rules: RulesByClass, subject: number, peer: number, destination: Endpoint): ConnectionSet {
  const governing = rules[subject];
  // Stryker disable next-line ConditionalExpression: rulesByClass has an entry (null when not isolated) for every class; undefined is for the type checker
  if (governing === null || governing === undefined) return ConnectionSet.ALL;
  let result = ConnectionSet.NONE;
  for (const rule of governing) if (rule.peers.has(peer)) result = result.union(portsToward(rule.ports, destination));
  return result;
}

export function pairConnections(ingress: RulesByClass, egress: RulesByClass, pair: ClassPair): ConnectionSet {
  const outgoing = sideConnections(egress, pair.source, pair.destination, pair.destinationEndpoint);
  // Stryker disable next-line ConditionalExpression: the empty set intersected is empty
  if (outgoing.isEmpty()) return outgoing;
  return outgoing.intersect(sideConnections(ingress, pair.destination, pair.source, pair.destinationEndpoint));
}
