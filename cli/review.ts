/**
 * review CLI: `npm run review -- --stack <name>|--all [--base <ref>]`. The network review of a
 * change as one pull-request comment body on stdout; progress and verdicts on stderr. The only
 * review code that runs git, spawns the base's render, prints or exits (the analysis is
 * cli/review/analyse.ts and body.ts, pure).
 */
import { CommanderError } from "commander";
import * as path from "path";
import { NetpolInputError } from "../netpol";
import { reviewStack } from "./review/analyse";
import { reviewBody, verdictText } from "./review/body";
import { BaseRef, GitError, resolveBase, withBaseWorktree } from "./review/git";
import { ReviewCliOptions, reviewCommand } from "./review/program";
import { BaseRenderError, renderBase, renderHead, stacksIn } from "./review/sides";
import { StackInput } from "./review/types";
import { EXIT_BAD_INPUT, EXIT_FAILED, PROCESS_STREAMS, Streams, writeAll, writeStderr } from "./usage";

class UsageError extends Error {}

function selectedStacks(options: ReviewCliOptions, available: readonly string[]): string[] {
  if (options.all === true) return [...available];
  const unknown = (options.stack ?? []).filter((stack) => !available.includes(stack));
  if (unknown.length > 0) throw new UsageError(`unknown stack ${unknown.map((s) => `"${s}"`).join(", ")}: no Pulumi.<stack>.yaml at the base or in the working tree (stacks: ${available.join(", ") || "none"})`);
  return [...new Set(options.stack)];
}

function reproduce(options: ReviewCliOptions): string {
  const stacks = options.all === true ? "--all" : (options.stack ?? []).map((stack) => `--stack ${stack}`).join(" ");
  return `npm run review -- ${stacks}${options.base === undefined ? "" : ` --base ${options.base}`}`;
}

/** Both sides of every selected stack: the base rendered by the base's code inside its worktree. */
function stackInputs(options: ReviewCliOptions, base: BaseRef, projectDir: string, say: (line: string) => void): StackInput[] {
  return withBaseWorktree(base.commit, projectDir, (baseDir) => {
    const available = [...new Set([...stacksIn(baseDir), ...stacksIn(projectDir)])].sort();
    return selectedStacks(options, available).map((stack) => {
      say(`review: rendering ${stack} at the base and in the working tree`);
      return { stack, base: renderBase(baseDir, stack, path.join(baseDir, ".review-renders", stack)), head: renderHead(projectDir, stack) };
    });
  });
}

function run(argv: readonly string[], streams: Streams, projectDir: string): number {
  const command = reviewCommand(streams);
  command.parse([...argv], { from: "user" });
  const options = command.opts<ReviewCliOptions>();
  if ((options.all === true) === ((options.stack ?? []).length > 0)) throw new UsageError("give --stack <name> (repeatable) or --all");
  const say = (line: string): void => writeStderr(`${line}\n`, streams.stderr);
  const base = resolveBase(options.base, projectDir);
  say(`review: base ${base.label.replace(/`/g, "")}`);
  const reviews = stackInputs(options, base, projectDir, say).map((input) => reviewStack(input, options));
  writeAll(streams.stdout, reviewBody(reviews, { base: base.label, command: reproduce(options) }));
  for (const review of reviews) say(`review: ${review.stack}: ${verdictText(review.verdict)}`);
  return Math.max(0, ...reviews.map((review) => review.exitCode));
}

/** Runs the command; returns the exit code (tests run it in-process with their own streams and directory). */
export function runReview(argv: readonly string[], streams: Streams = PROCESS_STREAMS, projectDir: string = process.cwd()): number {
  try {
    return run(argv, streams, projectDir);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    const message = (text: string): void => writeStderr(`review: ${text}\n`, streams.stderr);
    if (error instanceof UsageError) {
      message(`${error.message} (see 'review --help')`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof GitError || error instanceof NetpolInputError) {
      message(error.message);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof BaseRenderError) {
      message(error.message);
      return EXIT_FAILED;
    }
    message(`internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_FAILED;
  }
}

if (require.main === module) process.exitCode = runReview(process.argv.slice(2));
