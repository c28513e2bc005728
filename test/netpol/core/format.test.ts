/** Golden-ish checks of the json, table and md formats. */
import { strict as assert } from "assert";
import { connectionReport, FORMATTERS, probeReport, reachJson } from "../../../netpol";
import { namespace, pod, policy } from "./helpers";

const OBJECTS = [
  namespace("x"),
  pod("x", "b"),
  pod("x", "a"),
  policy("x", "to-a", {
    podSelector: { matchLabels: { pod: "a" } },
    ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }, { ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 80 }] }],
  }),
];
const PROBES = [
  { port: 80, protocol: "TCP" as const },
  { port: 53, protocol: "UDP" as const },
];

describe("netpol formats", () => {
  it("json (probes) is exactly the contract's ReachJson, ordered by from, to, probe", () => {
    const text = FORMATTERS.json.probes(probeReport(OBJECTS, PROBES));
    const parsed = JSON.parse(text);
    assert.deepEqual(parsed, reachJson(OBJECTS, PROBES));
    assert.deepEqual(parsed.endpoints, ["x/a", "x/b"]);
    assert.deepEqual(
      parsed.results.map((r: { from: string; to: string; port: number; protocol: string; allowed: boolean }) => `${r.from}>${r.to} ${r.port}/${r.protocol} ${r.allowed}`),
      [
        "x/a>x/a 80/TCP true",
        "x/a>x/a 53/UDP true",
        "x/a>x/b 80/TCP true",
        "x/a>x/b 53/UDP true",
        "x/b>x/a 80/TCP true",
        "x/b>x/a 53/UDP false",
        "x/b>x/b 80/TCP true",
        "x/b>x/b 53/UDP true",
      ],
    );
    assert.deepEqual(Object.keys(parsed.results[0]), ["from", "to", "port", "protocol", "allowed"]);
  });

  it("table (probes) prints one e2e-style grid per probe", () => {
    assert.equal(
      FORMATTERS.table.probes(probeReport(OBJECTS, PROBES)),
      [
        ". allowed, X denied",
        "",
        "80/TCP",
        "from \\ to  x/a  x/b",
        "x/a        .    .",
        "x/b        .    .",
        "",
        "53/UDP",
        "from \\ to  x/a  x/b",
        "x/a        .    .",
        "x/b        X    .",
      ].join("\n"),
    );
  });

  it("table (connections) shows port sets, externals as endpoints, `-` for nothing", () => {
    assert.equal(
      FORMATTERS.table.connections(connectionReport(OBJECTS)),
      [
        "allowed connections",
        "from \\ to                    x/a     x/b  0.0.0.0/0 except 10.0.0.0/8  10.0.0.0/8",
        "x/a                          all     all  all                          all",
        "x/b                          TCP 80  all  all                          all",
        "0.0.0.0/0 except 10.0.0.0/8  -       all",
        "10.0.0.0/8                   TCP 80  all",
      ].join("\n"),
    );
  });

  it("md renders Markdown tables", () => {
    assert.equal(
      FORMATTERS.md.connections(connectionReport(OBJECTS)),
      [
        "### allowed connections",
        "",
        "| from \\ to | `x/a` | `x/b` | `0.0.0.0/0 except 10.0.0.0/8` | `10.0.0.0/8` |",
        "| --- | --- | --- | --- | --- |",
        "| `x/a` | all | all | all | all |",
        "| `x/b` | TCP 80 | all | all | all |",
        "| `0.0.0.0/0 except 10.0.0.0/8` | - | all |  |  |",
        "| `10.0.0.0/8` | TCP 80 | all |  |  |",
      ].join("\n"),
    );
  });

  it("json (connections) lists every governed pair with its port set", () => {
    const parsed = JSON.parse(FORMATTERS.json.connections(connectionReport(OBJECTS)));
    assert.deepEqual(parsed.externals, ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8"]);
    assert.equal(parsed.connections.length, 4 + 2 * 2 * 2);
    assert.deepEqual(parsed.connections.find((c: { from: string; to: string }) => c.from === "x/b" && c.to === "x/a"), { from: "x/b", to: "x/a", allowed: "TCP 80" });
  });
});
