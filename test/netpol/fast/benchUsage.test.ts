/** cli/bench as a command: --version, usage errors with the help hint, help with examples and exit codes. */
import { strict as assert } from "assert";
import { CommanderError } from "commander";
import * as fs from "fs";
import * as path from "path";
import { program } from "../../../cli/bench";

const VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8")) as { version: string }).version;

/** Parses without running a benchmark; what commander wrote to stdout and stderr, and its exit code. */
function parse(args: readonly string[]): { out: string; err: string; exitCode: number } {
  let out = "";
  let err = "";
  const command = program().configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  command.action(() => assert.fail("nothing should run"));
  try {
    command.parse(["node", "bench", ...args]);
  } catch (error) {
    assert.ok(error instanceof CommanderError, String(error));
    return { out, err, exitCode: error.exitCode };
  }
  return assert.fail("commander should have exited");
}

describe("cli/bench usage", () => {
  it("--version prints the package version", () => {
    assert.deepEqual(parse(["--version"]), { out: `${VERSION}\n`, err: "", exitCode: 0 });
  });

  it("a usage error is one line naming bench, the problem and where help is", () => {
    const { err, exitCode } = parse(["--pods", "ten"]);
    assert.notEqual(exitCode, 0);
    assert.equal(err, "bench: option '--pods <n>' argument 'ten' is invalid. expected a whole number like 500 (see 'bench --help')\n");
  });

  it("--help shows examples (with npm run --silent) and the exit codes", () => {
    const { out, exitCode } = parse(["--help"]);
    assert.equal(exitCode, 0);
    assert.match(out, /Examples:\n {2}npm run --silent bench -- --json\n/);
    assert.match(out, /Exit codes:\n {2}0 +done\n {2}2 +bad options/);
  });
});
