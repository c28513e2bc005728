/**
 * `reach --format counts`: how many ordered pairs are allowed, per source namespace, without
 * listing them. Endpoints are grouped into classes that get the same verdict under every
 * policy (the fast engine's equivalence classes; one endpoint per class for the reference
 * engine), so the engine is asked once per class pair, not once per endpoint pair.
 */
import { ConnectionSet } from "./connections";
import { PortProbe } from "./engine";
import { PreparedFastEngine } from "./fast";
import { isLoopback } from "./match";
import { Endpoint } from "./model";
import { Analysis, isGoverned, ReachScope } from "./reach";
import { allowedClassPairs, boundaryProbes, classLevelEngine, classWeights, isPodLoopback } from "./classLevel";

export const EXTERNAL_BUCKET = "(external)";
export const TOTAL_BUCKET = "(all)";

interface CountBase {
  /** Source namespace, EXTERNAL_BUCKET for external atoms, TOTAL_BUCKET for the sum of the rows above. */
  readonly from: string;
  /** Senders in that namespace. */
  readonly sources: number;
  /** Ordered pairs from those senders to the receivers (self-pairs included, external to external never). */
  readonly pairs: number;
}

export interface ProbeCountRow extends CountBase {
  readonly probe: PortProbe;
  readonly allowed: number;
  readonly denied: number;
}

export interface ConnectionCountRow extends CountBase {
  /** Pairs with nothing allowed, some ports allowed, or everything (`all`) allowed: none + some + all = pairs. */
  readonly none: number;
  readonly some: number;
  readonly all: number;
}

export type CountReport =
  | { readonly kind: "probe-counts"; readonly destinations: number; readonly rows: readonly ProbeCountRow[] }
  | { readonly kind: "connection-counts"; readonly destinations: number; readonly rows: readonly ConnectionCountRow[] };

function bucketOf(endpoint: Endpoint): string {
  return endpoint.kind === "pod" ? endpoint.namespace : EXTERNAL_BUCKET;
}

type Tally = Record<string, number>;
/** Source namespace (or EXTERNAL_BUCKET) -> its senders, pairs, and pairs per column. */
type Buckets = Map<string, { sources: number; pairs: number; counts: Tally }>;

/**
 * Sums per bucket, pair by pair, for engines without classes (the reference engine): `classify`
 * gives the column of each governed pair; a Pod's self-pair is in the loopback column.
 */
function tally(
  analysis: Analysis,
  scope: ReachScope,
  columns: { readonly loopback: string; readonly names: readonly string[] },
  classify: (from: number, to: number) => string,
  onProgress?: (done: number, total: number) => void,
): Buckets {
  const { model } = analysis;
  const buckets: Buckets = new Map();
  scope.sources.forEach((from, done) => {
    onProgress?.(done, scope.sources.length);
    const name = bucketOf(model.endpoints[from] as Endpoint);
    const bucket = buckets.get(name) ?? { sources: 0, pairs: 0, counts: Object.fromEntries(columns.names.map((column) => [column, 0])) };
    buckets.set(name, bucket);
    bucket.sources++;
    for (const to of scope.destinations) {
      if (!isGoverned(model, from, to)) continue;
      const column = isPodLoopback(model, from, to) ? columns.loopback : classify(from, to);
      bucket.pairs++;
      bucket.counts[column] = (bucket.counts[column] as number) + 1;
    }
  });
  return buckets;
}

