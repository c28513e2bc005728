// @ts-check
// StrykerJS for `npm run mutation` (docs/mutation.md). Stryker's own break threshold is off: the
// per-folder thresholds (95% netpol/ and manifests/policies/, 90% the rest) are checked afterwards
// by scripts/mutation-thresholds.ts on reports/mutation/mutation.json.

// Each mutant reruns the tests that cover it, and a surviving one runs all of them to the end: the
// property tests draw fewer cases here than in `npm test` (which runs the full counts), unless set.
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

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  packageManager: "npm",
  // Stryker's mocha runner, run in place for mutants that also run while test files load (most of
  // ours): without it every such mutant restarts a worker. Why that is safe: the plugin's header.
  testRunner: "mocha-hot-swap",
  appendPlugins: ["./scripts/stryker-mocha-hot-swap.mjs"],
  // The review CLI test copies the project with `git ls-files`, which finds nothing inside the
  // sandbox (.stryker-tmp/ is git-ignored); the review's own logic is covered by test/review/*.
  mochaOptions: { config: ".mocharc.json", spec: ["test/**/*.test.ts"], ignore: ["test/review/cli.test.ts"] },
  // Run only the tests that cover a mutant; mutants that only run while a module loads (constants)
  // would need a fresh process and the whole suite each: they are ignored, and pinned by tests instead.
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  // netpol/generate/ is left out: it draws random clusters for the differential test and the bench;
  // a mutant there changes which valid clusters are drawn, which no assertion can pin without
  // restating the generator.
  mutate: ["netpol/**/*.ts", "!netpol/generate/**", "manifests/**/*.ts", "config/**/*.ts"],
  ignorePatterns: ["reports", "bin", "out"],
  concurrency,
  timeoutMS: 10000,
  // The whole suite under coverage on a loaded shared machine can take more than ten minutes.
  dryRunTimeoutMinutes: 40,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // Incremental runs (npm run mutation:incremental) keep their state next to the reports: ignored by git.
  incrementalFile: "reports/mutation/stryker-incremental.json",
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: ".stryker-tmp",
};

export default config;
