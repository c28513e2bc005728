import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { EXIT_INVALID_CONFIG, EXIT_USAGE } from "../../cli/render";
import { loadStackFile } from "../../config";
import { allObjects, renderStack } from "../../manifests";
import { readHelmCharts } from "../../manifests/helm";
import { SECRET_PLACEHOLDER } from "../../manifests/workloads";
import { parseIntent, parseManifestText, verifyIntent } from "../../netpol";
import { buildTopology, toIntent } from "../../topology";
import { PROJECT_DIR, readTree, render, renderProcess, tempDir } from "./helpers";

function documentsOf(file: string): unknown[] {
  return parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS() as unknown);
}

/** A project directory with the real Pulumi.yaml and a copy of Pulumi.dev.yaml with one key set to `value`. */
function projectWithStack(stack: string, key: string, value: string): string {
  const dir = tempDir();
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
  const others = dev.split("\n").filter((line) => !line.startsWith(`  ${key}:`)).join("\n");
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), others.replace(/^config:\n/m, `config:\n  ${key}: ${value}\n`));
  return dir;
}

/** Objects sorted by kind, namespace and name, so two lists compare whatever their file order. */
function byIdentity(objects: readonly unknown[]): unknown[] {
  const id = (o: unknown) => {
    const { kind, metadata } = o as { kind: string; metadata: { namespace?: string; name: string } };
    return `${kind}/${metadata.namespace ?? ""}/${metadata.name}`;
  };
  return [...objects].sort((a, b) => id(a).localeCompare(id(b)));
}

