/**
 * The `netpol` command line at scale, timed end to end: writes the benchmark's synthetic cluster
 * (netpol/generate) to one manifest file (block YAML documents, or a JSON List), an intent file
 * equal to its reachability (so `verify` exits 0), then runs `netpol reach` and `netpol verify`
 * on them through the launcher, each in its own process, and reports per command the elapsed
 * seconds, the peak RSS (GNU time: the largest process of the run), the exit code, the output
 * size and the load average. A measurement, never a test:
 *
 *   npm run --silent bench:cli -- --pods 150000 --namespaces 30000 --policies 100000
 *   npm run --silent bench:cli -- --pods 10000 --namespaces 2000 --policies 5000 --format json --json
 *
 * Options: --pods N --namespaces N --policies N [--seed S] [--format yaml|json] [--dir DIR]
 * [--keep] [--reuse] [--only reach-counts,reach-connections,reach-list,verify,verify-each-side]
 * [--json] (default: all but verify-each-side). `--reuse` keeps the cluster and intent files
 * already in --dir (written by an earlier run of the same size). The CLI runs as users run it
 * after `npm ci`: the compiled build (`npm run build`, rebuilt here first when stale).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConnectionSet } from "../netpol/connections";
import { syntheticCluster } from "../netpol/generate/synthetic";
import { PROTOCOLS } from "../netpol/model";
import { connectionResults, prepare, reachScope } from "../netpol/reach";
import { buildIsFresh } from "../cli/launcher/entry";

const REPO = path.resolve(__dirname, "..");
const LAUNCHER = path.join(REPO, "cli/launcher/netpol.js");
/** The benchmark's six probes (cli/bench.ts DEFAULT_PROBES). */
const PROBES = ["80/TCP", "443/TCP", "5432/TCP", "8080/TCP", "9090/TCP", "53/UDP"];

interface Options {
  pods: number;
  namespaces: number;
  policies: number;
  seed: number;
  format: "yaml" | "json";
  dir?: string;
  keep: boolean;
  reuse: boolean;
  only?: string[];
  json: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { pods: 150_000, namespaces: 30_000, policies: 100_000, seed: 1, format: "yaml", keep: false, reuse: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--pods") options.pods = Number(value());
    else if (arg === "--namespaces") options.namespaces = Number(value());
    else if (arg === "--policies") options.policies = Number(value());
    else if (arg === "--seed") options.seed = Number(value());
    else if (arg === "--format") options.format = value() === "json" ? "json" : "yaml";
    else if (arg === "--dir") options.dir = value();
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--reuse") options.reuse = true;
    else if (arg === "--only") options.only = value().split(",");
    else if (arg === "--json") options.json = true;
    else throw new Error(`unknown option ${arg} (see the comment at the top of scripts/bench-cli.ts)`);
  }
  return options;
}

// ---- writing the cluster -------------------------------------------------------------------

const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function scalar(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = String(value);
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(text) && !RESERVED.test(text) ? text : JSON.stringify(text);
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

function isNested(value: unknown): boolean {
  return typeof value === "object" && value !== null && !isEmpty(value);
}

function inline(value: unknown): string {
  return Array.isArray(value) ? "[]" : typeof value === "object" && value !== null ? "{}" : scalar(value);
}

/** Block YAML, the way manifests are written (the streamed reader's fast path). */
function blockLines(value: unknown, indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isNested(item)) {
        out.push(`${pad}- ${inline(item)}`);
        continue;
      }
      const start = out.length;
      blockLines(item, indent + 2, out);
      out[start] = `${pad}- ${(out[start] as string).slice(indent + 2)}`;
    }
    return;
  }
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (isNested(field)) {
      out.push(`${pad}${scalar(key)}:`);
      blockLines(field, indent + 2, out);
    } else {
      out.push(`${pad}${scalar(key)}: ${inline(field)}`);
    }
  }
}

function writeCluster(file: string, objects: readonly object[], format: "yaml" | "json"): void {
  const fd = fs.openSync(file, "w");
  try {
    let buffer: string[] = [];
    const flush = (): void => {
      fs.writeSync(fd, buffer.join(""));
      buffer = [];
    };
    if (format === "json") buffer.push('{"apiVersion":"v1","kind":"List","items":[\n');
    objects.forEach((object, index) => {
      if (format === "json") {
        buffer.push(`${index === 0 ? "" : ",\n"}${JSON.stringify(object)}`);
      } else {
        const lines: string[] = [];
        blockLines(object, 0, lines);
        buffer.push(`${index === 0 ? "" : "---\n"}${lines.join("\n")}\n`);
      }
      if (buffer.length >= 10_000) flush();
    });
    if (format === "json") buffer.push("\n]}\n");
    flush();
  } finally {
    fs.closeSync(fd);
  }
}

// ---- the intent equal to the reachability --------------------------------------------------

function portSpecs(connections: ConnectionSet): string[] {
  if (connections.isAll()) return ["all"];
  return PROTOCOLS.flatMap((protocol) => connections.rangesOf(protocol).map((range) => (range.first === range.last ? `${protocol}/${range.first}` : `${protocol}/${range.first}-${range.last}`)));
}

