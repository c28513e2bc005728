/**
 * The fast engine: endpoints grouped into equivalence classes, policies compiled once into
 * bitsets over classes, per-probe rows built lazily and shared. Answers the same Engine
 * interface as the reference engine, plus class-level counting for whole-cluster questions.
 */
import { ConnectionSet } from "../connections";
import { Engine, PortProbe, PreparedEngine } from "../engine";
import { NetpolModel } from "../model";
import { has } from "./bitset";
import { ClassGrouping, groupIntoClasses } from "./classes";
import { compilePolicies } from "./compile";
import { pairConnections } from "./connections";
import { countAllowedPairs } from "./count";
import { ProbeRows, probeRows, probeSignature } from "./probe";

export interface PreparedFastEngine extends PreparedEngine {
  readonly grouping: ClassGrouping;
  /** Allowed ordered pod pairs (self-pairs included, externals excluded) on `probe`, counted per class. */
  countAllowedPodPairs(probe: PortProbe): number;
}

const probeKey = (probe: PortProbe): string => `${probe.protocol}/${probe.port}`;

/**
 * A Pod paired with itself is never blocked ("a pod cannot block access to itself"); a workload
 * paired with itself stands for its replicas and stays governed (as netpol/match.ts isLoopback).
 */
function isLoopback(model: NetpolModel, from: number, to: number): boolean {
  const endpoint = model.endpoints[from];
  return from === to && endpoint?.kind === "pod" && endpoint.sourceKind === "Pod";
}

/** Per pod class: how many of its members are Pods (whose self-pair is always allowed). */
function loopbackPodsPerClass(model: NetpolModel, grouping: ClassGrouping): number[] {
  return grouping.classes.slice(0, grouping.podClassCount).map((endpointClass) =>
    endpointClass.members.filter((member) => isLoopback(model, member, member)).length);
}

export function prepareFast(model: NetpolModel): PreparedFastEngine {
  const grouping = groupIntoClasses(model);
  const compiled = compilePolicies(model, grouping);
  const signatureByProbe = new Map<string, string>();
  const rowsBySignature = new Map<string, ProbeRows>();
  const countBySignature = new Map<string, number>();
  const signatureOf = (probe: PortProbe): string => {
    const key = probeKey(probe);
    let signature = signatureByProbe.get(key);
    if (signature === undefined) {
      signature = probeSignature(compiled, probe);
      signatureByProbe.set(key, signature);
    }
    return signature;
  };
  const rowsFor = (probe: PortProbe): ProbeRows => {
    const signature = signatureOf(probe);
    const cached = rowsBySignature.get(signature);
    if (cached !== undefined) return cached;
    const rows = probeRows(grouping, compiled, probe);
    rowsBySignature.set(signature, rows);
    return rows;
  };
  const connectionsByPair = new Map<number, ConnectionSet>();
  const classCount = grouping.classes.length;
  const podWeights = grouping.classes.slice(0, grouping.podClassCount).map((endpointClass) => endpointClass.members.length);
  const loopbackPods = loopbackPodsPerClass(model, grouping);
  const classAllows = (rows: ProbeRows, source: number, destination: number): boolean =>
    has(rows.egress[source] as Int32Array, destination) && has(rows.ingress[destination] as Int32Array, source);
  return {
    grouping,
    allows(from, to, probe) {
      if (isLoopback(model, from, to)) return true;
      return classAllows(rowsFor(probe), grouping.classOf[from] as number, grouping.classOf[to] as number);
    },
    connections(from, to) {
      if (isLoopback(model, from, to)) return ConnectionSet.ALL;
      const source = grouping.classOf[from] as number;
      const destination = grouping.classOf[to] as number;
      const key = source * classCount + destination;
      const cached = connectionsByPair.get(key);
      if (cached !== undefined) return cached;
      const destinationEndpoint = grouping.classes[destination]?.representative ?? (model.endpoints[to] as NetpolModel["endpoints"][number]);
      const result = pairConnections(compiled.ingress, compiled.egress, { source, destination, destinationEndpoint });
      connectionsByPair.set(key, result);
      return result;
    },
    countAllowedPodPairs(probe) {
      const signature = signatureOf(probe);
      const cached = countBySignature.get(signature);
      if (cached !== undefined) return cached;
      const rows = rowsFor(probe);
      // The class count treats a Pod's self-pair like any pair in its class; loopback always allows it.
      const blockedLoopbacks = loopbackPods.reduce((sum, pods, classIndex) => (classAllows(rows, classIndex, classIndex) ? sum : sum + pods), 0);
      const count = countAllowedPairs(rows.ingress, rows.egress, podWeights, compiled.sets.all) + blockedLoopbacks;
      countBySignature.set(signature, count);
      return count;
    },
  };
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
