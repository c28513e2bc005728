// The render command's options, help and version, on commander. Usage errors come out as one
// line, `render: <problem> (see --help)`.
import { Command, Option } from "commander";
import { version } from "../../package.json";

export const EXIT_INVALID_CONFIG = 1;
/** A usage error, an unknown stack, or an output folder render will not or cannot write. */
export const EXIT_USAGE = 2;

export interface RenderOptions {
  readonly stack: string;
  readonly out?: string;
  readonly project: string;
}

export interface RenderIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** A user mistake: printed as one line with the help hint, never as a stack trace. */
export class UsageError extends Error {}

/** How every usage error reads. */
export function usageLine(problem: string): string {
  return `render: ${problem} (see --help)\n`;
}

const HELP_AFTER = `
Writes every object the stack applies to its cluster: one YAML file per namespace, cluster.yaml
(cluster-scoped objects, and the Helm chart as a comment block), and analysis/ (inputs for netpol).
Re-rendering removes only this stack's earlier files in that exact folder (and its analysis/),
and lists them; it never writes over a file it did not write for this stack.

Examples:
  npm run render -- --stack dev                     write out/dev/
  npm run render -- --stack prod --out /tmp/prod    write /tmp/prod/
  npm run --silent render -- --stack dev | grep -A9 removed    what a re-render pruned
  npm run --silent netpol -- verify --intent out/dev/analysis/intent-with-context.yaml out/dev

Exit codes:
  0  written
  1  invalid stack config: every problem listed, nothing written
  2  usage error, unknown stack, or the output folder cannot or may not be written: one line,
     nothing written (an operating-system error in the middle of writing keeps the files already
     written and removes nothing)
`;

export function renderCommand(io: RenderIo, cwd: string): Command {
  return new Command("render")
    .description("write every Kubernetes object a stack would apply as YAML, offline")
    .requiredOption("--stack <name>", "stack to render: reads Pulumi.<name>.yaml")
    .option("--out <dir>", "output directory (default: out/<name>)")
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
