// The offline render's file layout (manifests/output.ts): which files, what each header says, which
// role and object count each has, and how a re-render recognises its own files by their header.
import { strict as assert } from "assert";
import { renderStack } from "../../manifests";
import { RENDER_MARKER, renderedStackOf, renderOutputFiles, type OutputFile } from "../../manifests/output";
import { testStackConfig } from "../fixtures/stackConfig";

const MARKER_LINE = "# Rendered by zero-trust-eks `render`; do not edit.";

/** Everything of a file but its objects: path, role, count and the header comment lines. */
function outline(file: OutputFile): { path: string; role: string; objectCount: number; header: string[] } {
  const lines = file.content.split("\n");
  const end = lines.findIndex((line) => !line.startsWith("#"));
  return { path: file.path, role: file.role, objectCount: file.objectCount, header: lines.slice(0, end) };
}

describe("manifests/output: the rendered files and their headers", () => {
  it("calico engine: cluster.yaml names the Helm releases, each namespace file its namespace, analysis/ its three inputs", () => {
    const files = renderOutputFiles(renderStack(testStackConfig()), "dev");
    const applied = "in apply order. Secrets hold placeholders only.";
    assert.deepEqual(files.map(outline), [
      {
        path: "analysis/context.yaml", role: "analysis", objectCount: 17,
        header: [MARKER_LINE, "# Stack: dev. Objects a real cluster has but the stack never applies (analysis only)."],
      },
      {
        path: "analysis/intent-with-context.yaml", role: "analysis", objectCount: 0,
        header: [
          MARKER_LINE,
          "# Stack: dev. The declared flows plus the flows of context.yaml's pods (with Calico: the intruder reaches only DNS,",
          "# no pod reaches 169.254.169.254): the intent for `netpol verify` over this whole directory. Not a Kubernetes object.",
        ],
      },
      {
        path: "analysis/intent.yaml", role: "analysis", objectCount: 0,
        header: [MARKER_LINE, "# Stack: dev. The declared flows: the zero-trust intent. Not a Kubernetes object."],
      },
      { path: "bank-backend.yaml", role: "applied", objectCount: 7, header: [MARKER_LINE, `# Stack: dev. Objects in namespace bank-backend, ${applied}`] },
      { path: "bank-database.yaml", role: "applied", objectCount: 6, header: [MARKER_LINE, `# Stack: dev. Objects in namespace bank-database, ${applied}`] },
      { path: "bank-frontend.yaml", role: "applied", objectCount: 7, header: [MARKER_LINE, `# Stack: dev. Objects in namespace bank-frontend, ${applied}`] },
      {
        path: "cluster.yaml", role: "applied", objectCount: 13,
        header: [MARKER_LINE, `# Stack: dev. Cluster-scoped objects and Helm releases (comments), ${applied}`],
      },
    ]);
  });

  it("without a chart (vpc-cni engine) cluster.yaml says only cluster-scoped objects, and the files hold no chart comment", () => {
    const base = testStackConfig();
    const files = renderOutputFiles(renderStack({ ...base, policy: { ...base.policy, engine: "vpc-cni" } }), "dev");
    const cluster = files.find((f) => f.path === "cluster.yaml");
    assert.ok(cluster);
    assert.deepEqual(outline(cluster).header, [MARKER_LINE, "# Stack: dev. Cluster-scoped objects, in apply order. Secrets hold placeholders only."]);
    assert.equal(cluster.objectCount, 5, "the two StorageClasses and the three tier Namespaces");
    for (const file of files) assert.doesNotMatch(file.content, /helm-release/, file.path);
  });

  it("each applied file is its header, then one `---` document per object and nothing else", () => {
    for (const file of renderOutputFiles(renderStack(testStackConfig()), "dev").filter((f) => f.role === "applied")) {
      const body = file.content.split("\n").slice(2).join("\n");
      assert.ok(body.startsWith("---\n"), file.path);
      assert.equal(body.split(/^---$/m).length - 1, file.objectCount, file.path);
    }
  });
});

describe("manifests/output: renderedStackOf (how a re-render finds its own files)", () => {
  it("reads the stack a rendered file's header names, for every file of a render", () => {
    for (const file of renderOutputFiles(renderStack(testStackConfig()), "prod-eu")) assert.equal(renderedStackOf(file.content), "prod-eu", file.path);
    assert.equal(`# ${RENDER_MARKER}`, MARKER_LINE);
  });

  it("is undefined for a file that does not start with the marker line, even if a stack line follows", () => {
    assert.equal(renderedStackOf("# Some other tool; do not edit.\n# Stack: dev. Objects.\n"), undefined);
    assert.equal(renderedStackOf(`\n${MARKER_LINE}\n# Stack: dev. Objects.\n`), undefined);
    assert.equal(renderedStackOf(""), undefined);
  });

  it("is undefined when the marker line is alone, or the second line is not a stack line at its start", () => {
    assert.equal(renderedStackOf(MARKER_LINE), undefined);
    assert.equal(renderedStackOf(`${MARKER_LINE}\n`), undefined);
    assert.equal(renderedStackOf(`${MARKER_LINE}\nkind: ConfigMap\n`), undefined);
    assert.equal(renderedStackOf(`${MARKER_LINE}\n#  # Stack: dev. Objects.\n`), undefined);
    assert.equal(renderedStackOf(`${MARKER_LINE}\n# Stack: dev.Objects\n`), undefined);
  });
});
