/**
 * Calico runs Kubernetes NetworkPolicies as policies of its default tier (order 1000): on random
 * clusters, evaluating them through Calico's tier walk (forced by an extra tier no policy uses)
 * must answer exactly as the plain Kubernetes semantics, for every pair and every probe.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel } from "../../../netpol";
import { NetpolModel } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";
import { clusterArb, PROBES } from "../generators/arbitraries";
import { propertyRuns } from "../../depth";

const SEED = Number(process.env.NETPOL_DIFFERENTIAL_SEED ?? 20261130);
const RUNS = propertyRuns("NETPOL_CALICO_DIFFERENTIAL_RUNS", { quick: 100, deep: 2_000 });
const UNUSED_TIER = { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "unused" }, spec: { order: 100 } };

function assertSameAnswers(plain: NetpolModel, tiered: NetpolModel): void {
  const [a, b] = [referenceEngine.prepare(plain), referenceEngine.prepare(tiered)];
  for (let from = 0; from < plain.endpoints.length; from++) {
    for (let to = 0; to < plain.endpoints.length; to++) {
      if (from >= plain.pods.length && to >= plain.pods.length) continue;
      const where = `${plain.endpoints[from]?.id} -> ${plain.endpoints[to]?.id}`;
      assert.ok(b.connections(from, to).equals(a.connections(from, to)), `connections ${where}: tiered ${b.connections(from, to).format()}, plain ${a.connections(from, to).format()}`);
      for (const probe of PROBES) assert.equal(b.allows(from, to, probe), a.allows(from, to, probe), `${probe.protocol}/${probe.port} ${where}`);
    }
  }
}

describe("calico: Kubernetes NetworkPolicies in the default tier answer as plain Kubernetes semantics (differential)", function () {
  this.timeout(300_000);

  it(`${RUNS.toLocaleString("en-US")} random clusters`, () => {
    fc.assert(
      fc.property(clusterArb(), ({ objects }) => {
        const plain = buildModel(objects);
        const tiered = buildModel([...objects, UNUSED_TIER]);
        assert.ok(plain.calico === undefined && tiered.calico !== undefined);
        assertSameAnswers(plain, tiered);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
