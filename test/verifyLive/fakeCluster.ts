// A fake cluster for verify-live's runner and CLI: pods with labels and addresses, a network that
// answers each connection attempt as a truth table says (default: blocked), and containers that
// "run" the probe script by reading its `p <index> <ip>:<port> ... --protocol=<p>` lines. It records
// every call, what is in flight at once, and what exists, so tests can check the cleanup.
import { ClusterAccessError, type ContainerState, type LiveCluster, type LivePod, type PodRef } from "../../cli/verifyLive/cluster";

export interface FakePod extends LivePod {
  readonly labels: Readonly<Record<string, string>>;
}

/** What agnhost would print and exit with. */
export interface Answer {
  readonly exitCode: number;
  readonly message: string;
}

/** `from` is the source pod's namespace (`verify-live` for the throwaway pod); returns undefined for the default. */
export type Network = (from: string, ip: string, port: number, protocol: string) => Answer | undefined;

export const BLOCKED: Answer = { exitCode: 1, message: "TIMEOUT" };
export const CONNECTED: Answer = { exitCode: 0, message: "" };

export interface FakeOptions {
  /** Throw this from the named method (after recording the call). */
  readonly failOn?: { readonly method: keyof LiveCluster; readonly error: Error };
  /** Polls a container stays waiting before it terminates. */
  readonly pendingPolls?: number;
  /** Containers never finish (an image that cannot be pulled). */
  readonly neverFinish?: boolean;
}

interface Container {
  readonly log: string;
  polls: number;
}

export class FakeCluster implements LiveCluster {
  readonly description = "fake cluster";
  readonly calls: string[] = [];
  readonly namespaces = new Set<string>();
  readonly created: Record<string, unknown>[] = [];
  readonly ephemeral: { pod: string; container: Record<string, unknown> }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly containers = new Map<string, Container>();

  constructor(private readonly pods: readonly FakePod[], private readonly network: Network, private readonly options: FakeOptions = {}) {}

  async check(): Promise<void> {
    this.record("check");
  }

  async listPods(namespace: string, labels: Readonly<Record<string, string>>): Promise<LivePod[]> {
    this.record("listPods", namespace);
    return this.pods
      .filter((p) => p.namespace === namespace && Object.entries(labels).every(([k, v]) => p.labels[k] === v))
      .map(({ namespace: ns, name, ip, ready }) => ({ namespace: ns, name, ip, ready }));
  }

  async createNamespace(name: string): Promise<void> {
    this.record("createNamespace", name);
    this.namespaces.add(name);
  }

  async deleteNamespace(name: string): Promise<void> {
    this.record("deleteNamespace", name);
    this.namespaces.delete(name);
  }

  async createPod(pod: Record<string, unknown>): Promise<void> {
    const metadata = pod.metadata as { namespace: string; name: string };
    this.record("createPod", `${metadata.namespace}/${metadata.name}`);
    if (!this.namespaces.has(metadata.namespace)) throw new Error(`namespace ${metadata.namespace} does not exist`);
    this.created.push(pod);
    const [container] = (pod.spec as { containers: Record<string, unknown>[] }).containers;
    this.start(metadata, container!, "verify-live");
  }

  async addEphemeralContainer(pod: PodRef, container: Record<string, unknown>): Promise<void> {
    this.record("addEphemeralContainer", `${pod.namespace}/${pod.name}`);
    this.ephemeral.push({ pod: `${pod.namespace}/${pod.name}`, container });
    this.start(pod, container, pod.namespace);
  }

  async containerState(pod: PodRef, container: string): Promise<ContainerState> {
    const running = this.containers.get(`${pod.namespace}/${pod.name}/${container}`);
    if (running === undefined) return { phase: "absent" };
    if (this.options.neverFinish || running.polls++ < (this.options.pendingPolls ?? 0)) return { phase: "waiting", reason: "ContainerCreating" };
    return { phase: "terminated", exitCode: 0, reason: "Completed" };
  }

  async containerLog(pod: PodRef, container: string): Promise<string> {
    this.record("containerLog", `${pod.namespace}/${pod.name}`);
    this.inFlight--;
    return this.containers.get(`${pod.namespace}/${pod.name}/${container}`)?.log ?? "";
  }

  private start(pod: PodRef, container: Record<string, unknown>, from: string): void {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const script = (container.command as string[])[2] ?? "";
    this.containers.set(`${pod.namespace}/${pod.name}/${String(container.name)}`, { log: this.run(script, from), polls: 0 });
  }

  /** The probe script's `p` lines, answered by the network, in the script's own output format. */
  private run(script: string, from: string): string {
    return script.split("\n").flatMap((line) => {
      const match = /^p (\d+) ([\d.]+):(\d+) --timeout=\d+s --protocol=(tcp|udp)/.exec(line);
      if (!match) return [];
      const answer = this.network(from, match[2]!, Number(match[3]), match[4]!.toUpperCase()) ?? BLOCKED;
      return [`zt-probe ${match[1]} ${answer.exitCode} ${answer.message}`.trimEnd()];
    }).join("\n");
  }

  private record(method: keyof LiveCluster, detail = ""): void {
    this.calls.push(detail === "" ? method : `${method} ${detail}`);
    if (this.options.failOn?.method === method) throw this.options.failOn.error;
  }
}

/** One ready pod per workload of the `bank` tenant, plus CoreDNS, at fixed addresses. */
export function bankPods(overrides: Partial<Record<string, Partial<FakePod>>> = {}): FakePod[] {
  const pod = (namespace: string, name: string, tier: string | undefined, ip: string): FakePod => ({
    namespace, name, ip, ready: true,
    labels: tier === undefined
      ? { "k8s-app": "kube-dns" }
      : { "app.kubernetes.io/name": tier, "app.kubernetes.io/part-of": "zero-trust-eks", "zero-trust-eks.io/tenant": "bank", "zero-trust-eks.io/tier": tier },
    ...overrides[namespace],
  });
  return [
    pod("bank-frontend", "frontend-5f7c", "frontend", "192.168.1.10"),
    pod("bank-backend", "backend-6d8e", "backend", "192.168.1.11"),
    pod("bank-database", "database-0", "database", "192.168.1.12"),
    pod("kube-system", "coredns-7db6", undefined, "192.168.1.53"),
  ];
}

/** The network the stack's policies should make: the declared flows connect, nothing else does. */
export const ZERO_TRUST: Network = (from, ip, port) => {
  const toDns = ip === "192.168.1.53" && port === 53 && ["bank-frontend", "bank-backend", "bank-database"].includes(from);
  const frontendToBackend = from === "bank-frontend" && ip === "192.168.1.11" && port === 9090;
  const backendToDatabase = from === "bank-backend" && ip === "192.168.1.12" && port === 5432;
  return toDns || frontendToBackend || backendToDatabase ? CONNECTED : undefined;
};

export function forbidden(action: string): ClusterAccessError {
  return new ClusterAccessError(`cannot ${action}: forbidden (403) on fake cluster`);
}
