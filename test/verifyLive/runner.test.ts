// The runner against a fake cluster: probes run from the right places, results match the analyzer
// on a zero-trust network and differ where the network leaks, sources run a bounded number at a
// time, a source that never finishes times out, and the namespace it creates is gone afterwards,
// after a failure and after an abort too.
import { strict as assert } from "node:assert";
import { INTRUDER_NAMESPACE_LABELS, planProbes } from "../../cli/verifyLive/plan";
import { PROBE_IMAGE } from "../../cli/verifyLive/probeScript";
import { verify } from "../../cli/verifyLive/report";
import { RunAborted, runPlan, type RunOptions } from "../../cli/verifyLive/runner";
import { loadStackFile } from "../../config";
import { renderStack } from "../../manifests";
import { PROJECT_DIR } from "../fixtures/stackFiles";
import { bankPods, CONNECTED, FakeCluster, forbidden, ZERO_TRUST, type Network } from "./fakeCluster";

const plan = planProbes(renderStack(loadStackFile(PROJECT_DIR, "dev")));
const NAMESPACE = "zero-trust-eks-verify-abc123";
const noWait = async () => {};

function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return { runId: "abc123", image: PROBE_IMAGE, parallel: 4, probeTimeoutSeconds: 2, startTimeoutSeconds: 10, sleep: noWait, ...overrides };
}

