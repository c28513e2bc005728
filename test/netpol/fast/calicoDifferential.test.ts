/**
 * Two engines, one truth, under Calico's tiers: on random mixed clusters (Kubernetes
 * NetworkPolicies, tiers, GlobalNetworkPolicies and namespaced Calico policies with
 * Allow/Deny/Pass/Log, orders, selectors, nets, network sets, service accounts, AdminNetworkPolicies
 * and the BaselineAdminNetworkPolicy in their tiers), the fast engine
 * must agree with the reference engine on every pair's connection set and every probe, and its
 * class-level answers (classAllows, countAllowedPodPairs, reachWeights, forEachAllowed) must be the
 * reference's answers summed or listed per class, under every representation of its sets and rows.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel, explain, reachJson } from "../../../netpol";
import { PortProbe } from "../../../netpol/engine";
import { FastOptions } from "../../../netpol/fast";
import { NetpolModel } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";
import { PROBES } from "../generators/arbitraries";
import { MixedCluster, mixedClusterArb, RawObject } from "../generators/calicoArbitraries";
import { assertEnginesAgree, containerPortProbes } from "./calicoAgreement";
import { propertyRuns } from "../../depth";

const SEED = Number(process.env.NETPOL_DIFFERENTIAL_SEED ?? 20261130);
/** NETPOL_CALICO_MIXED_RUNS=50000 for a longer hunt. */
const RUNS = propertyRuns("NETPOL_CALICO_MIXED_RUNS", { quick: 200, deep: 2_000 });

/** Default thresholds, everything dense and big, everything sparse and small: answers never depend on them. */
const REPRESENTATIONS: readonly FastOptions[] = [{}, { denseAbove: 0, bigAbove: 0 }, { denseAbove: 1e9, bigAbove: 1e9 }];

const isAdmin = (object: RawObject): boolean => object["apiVersion"] === "policy.networking.k8s.io/v1alpha1";

/** Clusters sampled for the admin coverage check (two ANPs whose order matters are the rarest). */
const ADMIN_SAMPLES = 1_000;

const caseArb = fc.tuple(mixedClusterArb(), fc.subarray([...PROBES], { minLength: 1, maxLength: 3 }), fc.constantFrom(...REPRESENTATIONS), fc.nat());

function probesFor(model: NetpolModel, anywhere: readonly PortProbe[], pick: number): PortProbe[] {
  const local = containerPortProbes(model);
  return local.length === 0 ? [...anywhere] : [...anywhere, local[pick % local.length] as PortProbe];
}

