/**
 * Reachability results (kept apart from rendering: see netpol/format/). Results are computed
 * lazily, pair by pair, as a formatter reads them: a cluster of 10,000 pods has 100 million
 * ordered pairs, which are written out (or cut short by `| head`) without ever being held.
 */
import { buildModel, BuildOptions } from "./ingest";
import { ConnectionSet } from "./connections";
import { EngineName, PortProbe, PreparedEngine } from "./engine";
import { engineFor } from "./engines";
import { isLoopback } from "./match";
import { Endpoint, NetpolModel } from "./model";
import { PreparedFastEngine } from "./fast";
import { selectEndpoints } from "./select";
import { allowedClassPairs, boundaryProbes, classLevelEngine, classWeights, expandDestinations, maskOf } from "./classLevel";

export interface ProbeResult {
  readonly from: string;
  readonly to: string;
  readonly probe: PortProbe;
  readonly allowed: boolean;
}

/** Verdicts per ordered pod pair (self-pairs included) per probe. */
export interface ProbeReport {
  readonly kind: "probes";
  /** Every pod endpoint, sorted. */
  readonly endpoints: readonly string[];
  /** The senders shown (every endpoint unless filtered), in endpoint order. */
  readonly sources: readonly string[];
  /** The receivers shown. */
  readonly destinations: readonly string[];
  readonly probes: readonly PortProbe[];
  /** Ordered by from, to, then probe order; only allowed ones with `allowedOnly`. May be computed on each iteration. */
  readonly results: Iterable<ProbeResult>;
}

export interface ConnectionPair {
  readonly from: string;
  readonly to: string;
  readonly connections: ConnectionSet;
}

/** Allowed connection set per ordered pair of endpoints, external atoms included (never external to external). */
export interface ConnectionReport {
  readonly kind: "connections";
  /** Pods sorted, then external atoms. */
  readonly endpoints: readonly string[];
  readonly externals: readonly string[];
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  /** Ordered by the position of from, then to, in endpoints; without `none` with `allowedOnly`. May be computed on each iteration. */
  readonly pairs: Iterable<ConnectionPair>;
}

/** A model and an engine prepared on it: everything the reports read. */
export interface Analysis {
  readonly model: NetpolModel;
  readonly prepared: PreparedEngine;
  /** Set when the requested engine handed the input to another (see engineFor). */
  readonly engineNote?: string;
}

/** Which part of the answer to show: `reach --from/--to` patterns (netpol/select.ts) and `--allowed-only`. */
export interface ReachView {
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  readonly allowedOnly?: boolean;
}

/** The endpoints (model indices) on each side, and the patterns that matched nothing. */
export interface ReachScope {
  readonly sources: readonly number[];
  readonly destinations: readonly number[];
  readonly allowedOnly: boolean;
  readonly unmatched: readonly { readonly option: "from" | "to"; readonly pattern: string }[];
}

export function prepare(objects: readonly unknown[], engine: EngineName, options: BuildOptions = {}): Analysis {
  return prepareModel(buildModel(objects, options), engine);
}

/** A model already built (e.g. object by object as it was read) prepared for the engine. */
export function prepareModel(model: NetpolModel, engine: EngineName): Analysis {
  const chosen = engineFor(engine, model);
  return { model, prepared: chosen.engine.prepare(model), ...(chosen.note === undefined ? {} : { engineNote: chosen.note }) };
}

/** Pods only for probes (`mode: "probes"`), pods and external atoms for connection sets. */
export function reachScope(model: NetpolModel, mode: "probes" | "connections", view: ReachView = {}): ReachScope {
  const count = mode === "probes" ? model.pods.length : model.endpoints.length;
  const candidates = Array.from({ length: count }, (_, index) => index);
  const sources = selectEndpoints(model.endpoints, candidates, view.from ?? []);
  const destinations = selectEndpoints(model.endpoints, candidates, view.to ?? []);
  return {
    sources: sources.selected,
    destinations: destinations.selected,
    allowedOnly: view.allowedOnly ?? false,
    unmatched: [
      ...sources.unmatched.map((pattern) => ({ option: "from" as const, pattern })),
      ...destinations.unmatched.map((pattern) => ({ option: "to" as const, pattern })),
    ],
  };
}

/**
 * Lazy: each iteration of `results` asks the engine again, pair by pair; with `allowedOnly` and
 * the fast engine, source by source from the allowed class pairs (work that follows the answer).
 */
export function probeResults(analysis: Analysis, probes: readonly PortProbe[], scope: ReachScope): ProbeReport {
  const { model, prepared } = analysis;
  const ids = (indices: readonly number[]): string[] => indices.map((index) => (model.endpoints[index] as Endpoint).id);
  const fast = scope.allowedOnly ? classLevelEngine(prepared) : undefined;
  const results = fast !== undefined ? () => allowedProbeResults(analysis, fast, probes, scope) : function* (): Generator<ProbeResult> {
    for (const from of scope.sources) {
      for (const to of scope.destinations) {
        for (const probe of probes) {
          const allowed = prepared.allows(from, to, probe);
          if (allowed || !scope.allowedOnly) yield { from: (model.endpoints[from] as Endpoint).id, to: (model.endpoints[to] as Endpoint).id, probe, allowed };
        }
      }
    }
  };
  return {
    kind: "probes",
    endpoints: model.pods.map((pod) => pod.id),
    sources: ids(scope.sources),
    destinations: ids(scope.destinations),
    probes: [...probes],
    results: { [Symbol.iterator]: results },
  };
}

