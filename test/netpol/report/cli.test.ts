/** `netpol report` end to end on the rendered dev stack. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runNetpol } from "../cliRun";
import { renderToTemp } from "../renderedStack";

describe("netpol report CLI (rendered dev stack)", function () {
  this.timeout(30000);
  let dir: string;
  let intent: string;

  before(() => {
    dir = renderToTemp("dev");
    intent = path.join(dir, "analysis", "intent-with-context.yaml");
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("with the stack's intent: exit 0, the verdict, the picture and the matrix; stderr sums it up", () => {
    const { status, stdout, stderr } = runNetpol(["report", dir, "--intent", intent, "--hide", "intruder", "--hide", "*/stranger", "--hide", "*/looks-like-*"]);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^\*\*\d+ pods\/workloads, \d+ external ranges, \d+ policies \(\d+ NetworkPolicies(, \d+ Calico in tier [a-z-]+)+\), \d+ allowed connections; isolated for ingress: \d+ of \d+, for egress: \d+ of \d+ \(\d+ endpoints analysed but not drawn\)\.\*\*$/m);
    assert.match(stdout, /✅ matches/);
    assert.match(stdout, /^```mermaid\nflowchart LR\n/m);
    assert.match(stdout, /^ {2}n\d+ -->\|"TCP 5432"\| n\d+$/m, "backend -> database");
    assert.match(stdout, /^\| `bank-frontend\/frontend` \| TCP 9090 \|/m, "the matrix row of the frontend");
    assert.doesNotMatch(stdout, /stranger|looks-like|intruder/);
    assert.match(stderr, /^netpol: read \d+ NetworkPolicies/m);
    assert.match(stderr, /; the intent matches\n$/);
  });

  it("an intent the policies do not meet: exit 1, every extra flow listed", () => {
    // Calico's cluster default deny closes the intruder's egress, so opening the database alone
    // does not let the intruder in: open both ends (Kubernetes policies decide before the default deny).
    const open = path.join(dir, "open.yaml");
    const policy = (namespace: string, spec: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: ${namespace}}\nspec: ${spec}\n`;
    fs.writeFileSync(open, [policy("bank-database", "{podSelector: {}, ingress: [{}]}"), policy("intruder", "{podSelector: {}, policyTypes: [Egress], egress: [{}]}")].join("---\n"));
    try {
      const { status, stdout, stderr } = runNetpol(["report", dir, "--intent", intent]);
      assert.equal(status, 1);
      assert.match(stdout, /❌ does not match/);
      assert.match(stdout, /^- extra: +intruder\/probe => bank-database\/database : all/m);
      assert.match(stderr, /the intent does not match \(exit 1\)\n$/);
    } finally {
      fs.rmSync(open);
    }
  });

  it("bad input and usage errors exit 2", () => {
    const missing = runNetpol(["report", dir, "--intent", path.join(dir, "nope.yaml")]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.yaml: intent: no such file/);
    const noPaths = runNetpol(["report"]);
    assert.equal(noPaths.status, 2);
    assert.equal(noPaths.stderr, "netpol report: missing required argument 'paths' (see 'netpol report --help')\n");
  });

  it("--help describes the report, its options and exit codes", () => {
    const { status, stdout } = runNetpol(["report", "--help"]);
    assert.equal(status, 0);
    for (const text of ["--intent <file>", "--hide <pattern>", "mermaid flowchart", "1  written; with --intent: the reachability differs from the intent"]) assert.ok(stdout.includes(text), text);
  });
});
