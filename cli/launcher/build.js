#!/usr/bin/env node
"use strict";
/**
 * `npm run build`, also run by `npm ci` / `npm install` (package.json "prepare"): compiles the
 * netpol CLI (tsconfig.build.json) into bin/netpol-cli, which the launcher runs while it is up to
 * date (./entry.js). An install without dev dependencies has no TypeScript: nothing to build
 * then, and the install must not fail for it (deploying the stacks needs no netpol CLI).
 */
const { spawnSync } = require("child_process");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
} catch {
  process.stderr.write("netpol build: TypeScript is not installed (dev dependencies left out): skipped; `npx netpol` needs them\n");
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
