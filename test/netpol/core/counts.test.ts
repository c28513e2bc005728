/**
 * reach --format counts: per source namespace, counted once per class pair, must equal counting
 * every pair one by one, for both engines, with and without filters.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { Analysis, connectionCounts, countLines, CountReport, EngineName, PortProbe, prepare, probeCounts, reachScope, ReachView } from "../../../netpol";
import { Endpoint } from "../../../netpol/model";
import { clusterArb, NAMESPACE_NAMES, PROBES } from "../generators/arbitraries";
import { namespace, pod, policy } from "./helpers";

type Row = Record<string, string | number>;

const TCP80_PROBE: PortProbe = { port: 80, protocol: "TCP" };

function bucket(endpoint: Endpoint): string {
  return endpoint.kind === "pod" ? endpoint.namespace : "(external)";
}

/** The counts, pair by pair, straight from the engine. */
function bruteForce(analysis: Analysis, probes: readonly PortProbe[], view: ReachView): Row[] {
  const { model, prepared } = analysis;
  const rows: Row[] = [];
  const addTotal = (perBucket: Row[], key: Row): void => {
    if (perBucket.length === 0) return;
    const total: Row = { ...key, from: "(all)" };
    for (const row of perBucket) for (const [name, value] of Object.entries(row)) if (typeof value === "number") total[name] = ((total[name] as number | undefined) ?? 0) + value;
    rows.push(...perBucket, total);
  };
  const sorted = (buckets: Map<string, Row>): Row[] => [...buckets.values()].sort((a, b) => Number(a["from"] === "(external)") - Number(b["from"] === "(external)") || (String(a["from"]) < String(b["from"]) ? -1 : 1));
  if (probes.length > 0) {
    const scope = reachScope(model, "probes", view);
    for (const probe of probes) {
      const buckets = new Map<string, Row>();
      for (const from of scope.sources) {
        const row = buckets.get(bucket(model.endpoints[from] as Endpoint)) ?? { probe: `${probe.port}/${probe.protocol}`, from: bucket(model.endpoints[from] as Endpoint), sources: 0, pairs: 0, allowed: 0, denied: 0 };
        buckets.set(row["from"] as string, row);
        row["sources"] = (row["sources"] as number) + 1;
        for (const to of scope.destinations) {
          row["pairs"] = (row["pairs"] as number) + 1;
          const column = prepared.allows(from, to, probe) ? "allowed" : "denied";
          row[column] = (row[column] as number) + 1;
        }
      }
      addTotal(sorted(buckets), { probe: `${probe.port}/${probe.protocol}` });
    }
    return rows;
  }
  const scope = reachScope(model, "connections", view);
  const buckets = new Map<string, Row>();
  for (const from of scope.sources) {
    const row = buckets.get(bucket(model.endpoints[from] as Endpoint)) ?? { from: bucket(model.endpoints[from] as Endpoint), sources: 0, pairs: 0, none: 0, some: 0, all: 0 };
    buckets.set(row["from"] as string, row);
    row["sources"] = (row["sources"] as number) + 1;
    for (const to of scope.destinations) {
      if (model.endpoints[from]?.kind === "external" && model.endpoints[to]?.kind === "external") continue;
      const set = prepared.connections(from, to);
      const column = set.isEmpty() ? "none" : set.isAll() ? "all" : "some";
      row["pairs"] = (row["pairs"] as number) + 1;
      row[column] = (row[column] as number) + 1;
    }
  }
  addTotal(sorted(buckets), {});
  return rows;
}

function rows(report: CountReport): Row[] {
  return report.rows.map((row) => {
    const { probe, ...rest } = row as unknown as Row & { probe?: PortProbe };
    return probe === undefined ? { ...rest } : { probe: `${probe.port}/${probe.protocol}`, ...rest };
  });
}

function counts(analysis: Analysis, probes: readonly PortProbe[], view: ReachView): CountReport {
  return probes.length > 0 ? probeCounts(analysis, probes, reachScope(analysis.model, "probes", view)) : connectionCounts(analysis, reachScope(analysis.model, "connections", view));
}

