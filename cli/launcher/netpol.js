#!/usr/bin/env node
"use strict";
/**
 * The `netpol` command (package.json "bin", so `npx netpol`; `npm run netpol` runs it too):
 * cli/netpol.ts, compiled or under ts-node (see ./entry.js), in a supervised child (see ./supervise.js).
 */
const path = require("path");
const { entryArgs, youngGenerationArgs } = require("./entry.js");
const { runSupervised } = require("./supervise.js");

const root = path.resolve(__dirname, "..", "..");

void runSupervised({
  name: "netpol",
  args: [...youngGenerationArgs(process.execArgv, process.env.NODE_OPTIONS), ...process.execArgv, ...entryArgs(root).args, ...process.argv.slice(2)],
  // Our tsconfig, wherever netpol is run from (ts-node would look for one from the working directory).
  env: { TS_NODE_PROJECT: path.join(root, "tsconfig.json") },
});
