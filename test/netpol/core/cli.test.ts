/** The CLI end to end, spawned a few times only (each spawn costs a ts-node start). */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "../../..");

function netpol(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "cli/netpol.ts", ...args], { cwd: REPO, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
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

describe("netpol CLI", function () {
  this.timeout(30000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-cli-"));
    fs.mkdirSync(path.join(dir, "manifests", "policies"), { recursive: true });
    fs.writeFileSync(path.join(dir, "manifests", "app.yaml"), MANIFESTS);
    fs.writeFileSync(path.join(dir, "manifests", "policies", "web.json"), POLICY);
    fs.writeFileSync(path.join(dir, "manifests", "README.txt"), "not a manifest: [");
    fs.writeFileSync(path.join(dir, "bad.yaml"), "kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: oops, namespace: shop}\nspec: {podSelector: {}, ingres: []}\n");
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reach --port --format json prints exactly one JSON object (directories read recursively)", () => {
    const { status, stdout, stderr } = netpol("reach", path.join(dir, "manifests"), "--port", "8080/TCP", "--port", "80", "--format", "json");
    assert.equal(stderr, "");
    assert.equal(status, 0);
    const parsed = JSON.parse(stdout);
    assert.deepEqual(parsed.endpoints, ["shop/client", "shop/web"]);
    const allowed = parsed.results.filter((r: { allowed: boolean }) => !r.allowed).map((r: { from: string; to: string; port: number }) => `${r.from}>${r.to}:${r.port}`);
    assert.deepEqual(allowed, ["shop/client>shop/web:80", "shop/web>shop/web:8080", "shop/web>shop/web:80"]);
  });

  it("bad input exits 2 naming the file and object, without a stack trace", () => {
    const { status, stdout, stderr } = netpol("reach", path.join(dir, "bad.yaml"));
    assert.equal(status, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /bad\.yaml: NetworkPolicy shop\/oops: spec\.ingres: unknown field "ingres" \(did you mean "ingress"\?\)/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it("verify exits 1 and prints every extra and missing flow", () => {
    const intent = path.join(dir, "intent.yaml");
    fs.writeFileSync(intent, 'flows:\n  - {from: shop/client, to: shop/web, ports: ["TCP/8080", "TCP/9090"]}\n');
    const { status, stdout } = netpol("verify", "--intent", intent, path.join(dir, "manifests"));
    assert.equal(status, 1);
    const lines = stdout.trim().split("\n");
    assert.ok(lines.includes("missing: shop/client => shop/web : TCP 9090"), stdout);
    assert.ok(lines.includes("extra:   shop/web => shop/client : all  (egress: not isolated; ingress: not isolated)"), stdout);
    assert.ok(lines.includes("extra:   shop/client => 0.0.0.0/0 : all  (egress: not isolated; ingress: external, not governed by NetworkPolicy)"), stdout);
    assert.match(lines[lines.length - 1], /^FAILED: \d+ extra \(over-permissive\), 1 missing$/);
  });

  it("verify exits 2 on a malformed intent", () => {
    const intent = path.join(dir, "bad-intent.yaml");
    fs.writeFileSync(intent, "flows:\n  - {from: shop/client, to: shop/web, ports: [8080]}\n");
    const { status, stderr } = netpol("verify", "--intent", intent, path.join(dir, "manifests"));
    assert.equal(status, 2);
    assert.match(stderr, /bad-intent\.yaml: flows\[0\]: ports: 8080 is not a port spec/);
  });
});