describe("netpol fast engine: Calico tiers, differential against the reference engine", function () {
  this.timeout(300_000);

  it(`agrees on every pair, probe and class-level answer for ${RUNS.toLocaleString("en-US")} random mixed clusters`, () => {
    let tiered = 0;
    let admin = 0;
    fc.assert(
      fc.property(caseArb, ([cluster, anywhere, options, pick]) => {
        const model = buildModel(cluster.objects);
        if (model.calico !== undefined) tiered++;
        if (cluster.objects.some(isAdmin)) admin++;
        assertEnginesAgree(model, probesFor(model, anywhere, pick), options);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    assert.ok(tiered > RUNS / 2, `only ${tiered} of ${RUNS} clusters had Calico tiers`);
    assert.ok(admin > RUNS / 4, `only ${admin} of ${RUNS} clusters had admin network policies`);
  });

  it("gives the same `reach` JSON through the public API (admin network policies included)", () => {
    let admin = 0;
    fc.assert(
      fc.property(caseArb, ([cluster, anywhere]) => {
        if (cluster.objects.some(isAdmin)) admin++;
        assert.deepEqual(reachJson(cluster.objects, anywhere, "fast"), reachJson(cluster.objects, anywhere, "reference"));
      }),
      { numRuns: 200, seed: SEED + 1 },
    );
    assert.ok(admin > 50, `only ${admin} of 200 clusters had admin network policies`);
  });

  it("the random clusters cover what Calico evaluates", () => {
    const seen = new Set<string>();
    const note = (object: RawObject): void => {
      const text = JSON.stringify(object);
      seen.add(String(object["kind"]));
      for (const feature of ['"priority"', '"subject"', '"pods"', '"networks"', '"portNumber"', '"namedPort"', '"portRange"', '"Deny"', '"Pass"', '"Log"', '"Allow"', '"nets"', '"notNets"', '"notSelector"', '"namespaceSelector"', '"serviceAccounts"', '"serviceAccountSelector"', '"notPorts"', '"ports"', '"order"', '"tier"', '"types"', "global()", " in {", " not in {", "contains", "starts with", "ends with", "||", "!(", "has(", "serviceAccountName", '"defaultAction":"Pass"']) {
        if (text.includes(feature)) seen.add(feature);
      }
    };
    fc.sample(mixedClusterArb(), { numRuns: 300, seed: SEED }).forEach((cluster: MixedCluster) => cluster.objects.forEach(note));
    for (const expected of ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy", '"priority"', '"subject"', '"pods"', '"networks"', '"portNumber"', '"namedPort"', '"portRange"', "Tier", "GlobalNetworkPolicy", "NetworkPolicy", "GlobalNetworkSet", "NetworkSet", "ServiceAccount", "Pod", "Deployment", '"Deny"', '"Pass"', '"Log"', '"Allow"', '"nets"', '"notNets"', '"notSelector"', '"namespaceSelector"', '"serviceAccounts"', '"serviceAccountSelector"', '"notPorts"', '"ports"', '"order"', '"tier"', '"types"', "global()", " in {", " not in {", "contains", "starts with", "ends with", "||", "!(", "has(", "serviceAccountName", '"defaultAction":"Pass"']) {
      assert.ok(seen.has(expected), `no random cluster has ${expected}`);
    }
  });

  it("admin network policies decide verdicts: ANP Allow, Deny and Pass rules, equal priorities, the BANP", () => {
    // Counted per run (a cluster), not per pair: a generator that never lets them decide proves nothing.
    const counts = new Map<string, number>();
    const count = (what: string): void => void counts.set(what, (counts.get(what) ?? 0) + 1);
    const probes = PROBES.filter((_, index) => index % 5 === 0);
    fc.sample(mixedClusterArb(), { numRuns: ADMIN_SAMPLES, seed: SEED }).forEach((cluster: MixedCluster) => {
      const model = buildModel(cluster.objects);
      const admin = cluster.objects.filter(isAdmin);
      if (admin.length === 0) return;
      const seen = new Set<string>();
      // Rules of the admin tiers deciding a side.
      for (const from of model.endpoints) {
        for (const to of model.endpoints) {
          for (const probe of probes) {
            const verdict = explain(model, from, to, probe);
            for (const side of [verdict.egress, verdict.ingress]) {
              if (side.kind === "tiered" && side.decision.kind === "rule" && side.decision.tier.endsWith("adminnetworkpolicy")) seen.add(`${side.decision.tier} ${side.decision.action}`);
            }
          }
        }
      }
      // Without its admin policies (or with each ANP Pass made a Deny, or equal priorities made distinct), some pair's answer changes.
      const without = (objects: readonly RawObject[]): boolean => differs(model, buildModel(objects));
      if (without(cluster.objects.filter((object) => !admin.includes(object)))) seen.add("admin policies change some answer");
      if (without(cluster.objects.map((object) => (admin.includes(object) ? passToDeny(object) : object)))) seen.add("an ANP Pass rule changes some answer");
      if (without(cluster.objects.map((object) => (admin.includes(object) ? reversedPriority(object) : object)))) seen.add("ANP priority order changes some answer");
      if (without(cluster.objects.filter((object) => object["kind"] !== "BaselineAdminNetworkPolicy"))) seen.add("the BANP changes some answer");
      seen.forEach(count);
    });
    for (const expected of [
      "adminnetworkpolicy Allow", "adminnetworkpolicy Deny", "baselineadminnetworkpolicy Allow", "baselineadminnetworkpolicy Deny",
      "admin policies change some answer", "an ANP Pass rule changes some answer", "ANP priority order changes some answer", "the BANP changes some answer",
    ]) {
      assert.ok((counts.get(expected) ?? 0) >= 3, `only ${counts.get(expected) ?? 0} of ${ADMIN_SAMPLES} random clusters have: ${expected} (${JSON.stringify([...counts])})`);
    }
  });
});

/** Do two models answer differently for some pair of endpoints both have (reference engine, connection sets)? */
function differs(a: NetpolModel, b: NetpolModel): boolean {
  const [x, y] = [referenceEngine.prepare(a), referenceEngine.prepare(b)];
  const inB = new Map(b.endpoints.map((endpoint, index) => [endpoint.id, index]));
  const shared = a.endpoints.flatMap((endpoint, index) => (inB.has(endpoint.id) ? [[index, inB.get(endpoint.id) as number, endpoint.kind === "pod"] as const] : []));
  for (const [fromA, fromB, fromPod] of shared) {
    for (const [toA, toB, toPod] of shared) {
      if ((fromPod || toPod) && !x.connections(fromA, toA).equals(y.connections(fromB, toB))) return true;
    }
  }
  return false;
}

function mapRules(object: RawObject, change: (rule: RawObject) => RawObject): RawObject {
  const spec = object["spec"] as RawObject;
  const rules = (direction: string): RawObject => (Array.isArray(spec[direction]) ? { [direction]: (spec[direction] as RawObject[]).map(change) } : {});
  return { ...object, spec: { ...spec, ...rules("ingress"), ...rules("egress") } };
}

const passToDeny = (object: RawObject): RawObject => mapRules(object, (rule) => (rule["action"] === "Pass" ? { ...rule, action: "Deny" } : rule));

/** Priorities reversed, ties broken against the name order (so equal priorities are reordered too). */
function reversedPriority(object: RawObject): RawObject {
  const spec = object["spec"] as RawObject;
  if (object["kind"] !== "AdminNetworkPolicy") return object;
  const index = Number(String((object["metadata"] as RawObject)["name"]).replace("anp", ""));
  const rank = [0, 1, 10, 1000].indexOf(spec["priority"] as number);
  return { ...object, spec: { ...spec, priority: 1000 - (rank * 4 + index) } };
}
