/**
 * What `netpol reach` and `netpol verify` print in each format, line by line: empty answers, a probe
 * given twice, verify's OK and FAILED reports with every kind of difference, escaping in Markdown.
 */
import { strict as assert } from "assert";
import { ConnectionSet, FORMATTERS, LINE_FORMATTERS, PortProbe, probeReport, VerifyReport } from "../../../netpol";
import { FlowDifference } from "../../../netpol/verify";
import { markdownGridLines } from "../../../netpol/format/markdown";
import { gridLines } from "../../../netpol/format/table";
import { namespace, pod, policy } from "../core/helpers";

type Report = VerifyReport;

const TCP80: PortProbe = { port: 80, protocol: "TCP" };
const TCP8080 = ConnectionSet.of("TCP", 8080);

function verifyReport(parts: Partial<Report>): Report {
  const extra = parts.extra ?? [];
  const missing = parts.missing ?? [];
  return { ok: false, extra, missing, extraCount: extra.length, missingCount: missing.length, notes: [], warnings: [], ...parts };
}

const OK = verifyReport({ ok: true });

/**
 * Every kind of difference verify reports: end to end (with and without a reason), one side alone
 * (eachSide), the Kubernetes layer alone, and that layer on one side.
 */
const FAILED = verifyReport({
  extra: [
    { from: "web/stranger", to: "api/backend", connections: TCP8080, because: "egress: allowed by web/to-backend; ingress: allowed by api/open" },
    { from: "web/frontend", to: "api/db", connections: ConnectionSet.ALL },
    { from: "web/stranger", to: "api/backend", connections: TCP8080, side: "egress", because: "the egress side alone: egress: allowed by web/to-backend" },
    { from: "web/frontend", to: "0.0.0.0/0", connections: ConnectionSet.ALL, layer: "kubernetes", because: "egress: not isolated" },
    { from: "web/frontend", to: "api/db", connections: TCP8080, layer: "kubernetes", side: "ingress" },
  ],
  missing: [
    { from: "web/frontend", to: "api/backend", connections: ConnectionSet.of("TCP", 9090) },
    { from: "web/frontend", to: "api/backend", connections: ConnectionSet.of("UDP", 53), side: "ingress" },
    { from: "web/frontend", to: "api/backend", connections: ConnectionSet.of("TCP", 443), layer: "kubernetes" },
  ],
});

const FAILED_LINES = [
  "extra:   web/stranger => api/backend : TCP 8080  (egress: allowed by web/to-backend; ingress: allowed by api/open)",
  "extra:   web/frontend => api/db : all",
  "extra (egress side):   web/stranger => api/backend : TCP 8080  (the egress side alone: egress: allowed by web/to-backend)",
  "extra (kubernetes layer alone):   web/frontend => 0.0.0.0/0 : all  (egress: not isolated)",
  "extra (kubernetes layer alone, ingress side):   web/frontend => api/db : TCP 8080",
  "missing: web/frontend => api/backend : TCP 9090",
  "missing (ingress side): web/frontend => api/backend : UDP 53",
  "missing (kubernetes layer alone): web/frontend => api/backend : TCP 443",
  "FAILED: 5 extra (over-permissive), 3 missing",
];

/** x/a and x/b, x/b's ingress closed to everything. */
const CLOSED = [namespace("x"), pod("x", "a"), pod("x", "b"), policy("x", "deny-b", { podSelector: { matchLabels: { pod: "b" } }, policyTypes: ["Ingress"] })];

describe("netpol formats: verify reports", () => {
  it("OK: one line in table and list, a bullet in md, {ok:true} with empty lists in json", () => {
    assert.equal(FORMATTERS.table.verify(OK), "OK: actual reachability equals the intent");
    assert.equal(FORMATTERS.list.verify(OK), "OK: actual reachability equals the intent");
    assert.equal(FORMATTERS.md.verify(OK), "- OK: actual reachability equals the intent");
    assert.deepEqual([...LINE_FORMATTERS.json.verify(OK)], ['{"ok":true,"extra":[],"missing":[],"extraCount":0,"missingCount":0}']);
  });

  it("FAILED: one line per difference naming its side and layer, the reason in parentheses, the counts last", () => {
    assert.deepEqual([...LINE_FORMATTERS.table.verify(FAILED)], FAILED_LINES);
    assert.deepEqual([...LINE_FORMATTERS.list.verify(FAILED)], FAILED_LINES);
    assert.deepEqual([...LINE_FORMATTERS.md.verify(FAILED)], FAILED_LINES.map((line) => `- ${line}`));
  });

  it("FAILED in json: every difference with its connections as text, side, layer and reason where set", () => {
    const lines = [...LINE_FORMATTERS.json.verify(FAILED)];
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0] as string), {
      ok: false,
      extra: [
        { from: "web/stranger", to: "api/backend", connections: "TCP 8080", because: "egress: allowed by web/to-backend; ingress: allowed by api/open" },
        { from: "web/frontend", to: "api/db", connections: "all" },
        { from: "web/stranger", to: "api/backend", connections: "TCP 8080", because: "the egress side alone: egress: allowed by web/to-backend", side: "egress" },
        { from: "web/frontend", to: "0.0.0.0/0", connections: "all", because: "egress: not isolated", layer: "kubernetes" },
        { from: "web/frontend", to: "api/db", connections: "TCP 8080", side: "ingress", layer: "kubernetes" },
      ],
      missing: [
        { from: "web/frontend", to: "api/backend", connections: "TCP 9090" },
        { from: "web/frontend", to: "api/backend", connections: "UDP 53", side: "ingress" },
        { from: "web/frontend", to: "api/backend", connections: "TCP 443", layer: "kubernetes" },
      ],
      extraCount: 5,
      missingCount: 3,
    });
    assert.deepEqual(Object.keys(JSON.parse(lines[0] as string).extra[2]), ["from", "to", "connections", "because", "side"]);
  });
});

