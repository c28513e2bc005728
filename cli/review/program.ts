/** The `review` command line: options, help and usage errors (`review: <problem> (see 'review --help')`). */
import { Command, Option } from "commander";
import { EngineName } from "../../netpol";
import { FAIL_ON, FailOn } from "../../netpol/diff";
import { configureCommand, Streams } from "../usage";

export interface ReviewCliOptions {
  readonly stack?: readonly string[];
  readonly all?: boolean;
  readonly base?: string;
  readonly failOn: FailOn;
  readonly engine: EngineName;
}

const HELP = `Renders each stack at the base (in a temporary git worktree, removed afterwards; the base's
own render code, with this checkout's node_modules linked in) and in the working tree, compares
their reachability with netpol diff, and prints one Markdown comment body: per stack a verdict
(no new connections / N connections added / intent mismatch / config invalid), the diff, and the
head's report (summary, intent verdict, warnings, flowchart, matrix) in a <details> block. The
body starts with ${"<!-- zero-trust-eks:network-review -->"} so a workflow can update its own comment.

Examples:
  npm run --silent review -- --stack dev
  npm run --silent review -- --all --base origin/release > review.md
  npm run --silent review -- --all --fail-on never       # exit 1 only on an intent mismatch

Exit codes (the worst stack wins):
  0  no connection added or widened (per --fail-on), every intent matches
  1  a connection was added or widened (per --fail-on), or an intent does not match
  2  usage, git (unknown --base, no repository) or a head stack's config is invalid (its errors are in the body)
  3  could not finish: the base could not be rendered for another reason than its config, or an internal error`;

export function reviewCommand(streams: Streams): Command {
  return configureCommand(new Command("review"), "review", HELP, streams)
    .description("the network review of a change: what it opens and closes per stack, as one pull-request comment")
    .option("--stack <name>", "review this stack (repeatable)", (name: string, previous: string[] | undefined) => [...(previous ?? []), name])
    .option("--all", "review every stack of the base and of the working tree")
    .option("--base <ref>", "git ref to compare with (default: the merge base with origin/main, else with main)")
    .addOption(new Option("--fail-on <what>", "exit 1 when connections were added or widened, on any difference, or never (an intent mismatch always exits 1)").choices(FAIL_ON).default("added"))
    .addOption(new Option("--engine <engine>", "analysis engine").choices(["fast", "reference"]).default("fast"));
}