describe("verify-live runner against a fake cluster", () => {
  it("on a zero-trust network every probe matches the analyzer, and the namespace it created is deleted", async () => {
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST);
    const report = await runPlan(plan, cluster, options());
    const verification = verify(report, plan.notProbed);
    assert.deepEqual(verification.rows.filter((r) => !r.match).map((r) => r.probe.id), []);
    assert.ok(verification.ok);
    assert.equal(report.results.length, plan.probes.length);
    assert.deepEqual(cluster.calls.filter((c) => c.includes("Namespace")), [`createNamespace ${NAMESPACE}`, `deleteNamespace ${NAMESPACE}`]);
    assert.equal(cluster.namespaces.size, 0);
    assert.deepEqual(report.leftovers, []);
  });

  it("runs each source's probes in the source pod (an ephemeral container) and the throwaway pod in the new namespace, wearing the frontend's labels", async () => {
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST);
    await runPlan(plan, cluster, options());
    assert.deepEqual(cluster.ephemeral.map((e) => e.pod).sort(), ["bank-backend/backend-6d8e", "bank-database/database-0", "bank-frontend/frontend-5f7c"]);
    for (const { container } of cluster.ephemeral) {
      assert.equal(container.name, "zt-verify-abc123");
      assert.equal(container.image, PROBE_IMAGE);
    }
    const [intruder] = cluster.created as { metadata: { namespace: string; labels: Record<string, string> } }[];
    assert.equal(intruder?.metadata.namespace, NAMESPACE);
    assert.equal(intruder?.metadata.labels["zero-trust-eks.io/tier"], "frontend");
    assert.ok(cluster.calls.indexOf(`createNamespace ${NAMESPACE}`) < cluster.calls.indexOf(`createPod ${NAMESPACE}/intruder`));
    assert.ok(INTRUDER_NAMESPACE_LABELS["pod-security.kubernetes.io/enforce"] === "restricted");
  });

  it("reports each leak: the database reaching the internet, the throwaway pod reaching the backend", async () => {
    const leaky: Network = (from, ip, port, protocol) =>
      (from === "bank-database" && ip === "1.1.1.1") || (from === "verify-live" && ip === "192.168.1.11") ? CONNECTED : ZERO_TRUST(from, ip, port, protocol);
    const verification = verify(await runPlan(plan, new FakeCluster(bankPods(), leaky), options()), plan.notProbed);
    assert.equal(verification.ok, false);
    assert.deepEqual(verification.rows.filter((r) => !r.match).map((r) => `${r.probe.id}: expected ${r.probe.expected}, observed ${r.observedVerdict}`), [
      "bank-database/database -> 1.1.1.1 TCP/443: expected denied, observed allowed",
      "verify-live/intruder -> bank-backend/backend TCP/9090: expected denied, observed allowed",
    ]);
  });

  it("a declared flow that is blocked, or refused, differs too", async () => {
    const strict: Network = (from, ip, port, protocol) => {
      if (from === "bank-frontend" && ip === "192.168.1.11") return undefined;
      if (from === "bank-backend" && ip === "192.168.1.12") return { exitCode: 1, message: "REFUSED" };
      return ZERO_TRUST(from, ip, port, protocol);
    };
    const rows = verify(await runPlan(plan, new FakeCluster(bankPods(), strict), options()), plan.notProbed).rows.filter((r) => !r.match);
    assert.deepEqual(rows.map((r) => [r.probe.id, r.observed.kind]), [
      ["bank-frontend/frontend -> bank-backend/backend TCP/9090", "blocked"],
      ["bank-backend/backend -> bank-database/database TCP/5432", "refused"],
    ]);
  });

  it("a workload without a ready pod fails its probes with the kubectl command to look, and the others still run", async () => {
    const cluster = new FakeCluster(bankPods({ "bank-backend": { ready: false } }), ZERO_TRUST);
    const verification = verify(await runPlan(plan, cluster, options()), plan.notProbed);
    const failed = verification.rows.filter((r) => !r.match);
    assert.ok(failed.length > 0 && failed.every((r) => r.probe.id.includes("bank-backend/backend")));
    assert.match(failed[0]!.observed.kind === "error" ? failed[0]!.observed.detail : "", /^no ready pod of bank-backend\/backend \(kubectl -n bank-backend get pods -l app\.kubernetes\.io\/name=backend,/);
    assert.ok(verification.rows.some((r) => r.match && r.probe.from.id === "bank-frontend/frontend"));
  });

  it("runs at most --parallel sources at once", async () => {
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST, { pendingPolls: 3 });
    await runPlan(plan, cluster, options({ parallel: 2 }));
    assert.equal(cluster.maxInFlight, 2);
  });

  it("a probe container that never finishes fails its probes at the deadline, saying why", async () => {
    const report = await runPlan(plan, new FakeCluster(bankPods(), ZERO_TRUST, { neverFinish: true }), options({ startTimeoutSeconds: 3, pollMilliseconds: 1000 }));
    const first = report.results[0]!.observed;
    assert.equal(first.kind, "error");
    // 3 s to start plus 3 s (timeout + 1) for each of the frontend's 4 probes.
    assert.match(first.kind === "error" ? first.detail : "", /did not finish within 15 s \(last seen waiting: ContainerCreating\); see --start-timeout/);
  });

  it("a forbidden call stops the run with that error, and the namespace is deleted all the same", async () => {
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST, { failOn: { method: "addEphemeralContainer", error: forbidden("add an ephemeral container") } });
    await assert.rejects(runPlan(plan, cluster, options({ parallel: 1 })), /forbidden \(403\)/);
    assert.equal(cluster.calls.at(-1), `deleteNamespace ${NAMESPACE}`);
    assert.equal(cluster.namespaces.size, 0);
  });

  it("Ctrl-C: stops waiting, deletes the namespace, and says so", async () => {
    const controller = new AbortController();
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST, { neverFinish: true });
    const sleep = async (_ms: number, signal?: AbortSignal) => {
      controller.abort(new Error("interrupted"));
      if (signal?.aborted) throw signal.reason;
    };
    await assert.rejects(runPlan(plan, cluster, options({ signal: controller.signal, sleep })), (error: unknown) => error instanceof RunAborted && error.leftovers.length === 0);
    assert.equal(cluster.namespaces.size, 0);
    assert.equal(cluster.calls.filter((c) => c.startsWith("deleteNamespace")).length, 1);
  });

  it("a namespace it cannot delete is reported with the command that deletes it", async () => {
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST, { failOn: { method: "deleteNamespace", error: forbidden("delete namespace") } });
    const report = await runPlan(plan, cluster, options());
    assert.deepEqual(report.leftovers, [`namespace ${NAMESPACE} could not be deleted (cannot delete namespace: forbidden (403) on fake cluster): kubectl delete namespace ${NAMESPACE}`]);
  });
});
