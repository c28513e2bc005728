/**
 * Per-folder mutation score thresholds over Stryker's JSON report (mutation-testing-report-schema).
 * Stryker has one global `thresholds.break`; the issue asks for 95% on netpol/ and
 * manifests/policies/ and 90% on the rest, so `npm run mutation` runs this after Stryker.
 *
 *   ts-node --transpile-only scripts/mutation-thresholds.ts [report.json ...]
 *
 * Several reports (one run per folder, e.g. in parallel) are scored as one: each file must come
 * from one run only, or a folder's score would count some mutants twice.
 *
 * Exit 0 when every folder present in the report meets its threshold, 1 when one does not,
 * 2 when the report cannot be read.
 */
import * as fs from "fs";
import * as path from "path";

/** The part of the report schema read here: each file's mutants and their status. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly { readonly status: string }[] }>>;
}

export interface Threshold {
  /** A folder prefix, with its trailing slash: each file counts towards the longest matching one. */
  readonly folder: string;
  readonly minimum: number;
}

export const THRESHOLDS: readonly Threshold[] = [
  { folder: "netpol/", minimum: 95 },
  { folder: "manifests/policies/", minimum: 95 },
  { folder: "manifests/", minimum: 90 },
  { folder: "config/", minimum: 90 },
];
/** Files under none of the folders above ("the rest"). */
export const DEFAULT_THRESHOLD: Threshold = { folder: "(other)", minimum: 90 };

export interface Tally {
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Ignored, compile and runtime errors, pending: not part of the score, as in Stryker. */
  readonly excluded: number;
}

export interface FolderScore extends Tally {
  readonly folder: string;
  /** Undefined where the folder has no threshold (the detail rows). */
  readonly minimum?: number;
  /** Stryker's mutation score: (killed + timeout) / (killed + timeout + survived + no coverage), in percent; null without valid mutants. */
  readonly score: number | null;
  readonly passed: boolean;
}

const EMPTY: Tally = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, excluded: 0 };

function add(tally: Tally, status: string): Tally {
  switch (status) {
    case "Killed":
      return { ...tally, killed: tally.killed + 1 };
    case "Timeout":
      return { ...tally, timeout: tally.timeout + 1 };
    case "Survived":
      return { ...tally, survived: tally.survived + 1 };
    case "NoCoverage":
      return { ...tally, noCoverage: tally.noCoverage + 1 };
    default:
      return { ...tally, excluded: tally.excluded + 1 };
  }
}

export function mutationScore(tally: Tally): number | null {
  const detected = tally.killed + tally.timeout;
  const valid = detected + tally.survived + tally.noCoverage;
  return valid === 0 ? null : (100 * detected) / valid;
}

/** The threshold a file counts towards: the longest folder prefix that matches, else the default. */
export function thresholdFor(file: string, thresholds: readonly Threshold[] = THRESHOLDS): Threshold {
  const normalised = file.split(path.sep).join("/");
  const matching = thresholds.filter((threshold) => normalised.startsWith(threshold.folder));
  return matching.reduce<Threshold | undefined>((best, threshold) => (best === undefined || threshold.folder.length > best.folder.length ? threshold : best), undefined) ?? DEFAULT_THRESHOLD;
}

function tallyBy(report: MutationReport, keyOf: (file: string) => string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const key = keyOf(file);
    tallies.set(key, mutants.reduce((tally, mutant) => add(tally, mutant.status), tallies.get(key) ?? EMPTY));
  }
  return tallies;
}

/** One row per threshold folder present in the report, in the order of `thresholds` (the default last). */
export function folderScores(report: MutationReport, thresholds: readonly Threshold[] = THRESHOLDS): FolderScore[] {
  const tallies = tallyBy(report, (file) => thresholdFor(file, thresholds).folder);
  return [...thresholds, DEFAULT_THRESHOLD].flatMap((threshold) => {
    const tally = tallies.get(threshold.folder);
    if (tally === undefined) return [];
    const score = mutationScore(tally);
    return [{ folder: threshold.folder, minimum: threshold.minimum, ...tally, score, passed: score === null || score >= threshold.minimum }];
  });
}

/** Detail: one row per directory that holds mutated files, sorted (no thresholds). */
export function directoryScores(report: MutationReport): FolderScore[] {
  const tallies = tallyBy(report, (file) => `${path.posix.dirname(file.split(path.sep).join("/"))}/`);
  return [...tallies.keys()].sort().map((folder) => {
    const tally = tallies.get(folder) as Tally;
    return { folder, ...tally, score: mutationScore(tally), passed: true };
  });
}

/** A Markdown table, so the output can be pasted into docs/mutation.md. */
export function formatScores(rows: readonly FolderScore[]): string {
  const withThreshold = rows.some((row) => row.minimum !== undefined);
  const header = ["folder", "score %", ...(withThreshold ? ["threshold %", "result"] : []), "killed", "timeout", "survived", "no coverage", "excluded"];
  const lines = rows.map((row) => [
    row.folder,
    row.score === null ? "n/a" : row.score.toFixed(2),
    ...(withThreshold ? [row.minimum === undefined ? "" : String(row.minimum), row.passed ? "pass" : "FAIL"] : []),
    ...[row.killed, row.timeout, row.survived, row.noCoverage, row.excluded].map(String),
  ]);
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

export function readReport(file: string): MutationReport {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const files = (parsed as { files?: unknown }).files;
  if (typeof files !== "object" || files === null) throw new Error(`${file}: no "files" object (not a mutation-testing-report-schema report?)`);
  return parsed as MutationReport;
}

/** One report from the runs' reports; a source file in more than one of them is refused. */
export function mergeReports(reports: readonly { readonly name: string; readonly report: MutationReport }[]): MutationReport {
  const files: Record<string, MutationReport["files"][string]> = {};
  const from = new Map<string, string>();
  for (const { name, report } of reports) {
    for (const [file, result] of Object.entries(report.files)) {
      const earlier = from.get(file);
      if (earlier !== undefined) throw new Error(`${file} is in both ${earlier} and ${name}: each file must be mutated by one run only`);
      from.set(file, name);
      files[file] = result;
    }
  }
  return { files };
}

function main(argv: readonly string[]): number {
  const names = argv.length > 0 ? argv : [path.join("reports", "mutation", "mutation.json")];
  let report: MutationReport;
  let reading = names[0] as string;
  try {
    const reports = names.map((name) => {
      reading = name;
      return { name, report: readReport(name) };
    });
    reading = names.join(", ");
    report = mergeReports(reports);
  } catch (error) {
    console.error(`mutation thresholds: cannot read ${reading}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const file = names.join(", ");
  const scores = folderScores(report);
  console.log(`Mutation score per folder (${file}):\n\n${formatScores(scores)}\n\nBy directory:\n\n${formatScores(directoryScores(report))}\n`);
  const failed = scores.filter((row) => !row.passed);
  if (scores.length === 0) {
    console.error("mutation thresholds: the report holds no mutated file");
    return 1;
  }
  for (const row of failed) console.error(`mutation thresholds: ${row.folder} scores ${row.score?.toFixed(2)}%, below its ${row.minimum}%`);
  return failed.length === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
