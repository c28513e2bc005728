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
import { ProbeRows, probeRows } from "./probe";

export interface PreparedFastEngine extends PreparedEngine {
  readonly grouping: ClassGrouping;
  /** Allowed ordered pod pairs (self-pairs included, externals excluded) on `probe`, counted per class. */
  countAllowedPodPairs(probe: PortProbe): number;
}

const probeKey = (probe: PortProbe): string => `${probe.protocol}/${probe.port}`;

export function prepareFast(model: NetpolModel): PreparedFastEngine {
  const grouping = groupIntoClasses(model);
  const compiled = compilePolicies(model, grouping);
  const rowsByProbe = new Map<string, ProbeRows>();
  const rowsFor = (probe: PortProbe): ProbeRows => {
    const key = probeKey(probe);
    const cached = rowsByProbe.get(key);
    if (cached !== undefined) return cached;
    const rows = probeRows(grouping, compiled, probe);
    rowsByProbe.set(key, rows);
    return rows;
  };
  const connectionsByPair = new Map<number, ConnectionSet>();
  const classCount = grouping.classes.length;
  const podWeights = grouping.classes.slice(0, grouping.podClassCount).map((endpointClass) => endpointClass.members.length);
  return {
    grouping,
    allows(from, to, probe) {
      const source = grouping.classOf[from] as number;
      const destination = grouping.classOf[to] as number;
      const rows = rowsFor(probe);
      return has(rows.egress[source] as Int32Array, destination) && has(rows.ingress[destination] as Int32Array, source);
    },
    connections(from, to) {
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
      const rows = rowsFor(probe);
      return countAllowedPairs(rows.ingress, rows.egress, podWeights);
    },
  };
}

export const fastEngine: Engine & { prepare(model: NetpolModel): PreparedFastEngine } = {
  name: "fast",
  prepare: prepareFast,
};
