"use strict";
/**
 * What the launcher runs: the compiled build of cli/netpol.ts (`npm run build`, which `npm ci`
 * and `npm install` run as `prepare`) when it is up to date with every source it was compiled
 * from, else the TypeScript source under ts-node. The build saves the start-up: ts-node
 * transpiles the CLI's ~90 modules at every run (1-3 s of CPU), the build loads in ~0.1 s.
 * Plain JavaScript: it runs before anything is compiled.
 */
const fs = require("fs");
const path = require("path");

/** Where `npm run build` writes (tsconfig.build.json's outDir), relative to the project root. */
const BUILD_DIR = path.join("bin", "netpol-cli");
const ENTRY = path.join("cli", "netpol");

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Every .js file under `dir`, recursively. */
function compiledFiles(dir, files = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) compiledFiles(full, files);
    else if (entry.name.endsWith(".js")) files.push(full);
  }
  return files;
}

/**
 * Whether the build under `root` may run: its entry exists, and every compiled file's source
 * (same path under `root`, .ts) still exists and is older than it (file times are coarse: a
 * tie counts as stale). An edited, checked-out or deleted source makes the whole build stale
 * (its importers' output may be stale too).
 */
function buildIsFresh(root) {
  const buildDir = path.join(root, BUILD_DIR);
  if (mtimeMs(path.join(buildDir, `${ENTRY}.js`)) === undefined) return false;
  for (const compiled of compiledFiles(buildDir)) {
    const source = path.join(root, path.relative(buildDir, compiled)).replace(/\.js$/, ".ts");
    const sourceTime = mtimeMs(source);
    if (sourceTime === undefined || sourceTime >= mtimeMs(compiled)) return false;
  }
  return true;
}

/** The node arguments that run the CLI under `root`, and which form they run. */
function entryArgs(root) {
  if (buildIsFresh(root)) return { form: "build", args: [path.join(root, BUILD_DIR, `${ENTRY}.js`)] };
  return { form: "source", args: ["-r", require.resolve("ts-node/register/transpile-only"), path.join(root, `${ENTRY}.ts`)] };
}

/**
 * A larger young generation than V8's default (16 MB semi-spaces): reading a large input allocates
 * objects that all survive into the model, and with small semi-spaces each is copied several times
 * before it is promoted. 64 MB took about 0.35 s off 7 s at 150,000 pods, with no more peak RSS;
 * starting at 32 MB rather than growing from 1 MB took another 0.2–0.4 s off `reach` there, for
 * 60–80 MB more peak RSS (docs/netpol-bench.md). Left out when the user sets a semi-space size
 * themselves.
 */
const YOUNG_GENERATION = ["--max-semi-space-size=64", "--min-semi-space-size=32"];

function youngGenerationArgs(execArgv, nodeOptions) {
  const given = [...execArgv, nodeOptions ?? ""].some((flag) => /--(max|min)[-_]semi[-_]space[-_]size/.test(flag));
  return given ? [] : [...YOUNG_GENERATION];
}

module.exports = { BUILD_DIR, buildIsFresh, entryArgs, youngGenerationArgs };