describe("netpol formats: verify reports cut by a limit", () => {
  // The first difference of each kind listed, of 1,234 extra and 2 missing in all.
  const CUT = verifyReport({ extra: (FAILED.extra as FlowDifference[]).slice(1, 2), missing: (FAILED.missing as FlowDifference[]).slice(0, 1), extraCount: 1234, missingCount: 2 });

  it("says after each list how many more there are, and counts all of them", () => {
    assert.deepEqual([...LINE_FORMATTERS.table.verify(CUT)], [
      "extra:   web/frontend => api/db : all",
      "extra: 1,233 more, not listed (the list holds the first 1 in pair order)",
      "missing: web/frontend => api/backend : TCP 9090",
      "missing: 1 more, not listed (the list holds the first 1 in pair order)",
      "FAILED: 1234 extra (over-permissive), 2 missing",
    ]);
  });

  it("json: the listed differences and the whole counts", () => {
    const parsed = JSON.parse([...LINE_FORMATTERS.json.verify(CUT)].join(""));
    assert.deepEqual([parsed.extra.length, parsed.missing.length, parsed.extraCount, parsed.missingCount], [1, 1, 1234, 2]);
  });
});

describe("netpol formats: reach answers", () => {
  it("json with nothing to list: the list opens and closes on lines of their own, no empty item", () => {
    const probes = { kind: "probes" as const, endpoints: ["x/a"], sources: ["x/a"], destinations: ["x/a"], probes: [TCP80], results: [] };
    assert.deepEqual([...LINE_FORMATTERS.json.probes(probes)], ['{"endpoints":["x/a"],"results":[', "]}"]);
    assert.deepEqual(JSON.parse(FORMATTERS.json.probes(probes)), { endpoints: ["x/a"], results: [] });
    const connections = { kind: "connections" as const, endpoints: ["x/a", "0.0.0.0/0"], externals: ["0.0.0.0/0"], sources: [], destinations: [], pairs: [] };
    assert.deepEqual([...LINE_FORMATTERS.json.connections(connections)], ['{"endpoints":["x/a","0.0.0.0/0"],"externals":["0.0.0.0/0"],"connections":[', "]}"]);
  });

  it("json with items: one per line, a comma after all but the last", () => {
    assert.deepEqual([...LINE_FORMATTERS.json.probes(probeReport(CLOSED, [TCP80]))], [
      '{"endpoints":["x/a","x/b"],"results":[',
      '{"from":"x/a","to":"x/a","port":80,"protocol":"TCP","allowed":true},',
      '{"from":"x/a","to":"x/b","port":80,"protocol":"TCP","allowed":false},',
      '{"from":"x/b","to":"x/a","port":80,"protocol":"TCP","allowed":true},',
      '{"from":"x/b","to":"x/b","port":80,"protocol":"TCP","allowed":true}',
      "]}",
    ]);
  });

  it("a probe given twice gets its full grid twice in table and md (as list repeats its lines)", () => {
    const report = probeReport(CLOSED, [TCP80, TCP80]);
    const grid = ["80/TCP", "from \\ to  x/a  x/b", "x/a        .    X", "x/b        .    ."];
    assert.equal(FORMATTERS.table.probes(report), [". allowed, X denied", "", ...grid, "", ...grid].join("\n"));
    const md = ["### 80/TCP", "", "| from \\ to | `x/a` | `x/b` |", "| --- | --- | --- |", "| `x/a` | . | X |", "| `x/b` | . | . |"];
    assert.equal(FORMATTERS.md.probes(report), ["`.` allowed, `X` denied", "", ...md, "", ...md].join("\n"));
    assert.equal(FORMATTERS.list.probes(report).split("\n").filter((line) => line === "x/a => x/b : 80/TCP denied").length, 2);
  });

  it("two probes: each grid shows its own verdicts", () => {
    const report = probeReport(CLOSED, [TCP80, { port: 53, protocol: "UDP" }]);
    const table = FORMATTERS.table.probes(report).split("\n");
    assert.deepEqual(table.slice(2), ["80/TCP", "from \\ to  x/a  x/b", "x/a        .    X", "x/b        .    .", "", "53/UDP", "from \\ to  x/a  x/b", "x/a        .    X", "x/b        .    ."]);
  });

  it("Markdown escapes a pipe in the title, the labels and the cells, so the table keeps its columns", () => {
    assert.deepEqual(markdownGridLines({ title: "a|b", rows: ["r|1"], columns: ["c|1", "c2"], cells: [["x|y", ""]] }), [
      "### a\\|b",
      "",
      "| from \\ to | `c\\|1` | `c2` |",
      "| --- | --- | --- |",
      "| `r\\|1` | x\\|y |  |",
    ]);
  });

  it("table: columns as wide as their widest cell or label, row labels at least as wide as the corner, no trailing blanks", () => {
    assert.deepEqual(gridLines({ title: "t", rows: ["a", "a-long-row-label"], columns: ["c", "d"], cells: [["TCP 8080", ""], ["-", "all"]] }), [
      "t",
      "from \\ to         c         d",
      "a                 TCP 8080",
      "a-long-row-label  -         all",
    ]);
    assert.deepEqual(gridLines({ title: "t", rows: ["a"], columns: ["c"], cells: [["all"]] }), ["t", "from \\ to  c", "a          all"]);
  });
});