describe("netpol counts", () => {
  it("prints aligned rows per probe and source namespace, the total last", () => {
    const objects = [namespace("x"), pod("x", "a"), pod("x", "b"), pod("y", "c"), policy("x", "deny", { podSelector: {}, ingress: [] })];
    const analysis = prepare(objects, "fast");
    assert.deepEqual(countLines(counts(analysis, [{ port: 80, protocol: "TCP" }], {})), [
      "probe   from   sources  pairs  allowed  denied",
      "80/TCP  x            2      6        4       2",
      "80/TCP  y            1      3        1       2",
      "80/TCP  (all)        3      9        5       4",
    ]);
    assert.deepEqual(countLines(counts(analysis, [], { from: ["x/a", "0.0.0.0/0"] })), [
      "from        sources  pairs  none  some  all",
      "x                 1      4     1     0    3",
      "(external)        1      3     2     0    1",
      "(all)             2      7     3     0    4",
    ]);
  });

  it("counts sources whose egress reaches unselected classes before selected ones", () => {
    const objects = [pod("x", "a"), pod("x", "b"), pod("y", "c"), pod("y", "d"), policy("x", "out", { podSelector: { matchLabels: { pod: "a" } }, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {} }] }] })];
    for (const view of [{ to: ["y/*"] }, { to: ["y/d"] }, { from: ["x/a"], to: ["x/b", "y/c"] }]) {
      const probes = [{ port: 80, protocol: "TCP" as const }];
      assert.deepEqual(rows(counts(prepare(objects, "fast"), probes, view)), bruteForce(prepare(objects, "reference"), probes, view), JSON.stringify(view));
    }
  });

  it("equals pair-by-pair counting on random clusters, for both engines, with and without filters", () => {
    const patterns = fc.constantFrom<readonly string[]>([], [NAMESPACE_NAMES[0]], [`${NAMESPACE_NAMES[1]}/*`, "0.0.0.0/0*"], ["*"], ["nothing"]);
    fc.assert(
      fc.property(clusterArb(), fc.subarray([...PROBES], { minLength: 0, maxLength: 3 }), patterns, patterns, fc.constantFrom<EngineName>("fast", "reference"), (cluster, probes, from, to, engine) => {
        const view = { from, to };
        const expected = bruteForce(prepare(cluster.objects, "reference"), probes, view);
        assert.deepEqual(rows(counts(prepare(cluster.objects, engine), probes, view)), expected);
      }),
      { seed: 20261130, numRuns: 400 },
    );
  });
  it("rows by namespace name (not by endpoint id: x before x-y), self-pairs of Pods allowed, a Deployment's with itself decided", () => {
    const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "x" }, spec: { template: { metadata: { labels: { app: "d" } } } } };
    const objects = [
      pod("x-y", "p"),
      pod("x", "q"),
      pod("x", "r", { labels: { pod: "q" } }),
      deployment,
      policy("x", "in", { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { pod: "q" } } }], ports: [{ port: 80 }] }, { from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] }),
    ];
    for (const engine of ["reference", "fast"] as const) {
      const analysis = prepare(objects, engine);
      assert.deepEqual([counts(analysis, [TCP80_PROBE], {}).kind, counts(analysis, [], {}).kind], ["probe-counts", "connection-counts"]);
      assert.deepEqual(countLines(counts(analysis, [{ port: 80, protocol: "TCP" }, { port: 53, protocol: "UDP" }], {})), [
        "probe   from   sources  pairs  allowed  denied",
        "80/TCP  x            3     12        9       3",
        "80/TCP  x-y          1      4        1       3",
        "80/TCP  (all)        4     16       10       6",
        "53/UDP  x            3     12        5       7",
        "53/UDP  x-y          1      4        1       3",
        "53/UDP  (all)        4     16        6      10",
      ], engine);
      assert.deepEqual(countLines(counts(analysis, [], {})), [
        "from        sources  pairs  none  some  all",
        "x                 3     18     3     4   11",
        "x-y               1      6     3     0    3",
        "(external)        2      8     3     0    5",
        "(all)             6     32     9     4   19",
      ], engine);
    }
  });

  it("reports progress over all probes' sources pair by pair, and every thousandth source class at class level", () => {
    const objects = [pod("x", "a"), pod("x", "b", { labels: { other: "b" } }), pod("y", "c")];
    const calls: string[] = [];
    const reference = prepare(objects, "reference");
    probeCounts(reference, [{ port: 80, protocol: "TCP" }, { port: 53, protocol: "UDP" }], reachScope(reference.model, "probes"), (done, total) => calls.push(`${done}/${total}`));
    assert.deepEqual(calls, ["0/6", "1/6", "2/6", "3/6", "4/6", "5/6"]);
    calls.length = 0;
    const fast = prepare(objects, "fast");
    connectionCounts(fast, reachScope(fast.model, "connections"), (done, total) => calls.push(`${done}/${total}`));
    assert.deepEqual(calls, ["0/4"]);
    calls.length = 0;
    const isolated = Array.from({ length: 1001 }, (_, i) => [pod(`n${i}`, "p"), policy(`n${i}`, "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })]).flat();
    const large = prepare(isolated, "fast");
    connectionCounts(large, reachScope(large.model, "connections"), (done, total) => calls.push(`${done}/${total}`));
    assert.deepEqual(calls, ["0/1002", "1000/1002"]);
  });
});
