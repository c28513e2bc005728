/**
 * Two engines, one truth: on random small clusters and policy sets, the fast engine must agree
 * with the reference engine on every probe, every connection set and every pair count.
 * Small clusters, many runs: disagreements hide in corner cases, not in size.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel, reachJson } from "../../../netpol";
import { PortProbe } from "../../../netpol/engine";
import { fastEngine, PreparedFastEngine } from "../../../netpol/fast";
import { clusterArb, PROBES, SmallCluster } from "../generators/arbitraries";
import { KubeObject } from "../../../netpol/generate/kube";
import { NetpolModel } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";
import { propertyRuns } from "../../depth";

/** Fixed so a failure replays; fast-check prints the seed and the shrunk counterexample. */
const SEED = Number(process.env.NETPOL_DIFFERENTIAL_SEED ?? 20261126);
/** NETPOL_DIFFERENTIAL_RUNS=100000 for a longer hunt. */
const DIFFERENTIAL_RUNS = propertyRuns("NETPOL_DIFFERENTIAL_RUNS", { quick: 300, deep: 10_000 });

function describePair(model: NetpolModel, from: number, to: number): string {
  return `${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`;
}

/**
 * Every ordered pair the engines answer for (pods with pods and with external atoms, both ways):
 * connection sets and probe verdicts must match; returns the reference's allowed pod-pair count per probe.
 */
function assertPairsAgree(model: NetpolModel, fast: PreparedFastEngine, probes: readonly PortProbe[]): number[] {
  const reference = referenceEngine.prepare(model);
  const podPairsAllowed = probes.map(() => 0);
  for (let from = 0; from < model.endpoints.length; from++) {
    for (let to = 0; to < model.endpoints.length; to++) {
      if (from >= model.pods.length && to >= model.pods.length) continue;
      const expected = reference.connections(from, to);
      const actual = fast.connections(from, to);
      if (!actual.equals(expected)) assert.fail(`connections ${describePair(model, from, to)}: fast ${actual.format()}, reference ${expected.format()}`);
      probes.forEach((probe, index) => {
        const verdict = reference.allows(from, to, probe);
        if (fast.allows(from, to, probe) !== verdict) assert.fail(`${probe.protocol}/${probe.port} ${describePair(model, from, to)}: reference says ${verdict}`);
        if (verdict && from < model.pods.length && to < model.pods.length) podPairsAllowed[index]++;
      });
    }
  }
  return podPairsAllowed;
}

function assertEnginesAgree(model: NetpolModel, probes: readonly PortProbe[]): void {
  const fast = fastEngine.prepare(model);
  const expectedCounts = assertPairsAgree(model, fast, probes);
  assert.deepEqual(probes.map((probe) => fast.countAllowedPodPairs(probe)), expectedCounts, "allowed pod pairs per probe, counted per class");
}

function containerPortNumbers(objects: readonly KubeObject[]): number[] {
  const specs = objects.flatMap((object) => (object.kind === "Pod" ? [object.spec] : object.kind === "Deployment" ? [object.spec.template.spec] : []));
  return [...new Set(specs.flatMap((spec) => spec.containers.flatMap((container) => (container.ports ?? []).map((port) => port.containerPort))))];
}

const PROTOCOL_NAMES = ["TCP", "UDP", "SCTP"] as const;

/**
 * A cluster and its probes: 1-3 from the whole vocabulary (range bounds and either side), and
 * 1-3 on the cluster's own container port numbers with any protocol, where named ports resolve
 * (or, on another protocol, must not).
 */
const caseArb = clusterArb().chain((cluster) => {
  const onContainerPorts = containerPortNumbers(cluster.objects).flatMap((port) => PROTOCOL_NAMES.map((protocol) => ({ port, protocol })));
  const local = onContainerPorts.length === 0 ? fc.constant([]) : fc.subarray(onContainerPorts, { minLength: 1, maxLength: 3 });
  return fc.tuple(fc.constant(cluster), fc.subarray([...PROBES], { minLength: 1, maxLength: 3 }), local)
    .map(([generated, anywhere, onPods]): [SmallCluster, PortProbe[]] => [generated, [...anywhere, ...onPods]]);
});

describe("netpol fast engine: differential against the reference engine", () => {
  it(`agrees on probes, connection sets and pair counts for ${DIFFERENTIAL_RUNS} random clusters`, function () {
    this.timeout(120_000); // about 10 s of CPU; the margin is for a machine shared with other jobs
    fc.assert(
      fc.property(caseArb, ([cluster, probes]) => assertEnginesAgree(buildModel(cluster.objects), probes)),
      { numRuns: DIFFERENTIAL_RUNS, seed: SEED },
    );
  });

  it("gives the same `reach` JSON through the public API", () => {
    fc.assert(
      fc.property(caseArb, ([cluster, probes]) => {
        assert.deepEqual(reachJson(cluster.objects, probes, "fast"), reachJson(cluster.objects, probes, "reference"));
      }),
      { numRuns: 500, seed: SEED + 1 },
    );
  });
});
