/** `netpol diff` end to end on the rendered dev stack: output, stderr, exit codes and usage errors. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runNetpol } from "../cliRun";
import { renderToTemp } from "../renderedStack";

const OPEN_EGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: open-egress, namespace: bank-backend}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: backend}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
`;

describe("netpol diff CLI (rendered dev stack)", function () {
  this.timeout(30000);
  let base: string;
  let head: string;

  before(() => {
    base = renderToTemp("dev");
    head = renderToTemp("dev");
    fs.writeFileSync(path.join(head, "open-egress.yaml"), OPEN_EGRESS);
  });

  after(() => {
    for (const dir of [base, head]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("identical trees: exit 0, and stdout and stderr say so", () => {
    const { status, stdout, stderr } = runNetpol(["diff", base, base]);
    assert.equal(status, 0);
    assert.match(stdout, /^no difference: both sides allow the same connections \(\d+ pods\/workloads, \d+ policies\)\n$/);
    assert.match(stderr, /^netpol: base: read \d+ NetworkPolicies/m);
    assert.match(stderr, /^netpol: head: read \d+ NetworkPolicies/m);
    assert.match(stderr, /^netpol: no difference/m);
  });

  it("a policy opening egress to 0.0.0.0/0 in the backend namespace: added connections from the backend to external addresses, naming it; exit 1", () => {
    const { status, stdout, stderr } = runNetpol(["diff", base, head]);
    assert.equal(status, 1);
    const lines = stdout.trim().split("\n");
    const added = lines.filter((line) => /^(added|changed): /.test(line));
    assert.ok(added.length > 0, stdout);
    for (const line of added) {
      assert.match(line, /^(added|changed): +bank-backend\/backend => [0-9a-f.:/]+( except \S+)? : /, line);
      assert.match(line, /egress: allowed by [^;]*bank-backend\/open-egress/, line);
    }
    assert.ok(lines.some((line) => line.startsWith("added:   bank-backend/backend => 0.0.0.0/0 except ")), stdout);
    assert.match(lines[lines.length - 1] ?? "", /^\d+ connections? added or widened, 0 removed or narrowed; 0 endpoints added, 0 removed$/);
    assert.match(stderr, /\(exit 1: --fail-on added\)\n$/);
  });

  it("--fail-on never exits 0 on the same change; --fail-on any exits 1 on a removal", () => {
    assert.equal(runNetpol(["diff", base, head, "--fail-on", "never"]).status, 0);
    const reverse = runNetpol(["diff", head, base, "--fail-on", "any"]);
    assert.equal(reverse.status, 1);
    assert.match(reverse.stdout, /^removed: bank-backend\/backend => 0\.0\.0\.0\/0 except /m);
    assert.equal(runNetpol(["diff", head, base]).status, 0, "removals alone need no review");
  });

  it("--format json is one JSON object with the documented fields; --format md a table naming the policy", () => {
    const json = JSON.parse(runNetpol(["diff", base, head, "--format", "json"]).stdout);
    assert.deepEqual(Object.keys(json), ["identical", "summary", "base", "head", "externals", "endpoints", "changes"]);
    assert.equal(json.identical, false);
    assert.equal(json.summary.added, json.changes.length);
    const first = json.changes[0];
    assert.deepEqual(Object.keys(first), ["from", "to", "fromPresence", "toPresence", "before", "after", "added", "removed", "allowedBy"]);
    assert.deepEqual(first.allowedBy.ingress, { kind: "not-policed" });
    assert.deepEqual(first.allowedBy.egress, { kind: "tiered", allowed: true, decision: { kind: "rule", action: "Allow", tier: "default", policy: "bank-backend/open-egress", rule: 0 } });
    const md = runNetpol(["diff", base, head, "--format", "md"]).stdout;
    assert.match(md, /^\| `bank-backend\/backend` \| `0\.0\.0\.0\/0 except [^`]+` \| \*\*all\*\* \| none → all \| egress: `bank-backend\/open-egress` rule 0 \(tier default\); ingress: external \|$/m);
  });

  it("the same answer from - (standard input) and with the reference engine", () => {
    const files = fs.readdirSync(base, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".yaml"));
    const fromStdin = runNetpol(["diff", "-", head], files.map((file) => fs.readFileSync(path.join(base, file), "utf8")).join("\n---\n"));
    const expected = runNetpol(["diff", base, head]).stdout;
    assert.equal(fromStdin.stdout, expected);
    assert.equal(runNetpol(["diff", base, head, "--engine", "reference"]).stdout, expected);
  });

  it("usage errors and bad input exit 2 with one line naming the command", () => {
    const missing = runNetpol(["diff", base]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, "netpol diff: missing required argument 'head' (see 'netpol diff --help')\n");
    const badFailOn = runNetpol(["diff", base, head, "--fail-on", "sometimes"]);
    assert.equal(badFailOn.status, 2);
    assert.match(badFailOn.stderr, /^netpol diff: option '--fail-on <what>' argument 'sometimes' is invalid\. Allowed choices are added, any, never\. \(see 'netpol diff --help'\)\n$/);
    const twoStdin = runNetpol(["diff", "-", "-"]);
    assert.equal(twoStdin.status, 2);
    assert.match(twoStdin.stderr, /standard input \(-\) can be only one of <base> and <head>/);
    const nowhere = runNetpol(["diff", base, path.join(head, "nope")]);
    assert.equal(nowhere.status, 2);
    assert.match(nowhere.stderr, /nope: path: no such file or directory/);
  });

  it("--help lists the formats, the exit codes and examples", () => {
    const { status, stdout } = runNetpol(["diff", "--help"]);
    assert.equal(status, 0);
    for (const text of ["--fail-on <what>", "text  one line per endpoint", "json  one JSON object", "1  some connection was added or widened", "netpol diff out-main/dev out/dev"]) {
      assert.ok(stdout.includes(text), text);
    }
  });
});
