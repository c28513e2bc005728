// The verify-live command's options, help and exit codes, on commander. Usage errors come out as
// one line, `verify-live: <problem> (see --help)`.
import { Command, InvalidArgumentError, Option } from "commander";
import { version } from "../../package.json";
import { PROBE_IMAGE } from "./probeScript";

export const EXIT_OK = 0;
export const EXIT_DIFFERENT = 1;
/** Usage, invalid stack config, or a cluster that cannot be used (unreachable, unknown context, forbidden). */
export const EXIT_USAGE = 2;
export const EXIT_FAILED = 3;
/** Interrupted (Ctrl-C), after removing what the run created. */
export const EXIT_INTERRUPTED = 130;

export interface VerifyLiveOptions {
  readonly stack: string;
  readonly context?: string;
  readonly project: string;
  readonly format: "text" | "json";
  readonly parallel: number;
  readonly timeout: number;
  readonly startTimeout: number;
  readonly internet: string;
  readonly image: string;
  /** commander's name for --no-ephemeral. */
  readonly ephemeral: boolean;
}

export interface VerifyLiveIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export function usageLine(problem: string): string {
  return `verify-live: ${problem} (see --help)\n`;
}

const HELP_AFTER = `
Plans probes from the stack's render and the analyzer, then tries each one in the cluster: every
declared flow inside the cluster (must connect), each tier to every other tier's port it must not
reach, the database to the internet, and a throwaway pod in a fresh namespace to every tier. A
probe runs in its source pod's own network namespace: an ephemeral container running
"agnhost connect <ip>:<port> --timeout=<n>s --protocol=tcp|udp" (the throwaway pod runs it itself).
The namespace it creates is deleted at the end, on failure and on Ctrl-C too; the ephemeral
containers end by themselves and stay listed in their pods until those are replaced.
Needs: see docs/verify-live.md (permissions, what it changes in the cluster).

Examples:
  npm run verify-live                                   the local stack, on its kind context
  npm run verify-live -- --stack prod --context prod-admin
  npm run --silent verify-live -- --stack dev --format json | jq '.probes[] | select(.match | not)'

Exit codes:
  0    every probe as the analyzer expects
  1    a probe differs (listed), or the render differs from the plan
  2    usage error, invalid stack config, or a cluster that cannot be used (unreachable, unknown
       context, credentials refused, a permission missing): one message saying which
  3    internal error
  130  interrupted; what the run created was removed (or the message says what is left)
`;

function positiveInt(max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    return value;
  };
}

export function verifyLiveCommand(io: VerifyLiveIo, cwd: string): Command {
  return new Command("verify-live")
    .description("check a running cluster's connectivity against the analyzer's verdicts on the stack's render")
    .addOption(new Option("--stack <name>", "stack whose render to plan from: reads Pulumi.<name>.yaml").default("local"))
    .option("--context <name>", "kubeconfig context (default: the stack's kubeContext on kind, else the current context)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--parallel <n>", "probe sources at once").argParser(positiveInt(32)).default(4))
    .addOption(new Option("--timeout <seconds>", "per probe (agnhost --timeout)").argParser(positiveInt(60)).default(2))
    .addOption(new Option("--start-timeout <seconds>", "for a probe container to start, image pull included").argParser(positiveInt(3600)).default(120))
    .addOption(new Option("--internet <ip:port>", "where the database tries to reach the internet").default("1.1.1.1:443"))
    .addOption(new Option("--image <image>", "probe image (a mirror of agnhost)").default(PROBE_IMAGE))
    .option("--no-ephemeral", "probe from the throwaway pod only: no ephemeral container in the stack's pods")
    .addOption(new Option("--project <dir>", "directory holding Pulumi.yaml and the stack files").default(cwd, "the current directory"))
    .version(version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "print this help and exit")
    .addHelpText("after", HELP_AFTER)
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (text, write) => write(usageLine(text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, "; "))),
    });
}
