/**
 * bench --scaling: the same benchmark at several sizes, namespaces and policies in the same
 * ratio to pods, each size in a fresh child process (so its peak memory is its own), one after
 * another in one command (so they share the machine's load), and the growth between sizes.
 * Growth is also given per doubling, r^(1 / log2(pods ratio)), so that 80,000 -> 150,000 pods
 * compares with the doublings before it.
 */
import { spawnSync } from "child_process";
import { InvalidArgumentError } from "commander";
import type { BenchOptions, BenchResult } from "./bench";

/** "10000,20000,40000" -> ascending distinct pod counts (at least 1 each). */
export function parseSizes(text: string): number[] {
  const sizes = text.split(",").map((item) => {
    const value = Number(item.trim());
    if (!/^\d+$/.test(item.trim()) || !Number.isSafeInteger(value) || value < 1) {
      throw new InvalidArgumentError(`"${item}": expected a comma-separated list of pod counts like 10000,20000,40000`);
    }
    return value;
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}

export interface ScalingStep {
  readonly fromPods: number;
  readonly toPods: number;
  /** Ratios to the previous size: pods, engine seconds, total seconds, CPU seconds, RSS above the process's start. */
  readonly pods: number;
  readonly seconds: number;
  readonly totalSeconds: number;
  readonly cpuSeconds: number;
  readonly memory: number;
  /** The same ratios as if pods had doubled: r^(1 / log2(pods ratio)). */
  readonly perDoubling: { readonly seconds: number; readonly totalSeconds: number; readonly cpuSeconds: number; readonly memory: number };
}

export interface ScalingReport {
  readonly runs: readonly BenchResult[];
  readonly steps: readonly ScalingStep[];
  /** Set when a size could not run (e.g. too large for the heap): the child's message. */
  readonly stopped?: string;
}

/** The options of one size: namespaces and policies keep their ratio to --pods. */
export function sizeOptions(options: BenchOptions, pods: number): { pods: number; namespaces: number; policies: number } {
  const base = Math.max(1, options.pods);
  return { pods, namespaces: Math.max(1, Math.round((options.namespaces * pods) / base)), policies: Math.round((options.policies * pods) / base) };
}

function childArguments(options: BenchOptions, pods: number): string[] {
  const size = sizeOptions(options, pods);
  const script = require.resolve("./bench");
  const loader = script.endsWith(".ts") ? ["-r", require.resolve("ts-node/register/transpile-only")] : [];
  return [
    ...loader, script, "--pods", `${size.pods}`, "--namespaces", `${size.namespaces}`, "--policies", `${size.policies}`,
    "--seed", `${options.seed}`, "--engine", options.engine, "--repeat", `${options.repeat}`,
    "--ports", options.ports.map((probe) => `${probe.port}/${probe.protocol}`).join(","),
    ...(options.warmup ? [] : ["--no-warmup"]), ...(options.calico ? ["--calico"] : []), "--json",
  ];
}

const rounded = (value: number): number => Math.round(value * 100) / 100;
const numberOf = (run: BenchResult, key: string): number => run[key] as number;
/** Peak RSS minus the RSS the process had when the benchmark started (ts-node and the compiler). */
const memoryOf = (run: BenchResult): number => numberOf(run, "rssMB") - numberOf(run, "startRssMB");

function step(previous: BenchResult, next: BenchResult): ScalingStep {
  const pods = numberOf(next, "pods") / numberOf(previous, "pods");
  const ratio = (value: (run: BenchResult) => number): number => value(next) / Math.max(value(previous), 1e-3);
  const perDoubling = (r: number): number => rounded(r ** (1 / Math.log2(pods)));
  const ratios = {
    seconds: ratio((run) => numberOf(run, "seconds")),
    totalSeconds: ratio((run) => numberOf(run, "totalSeconds")),
    cpuSeconds: ratio((run) => numberOf(run, "cpuSeconds")),
    memory: ratio(memoryOf),
  };
  return {
    fromPods: numberOf(previous, "pods"),
    toPods: numberOf(next, "pods"),
    pods: rounded(pods),
    seconds: rounded(ratios.seconds),
    totalSeconds: rounded(ratios.totalSeconds),
    cpuSeconds: rounded(ratios.cpuSeconds),
    memory: rounded(ratios.memory),
    perDoubling: { seconds: perDoubling(ratios.seconds), totalSeconds: perDoubling(ratios.totalSeconds), cpuSeconds: perDoubling(ratios.cpuSeconds), memory: perDoubling(ratios.memory) },
  };
}

/** Runs every size in order; stops at the first that fails, keeping what ran. */
export function runScaling(options: BenchOptions, sizes: readonly number[]): ScalingReport {
  const runs: BenchResult[] = [];
  for (const pods of sizes) {
    const child = spawnSync(process.execPath, childArguments(options, pods), { encoding: "utf8", maxBuffer: 1 << 20 });
    if (child.status !== 0) {
      const reason = (child.stderr || `exit ${child.status ?? child.signal}`).trim();
      return { runs, steps: steps(runs), stopped: `${pods} pods: ${reason}` };
    }
    runs.push(JSON.parse(child.stdout) as BenchResult);
  }
  return { runs, steps: steps(runs) };
}

function steps(runs: readonly BenchResult[]): ScalingStep[] {
  return runs.slice(1).map((run, index) => step(runs[index] as BenchResult, run));
}

/** Markdown: one row per size, then one row of ratios per step. */
export function formatScaling(report: ScalingReport): string {
  const lines = [
    "| pods | namespaces | policies | classes | allowed | engine s | total s | CPU s | RSS MB | RSS above start MB |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...report.runs.map((run) => `| ${["pods", "namespaces", "policies", "classes", "allowed", "seconds", "totalSeconds", "cpuSeconds", "rssMB"].map((key) => numberOf(run, key).toLocaleString("en-US")).join(" | ")} | ${memoryOf(run)} |`),
    "",
    "| step | pods × | engine s × | total s × | CPU s × | memory × | per doubling: engine / total / CPU / memory |",
    "|---|---|---|---|---|---|---|",
    ...report.steps.map((s) => `| ${s.fromPods.toLocaleString("en-US")} → ${s.toPods.toLocaleString("en-US")} | ${s.pods} | ${s.seconds} | ${s.totalSeconds} | ${s.cpuSeconds} | ${s.memory} | ${s.perDoubling.seconds} / ${s.perDoubling.totalSeconds} / ${s.perDoubling.cpuSeconds} / ${s.perDoubling.memory} |`),
  ];
  if (report.stopped !== undefined) lines.push("", `stopped at ${report.stopped}`);
  return `${lines.join("\n")}\n`;
}