/** Is this ordered pair governed by NetworkPolicy (at least one side a pod)? */
export function isGoverned(model: NetpolModel, from: number, to: number): boolean {
  return (model.endpoints[from] as Endpoint).kind === "pod" || (model.endpoints[to] as Endpoint).kind === "pod";
}

/**
 * The allowed results only, in the pair-by-pair order (from, to, probe), from the fast engine's
 * allowed class pairs: per source, the members of the classes it may reach on some probe.
 */
function* allowedProbeResults(analysis: Analysis, fast: PreparedFastEngine, probes: readonly PortProbe[], scope: ReachScope): Generator<ProbeResult> {
  const { model } = analysis;
  const weights = classWeights(fast, scope.destinations);
  const perProbe = probes.map((probe) => allowedClassPairs(fast, [probe], weights));
  const selected = maskOf(model, scope.destinations);
  const none = new Int32Array(0);
  for (const from of scope.sources) {
    const source = fast.grouping.classOf[from] as number;
    const reached = perProbe.map((pairs) => new Set(pairs.get(source) ?? none));
    const classes = new Set<number>();
    for (const set of reached) for (const classIndex of set) classes.add(classIndex);
    const fromId = (model.endpoints[from] as Endpoint).id;
    for (const to of expandDestinations(model, fast, from, classes, selected)) {
      const destination = fast.grouping.classOf[to] as number;
      const toId = (model.endpoints[to] as Endpoint).id;
      for (let i = 0; i < probes.length; i++) {
        if (isLoopback(model.endpoints[from] as Endpoint, model.endpoints[to] as Endpoint) || (reached[i] as Set<number>).has(destination)) yield { from: fromId, to: toId, probe: probes[i] as PortProbe, allowed: true };
      }
    }
  }
}

/**
 * Lazy: each iteration of `pairs` asks the engine again, pair by pair; with `allowedOnly` and the
 * fast engine, only the pairs of class pairs that some boundary probe allows (see classLevel.ts).
 */
export function connectionResults(analysis: Analysis, scope: ReachScope): ConnectionReport {
  const { model, prepared } = analysis;
  const ids = (indices: readonly number[]): string[] => indices.map((index) => (model.endpoints[index] as Endpoint).id);
  const fast = scope.allowedOnly ? classLevelEngine(prepared) : undefined;
  const pairs = fast !== undefined ? () => allowedConnectionPairs(analysis, fast, scope) : function* (): Generator<ConnectionPair> {
    for (const from of scope.sources) {
      for (const to of scope.destinations) {
        if (!isGoverned(model, from, to)) continue;
        const connections = prepared.connections(from, to);
        if (!scope.allowedOnly || !connections.isEmpty()) yield { from: (model.endpoints[from] as Endpoint).id, to: (model.endpoints[to] as Endpoint).id, connections };
      }
    }
  };
  return {
    kind: "connections",
    endpoints: model.endpoints.map((endpoint) => endpoint.id),
    externals: model.externals.map((external) => external.id),
    sources: ids(scope.sources),
    destinations: ids(scope.destinations),
    pairs: { [Symbol.iterator]: pairs },
  };
}

function* allowedConnectionPairs(analysis: Analysis, fast: PreparedFastEngine, scope: ReachScope): Generator<ConnectionPair> {
  const { model, prepared } = analysis;
  const connected = allowedClassPairs(fast, boundaryProbes(model), classWeights(fast, scope.destinations));
  const selected = maskOf(model, scope.destinations);
  const none = new Int32Array(0);
  for (const from of scope.sources) {
    const fromId = (model.endpoints[from] as Endpoint).id;
    for (const to of expandDestinations(model, fast, from, connected.get(fast.grouping.classOf[from] as number) ?? none, selected)) {
      if (!isGoverned(model, from, to)) continue;
      const connections = prepared.connections(from, to);
      // Stryker disable next-line ConditionalExpression: members of an allowed class pair, or a Pod with itself, always have some connection
      if (!connections.isEmpty()) yield { from: fromId, to: (model.endpoints[to] as Endpoint).id, connections };
    }
  }
}

export function probeReport(objects: readonly unknown[], probes: readonly PortProbe[], engine: EngineName = "reference"): ProbeReport & { readonly results: readonly ProbeResult[] } {
  const analysis = prepare(objects, engine);
  const report = probeResults(analysis, probes, reachScope(analysis.model, "probes"));
  return { ...report, results: [...report.results] };
}

/**
 * Every ordered pair with at least one pod side, in endpoint order; `withLoopback: false` drops a
 * Pod paired with itself. Generated one by one: 10,000 pods make 100 million pairs.
 */
export function* governedPairs(model: NetpolModel, withLoopback = true): Generator<{ from: number; to: number }> {
  const { endpoints } = model;
  for (let from = 0; from < endpoints.length; from++) {
    for (let to = 0; to < endpoints.length; to++) {
      if (!isGoverned(model, from, to)) continue;
      if (!withLoopback && isLoopback(endpoints[from] as Endpoint, endpoints[to] as Endpoint)) continue;
      yield { from, to };
    }
  }
}

export function connectionReport(objects: readonly unknown[], engine: EngineName = "reference"): ConnectionReport & { readonly pairs: readonly ConnectionPair[] } {
  const analysis = prepare(objects, engine);
  // Stryker disable next-line StringLiteral: any mode but "probes" takes every endpoint
  const report = connectionResults(analysis, reachScope(analysis.model, "connections"));
  return { ...report, pairs: [...report.pairs] };
}