/** Every allowed pair (a Pod with itself aside) as one flow; external atoms written as "<cidr> except <cidr>, ...". */
function writeIntent(file: string, objects: readonly object[]): number {
  const analysis = prepare(objects, "fast");
  const peer = (id: string): string => id.replace(/,/g, ", ");
  const plainPods = new Set(analysis.model.pods.filter((pod) => pod.sourceKind === "Pod").map((pod) => pod.id));
  const fd = fs.openSync(file, "w");
  let flows = 0;
  try {
    fs.writeSync(fd, '{"eachSide": false, "flows": [\n');
    let buffer: string[] = [];
    for (const pair of connectionResults(analysis, { ...reachScope(analysis.model, "connections"), allowedOnly: true }).pairs) {
      if (pair.from === pair.to && plainPods.has(pair.from)) continue; // a Pod to itself: never compared
      buffer.push(`${flows++ === 0 ? "" : ",\n"}${JSON.stringify({ from: peer(pair.from), to: peer(pair.to), ports: portSpecs(pair.connections) })}`);
      if (buffer.length >= 10_000) {
        fs.writeSync(fd, buffer.join(""));
        buffer = [];
      }
    }
    fs.writeSync(fd, `${buffer.join("")}\n]}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return flows;
}

// ---- timing ----------------------------------------------------------------------------------

interface Timed {
  readonly name: string;
  readonly command: string;
  readonly exitCode: number | null;
  readonly seconds: number;
  readonly peakRssMB: number;
  readonly outputLines: number;
  readonly outputMB: number;
  readonly load: string;
  readonly stderr: string;
}

function countLines(file: string): number {
  const fd = fs.openSync(file, "r");
  const chunk = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (let read = fs.readSync(fd, chunk, 0, chunk.length, null); read > 0; read = fs.readSync(fd, chunk, 0, chunk.length, null)) {
      for (let i = 0; i < read; i++) if (chunk[i] === 10) lines++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

function timeNetpol(name: string, args: readonly string[], dir: string): Timed {
  const out = path.join(dir, `${name}.out`);
  const timing = path.join(dir, `${name}.time`);
  const quoted = args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(" ");
  const load = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const result = spawnSync("bash", ["-c", `/usr/bin/time -f '%e %M' -o '${timing}' node '${LAUNCHER}' ${quoted} > '${out}'`], { cwd: REPO, encoding: "utf8", maxBuffer: 64 << 20 });
  const [seconds, kilobytes] = fs.readFileSync(timing, "utf8").trim().split("\n").pop()?.split(" ").map(Number) ?? [NaN, NaN];
  const size = fs.statSync(out).size;
  return {
    name,
    command: `netpol ${args.join(" ")}`,
    exitCode: result.status,
    seconds: seconds as number,
    peakRssMB: Math.round((kilobytes as number) / 1024),
    outputLines: countLines(out),
    outputMB: Math.round((size / 1e6) * 10) / 10,
    load,
    stderr: result.stderr.trim(),
  };
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "netpol-bench-cli-"));
  fs.mkdirSync(dir, { recursive: true });
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const size = `${options.pods} pods / ${options.namespaces} namespaces / ${options.policies} policies, seed ${options.seed}`;
  if (!buildIsFresh(REPO)) {
    log("bench-cli: the compiled build is missing or stale: npm run build");
    const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: REPO, stdio: "inherit" });
    if (build.status !== 0 || !buildIsFresh(REPO)) throw new Error("npm run build failed: the CLI would run under ts-node");
  }
  const cluster = path.join(dir, `cluster.${options.format}`);
  const intent = path.join(dir, "intent.json");
  // verify --each-side is left out unless asked for: on the synthetic cluster each side alone allows far more than the intent, so it measures writing differences.
  const wanted = (name: string): boolean => (options.only === undefined ? name !== "verify-each-side" : options.only.includes(name));
  const needIntent = wanted("verify") || wanted("verify-each-side");
  let flows = 0;
  if (options.reuse && fs.existsSync(cluster) && (!needIntent || fs.existsSync(intent))) {
    log(`bench-cli: reusing ${cluster}${needIntent ? ` and ${intent}` : ""} (${size} not checked)`);
    if (needIntent) flows = (JSON.parse(fs.readFileSync(intent, "utf8")) as { flows: unknown[] }).flows.length;
  } else {
    log(`bench-cli: generating ${size} in ${dir}`);
    const objects = syntheticCluster({ pods: options.pods, namespaces: options.namespaces, policies: options.policies, seed: options.seed });
    writeCluster(cluster, objects, options.format);
    if (needIntent) flows = writeIntent(intent, objects);
  }
  log(`bench-cli: ${cluster} (${Math.round(fs.statSync(cluster).size / 1e6)} MB)${flows > 0 ? `, ${intent} (${flows} flows, ${Math.round(fs.statSync(intent).size / 1e6)} MB)` : ""}`);
  const probes = PROBES.flatMap((probe) => ["--port", probe]);
  const runs: [string, string[]][] = [
    ["reach-counts", ["reach", cluster, ...probes, "--format", "counts"]],
    ["reach-connections", ["reach", cluster, "--format", "counts"]],
    ["reach-list", ["reach", cluster, ...probes, "--allowed-only", "--format", "list"]],
    ["verify", ["verify", "--intent", intent, cluster]],
    ["verify-each-side", ["verify", "--each-side", "--intent", intent, cluster, "--format", "json"]],
  ];
  const results: Timed[] = [];
  for (const [name, args] of runs) {
    if (!wanted(name)) continue;
    log(`bench-cli: ${name}: netpol ${args.join(" ")}`);
    const timed = timeNetpol(name, args, dir);
    log(`bench-cli: ${name}: exit ${timed.exitCode}, ${timed.seconds} s, ${timed.peakRssMB} MB peak RSS, ${timed.outputLines} lines (${timed.outputMB} MB), load ${timed.load}`);
    results.push(timed);
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ size, format: options.format, flows, results: results.map(({ stderr, ...rest }) => ({ ...rest, stderrLines: stderr.split("\n").length })) }, null, 2)}\n`);
  else for (const r of results) process.stdout.write(`${r.name}\t${r.seconds} s\t${r.peakRssMB} MB\texit ${r.exitCode}\t${r.outputLines} lines\tload ${r.load}\n`);
  if (!options.keep && options.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
}

main();
