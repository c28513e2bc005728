/**
 * The launcher runs the compiled build (`npm run build`) only while it matches its sources, and
 * the build answers exactly as the source does: a stale build must never analyse in their place.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BUILD_DIR, buildIsFresh, entryArgs, youngGenerationArgs } from "../../../cli/launcher/entry";
import { renderToTemp } from "../renderedStack";

const REPO = path.resolve(__dirname, "../../..");

/** A project root holding `sources` (relative .ts paths) and, when `built`, their compiled files written after them. */
function fakeRoot(sources: readonly string[], built: boolean): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-entry-"));
  const old = new Date(Date.now() - 60_000);
  for (const source of sources) {
    fs.mkdirSync(path.join(root, path.dirname(source)), { recursive: true });
    fs.writeFileSync(path.join(root, source), "export {};\n");
    fs.utimesSync(path.join(root, source), old, old);
    if (!built) continue;
    const compiled = path.join(root, BUILD_DIR, source.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(compiled), { recursive: true });
    fs.writeFileSync(compiled, "\"use strict\";\n");
  }
  return root;
}

const SOURCES = ["cli/netpol.ts", "cli/netpol/program.ts", "netpol/index.ts", "netpol/fast/count.ts"];

describe("netpol launcher: the compiled build or the source", function () {
  this.timeout(60000);

  it("gives the child a young generation of 32 to 64 MB unless the user sets a semi-space size (flags or NODE_OPTIONS)", () => {
    const young = ["--max-semi-space-size=64", "--min-semi-space-size=32"];
    assert.deepEqual(youngGenerationArgs([], undefined), young);
    assert.deepEqual(youngGenerationArgs(["--max-old-space-size=8192"], "--enable-source-maps"), young);
    assert.deepEqual(youngGenerationArgs(["--max-semi-space-size=8"], undefined), []);
    assert.deepEqual(youngGenerationArgs([], "--min_semi_space_size=4"), []);
  });

  it("runs the build when every compiled file is newer than its source", () => {
    const root = fakeRoot(SOURCES, true);
    try {
      assert.equal(buildIsFresh(root), true);
      assert.deepEqual(entryArgs(root), { form: "build", args: [path.join(root, BUILD_DIR, "cli", "netpol.js")] });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("runs the source under ts-node without a build, after an edit to any source, or when a source is gone", () => {
    const cases: [string, (root: string) => void][] = [
      ["no build", (root) => fs.rmSync(path.join(root, BUILD_DIR), { recursive: true })],
      ["no compiled entry", (root) => fs.rmSync(path.join(root, BUILD_DIR, "cli", "netpol.js"))],
      ["a deep source edited", (root) => fs.writeFileSync(path.join(root, "netpol/fast/count.ts"), "export const edited = 1;\n")],
      ["a source as old as its compiled file", (root) => {
        const time = new Date(Math.floor(Date.now() / 1000) * 1000);
        fs.utimesSync(path.join(root, BUILD_DIR, "netpol/index.js"), time, time);
        fs.utimesSync(path.join(root, "netpol/index.ts"), time, time);
      }],
      ["the entry's source edited", (root) => fs.utimesSync(path.join(root, "cli/netpol.ts"), new Date(), new Date(Date.now() + 5_000))],
      ["a source deleted", (root) => fs.rmSync(path.join(root, "netpol/index.ts"))],
    ];
    for (const [name, change] of cases) {
      const root = fakeRoot(SOURCES, true);
      try {
        change(root);
        assert.equal(buildIsFresh(root), false, name);
        const { form, args } = entryArgs(root);
        assert.equal(form, "source", name);
        assert.equal(args[0], "-r", name);
        assert.match(args[1] ?? "", /ts-node[\\/]register[\\/]transpile-only/, name);
        assert.equal(args[2], path.join(root, "cli", "netpol.ts"), name);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
  });

  it("the build (npm run build) empties its directory, compiles and answers byte for byte as the source", () => {
    // Inside the project (bin/ is ignored by git), so that the build resolves its node_modules.
    fs.mkdirSync(path.join(REPO, "bin"), { recursive: true });
    const out = fs.mkdtempSync(path.join(REPO, "bin", "test-build-"));
    const stack = renderToTemp("dev");
    try {
      // a compiled file whose source is gone would make the launcher judge the build stale
      fs.mkdirSync(path.join(out, "netpol"), { recursive: true });
      fs.writeFileSync(path.join(out, "netpol", "removedSource.js"), "\"use strict\";\n");
      const build = spawnSync(process.execPath, [path.join(REPO, "cli", "launcher", "build.js"), out], { cwd: REPO, encoding: "utf8" });
      assert.equal(build.status, 0, build.stdout + build.stderr);
      assert.equal(fs.existsSync(path.join(out, "netpol", "removedSource.js")), false);
      const run = (args: readonly string[]) => spawnSync(process.execPath, [...args, "reach", stack, "--port", "5432/TCP", "--format", "table"], {
          cwd: os.tmpdir(),
          encoding: "utf8",
          env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.json") },
        });
      const built = run([path.join(out, "cli", "netpol.js")]);
      const source = run(["-r", require.resolve("ts-node/register/transpile-only"), path.join(REPO, "cli", "netpol.ts")]);
      assert.equal(built.status, 0, built.stderr);
      assert.match(built.stdout, /^5432\/TCP$/m);
      assert.deepEqual([built.status, built.stdout, built.stderr], [source.status, source.stdout, source.stderr]);
      const version = spawnSync(process.execPath, [path.join(out, "cli", "netpol.js"), "--version"], { encoding: "utf8" });
      assert.equal(version.stdout.trim(), (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(stack, { recursive: true, force: true });
    }
  });
});
