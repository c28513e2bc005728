/** `npm run mutation` runs Stryker once per shard: the shards must mutate everything once, and name tests that exist. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { minimatch } from "minimatch";
import { readShards, reusable, selectShards, Shard, ShardRecord, SHARDS_FILE } from "../../scripts/mutation-run";

const REPO = path.resolve(__dirname, "../..");
const tracked = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], { cwd: REPO, encoding: "utf8" }).stdout.split("\n").filter((file) => file !== "");

/** Stryker's reading of a mutate list: the last pattern that matches decides, a `!` one excluding. */
function mutatedBy(patterns: readonly string[], file: string): boolean {
  return patterns.reduce((mutated, pattern) => {
    const negated = pattern.startsWith("!");
    return minimatch(file, negated ? pattern.slice(1) : pattern) ? !negated : mutated;
  }, false);
}

describe("scripts/mutation-shards.json", () => {
  const { mutate } = JSON.parse(fs.readFileSync(SHARDS_FILE, "utf8")) as { mutate: string[] };
  const shards = readShards();

  it("mutates every file of the whole run in exactly one shard, and nothing else", () => {
    const whole = tracked.filter((file) => mutatedBy(mutate, file));
    assert.ok(whole.length > 100, `only ${whole.length} files to mutate`);
    assert.ok(!whole.some((file) => file.startsWith("netpol/generate/")));
    const owners = (file: string) => shards.filter((shard) => mutatedBy(shard.mutate, file)).map((shard) => shard.name);
    assert.deepEqual(whole.filter((file) => owners(file).length !== 1).map((file) => `${file}: ${owners(file).join(", ") || "no shard"}`), []);
    const outside = tracked.filter((file) => !mutatedBy(mutate, file) && owners(file).length > 0);
    assert.deepEqual(outside, []);
  });

  it("names only test files that exist: every spec and ignore glob matches one", () => {
    const tests = tracked.filter((file) => file.startsWith("test/"));
    const dangling = shards.flatMap((shard) =>
      [...shard.spec, ...(shard.ignore ?? [])].filter((glob) => !tests.some((file) => minimatch(file, glob))).map((glob) => `${shard.name}: ${glob}`),
    );
    assert.deepEqual(dangling, []);
  });

  it("gives each shard a distinct name that can name a report file", () => {
    const names = shards.map((shard) => shard.name);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^[a-z][a-z-]*$/);
  });

  it("is what stryker.config.mjs runs with MUTATION_SHARD set, and an unknown shard is refused by name", () => {
    const load = (shard: string | undefined) =>
      spawnSync(
        process.execPath,
        ["--input-type=module", "-e", "const { default: c } = await import('./stryker.config.mjs'); console.log(JSON.stringify({ mutate: c.mutate, spec: c.mochaOptions.spec, ignore: c.mochaOptions.ignore, json: c.jsonReporter.fileName, tmp: c.tempDirName }))"],
        { cwd: REPO, encoding: "utf8", env: { ...process.env, MUTATION_SHARD: shard } },
      );
    const fast = shards.find((shard) => shard.name === "netpol-fast") as Shard;
    const loaded = load("netpol-fast");
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.deepEqual(JSON.parse(loaded.stdout), {
      mutate: fast.mutate,
      spec: fast.spec,
      ignore: ["test/review/cli.test.ts", "test/netpol/core/readThread.test.ts", ...(fast.ignore ?? [])],
      json: "reports/mutation/netpol-fast.json",
      tmp: ".stryker-tmp/netpol-fast",
    });
    const whole = load(undefined);
    assert.equal(whole.status, 0, whole.stderr);
    assert.deepEqual(JSON.parse(whole.stdout).mutate, JSON.parse(fs.readFileSync(SHARDS_FILE, "utf8")).mutate);
    const unknown = load("netpol-fats");
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /MUTATION_SHARD=netpol-fats is not a shard of scripts\/mutation-shards\.json \(expected one of config, /);
  });
});

describe("scripts/mutation-run", () => {
  const shards: Shard[] = ["a", "b", "c"].map((name) => ({ name, mutate: [`${name}/**/*.ts`], spec: [] }));

  it("selects the named shards in the file's order, all of them when none is named", () => {
    assert.deepEqual(selectShards(shards, []).map((shard) => shard.name), ["a", "b", "c"]);
    assert.deepEqual(selectShards(shards, ["c", "a"]).map((shard) => shard.name), ["a", "c"]);
    assert.throws(() => selectShards(shards, ["b", "x", "y"]), { message: 'unknown shard "x", "y": expected one of a, b, c' });
  });

  it("reuses a shard's result only from a run on the same, committed source tree", () => {
    const record: ShardRecord = { shard: "a", tree: "t1", seconds: 60, finished: "2026-11-30T00:00:00Z", concurrency: "2" };
    assert.equal(reusable(record, "t1"), true);
    assert.equal(reusable(record, "t2"), false);
    assert.equal(reusable(record, null), false);
    assert.equal(reusable({ ...record, tree: null }, null), false);
    assert.equal(reusable(undefined, "t1"), false);
  });

  const runner = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(REPO, "scripts/mutation-run.ts"), ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.json") },
    });

  it("refuses an unknown shard on the command line by name, before running anything", () => {
    const run = runner(REPO, "--shard", "netpol-fats");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^mutation: unknown shard "netpol-fats": expected one of config, manifests, /);
    assert.equal(run.stdout, "");
  });

  it("--gate scores the shards' reports as one, and names the reports that are missing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mutation-gate-"));
    const reports = path.join(dir, "reports", "mutation");
    fs.mkdirSync(reports, { recursive: true });
    const write = (shard: string, file: string, statuses: string[]) =>
      fs.writeFileSync(path.join(reports, `${shard}.json`), JSON.stringify({ files: { [file]: { mutants: statuses.map((status) => ({ status })) } } }));
    const names = readShards().map((shard) => shard.name);
    for (const name of names.filter((name) => name !== "netpol-fast")) write(name, `${name}/x.ts`, ["Killed"]);
    const missing = runner(dir, "--gate");
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, `mutation: no report for ${path.join("reports", "mutation", "netpol-fast.json")}: run those shards first\n`);
    // netpol/ from two shards: 19 of 20 detected is exactly 95%, one more survivor is below.
    write("netpol-root", "netpol/a.ts", Array(10).fill("Killed"));
    write("netpol-fast", "netpol/fast/b.ts", [...Array(9).fill("Killed"), "Survived"]);
    const passing = runner(dir, "--gate");
    assert.equal(passing.status, 0, passing.stderr);
    assert.match(passing.stdout, /\| netpol\/ \| 95\.00 \| 95 \| pass \| 19 \| 0 \| 1 \| 0 \| 0 \|/);
    write("netpol-fast", "netpol/fast/b.ts", [...Array(9).fill("Killed"), "Survived", "NoCoverage"]);
    const failing = runner(dir, "--gate");
    assert.equal(failing.status, 1);
    assert.match(failing.stderr, /^mutation: netpol\/ scores 90\.48%, below its 95%/);
  });
});
