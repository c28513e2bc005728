/**
 * Class level against pair by pair on synthetic clusters of medium size (a few hundred pods,
 * sparse and dense): in the deep suite (`npm run test:deep`), as the reference engine's verify
 * with each side alone takes about a minute here.
 */
import { syntheticCluster } from "../../../netpol/generate/synthetic";
import { assertReachAgrees, assertVerifyAgrees, intentNearTruth } from "./classLevelAgreement";

describe("netpol reach and verify at class level equal pair by pair", () => {
  it("on synthetic clusters of medium size (sparse and dense)", function () {
    this.timeout(600_000);
    for (const options of [
      { pods: 300, namespaces: 60, policies: 150, seed: 1 },
      { pods: 300, namespaces: 12, policies: 40, seed: 2 },
    ]) {
      const objects = syntheticCluster(options);
      assertReachAgrees(objects, [{ port: 80, protocol: "TCP" }, { port: 53, protocol: "UDP" }, { port: 5432, protocol: "TCP" }], [], []);
      assertReachAgrees(objects, [{ port: 8080, protocol: "TCP" }], [true, false, false], [false, true]);
      assertVerifyAgrees(objects, intentNearTruth(objects, [3, 2, 1, 7, 5, 11, 2, 2, 9], true));
    }
  });
});
