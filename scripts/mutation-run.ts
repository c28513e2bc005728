/**
 * `npm run mutation`: Stryker once per shard of scripts/mutation-shards.json, then the per-folder
 * thresholds over all the shards' reports (scripts/mutation-thresholds.ts).
 *
 *   npm run mutation                              # every shard, in order
 *   npm run mutation -- --shard netpol-fast       # one shard (repeatable); the gate then covers its folders only
 *   npm run mutation -- --resume                  # skip shards already run on this same source tree
 *   npm run mutation -- --gate                    # no run: the thresholds over every shard's report already there
 *   npm run mutation -- --list                    # the shards' names, one per line
 *   npm run mutation:incremental                  # each shard with Stryker's --incremental (its state in reports/mutation/)
 *
 * Why shards: the whole suite under coverage is the slow part of a single run (more than 20 min
 * here), and most mutants are killed by the tests of their own folder. Each shard runs the tests
 * that exercise its folders, so its score is a lower bound of the whole suite's; shards can run
 * side by side (the workflow runs one job each), and a run stopped part way can be resumed.
 */
import { spawnSync } from "child_process";
import { Command, CommanderError } from "commander";
import * as fs from "fs";
import * as path from "path";
import { folderScores, formatScores, mergeReports, readReport } from "./mutation-thresholds";

export interface Shard {
  readonly name: string;
  readonly mutate: readonly string[];
  readonly spec: readonly string[];
  readonly ignore?: readonly string[];
}

/** What a finished shard leaves beside its report, so a later run knows what it measured. */
export interface ShardRecord {
  readonly shard: string;
  /** The git tree of the sources it ran on; null when the work tree had changes (never reused). */
  readonly tree: string | null;
  readonly seconds: number;
  readonly finished: string;
  readonly concurrency: string;
}

export const SHARDS_FILE = path.join(__dirname, "mutation-shards.json");
export const REPORT_DIR = path.join("reports", "mutation");

export function readShards(file: string = SHARDS_FILE): Shard[] {
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { shards: Shard[] }).shards;
}

