/**
 * netpol CLI: `reach` and `verify` over Kubernetes manifests. The only netpol code that reads
 * files, prints or exits. Exit codes: 0 ok, 1 verify found differences, 2 bad input or usage.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import {
  connectionReport,
  EngineName,
  FORMAT_NAMES,
  FORMATTERS,
  FormatName,
  InputProblem,
  NetpolInputError,
  parseIntent,
  parseManifestText,
  PortProbe,
  probeReport,
  Protocol,
  verifyIntent,
} from "../netpol";

const EXIT_DIFFERENT = 1;
const EXIT_BAD_INPUT = 2;
const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const ENGINES: readonly EngineName[] = ["reference", "fast"];

interface CommonOptions {
  readonly format: FormatName;
  readonly engine: EngineName;
}

/** "80/TCP", "53/udp" or "80" (TCP) -> probe; commander reports the error with the option name. */
function parsePortOption(text: string, previous: readonly PortProbe[]): PortProbe[] {
  const match = /^(\d+)(?:\/([A-Za-z]+))?$/.exec(text.trim());
  const protocol = (match?.[2] ?? "TCP").toUpperCase();
  const port = Number(match?.[1]);
  if (match === null || !["TCP", "UDP", "SCTP"].includes(protocol) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('expected <port>/<protocol> like 80/TCP (port 1-65535; protocol TCP, UDP or SCTP)');
  }
  return [...previous, { port, protocol: protocol as Protocol }];
}

/** Files given, and every .yaml/.yml/.json under directories given (recursively, sorted). */
function manifestFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const missing: InputProblem[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) files.push(full);
    }
  };
  for (const given of paths) {
    if (!fs.existsSync(given)) missing.push({ source: given, object: "path", reason: "no such file or directory" });
    else if (fs.statSync(given).isDirectory()) walk(given);
    else files.push(given);
  }
  if (missing.length > 0) throw new NetpolInputError(missing);
  return files;
}

/** Parse every file, collecting the problems of all files before failing. */
function readManifests(paths: readonly string[]): unknown[] {
  const objects: unknown[] = [];
  const problems: InputProblem[] = [];
  for (const file of manifestFiles(paths)) {
    try {
      objects.push(...parseManifestText(fs.readFileSync(file, "utf8"), file));
    } catch (error) {
      if (!(error instanceof NetpolInputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new NetpolInputError(problems);
  return objects;
}

function readIntent(file: string): ReturnType<typeof parseIntent> {
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    throw new NetpolInputError([{ source: file, object: "intent", reason: "no such file" }]);
  }
  return parseIntent(fs.readFileSync(file, "utf8"), file);
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function reach(paths: string[], options: CommonOptions & { port: PortProbe[] }): void {
  const objects = readManifests(paths);
  const formatter = FORMATTERS[options.format];
  if (options.port.length > 0) print(formatter.probes(probeReport(objects, options.port, options.engine)));
  else print(formatter.connections(connectionReport(objects, options.engine)));
}

function verify(paths: string[], options: CommonOptions & { intent: string }): void {
  const intent = readIntent(options.intent);
  const report = verifyIntent(readManifests(paths), intent, options.intent, options.engine);
  print(FORMATTERS[options.format].verify(report));
  if (!report.ok) process.exitCode = EXIT_DIFFERENT;
}

function commonOptions(command: Command, defaultFormat: FormatName): Command {
  return command
    .addOption(new Option("--format <format>", "output format").choices(FORMAT_NAMES).default(defaultFormat))
    .addOption(new Option("--engine <engine>", "analysis engine").choices(ENGINES).default("reference"));
}

function program(): Command {
  const root = new Command("netpol").description("Kubernetes NetworkPolicy analyzer: reachability and intent verification").exitOverride();
  commonOptions(
    root
      .command("reach")
      .description("reachability between every ordered pair of endpoints")
      .argument("<paths...>", "manifest files or directories (.yaml, .yml, .json)")
      .option("--port <port/protocol>", "probe this port (repeatable), e.g. 80/TCP; without it, show allowed port sets", parsePortOption, []),
    "table",
  ).action(reach);
  commonOptions(
    root
      .command("verify")
      .description("exit 0 only when the actual reachability equals the intent file exactly")
      .requiredOption("--intent <file>", "intent file listing the allowed flows")
      .argument("<paths...>", "manifest files or directories (.yaml, .yml, .json)"),
    "table",
  ).action(verify);
  return root;
}

function fail(message: string): void {
  process.stderr.write(`netpol: ${message}\n`);
  process.exitCode = EXIT_BAD_INPUT;
}

function main(argv: readonly string[]): void {
  try {
    program().parse([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the usage error (or help, whose exit code is 0).
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    } else if (error instanceof NetpolInputError) {
      fail(`invalid input (${error.problems.length} problem${error.problems.length === 1 ? "" : "s"}):\n  ${error.message.split("\n").join("\n  ")}`);
    } else {
      throw error;
    }
  }
}

main(process.argv);
