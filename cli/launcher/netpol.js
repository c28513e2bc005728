#!/usr/bin/env node
"use strict";
/**
 * The `netpol` command (package.json "bin", so `npx netpol`; `npm run netpol` runs it too):
 * cli/netpol.ts under ts-node in a supervised child (see ./supervise.js).
 */
const path = require("path");
const { runSupervised } = require("./supervise.js");

const root = path.resolve(__dirname, "..", "..");

void runSupervised({
  name: "netpol",
  args: [...process.execArgv, "-r", require.resolve("ts-node/register/transpile-only"), path.join(root, "cli", "netpol.ts"), ...process.argv.slice(2)],
  // Our tsconfig, wherever netpol is run from (ts-node would look for one from the working directory).
  env: { TS_NODE_PROJECT: path.join(root, "tsconfig.json") },
});
