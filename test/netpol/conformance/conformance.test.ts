/**
 * Conformance: every case of ./cases (upstream e2e tests, Kubernetes docs examples,
 * cyclonus and np-guard scenarios; see README.md) run through the public
 * `reachJson` for each engine, its observed truth table compared cell by cell with
 * the published expected one. The fast engine joins once netpol/fast/index.ts exists.
 */
import { AssertionError, strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { EngineName, reachJson, ReachJson } from "../../../netpol";
import { allCases, caseGroups } from "./cases";
import { ConformanceCase, ProbeExpectation } from "./conformanceCase";
import { ALL_PODS, buildCluster, EndpointForm } from "./model";
import { compareGrids, describeMismatch, expectedGrid, Grid } from "./truthTable";

const REPO_ROOT = path.resolve(__dirname, "../../..");

const engines: readonly EngineName[] = fs.existsSync(path.join(REPO_ROOT, "netpol/fast/index.ts"))
  ? ["reference", "fast"]
  : ["reference"];

function observedGrid(reach: ReachJson, probe: ProbeExpectation): Grid {
  const grid = new Map<string, Map<string, boolean>>();
  for (const result of reach.results) {
    if (result.port !== probe.port || result.protocol !== probe.protocol) continue;
    const row = grid.get(result.from) ?? new Map<string, boolean>();
    row.set(result.to, result.allowed);
    grid.set(result.from, row);
  }
  return grid;
}

const reachCache = new Map<string, ReachJson>();
// Per mocha run: a run in the same process (Stryker's mocha runner, with another mutant active) recomputes.
before(() => reachCache.clear());

/** The analyzer's verdicts for a case (computed once per engine and endpoint form). */
function runCase(testCase: ConformanceCase, engine: EngineName, form: EndpointForm): ReachJson {
  const key = `${engine}|${form}|${testCase.id}`;
  const cached = reachCache.get(key);
  if (cached !== undefined) return cached;
  const objects = [...buildCluster(testCase.cluster, form), ...testCase.policies];
  const reach = reachJson(objects, testCase.probes.map(({ port, protocol }) => ({ port, protocol })), engine);
  const missing = ALL_PODS.filter((pod) => !reach.endpoints.includes(pod));
  assert.deepEqual(missing, [], `endpoints lack model endpoints: ${missing.join(", ")}`);
  reachCache.set(key, reach);
  return reach;
}

/** Workloads have no IPs, so cases that select endpoints by address do not carry over. */
function holdsForWorkloads(testCase: ConformanceCase): boolean {
  return testCase.cluster?.ipFamily === undefined && !JSON.stringify(testCase.policies).includes("ipBlock");
}

/**
 * Pods: off-diagonal cells must equal the expected table (upstream ignores loopback cells
 * too; the Pod diagonal has its own test). Workloads: every cell, the diagonal by policy.
 */
function assertProbe(testCase: ConformanceCase, reach: ReachJson, probe: ProbeExpectation, form: EndpointForm): void {
  const expected = expectedGrid(ALL_PODS, probe.expect, form === "pods" ? "allowed" : "by-policy");
  const observed = observedGrid(reach, probe);
  const differences = compareGrids(ALL_PODS, expected, observed, { includeSelf: form === "workloads" });
  if (differences.length > 0) {
    throw new AssertionError({
      message: `${testCase.id} (${probe.protocol}/${probe.port}): ${describeMismatch(ALL_PODS, expected, observed, differences)}`,
    });
  }
}

/** Self pairs are checked apart, so a different loopback rule shows as one failure, not every case. */
function selfPairsDenied(testCase: ConformanceCase, engine: EngineName): string[] {
  const reach = runCase(testCase, engine, "pods");
  return testCase.probes.flatMap((probe) => {
    const observed = observedGrid(reach, probe);
    return ALL_PODS.filter((pod) => observed.get(pod)?.get(pod) !== true).map(
      (pod) => `${testCase.id} ${probe.protocol}/${probe.port}: ${pod} -> ${pod}`,
    );
  });
}

function caseTests(engine: EngineName, form: EndpointForm): void {
  for (const group of caseGroups) {
    const cases = form === "pods" ? group.cases : group.cases.filter(holdsForWorkloads);
    describe(group.title, () => {
      for (const testCase of cases) {
        it(`${testCase.id}: ${testCase.mirrors}`, () => {
          const reach = runCase(testCase, engine, form);
          for (const probe of testCase.probes) assertProbe(testCase, reach, probe, form);
        });
      }
    });
  }
}

for (const engine of engines) {
  describe(`netpol conformance (${engine} engine)`, () => {
    caseTests(engine, "pods");

    it("answers as `reach --format json` does: sorted endpoints, one result per pair and probe, in order", () => {
      const testCase = allCases.find((c) => c.probes.length >= 3);
      if (testCase === undefined) throw new Error("no case with three probes to check the order with");
      const reach = runCase(testCase, engine, "pods");
      assert.deepEqual(reach.endpoints, [...reach.endpoints].sort());
      const order = reach.endpoints.flatMap((from) =>
        reach.endpoints.flatMap((to) => testCase.probes.map((p) => `${from}>${to}>${p.protocol}/${p.port}`)),
      );
      assert.deepEqual(reach.results.map((r) => `${r.from}>${r.to}>${r.protocol}/${r.port}`), order);
    });

    it("never denies a pod's traffic to itself (docs: 'a pod cannot block access to itself')", () => {
      const denied = caseGroups.flatMap((group) => group.cases.flatMap((c) => selfPairsDenied(c, engine)));
      const shown = denied.slice(0, 12).join("\n");
      assert.equal(denied.length, 0, `${denied.length} self pair(s) denied, e.g.:\n${shown}`);
    });
  });

  // The same cases with every endpoint a workload (Deployment, StatefulSet, ... CronJob in
  // turn) instead of a Pod: labels and ports come from pod templates. A workload's self
  // pair is one replica reaching another, so there the diagonal follows policy.
  describe(`netpol conformance, workload endpoints (${engine} engine)`, () => caseTests(engine, "workloads"));
}
