/** The `netpol` command line: commands, options, help texts. Actions live in ./commands. */
import { Command, InvalidArgumentError, Option } from "commander";
import { EngineName, FORMAT_NAMES, PortProbe, Protocol } from "../../netpol";
import { FAIL_ON } from "../../netpol/diff";
import { configureCommand, EXIT_CODES_HELP, Streams } from "../usage";
import { Io, reach, ReachOptions, verify, VerifyOptions } from "./commands";
import { diff, DIFF_FORMATS, DiffOptions } from "./diffCommand";
import { report, ReportOptions } from "./reportCommand";

const ENGINES: readonly EngineName[] = ["fast", "reference"];
const REACH_FORMATS = [...FORMAT_NAMES, "counts"];

/** "80/TCP", "53/udp" or "80" (TCP) -> probe; commander reports the error with the option name. */
function parsePortOption(text: string, previous: readonly PortProbe[] | undefined): PortProbe[] {
  const match = /^(\d+)(?:\/([A-Za-z]+))?$/.exec(text.trim());
  const protocol = (match?.[2] ?? "TCP").toUpperCase();
  const port = Number(match?.[1]);
  if (match === null || !["TCP", "UDP", "SCTP"].includes(protocol) || port < 1 || port > 65535) {
    throw new InvalidArgumentError("expected <port>/<protocol> like 80/TCP (port 1-65535; protocol TCP, UDP or SCTP)");
  }
  return [...(previous ?? []), { port, protocol: protocol as Protocol }];
}

/** Repeatable, no default (commander would print "default: []" in the help). */
/** Differences listed by default: enough to see what is wrong, few enough to read, and bounded memory on a large cluster. */
const DEFAULT_MAX_DIFFERENCES = 1000;

function parseMaxDifferences(text: string): number {
  if (text.trim() === "all") return Infinity;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of at least 1, or "all"');
  return value;
}

function parsePattern(text: string, previous: readonly string[] | undefined): string[] {
  if (text.trim() === "") throw new InvalidArgumentError("expected a namespace, namespace/name or a pattern like bank-* or */frontend");
  return [...(previous ?? []), text.trim()];
}

const INPUTS_HELP = "manifest files or directories (.yaml, .yml, .json, read recursively); - reads standard input";

const REACH_HELP = `Formats:
  table   a from x to matrix (default); with --port, "." allowed and "X" denied per probe
  md      the same as Markdown tables, for pull-request comments
  json    one JSON object, one pair per line
  list    one line per pair: "from => to : TCP 80" (with --port: "from => to : 80/TCP allowed")
  counts  pairs per source namespace: allowed and denied (with --port), else none, some or all ports

Filters (repeatable; a pattern without "/" names namespaces, one with "/" names endpoints; * and ? are wildcards):
  --from bank-frontend   --from 'bank-*'   --to bank-db/postgres   --to '*/frontend'   --to '0.0.0.0/0*'

Examples:
  netpol reach out/dev
  netpol reach out/dev --port 5432/TCP --format json
  netpol reach dump.json --port 80/TCP --format counts
  netpol reach out/dev --from 'bank-*' --to '*/database' --allowed-only --format list | head
  helm template my-release ./chart | netpol reach - --port 443/TCP

stderr says what was read ("read 12 NetworkPolicies, 40 pods/workloads, 3 namespaces; ignored …"),
warns about policy kinds that are not modelled, and shows progress on a terminal.

${EXIT_CODES_HELP}`;

const VERIFY_HELP = `The intent file lists the allowed flows (see docs/netpol.md); with eachSide: true,
each isolated side (the source's egress, the destination's ingress) must also allow exactly them:
  eachSide: true
  flows:
    - {from: bank-frontend/frontend, to: bank-backend/backend, ports: ["TCP/8080"]}

Examples:
  netpol verify --intent out/dev/analysis/intent-with-context.yaml out/dev
  helm template my-release ./chart | netpol verify --intent intent.yaml - --format md

${EXIT_CODES_HELP}`;

const DIFF_INPUT_HELP = "a manifest file or directory (.yaml, .yml, .json, read recursively); - reads standard input";

const DIFF_HELP = `Compares every ordered pair of endpoints of both sides: pods and workloads match by
namespace/name, and the external addresses are split by the ipBlocks of both sides, so
0.0.0.0/0 on one side and 0.0.0.0/0 except 10.0.0.0/8 on the other compare exactly. Each
added connection names the head policies that allow it on each side (or "not isolated").

Formats:
  text  one line per endpoint that appears or disappears and per changed pair (default)
  md    Markdown tables, for a pull-request comment
  json  one JSON object (schema in docs/netpol.md)

Examples:
  netpol diff out-main/dev out/dev
  netpol diff base.yaml head.yaml --format md --fail-on never
  git show main:manifests.yaml | netpol diff - manifests.yaml --format json

Exit codes:
  0  no connection added or widened (--fail-on any: no difference at all; --fail-on never: always)
  1  some connection was added or widened: the change needs a security review
  2  bad input or usage (the message says what and where)
  3  could not finish: out of memory (the message gives the remedy), killed, or an internal error`;

