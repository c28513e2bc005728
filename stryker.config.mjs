// @ts-check
// StrykerJS for `npm run mutation` (docs/mutation.md), which runs it once per shard of
// scripts/mutation-shards.json (MUTATION_SHARD=<name>); without MUTATION_SHARD, one run over
// everything with the whole suite. Stryker's own break threshold is off: the per-folder thresholds
// (95% netpol/ and manifests/policies/, 90% the rest) are checked afterwards by
// scripts/mutation-thresholds.ts on the reports.
import { readFileSync } from "node:fs";

// Each mutant reruns the tests that cover it, and a surviving one runs all of them to the end: the
// property tests draw fewer cases here than in `npm run test:deep` (the full counts), unless set.
const PROPERTY_RUNS = {
  NETPOL_DIFFERENTIAL_RUNS: 300,
  NETPOL_CALICO_DIFFERENTIAL_RUNS: 100,
  NETPOL_CALICO_CONVERSION_RUNS: 300,
  NETPOL_CALICO_MIXED_RUNS: 100,
  NETPOL_ADMIN_DIFFERENTIAL_RUNS: 100,
  NETPOL_STREAM_RUNS: 200,
  NETPOL_DIFF_RUNS: 100,
  NETPOL_CLASS_LEVEL_RUNS: 50,
};
for (const [name, runs] of Object.entries(PROPERTY_RUNS)) process.env[name] ??= String(runs);

/** Test-runner processes: 2 by default (a shared 2-core machine); CI sets MUTATION_CONCURRENCY. */
const concurrency = Number(process.env.MUTATION_CONCURRENCY ?? 2);

/** @typedef {{ name: string, mutate: string[], spec: string[], ignore?: string[] }} Shard */
/** @type {{ mutate: string[], shards: Shard[] }} */
const { mutate, shards } = JSON.parse(readFileSync(new URL("./scripts/mutation-shards.json", import.meta.url), "utf8"));
const shardName = process.env.MUTATION_SHARD;
const shard = shardName === undefined ? undefined : shards.find((candidate) => candidate.name === shardName);
if (shardName !== undefined && shard === undefined) {
  throw new Error(`MUTATION_SHARD=${shardName} is not a shard of scripts/mutation-shards.json (expected one of ${shards.map((s) => s.name).join(", ")})`);
}
const reportName = shard?.name ?? "mutation";

const NEVER_RUN = ["test/review/cli.test.ts", "test/netpol/core/readThread.test.ts"];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  packageManager: "npm",
  // Stryker's mocha runner, run in place for mutants that also run while test files load (most of
  // ours): without it every such mutant restarts a worker. Why that is safe: the plugin's header.
  testRunner: "mocha-hot-swap",
  appendPlugins: ["./scripts/stryker-mocha-hot-swap.mjs"],
  // Never run: the review CLI test copies the project with `git ls-files`, which finds nothing
  // inside the sandbox (.stryker-tmp/ is git-ignored; the review's own logic is covered by
  // test/review/*), and the reading thread's tests run the analyzer in a worker thread, where no
  // mutant is ever active.
  mochaOptions: shard
    ? { config: ".mocharc.cjs", spec: shard.spec, ignore: [...NEVER_RUN, ...(shard.ignore ?? [])] }
    : { config: ".mocharc.cjs", spec: ["test/**/*.test.ts"], ignore: NEVER_RUN },
  // Run only the tests that cover a mutant; mutants that only run while a module loads (constants)
  // would need a fresh process and the whole suite each: they are ignored, and pinned by tests instead.
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  // What is mutated, and why netpol/generate/ is not: scripts/mutation-shards.json.
  mutate: shard?.mutate ?? mutate,
  ignorePatterns: ["reports", "bin", "out", ".stryker-tmp"],
  concurrency,
  timeoutMS: 10000,
  // The whole suite under coverage on a loaded shared machine can take more than ten minutes.
  dryRunTimeoutMinutes: 40,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${reportName}.html` },
  jsonReporter: { fileName: `reports/mutation/${reportName}.json` },
  // Incremental runs (npm run mutation:incremental) keep their state next to the reports: ignored by git.
  incrementalFile: `reports/mutation/${reportName}-incremental.json`,
  thresholds: { high: 95, low: 90, break: null },
  // One sandbox per shard, so shards can run side by side.
  tempDirName: `.stryker-tmp/${reportName}`,
};

export default config;
