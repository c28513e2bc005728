/**
 * The conformance suite's own machinery: if the truth tables or the model were wrong,
 * every conformance verdict would be meaningless, so they are checked here first.
 */
import { strict as assert } from "assert";
import { allCases } from "./cases";
import { ALL_PODS, buildCluster, podIp } from "./model";
import { allow, compareGrids, deny, describeMismatch, expectedGrid, Grid, matchesPeer, table } from "./truthTable";

function grid(rows: Record<string, Record<string, boolean>>): Grid {
  return new Map(Object.entries(rows).map(([from, row]) => [from, new Map(Object.entries(row))]));
}

describe("netpol conformance machinery: truth tables", () => {
  it("matches peers like upstream's Peer: exact pod, namespace, pod name in any namespace, everything", () => {
    assert.equal(matchesPeer("x/a", "x/a"), true);
    assert.equal(matchesPeer("x/a", "y/a"), false);
    assert.equal(matchesPeer("x/*", "x/c"), true);
    assert.equal(matchesPeer("*/b", "z/b"), true);
    assert.equal(matchesPeer("*/b", "z/c"), false);
    assert.equal(matchesPeer("*", "y/c"), true);
  });

  it("applies the default, then each exception in order, the later one winning", () => {
    const expected = expectedGrid(ALL_PODS, table(true, deny("*", "x/*"), allow("y/*", "x/a")));
    assert.equal(expected.get("z/b")?.get("y/c"), true);
    assert.equal(expected.get("z/b")?.get("x/a"), false);
    assert.equal(expected.get("y/c")?.get("x/a"), true);
    assert.equal(expected.get("y/c")?.get("x/b"), false);
  });

  it("expects every pod to reach itself whatever the exceptions say", () => {
    const expected = expectedGrid(ALL_PODS, table(false, deny("*", "*")));
    assert.deepEqual(
      ALL_PODS.filter((pod) => expected.get(pod)?.get(pod) !== true),
      [],
    );
    assert.equal(expected.get("x/a")?.get("x/b"), false);
  });

  it("rejects a peer pattern that matches no pod of the model", () => {
    assert.throws(() => expectedGrid(ALL_PODS, table(true, deny("*", "w/*"))), /"w\/\*" matches no pod/);
  });

  it("reports each differing cell, a missing observation included, and skips self pairs when asked", () => {
    const pods = ["x/a", "x/b"];
    const expected = grid({ "x/a": { "x/a": true, "x/b": false }, "x/b": { "x/a": true, "x/b": true } });
    const observed = grid({ "x/a": { "x/a": false, "x/b": true }, "x/b": { "x/b": true } });
    assert.deepEqual(compareGrids(pods, expected, observed, { includeSelf: false }), [
      { from: "x/a", to: "x/b", expected: false, observed: true },
      { from: "x/b", to: "x/a", expected: true, observed: undefined },
    ]);
    assert.equal(compareGrids(pods, expected, observed, { includeSelf: true }).length, 3);
  });

  it("prints expected, observed and comparison grids upstream-style, then the differing cells", () => {
    const pods = ["x/a", "x/b"];
    const expected = grid({ "x/a": { "x/a": true, "x/b": false }, "x/b": { "x/a": true, "x/b": true } });
    const observed = grid({ "x/a": { "x/a": true, "x/b": true }, "x/b": { "x/a": true, "x/b": true } });
    const differences = compareGrids(pods, expected, observed, { includeSelf: true });
    const report = describeMismatch(pods, expected, observed, differences);
    assert.equal(
      report,
      [
        "1 cell(s) differ",
        "expected:",
        "-   x/a x/b",
        "x/a .   X",
        "x/b .   .",
        "observed:",
        "-   x/a x/b",
        "x/a .   .",
        "x/b .   .",
        "comparison:",
        "-   x/a x/b",
        "x/a .   X",
        "x/b .   .",
        "differing cells:",
        "  x/a -> x/b: expected denied, observed allowed",
      ].join("\n"),
    );
  });
});

describe("netpol conformance machinery: the x/y/z model and the cases", () => {
  it("builds namespaces x, y, z and pods a, b, c with upstream's labels, six serve-* ports and known IPs", () => {
    const objects = buildCluster() as { kind: string; metadata: { name: string; namespace?: string; labels: object } }[];
    assert.deepEqual(
      objects.filter((o) => o.kind === "Namespace").map((o) => [o.metadata.name, o.metadata.labels]),
      [["x", { ns: "x" }], ["y", { ns: "y" }], ["z", { ns: "z" }]],
    );
    const pods = objects.filter((o) => o.kind === "Pod");
    assert.deepEqual(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`), ALL_PODS);
    const yb = JSON.stringify(pods[4]);
    for (const name of ["serve-80-tcp", "serve-80-udp", "serve-80-sctp", "serve-81-tcp", "serve-81-udp", "serve-81-sctp"]) {
      assert.ok(yb.includes(`"name":"${name}"`), `y/b lacks port ${name}`);
    }
    assert.ok(yb.includes(`"podIP":"10.0.2.2"`));
    assert.equal(podIp("z/c", "IPv6"), "fd00:0:0:3::3");
  });

  it("offers a workload form: every endpoint a pod template of one of the seven workload kinds, without IPs", () => {
    const objects = buildCluster({}, "workloads") as { kind: string; metadata: { name: string } }[];
    const kinds = objects.filter((o) => o.kind !== "Namespace").map((o) => o.kind);
    assert.deepEqual([...new Set(kinds)].sort(), [
      "CronJob", "DaemonSet", "Deployment", "Job", "ReplicaSet", "ReplicationController", "StatefulSet",
    ]);
    const cronJob = JSON.stringify(objects.find((o) => o.kind === "CronJob"));
    assert.ok(cronJob.includes(`"jobTemplate":{"spec":{"template":{"metadata":{"labels":{"pod":`), cronJob);
    assert.ok(!JSON.stringify(objects).includes("podIP"));
  });

  it("refuses overrides for pods outside the model", () => {
    assert.throws(() => buildCluster({ podLabels: { "w/a": { role: "db" } } }), /outside the model: w\/a/);
  });

  it("has at least 30 cases with unique ids, each naming what it mirrors and probing something", () => {
    const ids = allCases.map((c) => c.id);
    assert.ok(ids.length >= 30, `only ${ids.length} cases`);
    assert.deepEqual(ids.filter((id, index) => ids.indexOf(id) !== index), []);
    assert.deepEqual(allCases.filter((c) => c.mirrors.length === 0 || c.probes.length === 0), []);
    // Only the "policies deleted" baseline may come without any policy.
    assert.deepEqual(allCases.filter((c) => c.policies.length === 0).map((c) => c.id), ["e2e-policies-deleted"]);
  });
});
