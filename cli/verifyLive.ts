/**
 * verify-live CLI: `npm run verify-live -- [--stack <name>] [--context <kube-context>] [--format json]`.
 * Plans probes from the stack's render and the analyzer (cli/verifyLive/plan.ts), runs them in the
 * cluster (runner.ts, through kubeCluster.ts), prints expected vs observed (report.ts). Exit codes
 * in cli/verifyLive/program.ts. Dependencies are injectable so the tests run it against a fake cluster.
 */
import { CommanderError } from "commander";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { ConfigError, loadStackFile, type StackConfig } from "../config";
import { renderStack } from "../manifests";
import { InternetTargetError, parseInternetTarget } from "./verifyLive/addresses";
import { ClusterAccessError, type LiveCluster } from "./verifyLive/cluster";
import { KubeCluster, loadKubeConfig } from "./verifyLive/kubeCluster";
import { planProbes } from "./verifyLive/plan";
import {
  EXIT_DIFFERENT, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, usageLine, verifyLiveCommand, type VerifyLiveIo, type VerifyLiveOptions,
} from "./verifyLive/program";
import { progressReporter } from "./verifyLive/progress";
import { formatJson, formatText, verify } from "./verifyLive/report";
import { RunAborted, runPlan, type RunOptions } from "./verifyLive/runner";

export interface VerifyLiveDeps {
  /** The cluster at `context` (undefined: the kubeconfig's current one). */
  readonly connect: (context: string | undefined) => LiveCluster;
  readonly runId: () => string;
  readonly signal?: AbortSignal;
  readonly sleep?: RunOptions["sleep"];
  /** Whether stderr is a terminal (draws a progress line). */
  readonly interactive?: boolean;
}

export const DEFAULT_DEPS: VerifyLiveDeps = {
  connect: (context) => new KubeCluster(loadKubeConfig(context)),
  runId: () => randomBytes(3).toString("hex"),
};

/** Runs the command; returns the exit code instead of exiting, so tests run it in-process. */
export async function runVerifyLive(argv: readonly string[], io: VerifyLiveIo, deps: VerifyLiveDeps = DEFAULT_DEPS, cwd = process.cwd()): Promise<number> {
  try {
    const command = verifyLiveCommand(io, cwd);
    command.parse([...argv], { from: "user" });
    return await verifyStack(command.opts<VerifyLiveOptions>(), io, deps, cwd);
  } catch (error) {
    return reportError(error, io);
  }
}

async function verifyStack(options: VerifyLiveOptions, io: VerifyLiveIo, deps: VerifyLiveDeps, cwd: string): Promise<number> {
  const config = loadStackFile(path.resolve(cwd, options.project), options.stack);
  const internet = parseInternetTarget(options.internet);
  const plan = planProbes(renderStack(config), { internet, sources: options.ephemeral ? "all" : "intruder" });
  const cluster = deps.connect(options.context ?? kindContext(config));
  await cluster.check();
  const runId = deps.runId();
  const sources = new Set(plan.probes.map((p) => p.from.id)).size;
  io.err(`verify-live: ${plan.probes.length} probes from ${sources} sources on ${cluster.description} (run ${runId})\n`);
  const progress = progressReporter(io.err, deps.interactive ?? false);
  try {
    const report = await runPlan(plan, cluster, {
      runId, image: options.image, parallel: options.parallel, probeTimeoutSeconds: options.timeout, startTimeoutSeconds: options.startTimeout,
      ...(deps.signal ? { signal: deps.signal } : {}), ...(deps.sleep ? { sleep: deps.sleep } : {}),
    }, { progressed: progress.update });
    progress.stop();
    const verification = verify(report, plan.notProbed);
    const context = { stack: options.stack, cluster: cluster.description, runId };
    io.out(options.format === "json" ? formatJson(verification, context) : formatText(verification, context));
    return verification.ok ? EXIT_OK : EXIT_DIFFERENT;
  } finally {
    progress.stop();
  }
}

/** A kind stack names its context; an EKS stack uses the kubeconfig's current one unless --context says. */
function kindContext(config: StackConfig): string | undefined {
  return config.platform.name === "kind" ? config.platform.kubeContext : undefined;
}

/** User mistakes and unusable clusters as one message each; anything else is a bug and throws. */
function reportError(error: unknown, io: VerifyLiveIo): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (error instanceof ConfigError || error instanceof ClusterAccessError) {
    io.err(`verify-live: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof InternetTargetError) {
    io.err(usageLine(error.message));
    return EXIT_USAGE;
  }
  if (error instanceof RunAborted) {
    const left = error.leftovers.length === 0 ? "removed what the run created" : `left behind: ${error.leftovers.join("; ")}`;
    io.err(`verify-live: interrupted; ${left}\n`);
    return EXIT_INTERRUPTED;
  }
  throw error;
}

if (require.main === module) {
  const controller = new AbortController();
  const interrupt = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write("\nverify-live: interrupted, cleaning up (again to quit at once)\n");
    controller.abort(new Error("interrupted"));
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  const io: VerifyLiveIo = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
  const deps = { ...DEFAULT_DEPS, signal: controller.signal, interactive: process.stderr.isTTY === true };
  runVerifyLive(process.argv.slice(2), io, deps).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`verify-live: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
