/** The actions of `netpol reach` and `netpol verify`: read, say what was read, analyse, write. */
import {
  Analysis,
  connectionCounts,
  connectionResults,
  countLines,
  Diagnostics,
  EngineName,
  engineFor,
  FormatName,
  InputSummary,
  InputTally,
  isKubernetesLayerObject,
  LINE_FORMATTERS,
  mayHaveKubernetesLayer,
  ModelBuilder,
  parseIntent,
  PortProbe,
  prepareVerification,
  probeCounts,
  probeResults,
  tableOfIntent,
  reachScope,
  ReachScope,
  summarizeInput,
  summaryLine,
  summaryWarnings,
  VerifyInput,
  VerifyPreparation,
  verifyPrepared,
} from "../../netpol";
import { EXIT_DIFFERENT, EXIT_OK } from "../usage";
import { IntentParsing, startParsingIntent } from "./intentThread";
import { NothingToAnalyseError, ObjectSink, parsesIntentOnThread, readIntentBytes, readManifests } from "./input";
import { LineWriter } from "./output";
import { Progress } from "./progress";

export type ReachFormat = FormatName | "counts";

export interface ReachOptions {
  readonly format: ReachFormat;
  readonly engine: EngineName;
  readonly port?: readonly PortProbe[];
  /** Absent when not given (the help then shows no default). */
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  readonly allowedOnly?: boolean;
}

export interface VerifyOptions {
  readonly format: FormatName;
  readonly engine: EngineName;
  readonly intent: string;
  /** --each-side / --no-each-side; absent: the intent file's `eachSide` decides. */
  readonly eachSide?: boolean;
  /** --max-differences: how many differences of each kind to list (Infinity: all). */
  readonly maxDifferences: number;
}

export interface Io {
  readonly progress: Progress;
  readonly out: LineWriter;
  /** Read for the path `-`. */
  readonly stdin: number;
}

/** `netpol: warning: …` and `netpol: note: …` lines on stderr (warnings: the answer may be wrong; notes: how input was read). */
export function printDiagnostics(progress: Progress, diagnostics: Diagnostics): void {
  for (const warning of diagnostics.warnings) progress.print(`netpol: warning: ${warning}`);
  for (const note of diagnostics.notes) progress.print(`netpol: note: ${note}`);
}

/** Read every path, say what was read and what was ignored; `side` ("base: ") prefixes the lines when two inputs are read. */
export function loadObjects(paths: readonly string[], { progress, stdin }: Io, side = ""): { objects: readonly unknown[]; summary: InputSummary } {
  const { objects } = readManifests(paths, progress, stdin);
  const summary = summarizeInput(objects);
  printSummary(progress, summary, side);
  return { objects, summary };
}

function printSummary(progress: Progress, summary: InputSummary, side: string): void {
  progress.print(`netpol: ${side}${summaryLine(summary)}`);
  printDiagnostics(progress, { warnings: summaryWarnings(summary).map((warning) => `${side}${warning}`), notes: [] });
}

/** Read every manifest, each object built into the model as it is read and then dropped (reach keeps no object). */
function loadIntoModel(paths: readonly string[], { progress, stdin }: Io, also?: ObjectSink): { builder: ModelBuilder; summary: InputSummary } {
  let builder = new ModelBuilder();
  let tally = new InputTally();
  readManifests(paths, progress, stdin, {
    object: (object, source) => {
      tally.add(object);
      builder.add(object, source);
      also?.object(object, source);
    },
    record: (record, source) => {
      tally.addEndpoint();
      builder.addRecord(record, source);
      also?.record(record, source);
    },
    restart: () => {
      builder = new ModelBuilder();
      tally = new InputTally();
      also?.restart();
    },
  });
  const summary = tally.summary();
  printSummary(progress, summary, "");
  return { builder, summary };
}

/**
 * verify's input built as it is read: the whole input's model and, when the intent has a
 * `kubernetesLayer`, the model of the input without Calico's and the admin policies' objects.
 */
function loadForVerify(paths: readonly string[], io: Io, layered: boolean): { input: VerifyInput; summary: InputSummary } {
  let kubernetes = new ModelBuilder();
  let tiered = false;
  const { builder, summary } = loadIntoModel(paths, io, layered ? {
    object: (object, source) => {
      if (isKubernetesLayerObject(object)) kubernetes.add(object, source);
      else tiered = true;
    },
    record: (record, source) => kubernetes.addRecord(record, source), // Pods and workloads are the Kubernetes layer's
    restart: () => {
      kubernetes = new ModelBuilder();
      tiered = false;
    },
  } : undefined);
  const layer: VerifyInput = { model: () => kubernetes.finish(), kubernetesLayer: () => undefined };
  return { input: { model: () => builder.finish(), kubernetesLayer: () => (tiered ? layer : undefined) }, summary };
}

/** After the input errors (they say more): no endpoint at all leaves nothing to analyse. */
export function requireEndpoints(summary: InputSummary): void {
  if (summary.endpoints > 0) return;
  throw new NothingToAnalyseError("no endpoint to analyse: the input has no Pod and no workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob)");
}

