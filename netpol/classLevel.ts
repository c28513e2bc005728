/**
 * Whole-cluster questions at class level: when the prepared engine is the fast engine, `reach`
 * and `verify` ask it for the allowed class pairs (forEachAllowed) and expand them to endpoint
 * pairs, so their cost follows the answer (about ten allowed pairs per pod on the synthetic
 * cluster) instead of endpoints². Only the engine's public interface is used (PreparedFastEngine),
 * so whatever models the fast engine evaluates (Calico's too, once it does) are answered here.
 *
 * Connection sets (every allowed port) come from a finite set of probes: for one ordered pair
 * and one protocol, the verdict is constant between the ports where some rule's range (or a
 * container port a named port resolves to) starts or ends, so asking one port of every such
 * interval finds every pair that has any connection; probes that every rule treats alike are
 * asked once (`boundaryProbes`).
 */
import { PortProbe, PreparedEngine } from "./engine";
import { PreparedFastEngine } from "./fast";
import { MAX_PORT, MIN_PORT } from "./connections";
import { isLoopback } from "./match";
import { Endpoint, NetpolModel, PortMatcher, Protocol, PROTOCOLS } from "./model";

/** The fast engine's class-level interface, when `prepared` has it. */
export function classLevelEngine(prepared: PreparedEngine): PreparedFastEngine | undefined {
  const fast = prepared as Partial<PreparedFastEngine>;
  return typeof fast.forEachAllowed === "function" && typeof fast.classAllows === "function" && fast.grouping !== undefined ? (prepared as PreparedFastEngine) : undefined;
}

/**
 * Every port matcher in the model: NetworkPolicy rules, and the port ranges anywhere in the Calico
 * model (ports, notPorts), found by shape (only port ranges have kind "range"; named ports resolve
 * to container ports, which boundaryProbes adds anyway).
 */
function portMatchers(model: NetpolModel): PortMatcher[] {
  // Stryker disable next-line ArrayDeclaration: an item that is not a range adds no point and the same 0 to every signature
  const found: PortMatcher[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    const record = value as Record<string, unknown>; // an array too: its keys are its indices
    if (record["kind"] === "range") {
      found.push(record as unknown as PortMatcher);
      return;
    }
    for (const key of Object.keys(record)) walk(record[key]);
  };
  for (const policy of model.policies) {
    for (const rules of [policy.ingress, policy.egress]) {
      if (rules === null || seen.has(rules)) continue; // equal rule lists are shared between policies
      seen.add(rules);
      for (const rule of rules) if (rule.ports !== null) found.push(...rule.ports);
    }
  }
  walk(model.calico);
  return found;
}

/**
 * Probes that together decide every connection: for each protocol, port 1 and every port where a
 * range starts or ends (+1) or where a container port is (and the one after), keeping one probe
 * of each group that every matcher treats alike (same ranges containing it, and no container port
 * on it, so no named port can resolve to it differently). With Calico objects, whose rules can
 * name a protocol without ports, the protocol is part of that likeness too.
 */
export function boundaryProbes(model: NetpolModel): PortProbe[] {
  const ranges = new Map<string, { protocol: Protocol; first: number; last: number }>();
  for (const matcher of portMatchers(model)) {
    // Stryker disable next-line ConditionalExpression: a named matcher has no first or last: it adds no point and the same 0 to every signature
    if (matcher.kind === "range") ranges.set(`${matcher.protocol}/${matcher.first}-${matcher.last}`, matcher);
  }
  const containerPorts = new Set<string>();
  const points: Record<Protocol, Set<number>> = { TCP: new Set([MIN_PORT]), UDP: new Set([MIN_PORT]), SCTP: new Set([MIN_PORT]) };
  // Ranges and container ports start at MIN_PORT or above: only the port after the last can be out.
  const add = (protocol: Protocol, port: number): void => {
    if (port <= MAX_PORT) points[protocol].add(port);
  };
  for (const range of ranges.values()) {
    add(range.protocol, range.first);
    add(range.protocol, range.last + 1);
  }
  // Each list once: the model builder shares equal port lists.
  for (const ports of new Set(model.pods.map((pod) => pod.ports))) {
    for (const port of ports) {
      containerPorts.add(`${port.protocol}/${port.port}`);
      add(port.protocol, port.port);
      add(port.protocol, port.port + 1);
    }
  }
  const rangeList = [...ranges.values()];
  // Stryker disable next-line StringLiteral: any text the same for every protocol groups alike
  const protocolPart = (protocol: Protocol): string => (model.calico === undefined ? "" : protocol);
  const bySignature = new Map<string, PortProbe>();
  for (const protocol of PROTOCOLS) {
    for (const port of [...points[protocol]].sort((a, b) => a - b)) {
      const key = `${protocol}/${port}`;
      const inside = rangeList.map((range) => (range.protocol === protocol && range.first <= port && port <= range.last ? 1 : 0)).join();
      const signature = containerPorts.has(key) ? key : `${protocolPart(protocol)} ${inside}`;
      if (!bySignature.has(signature)) bySignature.set(signature, { port, protocol });
    }
  }
  return [...bySignature.values()];
}

/** Sorted, without repeats. */
function sortedUnique(values: number[]): Int32Array {
  return Int32Array.from(new Set(values)).sort();
}

/** Source class -> the destination classes (sorted) it is allowed to reach on `probes`, among destinations of non-zero weight. */
export function allowedClassPairs(fast: PreparedFastEngine, probes: readonly PortProbe[], weights: Float64Array): Map<number, Int32Array> {
  const collected = new Map<number, number[]>();
  for (const probe of probes) {
    fast.forEachAllowed(probe, weights, (source, destinations) => {
      let list = collected.get(source);
      if (list === undefined) collected.set(source, (list = []));
      for (const destination of destinations) list.push(destination);
    });
  }
  const result = new Map<number, Int32Array>();
  for (const [source, list] of collected) result.set(source, sortedUnique(list));
  return result;
}

/** Classes having at least one of `indices` (weight: how many). */
export function classWeights(fast: PreparedFastEngine, indices: readonly number[]): Float64Array {
  const weights = new Float64Array(fast.grouping.classes.length);
  for (const index of indices) weights[fast.grouping.classOf[index] as number]++;
  return weights;
}

/** A Pod paired with itself: always allowed (netpol/match.ts isLoopback). */
export function isPodLoopback(model: NetpolModel, from: number, to: number): boolean {
  const endpoint = model.endpoints[from] as Endpoint;
  return from === to && isLoopback(endpoint, endpoint);
}

/**
 * For one source endpoint: the destination endpoints (ascending, among `selected`) of the
 * destination classes given, plus itself when it is a selected Pod (its self-pair is always allowed).
 */
export function expandDestinations(model: NetpolModel, fast: PreparedFastEngine, from: number, classes: Iterable<number>, selected: Uint8Array): number[] {
  const result: number[] = [];
  for (const classIndex of classes) {
    for (const member of (fast.grouping.classes[classIndex] as { members: readonly number[] }).members) if (selected[member] === 1) result.push(member);
  }
  if (selected[from] === 1 && isPodLoopback(model, from, from) && !result.includes(from)) result.push(from);
  return result.sort((a, b) => a - b);
}

/** A mask over the model's endpoints. */
export function maskOf(model: NetpolModel, indices: readonly number[]): Uint8Array {
  const mask = new Uint8Array(model.endpoints.length);
  for (const index of indices) mask[index] = 1;
  return mask;
}
