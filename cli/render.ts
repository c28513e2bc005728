/**
 * render CLI: `npm run render -- --stack <name> [--out <dir>]`. Reads Pulumi.<name>.yaml over
 * Pulumi.yaml's defaults with the program's own config parser, renders every object the stack
 * applies and writes them as YAML. No cloud, no Pulumi CLI, no cluster. Exit codes: 0 written,
 * 1 invalid config, 2 usage error, unknown stack or an output folder it cannot or may not write;
 * nothing is written on 1 or 2 (see cli/render/outDir.ts for what it writes and removes).
 */
import { CommanderError } from "commander";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, listStacks, loadStackFile } from "../config";
import { renderStack } from "../manifests";
import { renderOutputFiles, type OutputFile } from "../manifests/output";
import { applyWrite, planWrite, WriteError, type WritePlan } from "./render/outDir";
import {
  EXIT_INVALID_CONFIG, EXIT_USAGE, renderCommand, type RenderIo, type RenderOptions, UsageError, usageLine,
} from "./render/program";

export { EXIT_INVALID_CONFIG, EXIT_USAGE, type RenderIo } from "./render/program";

/** Runs the command; returns the exit code instead of exiting, so tests run it in-process. */
export function runRender(argv: readonly string[], io: RenderIo, cwd: string = process.cwd()): number {
  try {
    const command = renderCommand(io, cwd);
    command.parse([...argv], { from: "user" });
    const options = command.opts<RenderOptions>();
    if (options.out?.trim() === "") throw new UsageError("--out must name a directory");
    const outDir = path.resolve(cwd, options.out ?? path.join("out", options.stack));
    const files = renderFiles(path.resolve(cwd, options.project), options.stack);
    const plan = planWrite(outDir, files, options.stack);
    applyWrite(plan);
    io.out(summary(plan, options.stack, cwd));
    return 0;
  } catch (error) {
    return reportError(error, io, cwd);
  }
}

/** User mistakes and write problems as one line each (config problems: one per key); anything else is a bug and throws. */
function reportError(error: unknown, io: RenderIo, cwd: string): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  if (error instanceof ConfigError) {
    io.err(`render: ${error.message}\nNothing was written.\n`);
    return EXIT_INVALID_CONFIG;
  }
  if (error instanceof UsageError) {
    io.err(usageLine(error.message));
    return EXIT_USAGE;
  }
  if (error instanceof WriteError) {
    io.err(`render: cannot ${error.verb} ${shown(error.target, cwd)}: ${error.problem}\n`);
    return EXIT_USAGE;
  }
  throw error;
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

function summary(plan: WritePlan, stack: string, cwd: string): string {
  const applied = plan.files.filter((file) => file.role === "applied");
  const objects = applied.reduce((sum, file) => sum + file.objectCount, 0);
  const lines = plan.files.map((file) => `  ${file.path}${file.role === "applied" ? ` (${file.objectCount} objects)` : " (analysis only)"}`);
  const written = `rendered ${objects} objects into ${shown(plan.dir, cwd)}:\n${lines.join("\n")}\n`;
  if (plan.stale.length === 0) return written;
  const noun = plan.stale.length === 1 ? "file" : "files";
  return `${written}removed ${plan.stale.length} stale ${noun} of stack ${stack}:\n${plan.stale.map((file) => `  ${file}`).join("\n")}\n`;
}

/** A path relative to where the command runs when it is inside it, absolute otherwise. */
function shown(target: string, cwd: string): string {
  const relative = path.relative(cwd, target);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? target : relative;
}

if (require.main === module) {
  const io: RenderIo = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
  process.exitCode = runRender(process.argv.slice(2), io);
}
