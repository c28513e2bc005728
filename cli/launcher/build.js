#!/usr/bin/env node
"use strict";
/**
 * `npm run build`, also run by `npm ci` / `npm install` (package.json "prepare"): compiles the
 * netpol CLI (tsconfig.build.json) into bin/netpol-cli, which the launcher runs while it is up to
 * date (./entry.js). An install without dev dependencies has no TypeScript: nothing to build
 * then, and the install must not fail for it (deploying the stacks needs no netpol CLI).
 * The directory is emptied first: a compiled file whose source is gone would make the launcher
 * judge the whole build stale and silently run the slower source. `node build.js DIR` builds
 * into DIR instead (the tests).
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { BUILD_DIR } = require("./entry");

const root = path.resolve(__dirname, "..", "..");
const outDir = path.resolve(process.argv[2] ?? path.join(root, BUILD_DIR));
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
} catch {
  process.stderr.write("netpol build: TypeScript is not installed (dev dependencies left out): skipped; `npx netpol` needs them\n");
  process.exit(0);
}
fs.rmSync(outDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json"), "--outDir", outDir], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
