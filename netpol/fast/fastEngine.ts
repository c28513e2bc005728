/**
 * The fast engine: endpoints grouped into equivalence classes, policies compiled once into
 * class sets sized to their answer, per-probe rows interned by the peer sets they are made of,
 * and pair counts that follow the allowed pairs rather than classes². Answers the same Engine
 * interface as the reference engine, plus class-level counting for whole-cluster questions.
 */
import { ConnectionSet } from "../connections";
import { Engine, PortProbe, PreparedEngine } from "../engine";
import { NetpolModel } from "../model";
import { checkCapacity } from "./capacity";
import { ClassGrouping, EndpointClass, groupIntoClasses } from "./classes";
import { CompiledPolicies, compilePolicies } from "./compile";
import { pairConnections } from "./connections";
import { countAllowedPairs, forEachAllowed, reachWeights } from "./count";
import { EgressDestinations, ProbeRows, probeRows, probeSignature } from "./probe";
import { denseThreshold, ClassSet } from "./classSet";
import { Row, rowHas, RowOptions, RowTable } from "./rows";
import { SetOptions } from "./selectors";
import { TieredSides } from "./tiered";

export interface PreparedFastEngine extends PreparedEngine {
  readonly grouping: ClassGrouping;
  /** Allowed ordered pod pairs (self-pairs included, externals excluded) on `probe`, counted per class. */
  countAllowedPodPairs(probe: PortProbe): number;
  /**
   * For each class s: Σ weights[d] over the classes d that s may reach on `probe`, at class level
   * (a Pod paired with itself counts like any pair of its class; see classAllows).
   */
  reachWeights(probe: PortProbe, weights: Float64Array): Float64Array;
  /** The verdict for every pair from class `source` to class `destination`, a Pod's self-pair aside. */
  classAllows(probe: PortProbe, source: number, destination: number): boolean;
  /**
   * The allowed class pairs on `probe` among destinations of non-zero weight, source by source
   * (several calls for one source, disjoint ascending lists; class level, as classAllows): for
   * listing allowed pairs at scale, the work follows the answer rather than classes².
   */
  forEachAllowed(probe: PortProbe, weights: Float64Array, visit: (source: number, destinations: Int32Array) => void): void;
}

/**
 * Representation thresholds, for tests: every answer is the same whatever they are, only the
 * work differs. Defaults: sets above one member per 32 classes are bitsets, and are a row's big part.
 */
export type FastOptions = SetOptions & RowOptions;

/**
 * A Pod paired with itself is never blocked ("a pod cannot block access to itself"); a workload
 * paired with itself stands for its replicas and stays governed (as netpol/match.ts isLoopback).
 */
function isLoopback(model: NetpolModel, from: number, to: number): boolean {
  const endpoint = model.endpoints[from];
  // Stryker disable next-line ConditionalExpression,OptionalChaining: the endpoint always exists, and an external atom has no sourceKind, so never "Pod"
  return from === to && endpoint?.kind === "pod" && endpoint.sourceKind === "Pod";
}

/**
 * Caches per probe signature and per class pair: the engine is asked about many endpoint pairs of few classes.
 * A model with Calico tiers is answered through TieredSides (tiered.ts) instead of the compiled
 * Kubernetes rules; rows, counts and listings are then built and read the same way.
 */
class PreparedFast implements PreparedFastEngine {
  readonly grouping: ClassGrouping;
  /** Kubernetes semantics: the compiled rules (undefined under Calico tiers). */
  private readonly compiled: CompiledPolicies | undefined;
  private readonly destinations: EgressDestinations | undefined;
  /** Calico semantics: the tier walk per class pair (undefined without Calico). */
  private readonly tiered: TieredSides | undefined;
  private readonly table: RowTable;
  private readonly universe: { readonly size: number; readonly denseAbove: number; readonly all: ClassSet };
  private readonly signatureByProbe = new Map<string, string>();
  private readonly rowsBySignature = new Map<string, ProbeRows>();
  private readonly countBySignature = new Map<string, number>();
  /**
   * Per source class: destination class -> its connections. Two levels, so every key is a small
   * integer: one key per pair (source · classes + destination) passes 2^31 at 46,341 classes, and
   * V8 then boxes and hashes each key as a heap number.
   */
  private readonly connectionsBySource: (Map<number, ConnectionSet> | undefined)[];
  private readonly podWeights: Float64Array;
  private readonly loopbackPods: Int32Array;