describe("render CLI", () => {
  for (const stack of ["dev", "prod"]) {
    it(`--stack ${stack} writes one file per namespace, cluster.yaml and analysis/, holding exactly the stack's objects`, () => {
      const outDir = path.join(tempDir(), "out");
      const run = render(["--stack", stack, "--out", outDir]);
      assert.equal(run.code, 0, run.err);
      const config = loadStackFile(PROJECT_DIR, stack);
      const namespaces = config.app.tenants.flatMap((t) => ["frontend", "backend", "database"].map((tier) => `${t}-${tier}.yaml`));
      const analysis = ["analysis/context.yaml", "analysis/intent-with-context.yaml", "analysis/intent.yaml"];
      assert.deepEqual(readTree(outDir), [...analysis, "cluster.yaml", ...namespaces].sort());
      const written = readTree(outDir).filter((f) => !f.startsWith("analysis/")).flatMap((f) => documentsOf(path.join(outDir, f)));
      const expected = allObjects(renderStack(config));
      assert.equal(written.length, expected.length);
      assert.deepEqual(byIdentity(written), byIdentity(expected));
      assert.match(run.out, new RegExp(`rendered ${expected.length} objects`));
    });
  }

  it("the rendered directory, read back by the netpol analyzer, allows exactly the declared flows", () => {
    const outDir = tempDir();
    assert.equal(render(["--stack", "dev", "--out", outDir]).code, 0);
    const objects = readTree(outDir).flatMap((f) => parseManifestText(fs.readFileSync(path.join(outDir, f), "utf8"), f));
    const intentFile = path.join(outDir, "analysis/intent-with-context.yaml");
    const report = verifyIntent(objects, parseIntent(fs.readFileSync(intentFile, "utf8"), intentFile), intentFile);
    assert.deepEqual({ extra: report.extra.length, missing: report.missing.length }, { extra: 0, missing: 0 });
    assert.ok(report.ok);
    const declared = parseAllDocuments(fs.readFileSync(path.join(outDir, "analysis/intent.yaml"), "utf8"))[0]!.toJS();
    assert.deepEqual(declared, toIntent(buildTopology(loadStackFile(PROJECT_DIR, "dev"))));
  });

  it("cluster.yaml: the StorageClasses, the tigera-operator Namespace, the aws-node RBAC, then the Calico chart as a comment, then Calico's objects", () => {
    const outDir = tempDir();
    assert.equal(render(["--stack", "prod", "--out", outDir]).code, 0);
    const text = fs.readFileSync(path.join(outDir, "cluster.yaml"), "utf8");
    const kinds = documentsOf(path.join(outDir, "cluster.yaml")).map((o) => (o as { kind: string }).kind);
    assert.deepEqual(kinds.slice(0, 7), ["StorageClass", "StorageClass", "Namespace", "ClusterRole", "ClusterRoleBinding", "Installation", "APIServer"]);
    const [chart] = readHelmCharts(text);
    const config = loadStackFile(PROJECT_DIR, "prod");
    assert.deepEqual(chart, renderStack(config).calicoCharts[0]);
    assert.equal(chart?.version, config.policy.calicoChartVersion);
    const at = (needle: string) => text.indexOf(needle);
    assert.ok(at("kind: ClusterRoleBinding") < at("# helm-release:") && at("# helm-release:") < at("kind: Installation"), "chart out of apply order");
  });

  it("writes cluster-scoped objects only to cluster.yaml and each namespace's objects only to its file", () => {
    const outDir = tempDir();
    assert.equal(render(["--stack", "dev", "--out", outDir]).code, 0);
    for (const file of readTree(outDir).filter((f) => !f.startsWith("analysis/"))) {
      const namespaces = new Set(documentsOf(path.join(outDir, file)).map((o) => (o as { metadata: { namespace?: string } }).metadata.namespace));
      assert.deepEqual([...namespaces], [file === "cluster.yaml" ? undefined : file.replace(/\.yaml$/, "")], file);
    }
  });

  it("renders the database password as the marked placeholder, byte-identical on every run", () => {
    const first = tempDir();
    const second = tempDir();
    render(["--stack", "prod", "--out", first]);
    render(["--stack", "prod", "--out", second]);
    for (const file of readTree(first)) assert.equal(fs.readFileSync(path.join(first, file), "utf8"), fs.readFileSync(path.join(second, file), "utf8"), file);
    const database = fs.readFileSync(path.join(first, readTree(first).find((f) => f.endsWith("-database.yaml"))!), "utf8");
    assert.match(database, new RegExp(`password: ${SECRET_PLACEHOLDER}`));
  });

  it("defaults the output directory to out/<stack> relative to where it runs", () => {
    const cwd = tempDir();
    const run = render(["--stack", "dev", "--project", PROJECT_DIR], cwd);
    assert.equal(run.code, 0, run.err);
    assert.ok(fs.existsSync(path.join(cwd, "out", "dev", "cluster.yaml")));
  });

  it("invalid config: exits non-zero, names the key, writes nothing (not even the directory)", () => {
    const project = projectWithStack("broken", "zero-trust-eks:frontendReplicas", "zero");
    const outDir = path.join(project, "out", "broken");
    const run = render(["--stack", "broken", "--out", outDir], project);
    assert.equal(run.code, EXIT_INVALID_CONFIG);
    assert.match(run.err, /zero-trust-eks:frontendReplicas/);
    assert.match(run.err, /Nothing was written/);
    assert.equal(fs.existsSync(path.join(project, "out")), false);
  });

  it("unknown stack: exits non-zero listing the stacks that exist, writes nothing", () => {
    const cwd = tempDir();
    const run = render(["--stack", "qa", "--project", PROJECT_DIR], cwd);
    assert.equal(run.code, EXIT_USAGE);
    assert.match(run.err, /unknown stack "qa".*stacks: dev, local, prod, staging/);
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  it("a missing --stack is a usage error, not a crash", () => {
    const run = render([]);
    assert.equal(run.code, EXIT_USAGE);
    assert.match(run.err, /--stack/);
  });

  it("as a process: invalid config prints the problem list without a stack trace and exits 1", () => {
    const project = projectWithStack("broken", "zero-trust-eks:backendPort", "70000");
    const child = renderProcess(["--stack", "broken"], project);
    assert.equal(child.status, 1, child.stderr);
    assert.match(child.stderr, /invalid stack config.*\n.*zero-trust-eks:backendPort: got 70000/);
    assert.doesNotMatch(child.stderr, /\n\s+at /);
    assert.equal(fs.existsSync(path.join(project, "out")), false);
  });
});
