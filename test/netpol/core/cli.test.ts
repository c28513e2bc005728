/**
 * The CLI end to end: `main` in-process on files standing for stdin, stdout and stderr, and
 * spawned only where the process itself matters (a pipe closed early).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { syntheticCluster } from "../../../netpol/generate/synthetic";
import { runNetpol as netpol } from "../cliRun";

const REPO = path.resolve(__dirname, "../../..");
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
const NETPOL = [process.execPath, "-r", "ts-node/register/transpile-only", "cli/netpol.ts"];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A shell pipeline with pipefail: its status is netpol's unless netpol exits 0. */
function pipeline(command: string): Run {
  const result = spawnSync("bash", ["-c", `set -o pipefail; ${command}`], { cwd: REPO, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c}]}
`;

const POLICY = JSON.stringify({
  kind: "List",
  items: [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "web", namespace: "shop" },
      spec: { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "client" } } }], ports: [{ port: "http" }] }] },
    },
  ],
});

const BAD_POLICY = "kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: oops, namespace: shop}\nspec: {podSelector: {}, ingres: []}\n";

/** `count` objects in one JSON List: a synthetic cluster, padded with Services and ConfigMaps. */
function clusterFile(file: string, pods: number, count: number): void {
  const items: unknown[] = syntheticCluster({ pods, namespaces: pods / 10, policies: pods / 4, seed: 1 });
  for (let i = items.length; i < count; i++) {
    items.push({ apiVersion: "v1", kind: i % 2 === 0 ? "ConfigMap" : "Service", metadata: { name: `o-${i}`, namespace: `tenant-${i % 50}` } });
  }
  fs.writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
}

describe("netpol CLI", function () {
  this.timeout(30000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-cli-"));
    fs.mkdirSync(path.join(dir, "manifests", "policies"), { recursive: true });
    fs.mkdirSync(path.join(dir, "empty", "sub"), { recursive: true });
    fs.writeFileSync(path.join(dir, "manifests", "app.yaml"), MANIFESTS);
    fs.writeFileSync(path.join(dir, "manifests", "policies", "web.json"), POLICY);
    fs.writeFileSync(path.join(dir, "manifests", "README.txt"), "not a manifest: [");
    fs.writeFileSync(path.join(dir, "empty", "sub", "notes.txt"), "nothing here");
    fs.writeFileSync(path.join(dir, "bad.yaml"), BAD_POLICY);
    fs.writeFileSync(path.join(dir, "services.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\n");
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reach --port --format json prints exactly one JSON object (directories read recursively), and stderr says what was read", () => {
    const { status, stdout, stderr } = netpol(["reach", path.join(dir, "manifests"), "--port", "8080/TCP", "--port", "80", "--format", "json"]);
    assert.equal(stderr, "netpol: read 1 NetworkPolicy, 2 pods/workloads, 1 namespace; nothing ignored\n");
    assert.equal(status, 0);
    const parsed = JSON.parse(stdout);
    assert.deepEqual(parsed.endpoints, ["shop/client", "shop/web"]);
    const denied = parsed.results.filter((r: { allowed: boolean }) => !r.allowed).map((r: { from: string; to: string; port: number }) => `${r.from}>${r.to}:${r.port}`);
    assert.deepEqual(denied, ["shop/client>shop/web:80", "shop/web>shop/web:8080", "shop/web>shop/web:80"]);
  });

  it("bad input exits 2 naming the file and object, without a stack trace", () => {
    const { status, stdout, stderr } = netpol(["reach", path.join(dir, "bad.yaml")]);
    assert.equal(status, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /bad\.yaml: NetworkPolicy shop\/oops: spec\.ingres: unknown field "ingres" \(did you mean "ingress"\?\)/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it("verify exits 1 and prints every extra and missing flow", () => {
    const intent = path.join(dir, "intent.yaml");
    fs.writeFileSync(intent, 'flows:\n  - {from: shop/client, to: shop/web, ports: ["TCP/8080", "TCP/9090"]}\n');
    const { status, stdout } = netpol(["verify", "--intent", intent, path.join(dir, "manifests")]);
    assert.equal(status, 1);
    const lines = stdout.trim().split("\n");
    assert.ok(lines.includes("missing: shop/client => shop/web : TCP 9090"), stdout);
    assert.ok(lines.includes("extra:   shop/web => shop/client : all  (egress: not isolated; ingress: not isolated)"), stdout);
    assert.ok(lines.includes("extra:   shop/client => 0.0.0.0/0 : all  (egress: not isolated; ingress: external, not governed by NetworkPolicy)"), stdout);
    assert.match(lines[lines.length - 1] ?? "", /^FAILED: \d+ extra \(over-permissive\), 1 missing$/);
  });

  it("verify --max-differences lists the first n of each kind in pair order and counts them all", () => {
    const intent = path.join(dir, "intent.yaml");
    fs.writeFileSync(intent, 'flows:\n  - {from: shop/client, to: shop/web, ports: ["TCP/8080", "TCP/9090"]}\n');
    const whole = netpol(["verify", "--intent", intent, path.join(dir, "manifests")]).stdout.trim().split("\n");
    const extra = whole.filter((line) => line.startsWith("extra:"));
    assert.ok(extra.length > 2, whole.join("\n"));
    const { status, stdout } = netpol(["verify", "--max-differences", "2", "--intent", intent, path.join(dir, "manifests")]);
    assert.equal(status, 1);
    assert.deepEqual(stdout.trim().split("\n"), [
      ...extra.slice(0, 2),
      `extra: ${extra.length - 2} more, not listed (the list holds the first 2 in pair order)`,
      "missing: shop/client => shop/web : TCP 9090",
      whole[whole.length - 1],
    ]);
    assert.deepEqual(netpol(["verify", "--max-differences", "all", "--intent", intent, path.join(dir, "manifests")]).stdout.trim().split("\n"), whole);
    for (const bad of ["0", "-1", "2.5", "lots"]) {
      const refused = netpol(["verify", "--max-differences", bad, "--intent", intent, path.join(dir, "manifests")]);
      assert.equal(refused.status, 2, bad);
      assert.equal(refused.stderr, `netpol verify: option '--max-differences <n>' argument '${bad}' is invalid. expected a whole number of at least 1, or "all" (see 'netpol verify --help')\n`);
    }
  });

  it("verify exits 2 on a malformed intent", () => {
    const intent = path.join(dir, "bad-intent.yaml");
    fs.writeFileSync(intent, "flows:\n  - {from: shop/client, to: shop/web, ports: [8080]}\n");
    const { status, stderr } = netpol(["verify", "--intent", intent, path.join(dir, "manifests")]);
    assert.equal(status, 2);
    assert.match(stderr, /bad-intent\.yaml: flows\[0\]: ports: 8080 is not a port spec/);
  });

  it("verify reports a malformed intent before a manifest path that does not exist, and that path with a good intent", () => {
    const bad = path.join(dir, "bad-intent-2.yaml");
    fs.writeFileSync(bad, "flows:\n  - {from: shop/client, to: shop/web, ports: [8080]}\n");
    const missing = path.join(dir, "no-such-manifests");
    const first = netpol(["verify", "--intent", bad, missing]);
    assert.equal(first.status, 2);
    assert.match(first.stderr, /bad-intent-2\.yaml: flows\[0\]: ports: 8080 is not a port spec/);
    assert.doesNotMatch(first.stderr, /no-such-manifests/);
    const good = path.join(dir, "good-intent.yaml");
    fs.writeFileSync(good, "flows: []\n");
    const second = netpol(["verify", "--intent", good, missing]);
    assert.equal(second.status, 2);
    assert.match(second.stderr, /no-such-manifests/);
  });

  it("a usage error exits 2 with one line: the command, the problem, and where help is", () => {
    const { status, stdout, stderr } = netpol(["reach", "--format", "grid", path.join(dir, "manifests")]);
    assert.equal(status, 2);
    assert.equal(stdout, "");
    assert.equal(stderr, "netpol reach: option '--format <format>' argument 'grid' is invalid. Allowed choices are json, table, md, list, counts. (see 'netpol reach --help')\n");
  });

  it("--version on a command prints the package version; --help has examples and the exit codes", () => {
    assert.deepEqual(netpol(["verify", "--version"]), { status: 0, stdout: `${VERSION}\n`, stderr: "" });
    const help = netpol(["reach", "--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Examples:\n {2}netpol reach out\/dev\n/);
    assert.match(help.stdout, /helm template .* \| netpol reach - /);
    assert.match(help.stdout, /Exit codes:\n {2}0 +done.*\n {2}1 +verify found differences\n {2}2 +bad input or usage.*\n {2}3 +could not finish/);
  });

  it("no manifest file in a directory, or no endpoint in the input, exits 2 with a message", () => {
    const empty = netpol(["reach", path.join(dir, "empty")]);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /empty: directory: no manifest file \(\.yaml, \.yml or \.json\) in it or below it/);
    const services = netpol(["reach", path.join(dir, "services.yaml")]);
    assert.equal(services.status, 2);
    assert.equal(services.stderr.split("\n")[0], "netpol: read 0 NetworkPolicies, 0 pods/workloads, 0 namespaces; ignored 1 object (Service ×1)");
    assert.match(services.stderr, /netpol: no endpoint to analyse: the input has no Pod and no workload/);
  });

  it("- reads standard input; filters, --allowed-only and --format list shape the answer; warnings go to stderr", () => {
    const input = `${MANIFESTS}---\n${POLICY}\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: x, namespace: shop}\n`;
    const { status, stdout, stderr } = netpol(["reach", "-", "--from", "shop/client", "--to", "*/web", "--to", "nothing-*", "--allowed-only", "--format", "list"], input);
    assert.equal(status, 0, stderr);
    assert.equal(stdout, "shop/client => shop/web : TCP 8080\n");
    assert.deepEqual(stderr.trim().split("\n").map((line) => line.replace(/: reachability is computed .*/, "")), [
      "netpol: read 1 NetworkPolicy, 2 pods/workloads, 1 namespace; ignored 1 object (CiliumNetworkPolicy ×1)",
      "netpol: warning: ignored 1 policy of a kind this analyzer does not model (cilium.io/v2 CiliumNetworkPolicy ×1)",
      'netpol: warning: --to "nothing-*" matches no endpoint',
    ]);
  });

  it("a null podSelector is read as {} (as the API server stores it), with a note on stderr", () => {
    const policy = "kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: null, ingress: []}\n";
    const { status, stdout, stderr } = netpol(["reach", "-", "--port", "8080/TCP", "--format", "json"], `${MANIFESTS}\n---\n${policy}`);
    assert.equal(status, 0);
    assert.match(stderr, /netpol: note: <stdin>: NetworkPolicy shop\/deny: spec\.podSelector is null; read as \{\} \(every pod in the namespace\)/);
    const allowed = (JSON.parse(stdout) as { results: { from: string; to: string; allowed: boolean }[] }).results.filter((r) => r.allowed && r.from !== r.to);
    assert.deepEqual(allowed, [], "every pod of shop is isolated for ingress");
  });

  it("problems in standard input are named <stdin>", () => {
    const { status, stderr } = netpol(["reach", "-"], BAD_POLICY);
    assert.equal(status, 2);
    assert.match(stderr, /<stdin>: NetworkPolicy shop\/oops: spec\.ingres: unknown field "ingres"/);
  });

  it("reach … | head stops quietly: exit 0 under pipefail, no error on stderr", () => {
    const file = path.join(dir, "cluster-300.json");
    clusterFile(file, 300, 0);
    const { status, stdout, stderr } = pipeline(`${NETPOL.map(quote).join(" ")} reach ${quote(file)} --format list | head -n 2`);
    assert.equal(status, 0, stderr);
    assert.equal(stdout.split("\n").length, 3);
    assert.deepEqual(stderr.trim().split("\n"), ["netpol: read 75 NetworkPolicies, 300 pods/workloads, 30 namespaces; nothing ignored"]);
  });

  it("reach on one file of 150,000 objects completes", function () {
    this.timeout(120000);
    const file = path.join(dir, "cluster-150k.json");
    clusterFile(file, 2000, 150_000);
    const { status, stdout, stderr } = netpol(["reach", file, "--port", "80/TCP", "--format", "counts"]);
    assert.equal(status, 0, stderr);
    assert.equal(stderr, "netpol: read 500 NetworkPolicies, 2,000 pods/workloads, 200 namespaces; ignored 147,300 objects (ConfigMap ×73,650, Service ×73,650)\n");
    assert.match(stdout.trim().split("\n").pop() ?? "", /^80\/TCP\s+\(all\)\s+2000\s+4000000\s+\d+\s+\d+$/);
  });
});
