/** What reach shows: --from/--to, --allowed-only, the list format, and JSON that streams one pair per line. */
import { strict as assert } from "assert";
import { Analysis, connectionReport, connectionResults, FORMATTERS, LINE_FORMATTERS, prepare, probeReport, probeResults, reachScope, ReachView } from "../../../netpol";
import { governedPairs } from "../../../netpol/reach";
import { namespace, pod, policy } from "./helpers";

const OBJECTS = [
  namespace("x"),
  pod("x", "a"),
  pod("x", "b"),
  pod("y", "c"),
  policy("x", "to-a", {
    podSelector: { matchLabels: { pod: "a" } },
    ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }, { ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 80 }] }],
  }),
];
const TCP80 = { port: 80, protocol: "TCP" as const };
const UDP53 = { port: 53, protocol: "UDP" as const };

function analysis(): Analysis {
  return prepare(OBJECTS, "fast");
}

function probes(view: ReachView, format: "list" | "table" | "md" | "json" = "list"): string {
  const a = analysis();
  return FORMATTERS[format].probes(probeResults(a, [TCP80, UDP53], reachScope(a.model, "probes", view)));
}

function connections(view: ReachView, format: "list" | "table" | "md" | "json" = "list"): string {
  const a = analysis();
  return FORMATTERS[format].connections(connectionResults(a, reachScope(a.model, "connections", view)));
}

describe("netpol reach views", () => {
  it("list prints one line per pair and probe; --from/--to keep the matching senders and receivers", () => {
    assert.equal(probes({ from: ["y"], to: ["x/*"] }), ["y/c => x/a : 80/TCP denied", "y/c => x/a : 53/UDP denied", "y/c => x/b : 80/TCP allowed", "y/c => x/b : 53/UDP allowed"].join("\n"));
    assert.equal(connections({ to: ["x/a"] }), [
      "x/a => x/a : all",
      "x/b => x/a : TCP 80",
      "y/c => x/a : none",
      "0.0.0.0/0 except 10.0.0.0/8 => x/a : none",
      "10.0.0.0/8 => x/a : TCP 80",
    ].join("\n"));
  });

  it("--allowed-only drops denied pairs from list and json", () => {
    assert.equal(probes({ to: ["x/a"], allowedOnly: true }), ["x/a => x/a : 80/TCP allowed", "x/a => x/a : 53/UDP allowed", "x/b => x/a : 80/TCP allowed"].join("\n"));
    const parsed = JSON.parse(connections({ to: ["x/a"], allowedOnly: true }, "json"));
    assert.deepEqual(parsed.connections, [
      { from: "x/a", to: "x/a", allowed: "all" },
      { from: "x/b", to: "x/a", allowed: "TCP 80" },
      { from: "10.0.0.0/8", to: "x/a", allowed: "TCP 80" },
    ]);
    assert.deepEqual(parsed.endpoints.length, 5, "endpoints still lists every endpoint");
  });

  it("--allowed-only in a table blanks denied cells and drops rows and columns left empty", () => {
    assert.equal(connections({ to: ["x/a"], allowedOnly: true }, "table"), [
      "allowed connections",
      "from \\ to   x/a",
      "x/a         all",
      "x/b         TCP 80",
      "10.0.0.0/8  TCP 80",
    ].join("\n"));
    assert.equal(probes({ from: ["y/c"], allowedOnly: true }, "md").split("\n").slice(0, 7).join("\n"), [
      "`.` allowed, `X` denied",
      "",
      "### 80/TCP",
      "",
      "| from \\ to | `x/b` | `y/c` |",
      "| --- | --- | --- |",
      "| `y/c` | . | . |",
    ].join("\n"));
  });

  it("json streams: the list opens on the first line, then one pair per line, and the whole is one JSON object", () => {
    const a = analysis();
    const lines = [...LINE_FORMATTERS.json.probes(probeResults(a, [TCP80], reachScope(a.model, "probes", { from: ["x/a"] })))];
    assert.deepEqual(lines, [
      '{"endpoints":["x/a","x/b","y/c"],"results":[',
      '{"from":"x/a","to":"x/a","port":80,"protocol":"TCP","allowed":true},',
      '{"from":"x/a","to":"x/b","port":80,"protocol":"TCP","allowed":true},',
      '{"from":"x/a","to":"y/c","port":80,"protocol":"TCP","allowed":true}',
      "]}",
    ]);
    assert.deepEqual(JSON.parse(probes({ from: ["nobody"] }, "json")), { endpoints: ["x/a", "x/b", "y/c"], results: [] });
  });

  it("results are computed as they are read: stopping early asks the engine no further", () => {
    const a = analysis();
    let asked = 0;
    const counting: Analysis = { model: a.model, prepared: { ...a.prepared, allows: (from, to, probe) => (asked++, a.prepared.allows(from, to, probe)), connections: a.prepared.connections.bind(a.prepared) } };
    for (const line of LINE_FORMATTERS.list.probes(probeResults(counting, [TCP80], reachScope(a.model, "probes")))) if (line.length > 0) break;
    assert.equal(asked, 1);
  });
});

