// Runs a probe plan against a live cluster (through the LiveCluster interface): finds one ready pod
// of each planned workload, then per probe source one container that tries its probes in the
// source's own network namespace (an ephemeral container in the source pod; for the throwaway pod,
// the pod itself, in a namespace created for the run), a bounded number of sources at a time, each
// probe bounded by agnhost's timeout and each source by a deadline. The namespace is deleted at the
// end whatever happened, an abort (Ctrl-C) included.
import { ClusterAccessError, type LiveCluster, type LivePod, type PodRef } from "./cluster";
import { INTRUDER_NAMESPACE_LABELS, type Probe, type ProbePlan, type ProbeSource, type ProbeTarget } from "./plan";
import { intruderPod, parseProbeLog, probeContainer, probeScript, type Outcome, type ScriptProbe } from "./probeScript";

export interface RunOptions {
  /** Names what the run creates: the namespace, the ephemeral containers. */
  readonly runId: string;
  readonly image: string;
  /** Sources probed at once. */
  readonly parallel: number;
  /** agnhost's --timeout for each probe. */
  readonly probeTimeoutSeconds: number;
  /** For a probe container to start (image pull included) before its source counts as failed. */
  readonly startTimeoutSeconds: number;
  readonly pollMilliseconds?: number;
  readonly signal?: AbortSignal;
  /** Waits; tests pass one that does not. */
  readonly sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

export interface RunEvents {
  /** After each source: how many probes have a result. */
  readonly progressed?: (done: number, total: number) => void;
}

export interface ProbeResult {
  readonly probe: Probe;
  readonly observed: Outcome;
}

export interface RunReport {
  readonly results: readonly ProbeResult[];
  /** The namespace the run created (and deleted), if it needed one. */
  readonly namespace?: string;
  /** What could not be cleaned up, with the command that does it; empty when all went. */
  readonly leftovers: readonly string[];
}

/** Thrown when the run was aborted; what it created has been deleted (or is listed). */
export class RunAborted extends Error {
  constructor(readonly leftovers: readonly string[]) {
    super("aborted");
    this.name = "RunAborted";
  }
}

const INTRUDER_POD = "intruder";
const INTRUDER_CONTAINER = "probe";

interface Batch {
  readonly source: ProbeSource;
  readonly probes: readonly { readonly probe: Probe; readonly script: ScriptProbe }[];
}

export async function runPlan(plan: ProbePlan, cluster: LiveCluster, options: RunOptions, events: RunEvents = {}): Promise<RunReport> {
  const namespace = `zero-trust-eks-verify-${options.runId}`;
  const pods = await resolvePods(plan, cluster);
  const unrunnable = plan.probes.flatMap((probe) => {
    const missing = [probe.from, probe.to].map((end) => whyMissing(end, pods)).find((why) => why !== undefined);
    return missing === undefined ? [] : [{ probe, observed: { kind: "error", detail: missing } as const }];
  });
  const batches = batchesOf(plan.probes.filter((p) => !unrunnable.some((u) => u.probe === p)), pods);
  const total = plan.probes.length;
  const results: ProbeResult[] = [...unrunnable];
  let created = false;
  try {
    if (batches.some((batch) => batch.source.kind === "intruder")) {
      await cluster.createNamespace(namespace, INTRUDER_NAMESPACE_LABELS);
      created = true;
    }
    await inPool(batches, options.parallel, async (batch) => {
      results.push(...(await runBatch(batch, pods, cluster, namespace, options)));
      events.progressed?.(results.length, total);
    }, options.signal);
  } catch (error) {
    const leftovers = created ? await deleteNamespace(cluster, namespace) : [];
    if (options.signal?.aborted) throw new RunAborted(leftovers);
    throw error;
  }
  const leftovers = created ? await deleteNamespace(cluster, namespace) : [];
  const order = new Map(plan.probes.map((probe, index) => [probe, index]));
  results.sort((a, b) => (order.get(a.probe) ?? 0) - (order.get(b.probe) ?? 0));
  return { results, ...(created ? { namespace } : {}), leftovers };
}

/** One ready pod (the first by name) per planned pod, or why there is none. */
async function resolvePods(plan: ProbePlan, cluster: LiveCluster): Promise<Map<string, LivePod | string>> {
  const planned = new Map<string, Extract<ProbeTarget, { kind: "pod" }>>();
  for (const probe of plan.probes) {
    for (const end of [probe.from, probe.to]) if (end.kind === "pod") planned.set(end.id, end);
  }
  const found = new Map<string, LivePod | string>();
  for (const [id, pod] of planned) {
    const ready = (await cluster.listPods(pod.namespace, pod.podLabels)).filter((p) => p.ready && p.ip !== "").sort((a, b) => a.name.localeCompare(b.name));
    const selector = Object.entries(pod.podLabels).map(([k, v]) => `${k}=${v}`).join(",");
    found.set(id, ready[0] ?? `no ready pod of ${id} (kubectl -n ${pod.namespace} get pods -l ${selector})`);
  }
  return found;
}

function whyMissing(end: ProbeSource | ProbeTarget, pods: Map<string, LivePod | string>): string | undefined {
  if (end.kind !== "pod") return undefined;
  const pod = pods.get(end.id);
  return typeof pod === "string" ? pod : undefined;
}

function addressOf(target: ProbeTarget, pods: Map<string, LivePod | string>): string {
  if (target.kind === "external") return target.address;
  const pod = pods.get(target.id);
  if (pod === undefined || typeof pod === "string") throw new Error(`internal: ${target.id} was not resolved`);
  return pod.ip;
}

/** The probes of each source, in plan order; sources in order of first appearance. */
function batchesOf(probes: readonly Probe[], pods: Map<string, LivePod | string>): Batch[] {
  const bySource = new Map<string, { source: ProbeSource; probes: Batch["probes"][number][] }>();
  for (const probe of probes) {
    const batch = bySource.get(probe.from.id) ?? { source: probe.from, probes: [] };
    bySource.set(probe.from.id, batch);
    batch.probes.push({ probe, script: { index: batch.probes.length, ip: addressOf(probe.to, pods), port: probe.port, protocol: probe.protocol } });
  }
  return [...bySource.values()];
}

async function runBatch(batch: Batch, pods: Map<string, LivePod | string>, cluster: LiveCluster, namespace: string, options: RunOptions): Promise<ProbeResult[]> {
  const script = probeScript(batch.probes.map((p) => p.script), options.probeTimeoutSeconds);
  const deadlineSeconds = options.startTimeoutSeconds + batch.probes.length * (options.probeTimeoutSeconds + 1);
  const { pod, container } = await startBatch(batch, pods, cluster, namespace, script, deadlineSeconds, options);
  const finished = await awaitTermination(cluster, pod, container, deadlineSeconds, options);
  const outcomes = finished === true ? parseProbeLog(await cluster.containerLog(pod, container)) : new Map<number, Outcome>();
  return batch.probes.map(({ probe, script: s }) => ({
    probe,
    observed: outcomes.get(s.index) ?? { kind: "error", detail: finished === true ? "the probe container printed no result for this probe" : finished },
  }));
}

async function startBatch(
  batch: Batch, pods: Map<string, LivePod | string>, cluster: LiveCluster, namespace: string, script: string, deadlineSeconds: number, options: RunOptions,
): Promise<{ pod: PodRef; container: string }> {
  if (batch.source.kind === "intruder") {
    const container = probeContainer(INTRUDER_CONTAINER, options.image, script);
    await cluster.createPod(intruderPod(namespace, INTRUDER_POD, batch.source.podLabels, container, deadlineSeconds));
    return { pod: { namespace, name: INTRUDER_POD }, container: INTRUDER_CONTAINER };
  }
  const source = pods.get(batch.source.id) as LivePod;
  const name = `zt-verify-${options.runId}`;
  await cluster.addEphemeralContainer(source, probeContainer(name, options.image, script));
  return { pod: { namespace: source.namespace, name: source.name }, container: name };
}

/** True once the container has terminated; otherwise why it is not done by the deadline. */
async function awaitTermination(cluster: LiveCluster, pod: PodRef, container: string, deadlineSeconds: number, options: RunOptions): Promise<true | string> {
  const poll = options.pollMilliseconds ?? 1000;
  const sleep = options.sleep ?? abortableSleep;
  let last = "not started";
  for (let waited = 0; waited <= deadlineSeconds * 1000; waited += poll) {
    const state = await cluster.containerState(pod, container);
    if (state.phase === "terminated") return true;
    last = state.phase === "waiting" ? `waiting: ${state.reason}` : state.phase;
    await sleep(poll, options.signal);
  }
  return `the probe container in ${pod.namespace}/${pod.name} did not finish within ${deadlineSeconds} s (last seen ${last}); see --start-timeout`;
}

/**
 * Runs `work` on every item, at most `limit` at once. After the first failure (or an abort) no new
 * item starts, and the items under way are waited for, so nothing still runs when the caller
 * cleans up; then the first failure is thrown.
 */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      if (signal?.aborted) {
        failure = { error: signal.reason };
        return;
      }
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
}

/** Deletes the run's namespace; returns the command to finish the job if that failed. */
async function deleteNamespace(cluster: LiveCluster, namespace: string): Promise<string[]> {
  try {
    await cluster.deleteNamespace(namespace);
    return [];
  } catch (error) {
    const why = error instanceof ClusterAccessError || error instanceof Error ? error.message : String(error);
    return [`namespace ${namespace} could not be deleted (${why}): kubectl delete namespace ${namespace}`];
  }
}

function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
