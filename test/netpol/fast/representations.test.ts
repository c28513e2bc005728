/**
 * The fast engine's answers do not depend on how it stores sets: on random small clusters (as in
 * differential.test.ts), with thresholds that force every class set into a bitset or a sorted
 * list, and every peer set into a row's big part (walked once per big set) or small part (walked
 * per row), its verdicts, connection sets, per-class reach, listed class pairs and pair counts equal the reference
 * engine's. Small clusters under the default thresholds only ever take the sparse path, so
 * this is what keeps the dense and big paths honest.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel } from "../../../netpol";
import { PortProbe } from "../../../netpol/engine";
import { FastOptions, prepareFast } from "../../../netpol/fast";
import { NetpolModel } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";
import { clusterArb, PROBES } from "../generators/arbitraries";
import { propertyRuns } from "../../depth";

const SEED = Number(process.env.NETPOL_DIFFERENTIAL_SEED ?? 20261126) + 13;
const RUNS = Math.ceil(propertyRuns("NETPOL_DIFFERENTIAL_RUNS", { quick: 500, deep: 10_000 }) / 5);

const REPRESENTATIONS: readonly { readonly name: string; readonly options: FastOptions }[] = [
  { name: "bitsets, all big", options: { denseAbove: 0, bigAbove: 0 } },
  { name: "sorted lists, all big", options: { denseAbove: Number.MAX_SAFE_INTEGER, bigAbove: 0 } },
  { name: "bitsets, only everything big", options: { denseAbove: 0, bigAbove: Number.MAX_SAFE_INTEGER } },
  { name: "mixed: sets above 2 are bitsets, above 1 big", options: { denseAbove: 2, bigAbove: 1 } },
];

function assertAgrees(model: NetpolModel, probes: readonly PortProbe[], options: FastOptions): void {
  const fast = prepareFast(model, options);
  const reference = referenceEngine.prepare(model);
  const classes = fast.grouping.classes.length;
  const weights = Float64Array.from({ length: classes }, (_, classIndex) => (classIndex * 7) % 3); // some classes weigh nothing
  for (const probe of probes) {
    const allowedPods = { fast: fast.countAllowedPodPairs(probe), reference: 0 };
    const reach = fast.reachWeights(probe, weights);
    const expectedReach = new Float64Array(classes);
    for (let from = 0; from < model.endpoints.length; from++) {
      for (let to = 0; to < model.endpoints.length; to++) {
        if (from >= model.pods.length && to >= model.pods.length) continue;
        const verdict = reference.allows(from, to, probe);
        assert.equal(fast.allows(from, to, probe), verdict, `${probe.protocol}/${probe.port} ${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`);
        if (verdict && from < model.pods.length && to < model.pods.length) allowedPods.reference++;
      }
    }
    const expectedPairs: string[] = [];
    for (let source = 0; source < classes; source++) {
      for (let destination = 0; destination < classes; destination++) {
        if (!fast.classAllows(probe, source, destination)) continue;
        expectedReach[source] += weights[destination] as number;
        if ((weights[destination] as number) > 0) expectedPairs.push(`${source}>${destination}`);
      }
    }
    const listed: string[] = [];
    fast.forEachAllowed(probe, weights, (source, destinations) => destinations.forEach((destination) => listed.push(`${source}>${destination}`)));
    assert.equal(allowedPods.fast, allowedPods.reference, `allowed pod pairs on ${probe.protocol}/${probe.port}`);
    assert.deepEqual([...reach], [...expectedReach], `reach weights on ${probe.protocol}/${probe.port}`);
    assert.deepEqual(listed.sort(), expectedPairs.sort(), `allowed class pairs listed on ${probe.protocol}/${probe.port}`);
  }
  for (let from = 0; from < model.endpoints.length; from++) {
    for (let to = 0; to < model.endpoints.length; to++) {
      if (from >= model.pods.length && to >= model.pods.length) continue;
      assert.ok(fast.connections(from, to).equals(reference.connections(from, to)), `connections ${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`);
    }
  }
}

describe("netpol fast engine: the same answers whatever the sets' representation", () => {
  for (const { name, options } of REPRESENTATIONS) {
    it(`${name}: agrees with the reference on ${RUNS} random clusters`, function () {
      this.timeout(120_000);
      fc.assert(
        fc.property(clusterArb(), fc.subarray([...PROBES], { minLength: 1, maxLength: 3 }), (cluster, probes) => assertAgrees(buildModel(cluster.objects), probes, options)),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }
});
