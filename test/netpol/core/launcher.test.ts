/** The `netpol` launcher (package.json bin): runs from anywhere, and turns V8's out-of-memory dump into a message with the remedy. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createDumpFilter, supervise } from "../../../cli/launcher/supervise";

const REPO = path.resolve(__dirname, "../../..");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
const SUPERVISE = path.join(REPO, "cli", "launcher", "supervise.js");
/** Grows the heap until V8 gives up, after one line on stderr. */
const EXHAUST_HEAP = "process.stderr.write('before\\n'); const kept = []; for (;;) kept.push(new Array(1e5).fill(kept.length));";

describe("netpol launcher", function () {
  this.timeout(30000);

  it("is the package's bin, executable, and runs from any directory", () => {
    const bin = path.join(REPO, PACKAGE.bin["netpol"] ?? "");
    // Stryker's sandbox copies file contents without their modes; everywhere else the bit must be set.
    if (process.env["STRYKER_MUTATOR_WORKER"] === undefined) assert.ok((fs.statSync(bin).mode & 0o111) !== 0, "executable");
    assert.match(fs.readFileSync(bin, "utf8"), /^#!\/usr\/bin\/env node\n/);
    const result = spawnSync(process.execPath, [bin, "--version"], { cwd: os.tmpdir(), encoding: "utf8" });
    assert.deepEqual([result.status, result.stdout, result.stderr], [0, `${PACKAGE.version}\n`, ""]);
  });

  it("out of memory: one message with the heap limit and the remedy, no native dump, exit 3", () => {
    const script = `require(${JSON.stringify(SUPERVISE)}).runSupervised({ name: "netpol", args: ["--max-old-space-size=16", "-e", ${JSON.stringify(EXHAUST_HEAP)}] })`;
    const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(result.status, 3, result.stderr);
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines[0], "before");
    assert.match(lines[1] ?? "", /^netpol: out of memory: the run needed more than its 16 MB heap \(.*JavaScript heap out of memory\)$/);
    assert.match(lines[2] ?? "", /^netpol: rerun with a larger heap, e\.g\. NODE_OPTIONS=--max-old-space-size=1024 \(this machine has \d+ MB\)/);
    assert.equal(lines.length, 3, result.stderr);
  });

  it("passes the child's exit code and signal on", async () => {
    assert.deepEqual(await supervise({ name: "netpol", args: ["-e", "process.exitCode = 1"] }), { exitCode: 1 });
    assert.deepEqual(await supervise({ name: "netpol", args: ["-e", "process.kill(process.pid, 'SIGTERM')"] }), { signal: "SIGTERM" });
  });

  it("holds back an end of text that may begin a dump, even split across chunks, until flushed", () => {
    let passed = "";
    const filter = createDumpFilter((text) => (passed += text));
    filter.push("line one\nnetpol: reading <");
    assert.equal(passed, "line one\nnetpol: reading ");
    filter.push("stdin>\n");
    assert.equal(passed, "line one\nnetpol: reading <stdin>");
    filter.flush();
    assert.equal(passed, "line one\nnetpol: reading <stdin>\n");
    filter.push("two\n\n<--- Last");
    filter.push(" few GCs --->\n[1:0x1] Mark-Compact\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb8 node::Abort()\n");
    filter.end();
    assert.equal(passed, "line one\nnetpol: reading <stdin>\ntwo\n");
    assert.match(filter.dump() ?? "", /^\n<--- Last few GCs --->\n.*JavaScript heap out of memory/s);
    let quiet = "";
    const clean = createDumpFilter((text) => (quiet += text));
    clean.push("done\n");
    clean.end();
    assert.equal(quiet, "done\n");
    assert.equal(clean.dump(), null);
  });
});
