/**
 * Two engines, one truth: on random small clusters and policy sets, the fast engine must agree
 * with the reference engine on every probe, every connection set and every pair count.
 * Small clusters, many runs: disagreements hide in corner cases, not in size.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel, reachJson } from "../../../netpol";
import { PortProbe, PreparedEngine } from "../../../netpol/engine";
import { fastEngine } from "../../../netpol/fast";
import { clusterArb, PROBES } from "../../../netpol/generate/arbitraries";
import { NetpolModel } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";

/** Fixed so a failure replays; fast-check prints the seed and the shrunk counterexample. */
const SEED = 20261126;
const DIFFERENTIAL_RUNS = 10_000;

/** Every ordered pair the engines answer for: pods with pods and with external atoms, both ways. */
function orderedPairs(model: NetpolModel): [number, number][] {
  const pairs: [number, number][] = [];
  for (let from = 0; from < model.endpoints.length; from++) {
    for (let to = 0; to < model.endpoints.length; to++) {
      if (from < model.pods.length || to < model.pods.length) pairs.push([from, to]);
    }
  }
  return pairs;
}

function describePair(model: NetpolModel, from: number, to: number): string {
  return `${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`;
}

function referencePodPairCount(model: NetpolModel, reference: PreparedEngine, probe: PortProbe): number {
  let allowed = 0;
  for (let from = 0; from < model.pods.length; from++) {
    for (let to = 0; to < model.pods.length; to++) if (reference.allows(from, to, probe)) allowed++;
  }
  return allowed;
}

function assertEnginesAgree(model: NetpolModel, probes: readonly PortProbe[]): void {
  const reference = referenceEngine.prepare(model);
  const fast = fastEngine.prepare(model);
  for (const [from, to] of orderedPairs(model)) {
    const expected = reference.connections(from, to);
    const actual = fast.connections(from, to);
    assert.ok(actual.equals(expected), `connections ${describePair(model, from, to)}: fast ${actual.format()}, reference ${expected.format()}`);
    for (const probe of probes) {
      const verdict = reference.allows(from, to, probe);
      assert.equal(fast.allows(from, to, probe), verdict, `${probe.protocol}/${probe.port} ${describePair(model, from, to)}: reference says ${verdict}`);
    }
  }
  for (const probe of probes) {
    assert.equal(fast.countAllowedPodPairs(probe), referencePodPairCount(model, reference, probe), `pod pair count on ${probe.protocol}/${probe.port}`);
  }
}

const probesArb = fc.subarray([...PROBES], { minLength: 1, maxLength: 6 });

describe("netpol fast engine: differential against the reference engine", () => {
  it(`agrees on probes, connection sets and pair counts for ${DIFFERENTIAL_RUNS} random clusters`, () => {
    fc.assert(
      fc.property(clusterArb(), probesArb, (cluster, probes) => assertEnginesAgree(buildModel(cluster.objects), probes)),
      { numRuns: DIFFERENTIAL_RUNS, seed: SEED },
    );
  });

  it("gives the same `reach` JSON through the public API", () => {
    fc.assert(
      fc.property(clusterArb(), probesArb, (cluster, probes) => {
        assert.deepEqual(reachJson(cluster.objects, probes, "fast"), reachJson(cluster.objects, probes, "reference"));
      }),
      { numRuns: 500, seed: SEED + 1 },
    );
  });
});