  constructor(private readonly model: NetpolModel, options: FastOptions) {
    checkCapacity(model);
    this.grouping = groupIntoClasses(model);
    // Stryker disable next-line ArrayDeclaration: sized up front only so that V8 keeps it a plain array as rows fill in any order
    this.connectionsBySource = new Array<Map<number, ConnectionSet> | undefined>(this.grouping.classes.length);
    if (model.calico === undefined) {
      const compiled = compilePolicies(model, this.grouping, options);
      this.compiled = compiled;
      this.destinations = new EgressDestinations(compiled);
      this.universe = compiled.sets;
    } else {
      this.tiered = new TieredSides(model, this.grouping, options);
      const size = this.grouping.classes.length;
      this.universe = { size, denseAbove: options.denseAbove ?? denseThreshold(size), all: ClassSet.everything(size) };
    }
    this.table = new RowTable(this.universe, options);
    this.podWeights = new Float64Array(this.grouping.classes.length);
    this.loopbackPods = new Int32Array(this.grouping.podClassCount);
    for (let classIndex = 0; classIndex < this.grouping.podClassCount; classIndex++) {
      const members = (this.grouping.classes[classIndex] as EndpointClass).members;
      this.podWeights[classIndex] = members.length;
      for (const member of members) if (isLoopback(model, member, member)) this.loopbackPods[classIndex]++;
    }
  }

  allows(from: number, to: number, probe: PortProbe): boolean {
    if (isLoopback(this.model, from, to)) return true;
    return this.classAllows(probe, this.grouping.classOf[from] as number, this.grouping.classOf[to] as number);
  }

  connections(from: number, to: number): ConnectionSet {
    if (isLoopback(this.model, from, to)) return ConnectionSet.ALL;
    const source = this.grouping.classOf[from] as number;
    const destination = this.grouping.classOf[to] as number;
    const row = this.connectionsBySource[source] ?? (this.connectionsBySource[source] = new Map());
    const cached = row.get(destination);
    // Stryker disable next-line ConditionalExpression: a cache: computed again, the same set
    if (cached !== undefined) return cached;
    const destinationEndpoint = (this.grouping.classes[destination] as EndpointClass).representative;
    const result = this.compiled === undefined
      ? (this.tiered as TieredSides).pairConnections(source, destination)
      : pairConnections(this.compiled.ingress, this.compiled.egress, { source, destination, destinationEndpoint });
    row.set(destination, result);
    return result;
  }

  countAllowedPodPairs(probe: PortProbe): number {
    const signature = this.signatureOf(probe);
    const cached = this.countBySignature.get(signature);
    // Stryker disable next-line ConditionalExpression: a cache miss counts again, the same number
    if (cached !== undefined) return cached;
    const rows = this.rowsFor(probe);
    // The class count treats a Pod's self-pair like any pair of its class; loopback always allows it.
    let blockedLoopbacks = 0;
    this.loopbackPods.forEach((pods, classIndex) => {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a class without Pods adds 0
      if (pods > 0 && !this.rowsAllow(rows, classIndex, classIndex)) blockedLoopbacks += pods;
    });
    const count = countAllowedPairs(rows, this.table, this.podWeights) + blockedLoopbacks;
    this.countBySignature.set(signature, count);
    return count;
  }

  reachWeights(probe: PortProbe, weights: Float64Array): Float64Array {
    return reachWeights(this.rowsFor(probe), this.table, weights);
  }

  classAllows(probe: PortProbe, source: number, destination: number): boolean {
    return this.rowsAllow(this.rowsFor(probe), source, destination);
  }

  forEachAllowed(probe: PortProbe, weights: Float64Array, visit: (source: number, destinations: Int32Array) => void): void {
    forEachAllowed(this.rowsFor(probe), this.table, weights, visit);
  }

  private rowsAllow(rows: ProbeRows, source: number, destination: number): boolean {
    return rowHas(this.table.rows[rows.egress[source] as number] as Row, destination) && rowHas(this.table.rows[rows.ingress[destination] as number] as Row, source);
  }

  private signatureOf(probe: PortProbe): string {
    const key = `${probe.protocol}/${probe.port}`;
    let signature = this.signatureByProbe.get(key);
    // Stryker disable next-line ConditionalExpression: a cache miss computes the same signature
    if (signature === undefined) {
      signature = this.compiled === undefined ? (this.tiered as TieredSides).probeSignature(probe) : probeSignature(this.compiled, probe);
      this.signatureByProbe.set(key, signature);
    }
    return signature;
  }

  private rowsFor(probe: PortProbe): ProbeRows {
    const signature = this.signatureOf(probe);
    let rows = this.rowsBySignature.get(signature);
    // Stryker disable next-line ConditionalExpression: a cache miss builds the same rows (interned by the row table)
    if (rows === undefined) {
      rows = this.compiled === undefined
        ? (this.tiered as TieredSides).probeRows(this.table, this.universe, probe)
        : probeRows(this.grouping, this.compiled, this.table, this.destinations as EgressDestinations, probe);
      this.rowsBySignature.set(signature, rows);
    }
    return rows;
  }
}

export function prepareFast(model: NetpolModel, options: FastOptions = {}): PreparedFastEngine {
  return new PreparedFast(model, options);
}

/** An Engine whose prepared form also counts at class level. */
export interface FastEngine extends Engine {
  readonly name: "fast";
  prepare(model: NetpolModel): PreparedFastEngine;
}

export const fastEngine: FastEngine = {
  name: "fast",
  prepare: (model) => prepareFast(model),
};