function analyse({ builder, summary }: { builder: ModelBuilder; summary: InputSummary }, engine: EngineName, progress: Progress): Analysis {
  progress.phase(`netpol: building the model of ${summary.objects.toLocaleString("en-US")} objects`);
  const model = builder.finish();
  const chosen = engineFor(engine, model);
  printDiagnostics(progress, { warnings: model.warnings ?? [], notes: chosen.note === undefined ? model.notes : [...model.notes, chosen.note] });
  requireEndpoints(summary);
  progress.phase(`netpol: preparing the ${chosen.engine.name} engine (${model.pods.length.toLocaleString("en-US")} endpoints, ${model.policies.length.toLocaleString("en-US")} policies)`);
  return { model, prepared: chosen.engine.prepare(model) };
}

/** Re-iterable `items`, posting "done of total" to the progress line every 10,000 items. */
function counted<T>(items: Iterable<T>, total: number, what: string, progress: Progress): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      let done = 0;
      for (const item of items) {
        if (++done % 10_000 === 0) progress.phase(`netpol: ${what} ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`);
        yield item;
      }
    },
  };
}

function reachLines(analysis: Analysis, options: ReachOptions, scope: ReachScope, progress: Progress): Iterable<string> {
  const probes = options.port ?? [];
  const onCount = (done: number, total: number): void => progress.phase(`netpol: counting: source class ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`);
  const pairs = scope.sources.length * scope.destinations.length;
  if (probes.length > 0) {
    if (options.format === "counts") return countLines(probeCounts(analysis, probes, scope, onCount));
    const report = probeResults(analysis, probes, scope);
    return LINE_FORMATTERS[options.format].probes({ ...report, results: counted(report.results, pairs * probes.length, "deciding pair", progress) });
  }
  if (options.format === "counts") return countLines(connectionCounts(analysis, scope, onCount));
  const report = connectionResults(analysis, scope);
  return LINE_FORMATTERS[options.format].connections({ ...report, pairs: counted(report.pairs, pairs, "computing pair", progress) });
}

export function reach(paths: readonly string[], options: ReachOptions, io: Io): number {
  const analysis = analyse(loadIntoModel(paths, io), options.engine, io.progress);
  const scope = reachScope(analysis.model, (options.port ?? []).length > 0 ? "probes" : "connections", options);
  for (const { option, pattern } of scope.unmatched) io.progress.print(`netpol: warning: --${option} ${JSON.stringify(pattern)} matches no endpoint`);
  io.out.lines(reachLines(analysis, options, scope, io.progress));
  return EXIT_OK;
}

export function verify(paths: readonly string[], options: VerifyOptions, io: Io): number {
  const intentBytes = readIntentBytes(options.intent);
  const intentText = (): string => intentBytes.toString("utf8");
  // The manifests are read, then their model prepared while a large intent is decoded and parsed
  // on another thread (started once the manifests are read: both cores are busy reading until
  // then). The intent's problems are still reported before the manifests' (as when it was parsed
  // first): an error of the manifests waits for the intent to be parsed. Whether it may have a
  // kubernetesLayer decides, from its bytes, what is built while reading.
  const layered = mayHaveKubernetesLayer(intentBytes);
  let parsing: IntentParsing | undefined;
  let prepared: { preparation: VerifyPreparation; summary: InputSummary };
  try {
    const { input, summary } = loadForVerify(paths, io, layered);
    if (parsesIntentOnThread(intentBytes.length)) parsing = startParsingIntent(intentBytes, options.intent);
    io.progress.phase(`netpol: verifying ${summary.objects.toLocaleString("en-US")} objects against ${options.intent}`);
    // Told the Pods, the intent's thread resolves the intent against them while the engine is prepared.
    prepared = { preparation: prepareVerification(input, options.engine, (model) => parsing?.resolve(model.pods.map((pod) => pod.id))), summary };
  } catch (error) {
    parsing?.stop();
    parseIntent(intentText(), options.intent);
    throw error;
  }
  const intent = parsing?.table() ?? tableOfIntent(parseIntent(intentText(), options.intent));
  const resolved = parsing?.resolved();
  // Never thrown (mayHaveKubernetesLayer is true of every text that parses to a layer: intentFile.test.ts); a guard against a silent wrong answer.
  if (intent.kubernetesLayer !== undefined && !layered) throw new Error("the intent has a kubernetesLayer its text was judged not to have");
  const report = verifyPrepared(prepared.preparation, intent, options.intent, { eachSide: options.eachSide, limit: options.maxDifferences, ...(resolved === undefined ? {} : { resolved }) });
  printDiagnostics(io.progress, { warnings: report.warnings, notes: report.notes });
  requireEndpoints(prepared.summary);
  io.out.lines(LINE_FORMATTERS[options.format].verify(report));
  return report.ok ? EXIT_OK : EXIT_DIFFERENT;
}
