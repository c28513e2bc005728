/**
 * `reach` and `verify` at class level (netpol/classLevel.ts) against pair by pair: with the fast
 * engine, the allowed-only listings, the connection counts and verify's differences come from the
 * allowed class pairs; they must equal what the reference engine gives asking every endpoint pair,
 * on random clusters (small, many; synthetic ones of medium size in classLevelMedium.test.ts).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { boundaryProbes } from "../../../netpol/classLevel";
import { syntheticCluster } from "../../../netpol/generate/synthetic";
import { prepare } from "../../../netpol/reach";
import { clusterArb, PROBES } from "../generators/arbitraries";
import { assertReachAgrees, assertVerifyAgrees, intentNearTruth } from "./classLevelAgreement";
import { propertyRuns } from "../../depth";

const SEED = Number(process.env.NETPOL_DIFFERENTIAL_SEED ?? 20261130);
const RUNS = propertyRuns("NETPOL_CLASS_LEVEL_RUNS", { quick: 50, deep: 300 });

describe("netpol reach and verify at class level equal pair by pair", () => {
  it(`on ${RUNS} random small clusters: listings, counts, verify (each side too)`, function () {
    this.timeout(600_000);
    fc.assert(
      fc.property(
        clusterArb(),
        fc.subarray([...PROBES], { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { maxLength: 5 }),
        fc.array(fc.boolean(), { maxLength: 5 }),
        fc.array(fc.nat(1000), { maxLength: 40 }),
        (cluster, probes, keepFrom, keepTo, choices) => {
          assertReachAgrees(cluster.objects, probes, keepFrom, keepTo);
          assertVerifyAgrees(cluster.objects, intentNearTruth(cluster.objects, choices, false), 1 + (choices.length % 4));
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("boundary probes: one per group of ports every matcher treats alike", () => {
    const objects = syntheticCluster({ pods: 200, namespaces: 20, policies: 60, seed: 3 });
    const { model } = prepare(objects, "fast");
    const probes = boundaryProbes(model);
    assert.ok(probes.length < 40, `${probes.length} probes`);
    assert.ok(probes.some((probe) => probe.port === 1), "port 1: every port no matcher names");
    assert.equal(new Set(probes.map((probe) => `${probe.protocol}/${probe.port}`)).size, probes.length);
  });
});
