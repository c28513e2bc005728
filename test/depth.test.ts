/** The two depths of the suite: what `npm test` leaves to `npm run test:deep`, and how many random cases each draws. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { propertyRuns } from "./depth";

const REPO = path.resolve(__dirname, "..");
const rc = require(path.join(REPO, ".mocharc.cjs")) as { DEEP_ONLY: string[]; PROPERTY: string[] };
const testFiles = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "test/*.test.ts"], { cwd: REPO, encoding: "utf8" }).stdout.split("\n").filter((file) => file !== "");

/** The options mocha reads from .mocharc.cjs at a depth. */
function options(depth: string | undefined): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.TEST_DEPTH;
  if (depth !== undefined) env.TEST_DEPTH = depth;
  return spawnSync(process.execPath, ["-e", "const { DEEP_ONLY, PROPERTY, ...o } = require('./.mocharc.cjs'); console.log(JSON.stringify(o))"], { cwd: REPO, env, encoding: "utf8" });
}

describe("test depths (.mocharc.cjs, test/depth.ts)", () => {
  it("lists only test files that exist", () => {
    for (const file of [...rc.DEEP_ONLY, ...rc.PROPERTY]) assert.ok(testFiles.includes(file), `${file} is not a tracked test file`);
  });

  it("runs at full counts in the deep suite every file whose property tests draw propertyRuns(...) cases, and no other", () => {
    const drawing = testFiles.filter((file) => /\bpropertyRuns\("[A-Z_]+"/.test(fs.readFileSync(path.join(REPO, file), "utf8")));
    assert.deepEqual([...rc.PROPERTY].sort(), drawing.filter((file) => !rc.DEEP_ONLY.includes(file)).sort());
    assert.deepEqual(rc.PROPERTY.filter((file) => rc.DEEP_ONLY.includes(file)), [], "a deep-only file runs at full counts anyway");
  });

  it("quick: every test file but the deep-only ones, one worker per core; deep: those and the property files; unset: only what is named", () => {
    assert.deepEqual(JSON.parse(options("quick").stdout), {
      require: ["ts-node/register/transpile-only"], extension: ["ts"], timeout: 20000, reporter: "dot", spec: ["test/**/*.test.ts"], ignore: rc.DEEP_ONLY,
      parallel: true, jobs: os.availableParallelism(),
    });
    assert.deepEqual(JSON.parse(options("deep").stdout).spec, [...rc.DEEP_ONLY, ...rc.PROPERTY]);
    const unset = JSON.parse(options(undefined).stdout);
    assert.equal(unset.spec, undefined);
    assert.equal(unset.ignore, undefined);
    const wrong = options("full");
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /TEST_DEPTH=full: expected quick or deep/);
  });

  it("draws the depth's count of random cases unless the property's variable sets one, and refuses a variable that is not a count", () => {
    const name = "NETPOL_DEPTH_TEST_RUNS";
    try {
      delete process.env[name];
      assert.equal(propertyRuns(name, { quick: 10, deep: 100 }), process.env.TEST_DEPTH === "deep" ? 100 : 10);
      process.env[name] = "";
      assert.equal(propertyRuns(name, { quick: 10, deep: 100 }), process.env.TEST_DEPTH === "deep" ? 100 : 10);
      process.env[name] = "7";
      assert.equal(propertyRuns(name, { quick: 10, deep: 100 }), 7);
      for (const bad of ["0", "-3", "2.5", "lots", "1e400"]) {
        process.env[name] = bad;
        assert.throws(() => propertyRuns(name, { quick: 10, deep: 100 }), { message: `${name}=${bad}: expected a whole number of random cases, at least 1` });
      }
    } finally {
      delete process.env[name];
    }
  });
});
