/**
 * The fast engine: endpoints grouped into equivalence classes, policies compiled once into
 * bitsets over classes, per-probe rows built lazily and shared. Answers the same Engine
 * interface as the reference engine, plus class-level counting for whole-cluster questions.
 */
import { ConnectionSet } from "../connections";
import { Engine, PortProbe, PreparedEngine } from "../engine";
import { NetpolModel } from "../model";
import { Bitset, has } from "./bitset";
import { ClassGrouping, EndpointClass, groupIntoClasses } from "./classes";
import { CompiledPolicies, compilePolicies } from "./compile";
import { pairConnections } from "./connections";
import { countAllowedPairs } from "./count";
import { ProbeRows, probeRows, probeSignature } from "./probe";
import { reachWeights } from "./reachWeights";

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
}

/**
 * A Pod paired with itself is never blocked ("a pod cannot block access to itself"); a workload
 * paired with itself stands for its replicas and stays governed (as netpol/match.ts isLoopback).
 */
function isLoopback(model: NetpolModel, from: number, to: number): boolean {
  const endpoint = model.endpoints[from];
  return from === to && endpoint?.kind === "pod" && endpoint.sourceKind === "Pod";
}

/** Caches per probe signature and per class pair: the engine is asked about many endpoint pairs of few classes. */
class PreparedFast implements PreparedFastEngine {
  readonly grouping: ClassGrouping;
  private readonly compiled: CompiledPolicies;
  private readonly signatureByProbe = new Map<string, string>();
  private readonly rowsBySignature = new Map<string, ProbeRows>();
  private readonly countBySignature = new Map<string, number>();
  private readonly connectionsByPair = new Map<number, ConnectionSet>();
  private readonly podWeights: readonly number[];
  private readonly loopbackPods: readonly number[];

  constructor(private readonly model: NetpolModel) {
    this.grouping = groupIntoClasses(model);
    this.compiled = compilePolicies(model, this.grouping);
    const podClasses = this.grouping.classes.slice(0, this.grouping.podClassCount);
    this.podWeights = podClasses.map((endpointClass) => endpointClass.members.length);
    this.loopbackPods = podClasses.map((endpointClass) => endpointClass.members.filter((member) => isLoopback(model, member, member)).length);
  }

  allows(from: number, to: number, probe: PortProbe): boolean {
    if (isLoopback(this.model, from, to)) return true;
    return classAllows(this.rowsFor(probe), this.grouping.classOf[from] as number, this.grouping.classOf[to] as number);
  }

  connections(from: number, to: number): ConnectionSet {
    if (isLoopback(this.model, from, to)) return ConnectionSet.ALL;
    const source = this.grouping.classOf[from] as number;
    const destination = this.grouping.classOf[to] as number;
    const key = source * this.grouping.classes.length + destination;
    const cached = this.connectionsByPair.get(key);
    if (cached !== undefined) return cached;
    const destinationEndpoint = (this.grouping.classes[destination] as EndpointClass).representative;
    const result = pairConnections(this.compiled.ingress, this.compiled.egress, { source, destination, destinationEndpoint });
    this.connectionsByPair.set(key, result);
    return result;
  }

  countAllowedPodPairs(probe: PortProbe): number {
    const signature = this.signatureOf(probe);
    const cached = this.countBySignature.get(signature);
    if (cached !== undefined) return cached;
    const rows = this.rowsFor(probe);
    // The class count treats a Pod's self-pair like any pair of its class; loopback always allows it.
    const blockedLoopbacks = this.loopbackPods.reduce((sum, pods, classIndex) => (classAllows(rows, classIndex, classIndex) ? sum : sum + pods), 0);
    const count = countAllowedPairs(rows.ingress, rows.egress, this.podWeights, this.compiled.sets.all) + blockedLoopbacks;
    this.countBySignature.set(signature, count);
    return count;
  }

  reachWeights(probe: PortProbe, weights: Float64Array): Float64Array {
    return reachWeights(this.rowsFor(probe), weights, this.compiled.sets.all);
  }

  classAllows(probe: PortProbe, source: number, destination: number): boolean {
    return classAllows(this.rowsFor(probe), source, destination);
  }

  private signatureOf(probe: PortProbe): string {
    const key = `${probe.protocol}/${probe.port}`;
    let signature = this.signatureByProbe.get(key);
    if (signature === undefined) {
      signature = probeSignature(this.compiled, probe);
      this.signatureByProbe.set(key, signature);
    }
    return signature;
  }

  private rowsFor(probe: PortProbe): ProbeRows {
    const signature = this.signatureOf(probe);
    let rows = this.rowsBySignature.get(signature);
    if (rows === undefined) {
      rows = probeRows(this.grouping, this.compiled, probe);
      this.rowsBySignature.set(signature, rows);
    }
    return rows;
  }
}

function classAllows(rows: ProbeRows, source: number, destination: number): boolean {
  return has(rows.egress[source] as Bitset, destination) && has(rows.ingress[destination] as Bitset, source);
}

export function prepareFast(model: NetpolModel): PreparedFastEngine {
  return new PreparedFast(model);
}

/** An Engine whose prepared form also counts at class level. */
export interface FastEngine extends Engine {
  readonly name: "fast";
  prepare(model: NetpolModel): PreparedFastEngine;
}

export const fastEngine: FastEngine = {
  name: "fast",
  prepare: prepareFast,
};
