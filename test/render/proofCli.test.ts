// The reviewer's proof, as the README shows it, cannot be fooled: render a stack, delete one
// default deny from the rendered files, and `netpol verify` on the directory fails naming what
// opened up; the untouched render passes. Both CLIs in-process, on real files.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { main as netpol } from "../../cli/netpol";
import { stackNames } from "../fixtures/stackFiles";
import { render, tempDir } from "./helpers";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function verify(dir: string, ...extra: string[]): Run {
  const file = (name: string): string => path.join(dir, `../${path.basename(dir)}-${name}`);
  fs.writeFileSync(file("stdin"), "");
  const fds = { stdin: fs.openSync(file("stdin"), "r"), stdout: fs.openSync(file("stdout"), "w"), stderr: fs.openSync(file("stderr"), "w") };
  try {
    const status = netpol(["node", "netpol", "verify", "--intent", path.join(dir, "analysis/intent-with-context.yaml"), dir, ...extra], fds);
    return { status, stdout: fs.readFileSync(file("stdout"), "utf8"), stderr: fs.readFileSync(file("stderr"), "utf8") };
  } finally {
    for (const fd of Object.values(fds)) fs.closeSync(fd);
  }
}

/** Rewrites one rendered file without the documents `drop` picks. */
function without(file: string, drop: (doc: { kind?: string; metadata?: { name?: string } }) => boolean): void {
  const kept = parseAllDocuments(fs.readFileSync(file, "utf8")).filter((d) => !drop(d.toJS() ?? {}));
  fs.writeFileSync(file, kept.map((d) => d.toString()).join("---\n"));
}

describe("render, then netpol verify: the proof from the command line", function () {
  this.timeout(60000);

  for (const stack of stackNames()) {
    it(`${stack}: the untouched render passes over both layers; without the metadata rule or the cluster default deny it fails`, () => {
      const dir = path.join(tempDir(), stack);
      assert.equal(render(["--stack", stack, "--out", dir]).code, 0);
      const intact = verify(dir);
      assert.equal(intact.status, 0, intact.stdout + intact.stderr);
      assert.match(intact.stdout, /^OK/);
      assert.match(intact.stderr, /read \d+ NetworkPolicies, 3 Calico objects/);

      const cluster = path.join(dir, "cluster.yaml");
      const original = fs.readFileSync(cluster, "utf8");
      without(cluster, (doc) => doc.kind === "GlobalNetworkPolicy" && doc.metadata?.name === "security.deny-instance-metadata");
      const open = verify(dir);
      assert.equal(open.status, 1);
      assert.match(open.stdout, /extra: +kube-system\/coredns => 169\.254\.169\.254\/32 : all/);

      fs.writeFileSync(cluster, original);
      without(cluster, (doc) => doc.kind === "GlobalNetworkPolicy" && doc.metadata?.name === "zero-trust-default-deny");
      const weakened = verify(dir);
      assert.equal(weakened.status, 1);
      assert.match(weakened.stdout, /extra: +intruder\/probe => kube-system\/stranger : all/);
      assert.match(weakened.stdout, /FAILED/);

      // Each layer alone: bank-backend's default deny deleted, still masked by Calico's cluster
      // default deny end to end, fails as the Kubernetes layer alone (the intent's kubernetesLayer).
      fs.writeFileSync(cluster, original);
      without(path.join(dir, "bank-backend.yaml"), (doc) => doc.kind === "NetworkPolicy" && doc.metadata?.name === "default-deny");
      const masked = verify(dir);
      assert.equal(masked.status, 1, masked.stdout);
      assert.match(masked.stdout, /extra \(kubernetes layer alone\): +intruder\/probe => bank-backend\/stranger : all/);
      assert.doesNotMatch(masked.stdout, /^extra: /m, "end to end over both layers nothing opens");
    });
  }

  it("--no-each-side turns the defense-in-depth check off: a one-sided loosening then passes end to end", () => {
    const dir = path.join(tempDir(), "dev");
    assert.equal(render(["--stack", "dev", "--out", dir]).code, 0);
    const file = path.join(dir, "bank-frontend.yaml");
    const text = fs.readFileSync(file, "utf8");
    const docs = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> });
    const egress = docs.find((d) => d.kind === "NetworkPolicy" && d.metadata.name === "allow-frontend-to-backend");
    assert.ok(egress !== undefined);
    egress.spec["podSelector"] = {};
    fs.writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n---\n"));
    const strict = verify(dir);
    assert.equal(strict.status, 1);
    assert.match(strict.stdout, /extra \(egress side\): +bank-frontend\/stranger => bank-backend\/backend : TCP \d+/);
    assert.equal(verify(dir, "--no-each-side").status, 0);
  });
});
