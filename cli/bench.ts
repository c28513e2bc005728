/**
 * bench: generate a deterministic synthetic multi-tenant cluster and compute its full
 * reachability (every ordered pod pair, self-pairs included, on each probe port) with one
 * engine; print one JSON object. Timings are reported per phase, all wall clock:
 * `generateSeconds` (building the raw objects), `buildSeconds` (objects -> model, the same
 * code whichever engine runs), `seconds` (the engine alone: preparing it and every verdict
 * or count), and `totalSeconds` (all three). Unless --no-warmup, the engine first runs untimed
 * on a cluster of the same shape from the next seed (see warmUp). With --repeat n, `seconds` is the
 * median of n timed engine runs, each preparing the engine afresh. With --scaling, one such run
 * per size in a child process each, and the ratios between consecutive sizes (cli/benchScaling.ts).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { performance } from "perf_hooks";
import { buildModel, EngineName, engineNamed, PortProbe, Protocol } from "../netpol";
import { fastEngine, NetpolCapacityError } from "../netpol/fast";
import { KubeObject } from "../netpol/generate/kube";
import { SyntheticOptions, SyntheticOptionsError, syntheticCluster } from "../netpol/generate/synthetic";
import { NetpolModel } from "../netpol/model";
import { checkBenchMemory } from "./benchMemory";
import { formatScaling, parseSizes, runScaling } from "./benchScaling";
import { configureCommand, EXIT_BAD_INPUT, EXIT_FAILED, writeAll, writeStderr } from "./usage";

/** The cluster does not fit in this process: the message gives the estimate and the remedy. */
const EXIT_TOO_LARGE = EXIT_FAILED;

const ENGINES: readonly EngineName[] = ["fast", "reference"];
/** The probe ports of the synthetic cluster's services: web, TLS, Postgres, app HTTP, metrics, DNS. */
export const DEFAULT_PROBES = "80/TCP,443/TCP,5432/TCP,8080/TCP,9090/TCP,53/UDP";

export interface BenchOptions {
  readonly pods: number;
  readonly namespaces: number;
  readonly policies: number;
  readonly seed: number;
  readonly engine: EngineName;
  readonly ports: readonly PortProbe[];
  readonly json: boolean;
  readonly warmup: boolean;
  readonly repeat: number;
  /** Add Calico's layer (a security tier and a global default deny, as this project's stacks write them). */
  readonly calico?: boolean;
  /** Pod counts for a scaling table: namespaces and policies keep their ratio to --pods. */
  readonly scaling?: readonly number[];
}

function parseCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new InvalidArgumentError("expected a whole number like 500");
  return value;
}

function parsePositive(text: string): number {
  const value = parseCount(text);
  if (value < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return value;
}

function parseSeed(text: string): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new InvalidArgumentError("expected an integer seed like 1");
  return value;
}

/** "80/TCP,53/udp" (or "TCP/80", or a bare "80" for TCP) -> probes. */
function parsePorts(text: string): PortProbe[] {
  return text.split(",").map((item) => {
    const match = /^(?:(\d+)(?:\/([A-Za-z]+))?|([A-Za-z]+)\/(\d+))$/.exec(item.trim());
    const protocol = (match?.[2] ?? match?.[3] ?? "TCP").toUpperCase();
    const port = Number(match?.[1] ?? match?.[4]);
    if (match === null || !["TCP", "UDP", "SCTP"].includes(protocol) || port < 1 || port > 65535) {
      throw new InvalidArgumentError(`"${item}": expected a comma-separated list of <port>/<protocol> like 80/TCP,53/UDP (port 1-65535; TCP, UDP or SCTP)`);
    }
    return { port, protocol: protocol as Protocol };
  });
}

/** Allowed ordered pod pairs summed over probes, and the pod classes (for the fast engine; the reference has none). */
function countAllowed(model: NetpolModel, engine: EngineName, probes: readonly PortProbe[]): number {
  if (engine === "fast") {
    const prepared = fastEngine.prepare(model);
    podClasses.set(model, prepared.grouping.podClassCount);
    return probes.reduce((sum, probe) => sum + prepared.countAllowedPodPairs(probe), 0);
  }
  const prepared = engineNamed(engine).prepare(model);
  let allowed = 0;
  for (let from = 0; from < model.pods.length; from++) {
    for (let to = 0; to < model.pods.length; to++) {
      for (const probe of probes) if (prepared.allows(from, to, probe)) allowed++;
    }
  }
  return allowed;
}

