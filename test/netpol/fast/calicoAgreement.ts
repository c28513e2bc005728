/**
 * The check the Calico differential tests share: the fast engine agrees with the reference engine
 * on every pair's connection set and every probe under Calico's tiers, and its class-level answers
 * (classAllows, countAllowedPodPairs, reachWeights, forEachAllowed) are the reference's answers
 * summed or listed per class. Used on random clusters (calicoDifferential.test.ts) and on
 * hand-built ones (tieredCrafted.test.ts).
 */
import { strict as assert } from "assert";
import { engineFor, fastEngineLimit } from "../../../netpol";
import { PortProbe } from "../../../netpol/engine";
import { FastOptions, prepareFast, PreparedFastEngine } from "../../../netpol/fast";
import { isLoopback } from "../../../netpol/match";
import { NetpolModel, Protocol } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";

const where = (model: NetpolModel, from: number, to: number): string => `${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`;

export function containerPortProbes(model: NetpolModel): PortProbe[] {
  const numbers = [...new Set(model.pods.flatMap((pod) => pod.ports.map((port) => port.port)))];
  return numbers.flatMap((port) => (["TCP", "UDP", "SCTP"] as Protocol[]).map((protocol) => ({ port, protocol })));
}

export function assertEnginesAgree(model: NetpolModel, probes: readonly PortProbe[], options: FastOptions): void {
  const fast: PreparedFastEngine = prepareFast(model, options);
  const reference = referenceEngine.prepare(model);
  const pods = model.pods.length;
  const size = model.endpoints.length;
  const podPairs = probes.map(() => 0);
  // Under tiers, a pair whose pod has several IPs is decided per address pair (the reference
  // engine alone): the fast engine hands such models over, and agrees on every other pair.
  const severalIps = (index: number): boolean => (model.endpoints[index]?.kind === "pod" && (model.endpoints[index] as { ips: readonly unknown[] }).ips.length > 1);
  const limited = fastEngineLimit(model) !== undefined;
  assert.equal(limited, model.calico !== undefined && model.pods.some((pod) => pod.ips.length > 1), "the fast engine refuses tiered models with pods of several IPs, only those");
  assert.equal(engineFor("fast", model).engine.name, limited ? "reference" : "fast");
  for (let from = 0; from < size; from++) {
    for (let to = 0; to < size; to++) {
      if (from >= pods && to >= pods) continue;
      if (limited && (severalIps(from) || severalIps(to))) continue;
      const expected = reference.connections(from, to);
      const actual = fast.connections(from, to);
      if (!actual.equals(expected)) assert.fail(`connections ${where(model, from, to)}: fast ${actual.format()}, reference ${expected.format()}`);
      probes.forEach((probe, index) => {
        const verdict = reference.allows(from, to, probe);
        if (fast.allows(from, to, probe) !== verdict) assert.fail(`${probe.protocol}/${probe.port} ${where(model, from, to)}: reference says ${verdict}`);
        if (verdict && from < pods && to < pods) podPairs[index]++;
      });
    }
  }
  // The class-level answers sum or list every pair: the fast engine does not give them for a model it hands over.
  if (limited) return;
  assert.deepEqual(probes.map((probe) => fast.countAllowedPodPairs(probe)), podPairs, "allowed pod pairs per probe, counted per class");
  assertClassLevel(model, fast, reference, probes);
}

/**
 * classAllows equals the reference on every member pair of the two classes (a Pod's self-pair
 * aside; external with external is not governed); reachWeights and forEachAllowed are what
 * classAllows sums and lists, with weights that include zeros.
 */
function assertClassLevel(model: NetpolModel, fast: PreparedFastEngine, reference: ReturnType<typeof referenceEngine.prepare>, probes: readonly PortProbe[]): void {
  const { classes, podClassCount } = fast.grouping;
  const weights = Float64Array.from(classes, (_, index) => (index * 7 + 1) % 4);
  for (const probe of probes) {
    const expectedReach = new Float64Array(classes.length);
    const expectedPairs: string[] = [];
    classes.forEach((source, s) => {
      classes.forEach((destination, d) => {
        const allowed = fast.classAllows(probe, s, d);
        if (s < podClassCount || d < podClassCount) {
          for (const from of source.members) {
            for (const to of destination.members) {
              if (isLoopback(model.endpoints[from]!, model.endpoints[to]!)) continue;
              if (reference.allows(from, to, probe) !== allowed) assert.fail(`classAllows ${probe.protocol}/${probe.port} class ${s} -> ${d} (${where(model, from, to)}): fast ${allowed}`);
            }
          }
        }
        if (allowed) expectedReach[s] += weights[d]!;
        if (allowed && weights[d] !== 0) expectedPairs.push(`${s}>${d}`);
      });
    });
    assert.deepEqual([...fast.reachWeights(probe, weights)], [...expectedReach], `reachWeights ${probe.protocol}/${probe.port}`);
    const listed: string[] = [];
    fast.forEachAllowed(probe, weights, (source, destinations) => {
      for (const destination of destinations) listed.push(`${source}>${destination}`);
    });
    assert.deepEqual(listed.sort(), expectedPairs.sort(), `forEachAllowed ${probe.protocol}/${probe.port}`);
  }
}