/** The shards asked for, in the file's order; all of them when none is named. */
export function selectShards(shards: readonly Shard[], names: readonly string[]): Shard[] {
  const unknown = names.filter((name) => !shards.some((shard) => shard.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown shard ${unknown.map((name) => `"${name}"`).join(", ")}: expected one of ${shards.map((shard) => shard.name).join(", ")}`);
  }
  return names.length === 0 ? [...shards] : shards.filter((shard) => names.includes(shard.name));
}

/** A shard's earlier result counts only when it ran on exactly the tree there is now. */
export function reusable(record: ShardRecord | undefined, tree: string | null): boolean {
  return record !== undefined && tree !== null && record.tree === tree;
}

export const reportFile = (shard: string): string => path.join(REPORT_DIR, `${shard}.json`);
export const recordFile = (shard: string): string => path.join(REPORT_DIR, `${shard}.run.json`);

function readRecord(shard: string): ShardRecord | undefined {
  if (!fs.existsSync(recordFile(shard)) || !fs.existsSync(reportFile(shard))) return undefined;
  return JSON.parse(fs.readFileSync(recordFile(shard), "utf8")) as ShardRecord;
}

/** The committed tree when the tracked files have no changes, else null. */
function sourceTree(): string | null {
  const git = (...args: string[]) => spawnSync("git", args, { encoding: "utf8" });
  const status = git("status", "--porcelain", "--untracked-files=no");
  if (status.status !== 0 || status.stdout.trim() !== "") return null;
  const tree = git("rev-parse", "HEAD^{tree}");
  return tree.status === 0 ? tree.stdout.trim() : null;
}

function runShard(shard: Shard, tree: string | null, incremental: boolean): ShardRecord {
  const started = Date.now();
  const stryker = path.join(path.dirname(require.resolve("@stryker-mutator/core/package.json")), "bin", "stryker.js");
  const run = spawnSync(process.execPath, [stryker, "run", ...(incremental ? ["--incremental"] : [])], { stdio: "inherit", env: { ...process.env, MUTATION_SHARD: shard.name } });
  if (run.status !== 0) throw new Error(`Stryker failed on shard ${shard.name} (exit ${run.status ?? run.signal})`);
  const record: ShardRecord = {
    shard: shard.name,
    tree,
    seconds: Math.round((Date.now() - started) / 1000),
    finished: new Date().toISOString(),
    concurrency: process.env.MUTATION_CONCURRENCY ?? "2",
  };
  fs.writeFileSync(recordFile(shard.name), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

const minutes = (seconds: number): string => `${Math.floor(seconds / 60)} min ${seconds % 60} s`;

function main(argv: readonly string[]): number {
  const program = new Command("mutation")
    .option("--shard <name>", "run this shard only (repeatable)", (name: string, names: string[]) => [...names, name], [] as string[])
    .option("--resume", "reuse shards already run on this same source tree", false)
    .option("--incremental", "pass --incremental to Stryker: only mutants whose code or tests changed since that shard's last run", false)
    .option("--gate", "run nothing: check the thresholds over the shards' reports in reports/mutation/ (the workflow's last job)", false)
    .option("--list", "print the shards' names and exit", false)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let options: { shard: string[]; resume: boolean; incremental: boolean; gate: boolean; list: boolean };
  let shards: Shard[];
  try {
    options = program.parse([...argv], { from: "user" }).opts();
    shards = selectShards(readShards(), options.shard);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    console.error(`mutation: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (options.list) {
    console.log(shards.map((shard) => shard.name).join("\n"));
    return 0;
  }
  if (options.gate) {
    const missing = shards.filter((shard) => !fs.existsSync(reportFile(shard.name))).map((shard) => reportFile(shard.name));
    if (missing.length > 0) {
      console.error(`mutation: no report for ${missing.join(", ")}: run those shards first`);
      return 2;
    }
    return gate(shards);
  }
  const tree = sourceTree();
  if (options.resume && tree === null) console.error("mutation: the tracked files have changes, so no earlier shard is reused");
  const records: { record: ShardRecord; reused: boolean }[] = [];
  try {
    for (const shard of shards) {
      const earlier = options.resume ? readRecord(shard.name) : undefined;
      if (earlier !== undefined && reusable(earlier, tree)) {
        console.log(`mutation: ${shard.name} already ran on this tree (${earlier.finished}), reused`);
        records.push({ record: earlier, reused: true });
      } else {
        console.log(`mutation: shard ${shard.name} (${shard.mutate.join(", ")})`);
        records.push({ record: runShard(shard, tree, options.incremental), reused: false });
      }
    }
  } catch (error) {
    console.error(`mutation: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const total = records.reduce((sum, { record }) => sum + record.seconds, 0);
  console.log(`\nShards (source tree ${tree ?? "with uncommitted changes"}):\n`);
  console.log(["| shard | run time | |", "|---|---|---|", ...records.map(({ record, reused }) => `| ${record.shard} | ${minutes(record.seconds)} | ${reused ? "reused" : "ran"} |`), `| all | ${minutes(total)} | |`].join("\n"));
  return gate(shards);
}

/** The per-folder thresholds over the shards' reports, scored as one. */
function gate(shards: readonly Shard[]): number {
  let scores: ReturnType<typeof folderScores>;
  try {
    scores = folderScores(mergeReports(shards.map((shard) => ({ name: reportFile(shard.name), report: readReport(reportFile(shard.name)) }))));
  } catch (error) {
    console.error(`mutation: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  console.log(`\nMutation score per folder (${shards.map((shard) => shard.name).join(", ")}):\n\n${formatScores(scores)}\n`);
  const failed = scores.filter((row) => !row.passed);
  for (const row of failed) console.error(`mutation: ${row.folder} scores ${row.score?.toFixed(2)}%, below its ${row.minimum}%`);
  return failed.length === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
