// Mocha at two depths (test/depth.ts). `npm test` (TEST_DEPTH=quick): every test file but the
// slow ones below, the property tests on fewer random cases, in parallel. `npm run test:deep`
// (TEST_DEPTH=deep): the slow files and the property tests at full counts. CI runs both. Without
// TEST_DEPTH (`npx mocha <file>`), the files named, property tests quick. test/depth.test.ts keeps
// the lists true.
"use strict";
const os = require("node:os");

/**
 * Slow suites, run by `npm run test:deep` only (at full counts where they draw random cases):
 * child processes running the CLI, the launcher, the render and the mutation scripts; threads that
 * load the source through ts-node; the review rendering both sides of every stack; the streamed reader against the yaml package on large and
 * random inputs; the mixed Calico differential and its generator-coverage check; the reference
 * engine at medium size. `npm test` must stay well under 40 s on two cores.
 */
const DEEP_ONLY = [
  "test/netpol/core/classLevelMedium.test.ts",
  "test/netpol/core/cli.test.ts",
  "test/netpol/core/intentThread.test.ts",
  "test/netpol/core/launcher.test.ts",
  "test/netpol/core/launcherBuild.test.ts",
  "test/netpol/core/readThread.test.ts",
  "test/netpol/fast/calicoDifferential.test.ts",
  "test/netpol/fast/scale.test.ts",
  "test/netpol/stream/reader.test.ts",
  "test/render/cli.test.ts",
  "test/review/cli.test.ts",
  "test/review/sides.test.ts",
  "test/scripts/mutationShards.test.ts",
  "test/scripts/mutationThresholds.test.ts",
];

/** The other files whose property tests draw propertyRuns(...) random cases: quick in `npm test`, full here. */
const PROPERTY = [
  "test/netpol/admin/differential.test.ts",
  "test/netpol/calico/conversion.test.ts",
  "test/netpol/calico/differential.test.ts",
  "test/netpol/core/classLevel.test.ts",
  "test/netpol/diff/property.test.ts",
  "test/netpol/ingest/builder.test.ts",
  "test/netpol/ingest/externalBlocks.test.ts",
  "test/netpol/fast/differential.test.ts",
  "test/netpol/fast/representations.test.ts",
];

const depth = process.env.TEST_DEPTH;
if (depth !== undefined && depth !== "quick" && depth !== "deep") {
  throw new Error(`TEST_DEPTH=${depth}: expected quick or deep`);
}

module.exports = {
  require: ["ts-node/register/transpile-only"],
  extension: ["ts"],
  timeout: 20000,
  reporter: "dot",
  // Quick runs one mocha worker per core (mocha's default leaves one core idle).
  ...(depth === "quick" ? { spec: ["test/**/*.test.ts"], ignore: DEEP_ONLY, parallel: true, jobs: os.availableParallelism() } : {}),
  ...(depth === "deep" ? { spec: [...DEEP_ONLY, ...PROPERTY] } : {}),
  DEEP_ONLY,
  PROPERTY,
};
