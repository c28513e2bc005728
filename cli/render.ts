/**
 * render CLI: `npm run render -- --stack <name> [--out <dir>]`. Reads Pulumi.<name>.yaml over
 * Pulumi.yaml's defaults with the program's own config parser, renders every object the stack
 * applies and writes them as YAML. No cloud, no Pulumi CLI, no cluster. Exit codes: 0 written,
 * 1 invalid config (nothing written), 2 usage error or unknown stack (nothing written).
 */
import { Command, CommanderError } from "commander";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, listStacks, loadStackFile } from "../config";
import { renderStack } from "../manifests";
import { RENDER_MARKER, renderOutputFiles, type OutputFile } from "../manifests/output";

export const EXIT_INVALID_CONFIG = 1;
export const EXIT_USAGE = 2;

export interface RenderIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

interface RenderOptions {
  readonly stack: string;
  readonly out?: string;
  readonly project: string;
}

/** A user mistake: printed as one message, never as a stack trace. */
class UsageError extends Error {}

function program(io: RenderIo, cwd: string): Command {
  return new Command("render")
    .description("write every Kubernetes object a stack would apply as YAML, offline")
    .requiredOption("--stack <name>", "stack to render: reads Pulumi.<name>.yaml")
    .option("--out <dir>", "output directory (default: out/<name>)")
    .option("--project <dir>", "directory holding Pulumi.yaml and the stack files", cwd)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
}

/** Runs the command; returns the exit code instead of exiting, so tests run it in-process. */
export function runRender(argv: readonly string[], io: RenderIo, cwd: string = process.cwd()): number {
  try {
    const command = program(io, cwd);
    command.parse([...argv], { from: "user" });
    const options = command.opts<RenderOptions>();
    const outDir = path.resolve(cwd, options.out ?? path.join("out", options.stack));
    const files = renderFiles(path.resolve(cwd, options.project), options.stack);
    writeFiles(outDir, files);
    io.out(summary(outDir, files, cwd));
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof ConfigError) {
      io.err(`render: ${error.message}\nNothing was written.\n`);
      return EXIT_INVALID_CONFIG;
    }
    if (error instanceof UsageError) {
      io.err(`render: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** Everything is rendered, in memory, before anything touches the disk. */
function renderFiles(projectDir: string, stack: string): OutputFile[] {
  if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) {
    throw new UsageError(`no Pulumi.yaml in ${projectDir}: run from the project directory or pass --project <dir>`);
  }
  const stacks = listStacks(projectDir);
  if (!stacks.includes(stack)) {
    const known = stacks.length > 0 ? stacks.join(", ") : "none";
    throw new UsageError(`unknown stack "${stack}": no Pulumi.${stack}.yaml in ${projectDir} (stacks: ${known})`);
  }
  return renderOutputFiles(renderStack(loadStackFile(projectDir, stack)), stack);
}

/** Writes the files and removes files an earlier render wrote that this one no longer has. */
function writeFiles(outDir: string, files: readonly OutputFile[]): void {
  const wanted = new Set(files.map((file) => path.join(outDir, ...file.path.split("/"))));
  for (const stale of previousRenderFiles(outDir)) if (!wanted.has(stale)) fs.rmSync(stale);
  for (const [file, content] of files.map((f) => [path.join(outDir, ...f.path.split("/")), f.content] as const)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** Only files that carry the render marker: never anything a person put in the directory. */
function previousRenderFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return previousRenderFiles(full);
    if (!entry.name.endsWith(".yaml")) return [];
    return fs.readFileSync(full, "utf8").startsWith(`# ${RENDER_MARKER}`) ? [full] : [];
  });
}

function summary(outDir: string, files: readonly OutputFile[], cwd: string): string {
  const applied = files.filter((file) => file.role === "applied");
  const objects = applied.reduce((sum, file) => sum + file.objectCount, 0);
  const lines = files.map((file) => `  ${file.path}${file.role === "applied" ? ` (${file.objectCount} objects)` : " (analysis only)"}`);
  const relative = path.relative(cwd, outDir);
  const shown = relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? outDir : relative;
  return `rendered ${objects} objects into ${shown}:\n${lines.join("\n")}\n`;
}

if (require.main === module) {
  const io: RenderIo = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
  process.exitCode = runRender(process.argv.slice(2), io);
}
