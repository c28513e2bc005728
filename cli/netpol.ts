/**
 * netpol CLI: `reach`, `verify`, `diff` and `report` over Kubernetes manifests. The only netpol
 * code that reads files, prints or exits (cli/netpol/*). Exit codes: 0 ok, 1 verify found
 * differences (diff: a connection was added; report --intent: no match), 2 bad
 * input or usage, 3 could not finish (see cli/usage.ts). Run it through cli/launcher/netpol.js
 * (`npx netpol`, `npm run netpol`) to get a message instead of V8's dump when memory runs out.
 */
import { CommanderError } from "commander";
import * as tty from "tty";
import { NetpolCapacityError, NetpolInputError } from "../netpol";
import { NothingToAnalyseError } from "./netpol/input";
import { LineWriter } from "./netpol/output";
import { program } from "./netpol/program";
import { Progress, ProgressOptions, startProgress } from "./netpol/progress";
import { EXIT_BAD_INPUT, EXIT_FAILED, PROCESS_STREAMS, Streams } from "./usage";

const PROGRESS_DELAY_MS = 2000;

/** A progress line only on a terminal: stderr itself, or the launcher's (it pipes ours, see cli/launcher/supervise.js). */
function progressOptions(stderr: number): ProgressOptions | undefined {
  if (stderr !== 2) return undefined;
  const launcherColumns = Number(process.env["NETPOL_STDERR_COLUMNS"]);
  if (Number.isInteger(launcherColumns) && launcherColumns > 0) return { fd: 2, columns: launcherColumns, delayMs: PROGRESS_DELAY_MS };
  if (tty.isatty(2)) return { fd: 2, columns: (process.stderr.columns ?? 0) > 0 ? process.stderr.columns : 80, delayMs: PROGRESS_DELAY_MS };
  return undefined;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Limits of memory or of one string that JavaScript reports as catchable errors, with what to do. */
function tooLarge(error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException | undefined)?.code === "ERR_STRING_TOO_LONG") {
    return "a file is too large to read as one text (over 512 MB): split it into several files";
  }
  if (!(error instanceof RangeError)) return undefined;
  if (/allocation failed/i.test(error.message)) {
    return `out of memory (${error.message}): rerun with a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=8192, or on less input at a time`;
  }
  if (/invalid (string|array) length/i.test(error.message)) {
    return `the answer is too large to hold (${error.message}): use --format list, json or counts, or --from/--to`;
  }
  return undefined;
}

/** The exit code for an error; prints what the user needs (a stack trace only for a bug). */
function failure(error: unknown, progress: Progress): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT; // commander printed usage, help or version
  if (error instanceof NetpolInputError) {
    progress.print(`netpol: invalid input (${plural(error.problems.length, "problem")}):\n  ${error.message.split("\n").join("\n  ")}`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof NothingToAnalyseError) {
    progress.print(`netpol: ${error.message}`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof NetpolCapacityError) {
    // One line: what does not fit, the heap left, and the remedy (a larger heap or less input).
    progress.print(`netpol: ${error.message}`);
    return EXIT_FAILED;
  }
  const size = tooLarge(error);
  if (size !== undefined) {
    progress.print(`netpol: ${size}`);
    return EXIT_FAILED;
  }
  progress.print(`netpol: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT_FAILED;
}

/** Runs one command line (argv[0] and argv[1] are node and the script); returns the exit code. */
export function main(argv: readonly string[], streams: Streams = PROCESS_STREAMS): number {
  const progress = startProgress(progressOptions(streams.stderr), streams.stderr);
  const out = new LineWriter(streams.stdout);
  let exitCode = 0;
  try {
    program({ progress, out, stdin: streams.stdin }, streams, (code) => (exitCode = code)).parse([...argv]);
  } catch (error) {
    exitCode = failure(error, progress);
  } finally {
    out.flush();
    progress.stop();
  }
  return exitCode;
}

if (require.main === module) process.exitCode = main(process.argv);
