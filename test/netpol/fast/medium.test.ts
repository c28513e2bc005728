/**
 * Old counting against new at medium size: synthetic clusters of a few thousand pods, with
 * sparse policy sets (every tenant isolated, a few allows each) and dense ones (most tenants
 * without any policy, so most pairs are allowed; or few namespaces with many policies each).
 * The pre-issue-13 engine (dense bitset rows over all classes, test/netpol/fast/legacy/) is the
 * oracle: the new engine must give exactly its numbers, with its default representation and
 * with thresholds forcing every set dense / sparse and every peer set into rows' big / small part.
 */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { PortProbe } from "../../../netpol/engine";
import { FastOptions, prepareFast } from "../../../netpol/fast";
import { syntheticCluster } from "../../../netpol/generate/synthetic";
import { NetpolModel } from "../../../netpol/model";
import { legacyCountAllowedPodPairs } from "./legacy";

/** The bench's probes, plus the synthetic cluster's other container ports (named ports resolve there) and DNS on TCP. */
const PROBES: readonly PortProbe[] = [
  ...[80, 443, 5432, 6379, 8080, 8443, 9000, 9090, 9100, 9187, 53].map((port) => ({ port, protocol: "TCP" as const })),
  { port: 53, protocol: "UDP" },
];

const SHAPES = [
  { name: "sparse: every tenant isolated", pods: 3000, namespaces: 600, policies: 2400 },
  { name: "dense: most tenants without policies", pods: 2500, namespaces: 250, policies: 60 },
  { name: "dense: few namespaces, many policies each", pods: 2000, namespaces: 12, policies: 400 },
] as const;

const REPRESENTATIONS: readonly { readonly name: string; readonly options: FastOptions }[] = [
  { name: "default thresholds", options: {} },
  { name: "every set a bitset, every peer set a row's big part", options: { denseAbove: 0, bigAbove: 0 } },
  { name: "every set a sorted list, only everything big", options: { denseAbove: Number.MAX_SAFE_INTEGER, bigAbove: Number.MAX_SAFE_INTEGER } },
];

function newCounts(model: NetpolModel, options: FastOptions): number[] {
  const prepared = prepareFast(model, options);
  return PROBES.map((probe) => prepared.countAllowedPodPairs(probe));
}

describe("netpol fast engine: new counting equals the old at medium size", function () {
  this.timeout(120_000);
  for (const shape of SHAPES) {
    for (const seed of [1, 2]) {
      it(`${shape.name} (${shape.pods} pods, ${shape.namespaces} namespaces, ${shape.policies} policies, seed ${seed})`, () => {
        const model = buildModel(syntheticCluster({ ...shape, seed }));
        const expected = legacyCountAllowedPodPairs(model, PROBES);
        assert.ok(expected.some((count) => count > model.pods.length), "some pairs besides the Pods' self-pairs are allowed");
        for (const { name, options } of REPRESENTATIONS) assert.deepEqual(newCounts(model, options), expected, name);
      });
    }
  }

  it("covers both kinds of answer: sparse (a few pairs per pod) and dense (most pairs)", () => {
    const perPod = SHAPES.map((shape) => {
      const model = buildModel(syntheticCluster({ ...shape, seed: 1 }));
      return legacyCountAllowedPodPairs(model, [{ port: 80, protocol: "TCP" }])[0] as number / model.pods.length;
    });
    assert.ok((perPod[0] as number) < 20, `sparse: ${perPod[0]} allowed pairs per pod`);
    assert.ok((perPod[1] as number) > 1000, `dense: ${perPod[1]} allowed pairs per pod`);
  });
});
