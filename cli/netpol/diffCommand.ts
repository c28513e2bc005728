/** The action of `netpol diff`: read both sides, say what was read, compare, write; the exit code says whether to review. */
import { EngineName } from "../../netpol";
import { diffFails, diffJsonLines, diffMarkdownLines, diffObjects, diffSummary, diffTextLines, FailOn, FlowDiff, identicalLine, isIdentical } from "../../netpol/diff";
import { EXIT_DIFFERENT, EXIT_OK } from "../usage";
import { Io, loadObjects, printDiagnostics } from "./commands";
import { NothingToAnalyseError } from "./input";

export type DiffFormat = "text" | "md" | "json";
export const DIFF_FORMATS: readonly DiffFormat[] = ["text", "md", "json"];

export interface DiffOptions {
  readonly format: DiffFormat;
  readonly engine: EngineName;
  readonly failOn: FailOn;
}

function diffLines(diff: FlowDiff, format: DiffFormat): Iterable<string> {
  switch (format) {
    case "text":
      return diffTextLines(diff);
    case "md":
      return diffMarkdownLines(diff);
    case "json":
      return diffJsonLines(diff);
  }
}

export function diff(basePath: string, headPath: string, options: DiffOptions, io: Io): number {
  const base = loadObjects([basePath], io, "base: ");
  const head = loadObjects([headPath], io, "head: ");
  if (base.summary.endpoints === 0 && head.summary.endpoints === 0) {
    throw new NothingToAnalyseError("no endpoint to compare: neither side has a Pod or a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob)");
  }
  io.progress.phase(`netpol: comparing ${basePath} with ${headPath} (${options.engine} engine)`);
  const result = diffObjects(base.objects, head.objects, { engine: options.engine });
  printDiagnostics(io.progress, { warnings: [], notes: [...result.notes.base.map((note) => `base: ${note}`), ...result.notes.head.map((note) => `head: ${note}`)] });
  io.out.lines(diffLines(result, options.format));
  const fails = diffFails(result, options.failOn);
  const verdict = isIdentical(result) ? identicalLine(result) : diffSummary(result);
  io.progress.print(`netpol: ${verdict}${fails ? ` (exit 1: --fail-on ${options.failOn})` : ""}`);
  return fails ? EXIT_DIFFERENT : EXIT_OK;
}