describe("netpol reach reports", () => {
  const pairs = (report: { pairs: Iterable<{ from: string; to: string; connections: { format(): string } }> }) => [...report.pairs].map((p) => `${p.from} => ${p.to} : ${p.connections.format()}`);

  it("connection reports hold the external atoms (never one with another); probe reports the pods only", () => {
    const report = connectionReport(OBJECTS);
    assert.equal(report.kind, "connections");
    assert.deepEqual([report.endpoints, report.externals, report.sources], [
      ["x/a", "x/b", "y/c", "0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8"],
      ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8"],
      ["x/a", "x/b", "y/c", "0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8"],
    ]);
    assert.deepEqual(pairs(report).slice(-3), ["10.0.0.0/8 => x/a : TCP 80", "10.0.0.0/8 => x/b : all", "10.0.0.0/8 => y/c : all"]);
    assert.equal(report.pairs.length, 21);
    const probes = probeReport(OBJECTS, [TCP80]);
    assert.deepEqual([probes.kind, probes.endpoints, probes.results.length], ["probes", ["x/a", "x/b", "y/c"], 9]);
    const model = prepare(OBJECTS, "reference").model;
    assert.deepEqual([[...governedPairs(model)].length, [...governedPairs(model, false)].length], [21, 18], "with and without the Pods with themselves");
  });

  it("--allowed-only pair by pair (the reference engine) and at class level (fast) list the same", () => {
    for (const engine of ["reference", "fast"] as const) {
      const a = prepare(OBJECTS, engine);
      assert.deepEqual([...probeResults(a, [TCP80], reachScope(a.model, "probes", { to: ["x/a"], allowedOnly: true })).results].map((r) => `${r.from} => ${r.to}`), ["x/a => x/a", "x/b => x/a"], engine);
      assert.deepEqual(pairs(connectionResults(a, reachScope(a.model, "connections", { to: ["x/a"], allowedOnly: true }))), ["x/a => x/a : all", "x/b => x/a : TCP 80", "10.0.0.0/8 => x/a : TCP 80"], engine);
      assert.deepEqual(pairs(connectionResults(a, reachScope(a.model, "connections", { from: ["0.0.0.0/0*", "10.0.0.0/8"], allowedOnly: true }))), [
        "0.0.0.0/0 except 10.0.0.0/8 => x/b : all",
        "0.0.0.0/0 except 10.0.0.0/8 => y/c : all",
        "10.0.0.0/8 => x/a : TCP 80",
        "10.0.0.0/8 => x/b : all",
        "10.0.0.0/8 => y/c : all",
      ], engine);
    }
  });

  it("names the patterns that matched nothing, per option; no engine note when the engine asked for answers", () => {
    const a = prepare(OBJECTS, "fast");
    assert.deepEqual(reachScope(a.model, "probes", { from: ["nobody", "x"], to: ["zzz/*"] }).unmatched, [{ option: "from", pattern: "nobody" }, { option: "to", pattern: "zzz/*" }]);
    assert.deepEqual(Object.keys(a), ["model", "prepared"]);
  });
});