const REPORT_HELP = `Markdown for a pull-request comment: a summary line (endpoints, policies counted per
kind and Calico tier, allowed connections, isolation: with Calico or admin policies, a side is
isolated when the tier walk can deny something on it), with --intent the verdict, warnings
(endpoints isolated in neither direction, policies of any kind that select no pod, peers that
match no pod), a mermaid flowchart of the allowed connections and the matrix (by namespace when
there are more than 25 endpoints).

Examples:
  netpol report out/dev
  netpol report out/dev --intent out/dev/analysis/intent-with-context.yaml --hide intruder --hide '*/stranger'

Exit codes:
  0  written (with --intent: and the reachability equals the intent)
  1  written; with --intent: the reachability differs from the intent
  2  bad input or usage (the message says what and where)
  3  could not finish: out of memory (the message gives the remedy), killed, or an internal error`;

const ROOT_HELP = `Examples:
  netpol reach out/dev --port 80/TCP
  netpol verify --intent intent.yaml out/dev
  netpol diff out-main/dev out/dev --format md
  netpol report out/dev --intent out/dev/analysis/intent-with-context.yaml
  kubectl get namespaces,pods,networkpolicies -A -o json | netpol reach - --port 443/TCP --format counts

Run 'netpol <command> --help' for a command's options, formats and examples.

${EXIT_CODES_HELP}`;

function engineOption(): Option {
  return new Option("--engine <engine>", "analysis engine: fast (equivalence classes) or reference (pair by pair); same answers").choices(ENGINES).default("fast");
}

/** The program; `done` receives the command's exit code. */
export function program(io: Io, streams: Streams, done: (exitCode: number) => void): Command {
  const root = configureCommand(new Command("netpol"), "netpol", ROOT_HELP, streams)
    .description("Kubernetes NetworkPolicy analyzer: who can reach whom, offline, and is it what you intended")
    .showSuggestionAfterError();
  configureCommand(root.command("reach"), "netpol reach", REACH_HELP, streams)
    .description("reachability between every ordered pair of endpoints")
    .argument("<paths...>", INPUTS_HELP)
    .option("--port <port/protocol>", "decide this port (repeatable), e.g. 80/TCP; without it, show the allowed port sets", parsePortOption)
    .addOption(new Option("--format <format>", "output format").choices(REACH_FORMATS).default("table"))
    .addOption(engineOption())
    .option("--from <pattern>", "only these senders (repeatable)", parsePattern)
    .option("--to <pattern>", "only these receivers (repeatable)", parsePattern)
    .option("--allowed-only", "only allowed pairs (json, list); blank denied cells and drop silent rows and columns (table, md)")
    .action(function (this: Command, paths: string[], options: ReachOptions) {
      if (options.allowedOnly && options.format === "counts") this.error("--allowed-only does not apply to --format counts (its allowed column is the count)", { exitCode: 2 });
      done(reach(paths, options, io));
    });
  configureCommand(root.command("verify"), "netpol verify", VERIFY_HELP, streams)
    .description("exit 0 only when the actual reachability equals the intent file exactly")
    .requiredOption("--intent <file>", "intent file listing the allowed flows")
    .option("--each-side", "also require each isolated side alone (source egress, destination ingress) to equal the intent (default: the intent's eachSide)")
    .option("--no-each-side", "compare end to end only, whatever the intent file says")
    .argument("<paths...>", INPUTS_HELP)
    .addOption(new Option("--format <format>", "output format").choices(FORMAT_NAMES).default("table"))
    .addOption(engineOption())
    .addOption(new Option("--max-differences <n>", 'list at most n extra and n missing flows, the first in pair order ("all": every one); the counts are always whole').argParser(parseMaxDifferences).default(DEFAULT_MAX_DIFFERENCES))
    .action((paths: string[], options: VerifyOptions) => done(verify(paths, options, io)));
  configureCommand(root.command("diff"), "netpol diff", DIFF_HELP, streams)
    .description("which connections a change opens or closes, and which policies open them")
    .argument("<base>", DIFF_INPUT_HELP)
    .argument("<head>", DIFF_INPUT_HELP)
    .addOption(new Option("--format <format>", "output format").choices(DIFF_FORMATS).default("text"))
    .addOption(new Option("--fail-on <what>", "exit 1 when connections were added or widened, on any difference, or never").choices(FAIL_ON).default("added"))
    .addOption(engineOption())
    .action(function (this: Command, base: string, head: string, options: DiffOptions) {
      if (base === "-" && head === "-") this.error("standard input (-) can be only one of <base> and <head>", { exitCode: 2 });
      done(diff(base, head, options, io));
    });
  configureCommand(root.command("report"), "netpol report", REPORT_HELP, streams)
    .description("Markdown for a pull-request comment: summary, flowchart, matrix, warnings, intent verdict")
    .argument("<paths...>", INPUTS_HELP)
    .option("--intent <file>", "also verify against this intent file (exit 1 when it does not match)")
    .option("--hide <pattern>", "leave these endpoints out of the picture, the matrix and the warnings; still analysed (repeatable)", parsePattern)
    .addOption(engineOption())
    .action((paths: string[], options: ReportOptions) => done(report(paths, options, io)));
  return root;
}