function seconds(start: number): number {
  return Math.round(performance.now() - start) / 1000;
}

const WARMUP_BUDGET_SECONDS = 1;
const WARMUP_MAX_RUNS = 10;
const WARMUP_MAX_PODS = 10_000;

/** The warm-up cluster: the same shape from the next seed, scaled down to at most 10,000 pods. */
export function warmUpShape(options: SyntheticOptions): SyntheticOptions {
  const scale = Math.min(1, WARMUP_MAX_PODS / Math.max(1, options.pods));
  const scaled = (count: number): number => Math.round(count * scale);
  return { pods: scaled(options.pods), namespaces: Math.max(1, scaled(options.namespaces)), policies: scaled(options.policies), seed: options.seed + 1, ...(options.calico === true ? { calico: true } : {}) };
}

/**
 * Runs the engine, untimed, on a cluster of the same shape from the next seed until V8 has
 * compiled its hot code: at least once, then again while under a 1 s budget (at most 10 runs).
 * The reference engine's one run already spends its budget; the fast engine's runs are short,
 * and V8 needs about ten of them to optimise it. Compiling needs the code paths, not the size:
 * the cluster is scaled down to 10,000 pods, so the warm-up never doubles the peak memory.
 * Engines keep no state between models: nothing is reused.
 */
function warmUp(options: BenchOptions): void {
  const model = buildModel(syntheticCluster(warmUpShape(options)));
  const start = performance.now();
  for (let run = 0; run < WARMUP_MAX_RUNS && (run === 0 || seconds(start) < WARMUP_BUDGET_SECONDS); run++) {
    countAllowed(model, options.engine, options.ports);
  }
}

/**
 * The engine on the model, `repeat` times, each from a fresh `prepare` (engines cache nothing
 * across preparations): the median time, and the count, which must not change between runs.
 */
function timeEngine(model: NetpolModel, options: BenchOptions): { allowed: number; engineSeconds: number } {
  const counts: number[] = [];
  const times: number[] = [];
  for (let run = 0; run < options.repeat; run++) {
    const start = performance.now();
    counts.push(countAllowed(model, options.engine, options.ports));
    times.push(seconds(start));
  }
  if (new Set(counts).size !== 1) throw new Error(`bench: the ${options.engine} engine counted differently across repeats: ${counts.join(", ")}`);
  const sorted = [...times].sort((a, b) => a - b);
  return { allowed: counts[0] as number, engineSeconds: sorted[Math.floor((sorted.length - 1) / 2)] as number };
}

export type BenchResult = Readonly<Record<string, number | string | boolean | readonly string[]>>;

/** Pod classes the fast engine found per model (the reference engine has none: then they are counted apart). */
const podClasses = new WeakMap<NetpolModel, number>();

/** Generated then built, timed apart; the raw objects are dropped once the model holds what it needs. */
function generateAndBuild(options: BenchOptions): { model: NetpolModel; generateSeconds: number; buildSeconds: number; buildCpu: NodeJS.CpuUsage } {
  const generateStart = performance.now();
  let objects: KubeObject[] | undefined = syntheticCluster(options);
  const generateSeconds = seconds(generateStart);
  const buildCpu = process.cpuUsage();
  const buildStart = performance.now();
  const model = buildModel(objects);
  objects = undefined;
  return { model, generateSeconds, buildSeconds: seconds(buildStart), buildCpu };
}

