/**
 * The fast engine under Calico's tiers, on hand-built clusters that reach the paths random small
 * clusters rarely do (tieredClusters.ts): named ports resolved per destination, Kubernetes rules
 * toward every peer, namespaced policies between global ones, and big peer sets shared by sides.
 * Every pair, probe and class-level answer must be the reference engine's, whatever the thresholds.
 */
import { strict as assert } from "assert";
import { buildModel, PortProbe } from "../../../netpol";
import { FastOptions } from "../../../netpol/fast";
import { NetpolModel } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";
import { assertEnginesAgree } from "./calicoAgreement";
import { bigPartCluster, namedPortsCluster, wideCluster } from "./tieredClusters";

/** Default thresholds, every peer set big, sets above 1, 2 or 30 big, none big; bitsets or lists. */
const REPRESENTATIONS: readonly FastOptions[] = [
  {}, { denseAbove: 0, bigAbove: 0 }, { bigAbove: 1 }, { denseAbove: 4, bigAbove: 2 }, { bigAbove: 30 }, { denseAbove: 1e9, bigAbove: 1e9 },
];

/**
 * For the wide clusters, cut to 21 pods (every pair is checked): peer sets above 0, 3 or 7 classes
 * big, or none. tieredStorage.test.ts has them at full width under the default thresholds.
 */
const WIDE_REPRESENTATIONS: readonly FastOptions[] = [{ denseAbove: 0, bigAbove: 0 }, { bigAbove: 3 }, { denseAbove: 4, bigAbove: 7 }, { denseAbove: 1e9, bigAbove: 1e9 }];
const WIDE = 21;

const PROBES: readonly PortProbe[] = [
  { port: 80, protocol: "TCP" }, { port: 8080, protocol: "TCP" }, { port: 443, protocol: "TCP" }, { port: 9000, protocol: "TCP" }, { port: 80, protocol: "UDP" },
];

/** How many ordered pairs (pods or externals on one end) the reference engine allows on `probe`. */
function allowedPairs(model: NetpolModel, probe: PortProbe): number {
  const reference = referenceEngine.prepare(model);
  let allowed = 0;
  for (let from = 0; from < model.endpoints.length; from++) {
    for (let to = 0; to < model.endpoints.length; to++) if (from !== to && (from < model.pods.length || to < model.pods.length) && reference.allows(from, to, probe)) allowed++;
  }
  return allowed;
}

describe("netpol fast engine: hand-built clusters under Calico tiers agree with the reference engine", function () {
  this.timeout(120_000);

  it("named ports resolved per destination, Kubernetes rules toward every peer, a namespace's policy ordered between global ones", () => {
    const model = buildModel(namedPortsCluster());
    // Not a cluster where everything or nothing is allowed: the probes split the pairs.
    for (const probe of PROBES.slice(0, 4)) {
      const allowed = allowedPairs(model, probe);
      assert.ok(allowed > 0 && allowed < model.endpoints.length * model.pods.length, `${probe.port}: ${allowed}`);
    }
    for (const options of REPRESENTATIONS) assertEnginesAgree(model, PROBES, options);
  });

  it("many classes: rule vectors and sides with big parts, some all in other exceptions", () => {
    const model = buildModel(wideCluster(WIDE));
    for (const options of WIDE_REPRESENTATIONS) assertEnginesAgree(model, PROBES, options);
  });

  it("a big part with exceptions inside it (admitted or not) and outside it", () => {
    const model = buildModel(bigPartCluster(WIDE));
    for (const options of WIDE_REPRESENTATIONS) assertEnginesAgree(model, PROBES, options);
  });
});
