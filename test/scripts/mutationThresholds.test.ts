/** The per-folder gate behind `npm run mutation`, on a tiny hand-written Stryker report. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  directoryScores,
  folderScores,
  formatScores,
  MutationReport,
  mergeReports,
  mutationScore,
  thresholdFor,
} from "../../scripts/mutation-thresholds";

const REPO = path.resolve(__dirname, "../..");

function mutants(counts: Readonly<Record<string, number>>): { status: string }[] {
  return Object.entries(counts).flatMap(([status, count]) => Array.from({ length: count }, () => ({ status })));
}

/** netpol/ at 95% exactly (19 of 20), manifests/policies/ at 90% (below 95), manifests/ at 90%, config/ at 80%. */
const REPORT: MutationReport = {
  files: {
    "netpol/connections.ts": { mutants: mutants({ Killed: 9, Timeout: 1, Ignored: 4 }) },
    "netpol/fast/count.ts": { mutants: mutants({ Killed: 9, Survived: 1, CompileError: 2 }) },
    "manifests/policies/index.ts": { mutants: mutants({ Killed: 9, NoCoverage: 1 }) },
    "manifests/namespaces.ts": { mutants: mutants({ Killed: 18, Survived: 2 }) },
    "config/cidr.ts": { mutants: mutants({ Killed: 8, Survived: 2 }) },
  },
};

describe("scripts/mutation-thresholds", () => {
  it("scores like Stryker: timeouts count as detected; ignored and errors are left out", () => {
    assert.equal(mutationScore({ killed: 3, timeout: 1, survived: 1, noCoverage: 0, excluded: 7 }), 80);
    assert.equal(mutationScore({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, excluded: 3 }), null);
    assert.equal(mutationScore({ killed: 1, timeout: 0, survived: 0, noCoverage: 3, excluded: 0 }), 25);
  });

  it("counts each file towards the longest matching folder, the rest towards the default", () => {
    assert.equal(thresholdFor("manifests/policies/sides.ts").folder, "manifests/policies/");
    assert.equal(thresholdFor("manifests/calico/operator.ts").folder, "manifests/");
    assert.equal(thresholdFor("netpol/fast/count.ts").minimum, 95);
    assert.equal(thresholdFor("config/cidr.ts").minimum, 90);
    assert.deepEqual(thresholdFor("topology/index.ts"), { folder: "(other)", minimum: 90 });
    assert.equal(thresholdFor("netpolish/x.ts").folder, "(other)", "a prefix match needs the whole folder name");
  });

  it("scores every threshold folder and fails the ones below their minimum", () => {
    const rows = folderScores(REPORT).map(({ folder, score, minimum, passed, excluded }) => ({ folder, score, minimum, passed, excluded }));
    assert.deepEqual(rows, [
      { folder: "netpol/", score: 95, minimum: 95, passed: true, excluded: 6 },
      { folder: "manifests/policies/", score: 90, minimum: 95, passed: false, excluded: 0 },
      { folder: "manifests/", score: 90, minimum: 90, passed: true, excluded: 0 },
      { folder: "config/", score: 80, minimum: 90, passed: false, excluded: 0 },
    ]);
  });

  it("leaves out folders the report does not hold (a run over one file)", () => {
    const one: MutationReport = { files: { "netpol/connections.ts": REPORT.files["netpol/connections.ts"] as MutationReport["files"][string] } };
    assert.deepEqual(folderScores(one).map((row) => [row.folder, row.score, row.passed]), [["netpol/", 100, true]]);
  });

  it("details each directory, and renders Markdown tables", () => {
    assert.deepEqual(directoryScores(REPORT).map((row) => [row.folder, row.score]), [
      ["config/", 80], ["manifests/", 90], ["manifests/policies/", 90], ["netpol/", 100], ["netpol/fast/", 90],
    ]);
    const table = formatScores(folderScores(REPORT)).split("\n");
    assert.equal(table[0], "| folder | score % | threshold % | result | killed | timeout | survived | no coverage | excluded |");
    assert.equal(table[3], "| manifests/policies/ | 90.00 | 95 | FAIL | 9 | 0 | 0 | 1 | 0 |");
    assert.equal(formatScores(directoryScores(REPORT)).split("\n")[2], "| config/ | 80.00 | 8 | 0 | 2 | 0 | 0 |");
  });

  it("scores the reports of several runs (one folder each) as one, and refuses a file mutated twice", () => {
    const [netpol, rest] = [{ ...REPORT.files }, { ...REPORT.files }];
    for (const file of Object.keys(REPORT.files)) delete (file.startsWith("netpol/") ? rest : netpol)[file];
    const merged = mergeReports([{ name: "netpol.json", report: { files: netpol } }, { name: "rest.json", report: { files: rest } }]);
    assert.deepEqual(folderScores(merged), folderScores(REPORT));
    assert.throws(
      () => mergeReports([{ name: "a.json", report: REPORT }, { name: "b.json", report: { files: netpol } }]),
      /^Error: netpol\/connections\.ts is in both a\.json and b\.json: each file must be mutated by one run only$/,
    );
  });

  describe("as a command", function () {
    this.timeout(30000);
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "mutation-thresholds-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function run(...reports: unknown[]): { status: number | null; stdout: string; stderr: string } {
      const files = reports.map((report, index) => {
        const file = path.join(dir, `mutation-${index}.json`);
        fs.writeFileSync(file, typeof report === "string" ? report : JSON.stringify(report));
        return file;
      });
      const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/mutation-thresholds.ts", ...files], { cwd: REPO, encoding: "utf8" });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    }

    it("exits 1 naming each folder under its threshold, 0 when all pass, 2 on an unreadable report", () => {
      const failing = run(REPORT);
      assert.equal(failing.status, 1);
      assert.match(failing.stderr, /manifests\/policies\/ scores 90\.00%, below its 95%/);
      assert.match(failing.stderr, /config\/ scores 80\.00%, below its 90%/);
      assert.doesNotMatch(failing.stderr, /netpol\//);
      assert.match(failing.stdout, /\| netpol\/ \| 95\.00 \| 95 \| pass \|/);
      const passing = run({ files: { "netpol/connections.ts": REPORT.files["netpol/connections.ts"] } });
      assert.equal(passing.status, 0, passing.stderr);
      assert.equal(run("not json").status, 2);
      assert.equal(run({ schemaVersion: "2" }).status, 2);
    });

    it("gates the union of several reports, and exits 2 naming a file mutated by two runs", () => {
      const netpolOnly = { files: { "netpol/connections.ts": REPORT.files["netpol/connections.ts"] } };
      const configOnly = { files: { "config/cidr.ts": REPORT.files["config/cidr.ts"] } };
      const union = run(netpolOnly, configOnly);
      assert.equal(union.status, 1);
      assert.match(union.stderr, /^mutation thresholds: config\/ scores 80\.00%, below its 90%$/m);
      assert.match(union.stdout, /\| netpol\/ \| 100\.00 \| 95 \| pass \|/);
      const twice = run(netpolOnly, netpolOnly);
      assert.equal(twice.status, 2);
      assert.match(twice.stderr, /netpol\/connections\.ts is in both .*mutation-0\.json and .*mutation-1\.json/);
    });
  });
});
