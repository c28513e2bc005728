/**
 * Two engines, one truth, under Calico's tiers: on random mixed clusters (Kubernetes
 * NetworkPolicies, tiers, GlobalNetworkPolicies and namespaced Calico policies with
 * Allow/Deny/Pass/Log, orders, selectors, nets, network sets, service accounts), the fast engine
 * must agree with the reference engine on every pair's connection set and every probe, and its
 * class-level answers (classAllows, countAllowedPodPairs, reachWeights, forEachAllowed) must be the
 * reference's answers summed or listed per class, under every representation of its sets and rows.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel, reachJson } from "../../../netpol";
import { PortProbe } from "../../../netpol/engine";
import { FastOptions, prepareFast, PreparedFastEngine } from "../../../netpol/fast";
import { isLoopback } from "../../../netpol/match";
import { NetpolModel, Protocol } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";
import { PROBES } from "../generators/arbitraries";
import { MixedCluster, mixedClusterArb, RawObject } from "../generators/calicoArbitraries";

const SEED = Number(process.env.NETPOL_DIFFERENTIAL_SEED ?? 20261130);
/** 2,000 by default (about 30 s here); NETPOL_CALICO_MIXED_RUNS=50000 for a longer hunt. */
const RUNS = Number(process.env.NETPOL_CALICO_MIXED_RUNS ?? 2_000);

/** Default thresholds, everything dense and big, everything sparse and small: answers never depend on them. */
const REPRESENTATIONS: readonly FastOptions[] = [{}, { denseAbove: 0, bigAbove: 0 }, { denseAbove: 1e9, bigAbove: 1e9 }];

const where = (model: NetpolModel, from: number, to: number): string => `${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`;

function containerPortProbes(model: NetpolModel): PortProbe[] {
  const numbers = [...new Set(model.pods.flatMap((pod) => pod.ports.map((port) => port.port)))];
  return numbers.flatMap((port) => (["TCP", "UDP", "SCTP"] as Protocol[]).map((protocol) => ({ port, protocol })));
}

function assertEnginesAgree(model: NetpolModel, probes: readonly PortProbe[], options: FastOptions): void {
  const fast: PreparedFastEngine = prepareFast(model, options);
  const reference = referenceEngine.prepare(model);
  const pods = model.pods.length;
  const size = model.endpoints.length;
  const podPairs = probes.map(() => 0);
  for (let from = 0; from < size; from++) {
    for (let to = 0; to < size; to++) {
      if (from >= pods && to >= pods) continue;
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

const caseArb = fc.tuple(mixedClusterArb(), fc.subarray([...PROBES], { minLength: 1, maxLength: 3 }), fc.constantFrom(...REPRESENTATIONS), fc.nat());

function probesFor(model: NetpolModel, anywhere: readonly PortProbe[], pick: number): PortProbe[] {
  const local = containerPortProbes(model);
  return local.length === 0 ? [...anywhere] : [...anywhere, local[pick % local.length] as PortProbe];
}

describe("netpol fast engine: Calico tiers, differential against the reference engine", function () {
  this.timeout(300_000);

  it(`agrees on every pair, probe and class-level answer for ${RUNS.toLocaleString("en-US")} random mixed clusters`, () => {
    let tiered = 0;
    fc.assert(
      fc.property(caseArb, ([cluster, anywhere, options, pick]) => {
        const model = buildModel(cluster.objects);
        if (model.calico !== undefined) tiered++;
        assertEnginesAgree(model, probesFor(model, anywhere, pick), options);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    assert.ok(tiered > RUNS / 2, `only ${tiered} of ${RUNS} clusters had Calico tiers`);
  });

  it("gives the same `reach` JSON through the public API", () => {
    fc.assert(
      fc.property(caseArb, ([cluster, anywhere]) => {
        assert.deepEqual(reachJson(cluster.objects, anywhere, "fast"), reachJson(cluster.objects, anywhere, "reference"));
      }),
      { numRuns: 200, seed: SEED + 1 },
    );
  });

  it("the random clusters cover what Calico evaluates", () => {
    const seen = new Set<string>();
    const note = (object: RawObject): void => {
      const text = JSON.stringify(object);
      seen.add(String(object["kind"]));
      for (const feature of ['"Deny"', '"Pass"', '"Log"', '"Allow"', '"nets"', '"notNets"', '"notSelector"', '"namespaceSelector"', '"serviceAccounts"', '"serviceAccountSelector"', '"notPorts"', '"ports"', '"order"', '"tier"', '"types"', "global()", " in {", " not in {", "contains", "starts with", "ends with", "||", "!(", "has(", "serviceAccountName", '"defaultAction":"Pass"']) {
        if (text.includes(feature)) seen.add(feature);
      }
    };
    fc.sample(mixedClusterArb(), { numRuns: 300, seed: SEED }).forEach((cluster: MixedCluster) => cluster.objects.forEach(note));
    for (const expected of ["Tier", "GlobalNetworkPolicy", "NetworkPolicy", "GlobalNetworkSet", "NetworkSet", "ServiceAccount", "Pod", "Deployment", '"Deny"', '"Pass"', '"Log"', '"Allow"', '"nets"', '"notNets"', '"notSelector"', '"namespaceSelector"', '"serviceAccounts"', '"serviceAccountSelector"', '"notPorts"', '"ports"', '"order"', '"tier"', '"types"', "global()", " in {", " not in {", "contains", "starts with", "ends with", "||", "!(", "has(", "serviceAccountName", '"defaultAction":"Pass"']) {
      assert.ok(seen.has(expected), `no random cluster has ${expected}`);
    }
  });
});