/** One benchmark: the JSON object `bench --json` prints (keys sorted). Throws NetpolCapacityError when it cannot fit. */
export function benchmark(options: BenchOptions): BenchResult {
  const startRssMB = Math.round(process.memoryUsage.rss() / (1024 * 1024));
  checkBenchMemory(options);
  if (options.warmup) warmUp(options);
  const { model, generateSeconds, buildSeconds, buildCpu } = generateAndBuild(options);
  const { allowed, engineSeconds } = timeEngine(model, options);
  const cpu = process.cpuUsage(buildCpu);
  // A property of the cluster, outside the timed analysis.
  const classes = podClasses.get(model) ?? fastEngine.prepare(model).grouping.podClassCount;
  const result = {
    allowed,
    buildSeconds,
    calico: options.calico === true,
    classes,
    /** CPU time of build + engine: on a shared machine, wall time also counts other jobs. */
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
    engine: options.engine,
    externalAtoms: model.externals.length,
    generateSeconds,
    namespaces: Object.keys(model.namespaces).length,
    pods: model.pods.length,
    policies: model.policies.length,
    probes: options.ports.map((probe) => `${probe.port}/${probe.protocol}`),
    repeat: options.repeat,
    rssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    seconds: engineSeconds,
    seed: options.seed,
    /** RSS when the benchmark started (ts-node and the TypeScript compiler): rssMB - startRssMB is what the run added. */
    startRssMB,
    totalSeconds: Math.round((generateSeconds + buildSeconds + engineSeconds) * 1000) / 1000,
    warmup: options.warmup,
  };
  return result;
}

function run(options: BenchOptions): void {
  if (options.scaling !== undefined) {
    const report = runScaling(options, options.scaling);
    writeAll(1, options.json ? `${JSON.stringify(report)}\n` : formatScaling(report));
    return;
  }
  const result = benchmark(options);
  if (options.json) writeAll(1, `${JSON.stringify(result)}\n`);
  else writeAll(1, `${Object.entries(result).map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(" ") : value}`).join("\n")}\n`);
}

const HELP = `Output: the cluster (pods, namespaces, policies, classes, externalAtoms), the allowed count, and
timings: generateSeconds, buildSeconds, seconds (the engine alone), totalSeconds, cpuSeconds, rssMB
(see docs/netpol-bench.md).

Examples:
  npm run --silent bench -- --json
  npm run --silent bench -- --pods 10000 --namespaces 2000 --policies 5000 --repeat 5 --json
  npm run --silent bench -- --pods 500 --engine reference --ports 80/TCP,53/UDP
  npm run --silent bench -- --pods 500 --calico --json
  npm run --silent bench -- --scaling 10000,20000,40000

Exit codes:
  0  done
  2  bad options (the message says which and what is expected)
  3  could not finish: the cluster does not fit in this process (the message gives the estimate
     and the remedy), or an internal error`;

export function program(): Command {
  return configureCommand(new Command("bench"), "bench", HELP)
    .description("time the full reachability of a deterministic synthetic multi-tenant cluster")
    .option("--pods <n>", "pods to generate", parseCount, 500)
    .option("--namespaces <n>", "namespaces (3 system namespaces, then tenants)", parseCount, 100)
    .option("--policies <n>", "NetworkPolicies, spread over the tenant namespaces", parseCount, 250)
    .option("--seed <s>", "seed of the generator: same seed, same cluster", parseSeed, 1)
    .addOption(new Option("--engine <name>", "engine computing the reachability").choices(ENGINES).default("fast"))
    .option("--ports <list>", "probe ports, comma-separated <port>/<protocol>", parsePorts, parsePorts(DEFAULT_PROBES))
    .option("--json", "print one JSON object", false)
    .option("--calico", "add Calico's layer as this project's stacks write it: a security tier (Pass) denying the instance metadata address, and a global default deny after the NetworkPolicies, DNS allowed", false)
    .option("--repeat <n>", "time the engine n times (fresh each time) and report the median", parsePositive, 1)
    .option("--no-warmup", "skip the untimed warm-up runs on a same-shaped cluster of the next seed (then `seconds` includes V8 warming up)")
    .option("--scaling <pods,...>", "one run per pod count (ascending, each in its own process), namespaces and policies in the ratio of --namespaces and --policies to --pods; prints the ratios between sizes", parseSizes)
    .action((options: BenchOptions) => run(options));
}

function main(argv: readonly string[]): void {
  try {
    program().parse([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT; // commander printed the usage error, help or version
    } else if (error instanceof SyntheticOptionsError) {
      writeStderr(`bench: ${error.message} (see 'bench --help')\n`);
      process.exitCode = EXIT_BAD_INPUT;
    } else if (error instanceof NetpolCapacityError) {
      writeStderr(`bench: ${error.message}\n`);
      process.exitCode = EXIT_TOO_LARGE;
    } else {
      writeStderr(`bench: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_FAILED;
    }
  }
}

if (require.main === module) main(process.argv);
