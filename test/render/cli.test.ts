// The render command's contract with a shell: exit codes, one-line errors without stack traces,
// --version and --help. The cases that could hang run as child processes with a timeout.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EXIT_USAGE } from "../../cli/render";
import { version } from "../../package.json";
import { PROJECT_DIR, render, renderProcess, snapshot, tempDir } from "./helpers";

/** One line on stderr, naming `target` and `problem`, exit 2, nothing on stdout. */
function assertWriteError(run: { code: number | null; out: string; err: string }, target: string, problem: RegExp): void {
  assert.equal(run.code, EXIT_USAGE, run.err);
  assert.equal(run.out, "");
  assert.equal(run.err.split("\n").length, 2, `not one line: ${run.err}`);
  assert.ok(run.err.startsWith(`render: cannot write ${target}: `), run.err);
  assert.match(run.err, problem);
}

describe("render CLI: write errors", function () {
  this.timeout(60000);

  it("--out naming a file, a path under a file, or a device: one line naming it, exit 2, the file untouched", () => {
    const dir = tempDir();
    const file = path.join(dir, "notes.txt");
    fs.writeFileSync(file, "mine\n");
    assertWriteError(render(["--stack", "dev", "--out", file]), file, /it is a file, not a directory$/m);
    assertWriteError(render(["--stack", "dev", "--out", path.join(file, "out")]), path.join(file, "out"), /a parent path is not a directory$/m);
    if (fs.existsSync("/dev/null")) assertWriteError(render(["--stack", "dev", "--out", "/dev/null"]), "/dev/null", /it is a device, not a directory$/m);
    assert.deepEqual(snapshot(dir), { "notes.txt": "mine\n" });
  });

  it("as a process: a folder the file system refuses (/proc) ends at once with one line and exit 2, no stack trace", function () {
    // Node 20's recursive mkdir loops forever on /proc; render must not.
    if (!fs.existsSync("/proc/self")) this.skip();
    const child = renderProcess(["--stack", "dev", "--out", "/proc/render-test/out"], PROJECT_DIR);
    assert.notEqual(child.status, null, "render hung and was killed");
    assertWriteError({ code: child.status, out: child.stdout, err: child.stderr }, "/proc/render-test", /: the file system does not allow creating it$/m);
    assert.doesNotMatch(child.stderr, /\n\s+at /);
  });

  it("as a process: a named pipe where a file goes is refused without opening it (no hang), exit 2", function () {
    const outDir = tempDir();
    if (spawnSync("mkfifo", [path.join(outDir, "cluster.yaml")]).status !== 0) this.skip();
    const child = renderProcess(["--stack", "dev", "--out", outDir], PROJECT_DIR);
    assert.notEqual(child.status, null, "render hung on the pipe and was killed");
    assertWriteError({ code: child.status, out: child.stdout, err: child.stderr }, outDir, /\(a named pipe: cluster\.yaml\)/);
    assert.deepEqual(fs.readdirSync(outDir), ["cluster.yaml"]);
  });
});

describe("render CLI: usage, --version and --help", () => {
  it("--version prints package.json's version and exits 0", () => {
    assert.deepEqual(render(["--version"]), { code: 0, out: `${version}\n`, err: "" });
  });

  it("--help shows the options, examples and exit codes, and exits 0", () => {
    const run = render(["--help"]);
    assert.equal(run.code, 0);
    for (const part of ["--stack <name>", "--out <dir>", "--project <dir>", "--version", "Examples:", "npm run --silent", "Exit codes:"]) {
      assert.ok(run.out.includes(part), `help lacks ${part}`);
    }
    for (const code of [0, 1, 2]) assert.match(run.out, new RegExp(`^ {2}${code} {2}\\S`, "m"));
  });

  it("usage errors are one line, `render: <problem> (see --help)`, exit 2", () => {
    const cases: [string[], RegExp][] = [
      [[], /^render: required option '--stack <name>' not specified \(see --help\)\n$/],
      [["--stack", "dev", "--bogus"], /^render: unknown option '--bogus' \(see --help\)\n$/],
      [["--stack", "dev", "extra"], /^render: too many arguments.* \(see --help\)\n$/],
      [["--stack", "dev", "--out", ""], /^render: --out must name a directory \(see --help\)\n$/],
      [["--stack", "qa"], /^render: unknown stack "qa": .* \(see --help\)\n$/],
    ];
    for (const [args, expected] of cases) {
      const run = render(args);
      assert.equal(run.code, EXIT_USAGE, args.join(" "));
      assert.match(run.err, expected);
      assert.equal(run.out, "");
    }
  });
});