function sortedBuckets<T>(buckets: Map<string, T>): [string, T][] {
  const rank = (name: string): number => (name === EXTERNAL_BUCKET ? 1 : 0);
  // Stryker disable next-line ArithmeticOperator: external atoms follow the pods, so their bucket is placed last: a sum of ranks orders the same
  // Stryker disable next-line EqualityOperator: bucket names are distinct map keys, never equal
  return [...buckets.entries()].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

function withTotal<R extends CountBase>(rows: R[], total: (rows: readonly R[]) => R): R[] {
  return rows.length === 0 ? rows : [...rows, total(rows)];
}

function sum<R>(rows: readonly R[], field: (row: R) => number): number {
  return rows.reduce((total, row) => total + field(row), 0);
}

/**
 * The fast engine counts a probe per source class from its rows (netpol/fast/count.ts),
 * never visiting class pairs one by one: 10,000 pods in 6,924 classes take well under a second
 * where asking the engine per class pair takes about ten. The scope's sides are flat arrays
 * (150,000 endpoints: maps and sets per class cost more than the counting).
 */
interface FastSides {
  /** Per destination class: its endpoints in scope. */
  readonly weights: Float64Array;
  /** The source classes in scope, in order of their first endpoint in scope; per source class (same order): */
  readonly classes: readonly number[];
  /** its endpoints in scope, */
  readonly senders: Float64Array;
  /** its Pods in scope on both sides (their self-pairs are always allowed), */
  readonly loops: Float64Array;
  /** its first endpoint in scope, */
  readonly firstSender: Int32Array;
  /** and its bucket (index into `buckets`: the bucket of its first endpoint in scope). */
  readonly bucketOf: Int32Array;
  /** Per destination class: one of its endpoints in scope (any stands for the class; 0 for a class of weight 0). */
  readonly receiver: Int32Array;
  /** Bucket names, sorted as the rows are. */
  readonly buckets: readonly string[];
}

/** The scope's classes on each side, computed once for every probe. */
function fastSides(analysis: Analysis, prepared: PreparedFastEngine, scope: ReachScope): FastSides {
  const { classOf } = prepared.grouping;
  const { endpoints } = analysis.model;
  const weights = classWeights(prepared, scope.destinations);
  const destination = new Uint8Array(endpoints.length);
  const receiver = new Int32Array(prepared.grouping.classes.length);
  for (const index of scope.destinations) {
    destination[index] = 1;
    receiver[classOf[index] as number] = index;
  }
  const position = new Int32Array(prepared.grouping.classes.length).fill(-1);
  const classes: number[] = [];
  const firstOf: number[] = [];
  const senders: number[] = [];
  const loops: number[] = [];
  for (const index of scope.sources) {
    const classIndex = classOf[index] as number;
    let at = position[classIndex] as number;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a class in several entries sums to the same counts (a class lies in one namespace, so in one bucket)
    if (at < 0) {
      at = position[classIndex] = classes.length;
      classes.push(classIndex);
      firstOf.push(index);
      senders.push(0);
      loops.push(0);
    }
    senders[at]++;
    const endpoint = endpoints[index] as Endpoint;
    if (destination[index] === 1 && isLoopback(endpoint, endpoint)) loops[at]++;
  }
  const bucketNames = firstOf.map((index) => bucketOf(endpoints[index] as Endpoint));
  const buckets = sortedBuckets(new Map(bucketNames.map((name) => [name, name]))).map(([name]) => name);
  const bucketIndex = new Map(buckets.map((name, i) => [name, i]));
  return {
    weights,
    classes,
    senders: Float64Array.from(senders),
    loops: Float64Array.from(loops),
    firstSender: Int32Array.from(firstOf),
    bucketOf: Int32Array.from(bucketNames, (name) => bucketIndex.get(name) as number),
    receiver,
    buckets,
  };
}

/** One probe's rows per bucket (sorted), from the sides computed once. */
function fastProbeRows(prepared: PreparedFastEngine, scope: ReachScope, probe: PortProbe, sides: FastSides): ProbeCountRow[] {
  const reach = prepared.reachWeights(probe, sides.weights);
  const senders = new Float64Array(sides.buckets.length);
  const allowed = new Float64Array(sides.buckets.length);
  sides.classes.forEach((classIndex, at) => {
    const count = sides.senders[at] as number;
    const selfLoops = sides.loops[at] as number;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: without self-pairs the loops are 0 either way; the test only spares classAllows
    const loops = selfLoops > 0 && !prepared.classAllows(probe, classIndex, classIndex) ? selfLoops : 0;
    const bucket = sides.bucketOf[at] as number;
    senders[bucket] += count;
    allowed[bucket] += count * (reach[classIndex] as number) + loops;
  });
  return sides.buckets.map((from, bucket) => {
    const pairs = (senders[bucket] as number) * scope.destinations.length;
    return { probe, from, sources: senders[bucket] as number, pairs, allowed: allowed[bucket] as number, denied: pairs - (allowed[bucket] as number) };
  });
}

function isFast(prepared: Analysis["prepared"]): prepared is PreparedFastEngine {
  return typeof (prepared as Partial<PreparedFastEngine>).reachWeights === "function";
}

/** Allowed and denied pairs per probe and source namespace, then a TOTAL_BUCKET row per probe. */
export function probeCounts(analysis: Analysis, probes: readonly PortProbe[], scope: ReachScope, onProgress?: (done: number, total: number) => void): CountReport {
  const { prepared } = analysis;
  const fast = isFast(prepared) ? { prepared, sides: fastSides(analysis, prepared, scope) } : undefined;
  const rows = probes.flatMap((probe, probeIndex) => {
    const progress = onProgress === undefined ? undefined : (done: number, total: number) => onProgress(probeIndex * total + done, probes.length * total);
    const perBucket = fast !== undefined
      ? fastProbeRows(fast.prepared, scope, probe, fast.sides)
      : sortedBuckets(tally(analysis, scope, { loopback: "allowed", names: ["allowed", "denied"] }, (from, to) => (prepared.allows(from, to, probe) ? "allowed" : "denied"), progress))
        .map(([from, { sources, pairs, counts }]) => ({ probe, from, sources, pairs, allowed: counts["allowed"] as number, denied: counts["denied"] as number }));
    return withTotal(perBucket, (all) => ({ probe, from: TOTAL_BUCKET, sources: sum(all, (r) => r.sources), pairs: sum(all, (r) => r.pairs), allowed: sum(all, (r) => r.allowed), denied: sum(all, (r) => r.denied) }));
  });
  return { kind: "probe-counts", destinations: scope.destinations.length, rows };
}

function connectionColumn(connections: ConnectionSet): "none" | "some" | "all" {
  return connections.isEmpty() ? "none" : connections.isAll() ? "all" : "some";
}

/**
 * As tally for connection sets, with the fast engine: only the class pairs that some boundary
 * probe allows (netpol/classLevel.ts) and each class with itself (its loopbacks) are classified;
 * every other governed pair has no connection at all ("none"). Work follows the answer.
 */
const NO_CLASSES = new Int32Array(0);

function fastConnectionRows(analysis: Analysis, fast: PreparedFastEngine, scope: ReachScope, onProgress?: (done: number, total: number) => void): ConnectionCountRow[] {
  const { model } = analysis;
  const sides = fastSides(analysis, fast, scope);
  const connected = allowedClassPairs(fast, boundaryProbes(model), sides.weights);
  const podDestinations = scope.destinations.filter((index) => (model.endpoints[index] as Endpoint).kind === "pod").length;
  const size = sides.buckets.length;
  const [senders, pairs, none, some, all] = [0, 1, 2, 3, 4].map(() => new Float64Array(size)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const columns = { none, some, all };
  sides.classes.forEach((classIndex, at) => {
    if (at % 1000 === 0) onProgress?.(at, sides.classes.length);
    const bucket = sides.bucketOf[at] as number;
    const count = sides.senders[at] as number;
    const from = sides.firstSender[at] as number;
    const governed = count * ((model.endpoints[from] as Endpoint).kind === "pod" ? scope.destinations.length : podDestinations);
    senders[bucket] += count;
    pairs[bucket] += governed;
    none[bucket] += governed;
    // The class with itself too (its pairs and its Pods' self-pairs); with no receiver in scope it adds zero pairs.
    const destinations = connected.get(classIndex) ?? NO_CLASSES;
    const visit = (destination: number): void => {
      const to = sides.receiver[destination] as number;
      if (!isGoverned(model, from, to)) return;
      const classPairs = count * (sides.weights[destination] as number);
      const pair = destination === classIndex ? selfPair(analysis, fast, classIndex) : { from, to };
      const column = pair === undefined ? "all" : connectionColumn(fast.connections(pair.from, pair.to));
      // Pods' self-pairs are always allowed: moved to "all" (a no-op when the column is "all").
      const loops = destination === classIndex ? (sides.loops[at] as number) : 0;
      none[bucket] -= classPairs;
      columns[column][bucket] += classPairs - loops;
      all[bucket] += loops;
    };
    for (const destination of destinations) visit(destination);
    if (!destinations.includes(classIndex)) visit(classIndex);
  });
  return sides.buckets.map((from, bucket) => ({ from, sources: senders[bucket] as number, pairs: pairs[bucket] as number, none: none[bucket] as number, some: some[bucket] as number, all: all[bucket] as number }));
}

/** Two members of a class standing for its pairs with itself, or undefined for a lone Pod (its only pair is its loopback). */
function selfPair(analysis: Analysis, fast: PreparedFastEngine, classIndex: number): { from: number; to: number } | undefined {
  const members = (fast.grouping.classes[classIndex] as { members: readonly number[] }).members;
  if (members.length > 1) return { from: members[0] as number, to: members[1] as number };
  const only = analysis.model.endpoints[members[0] as number] as Endpoint;
  return isLoopback(only, only) ? undefined : { from: members[0] as number, to: members[0] as number };
}

/** Pairs with nothing, some, or everything allowed, per source namespace, then a TOTAL_BUCKET row. */
export function connectionCounts(analysis: Analysis, scope: ReachScope, onProgress?: (done: number, total: number) => void): CountReport {
  const fast = classLevelEngine(analysis.prepared);
  const perBucket = fast !== undefined
    ? fastConnectionRows(analysis, fast, scope, onProgress)
    : sortedBuckets(tally(analysis, scope, { loopback: "all", names: ["none", "some", "all"] }, (from, to) => connectionColumn(analysis.prepared.connections(from, to)), onProgress))
      .map(([from, { sources, pairs, counts }]) => ({ from, sources, pairs, none: counts["none"] as number, some: counts["some"] as number, all: counts["all"] as number }));
  const rows = withTotal(perBucket, (all) => ({ from: TOTAL_BUCKET, sources: sum(all, (r) => r.sources), pairs: sum(all, (r) => r.pairs), none: sum(all, (r) => r.none), some: sum(all, (r) => r.some), all: sum(all, (r) => r.all) }));
  return { kind: "connection-counts", destinations: scope.destinations.length, rows };
}
