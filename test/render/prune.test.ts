// What a re-render may delete or overwrite: only this stack's own earlier files, in the exact
// output folder and its analysis/ subfolder. Everything else is kept, byte for byte.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { EXIT_USAGE } from "../../cli/render";
import { stackNames } from "../fixtures/stackFiles";
import { render, snapshot, tempDir } from "./helpers";

/** A file as an earlier render of `stack` would have written it (the header is what marks it). */
function renderedBy(stack: string): string {
  return `# Rendered by zero-trust-eks \`render\`; do not edit.\n# Stack: ${stack}. Objects in namespace old, in apply order.\n---\nkind: ConfigMap\n`;
}

function write(dir: string, relative: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), content);
}

describe("render: prunes only what it wrote for this stack", () => {
  it("rendering dev into a folder that holds every stack's render (out/<stack>/) keeps all of them", () => {
    const cwd = tempDir();
    for (const stack of stackNames()) assert.equal(render(["--stack", stack, "--project", `${__dirname}/../..`], cwd).code, 0);
    const before = snapshot(path.join(cwd, "out"));
    const run = render(["--stack", "dev", "--out", "out", "--project", `${__dirname}/../..`], cwd);
    assert.equal(run.code, 0, run.err);
    const after = snapshot(path.join(cwd, "out"));
    for (const [file, content] of Object.entries(before)) assert.equal(after[file], content, `${file} changed or was deleted`);
    assert.ok(after["cluster.yaml"]?.includes("# Stack: dev."), "dev's render is in out/ itself");
    assert.doesNotMatch(run.out, /removed/);
  });

  it("removes this stack's stale files in the folder and its analysis/, lists them, and keeps every other file", () => {
    const outDir = tempDir();
    assert.equal(render(["--stack", "dev", "--out", outDir]).code, 0);
    const kept: Record<string, string> = {
      "notes.yaml": "mine: true\n",
      "analysis/mine.yaml": "mine: true\n",
      "prod-leftover.yaml": renderedBy("prod"),
      "archive/old-tenant-frontend.yaml": renderedBy("dev"),
      "README.md": renderedBy("dev"),
    };
    for (const [file, content] of Object.entries({ ...kept, "old-tenant-frontend.yaml": renderedBy("dev"), "analysis/old.yaml": renderedBy("dev") })) {
      write(outDir, file, content);
    }
    const run = render(["--stack", "dev", "--out", outDir]);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /removed 2 stale files of stack dev:\n {2}analysis\/old\.yaml\n {2}old-tenant-frontend\.yaml\n$/);
    assert.equal(fs.existsSync(path.join(outDir, "old-tenant-frontend.yaml")), false);
    assert.equal(fs.existsSync(path.join(outDir, "analysis/old.yaml")), false);
    for (const [file, content] of Object.entries(kept)) assert.equal(fs.readFileSync(path.join(outDir, file), "utf8"), content, file);
  });

  it("refuses, writing nothing, when another stack's render is where it would write", () => {
    const outDir = tempDir();
    assert.equal(render(["--stack", "dev", "--out", outDir]).code, 0);
    const before = snapshot(outDir);
    const run = render(["--stack", "prod", "--out", outDir]);
    assert.equal(run.code, EXIT_USAGE);
    assert.match(run.err, /^render: cannot write .*: it holds what render did not write for stack prod \(stack dev's render: analysis\/context\.yaml, .* and 2 more\); choose another --out folder/);
    assert.equal(run.err.trimEnd().split("\n").length, 1, run.err);
    assert.deepEqual(snapshot(outDir), before);
  });

  it("refuses, writing nothing, when a user's file or folder is where it would write", () => {
    for (const [relative, make] of [
      ["cluster.yaml", (full: string) => fs.writeFileSync(full, "kind: Mine\n")],
      ["bank-frontend.yaml", (full: string) => fs.mkdirSync(full)],
      ["analysis", (full: string) => fs.writeFileSync(full, "a file where render wants a folder\n")],
    ] as const) {
      const outDir = tempDir();
      make(path.join(outDir, relative));
      const before = snapshot(outDir);
      const run = render(["--stack", "dev", "--out", outDir]);
      assert.equal(run.code, EXIT_USAGE, relative);
      assert.match(run.err, new RegExp(`\\(.*: ${relative}\\)`), run.err);
      assert.deepEqual(snapshot(outDir), before, relative);
      assert.deepEqual(fs.readdirSync(outDir), [relative]);
    }
  });
});
