/** What reach shows: --from/--to, --allowed-only, the list format, and JSON that streams one pair per line. */
import { strict as assert } from "assert";
import { Analysis, connectionResults, FORMATTERS, LINE_FORMATTERS, prepare, probeResults, reachScope, ReachView } from "../../../netpol";
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
