// LiveCluster on the Kubernetes API, with @kubernetes/client-node: your kubeconfig (KUBECONFIG or
// ~/.kube/config) at the chosen context. One API call per method; every failure the user can fix
// comes out as a ClusterAccessError (kubeErrors.ts).
import * as k8s from "@kubernetes/client-node";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClusterAccessError, type ContainerState, type LiveCluster, type LivePod, type PodRef } from "./cluster";
import { accessError } from "./kubeErrors";

/**
 * The client's own default (KUBECONFIG, ~/.kube/config, in-cluster), except that with none of them
 * it would quietly aim at http://localhost:8080: that is refused here, saying where it looked.
 */
export function loadDefaultKubeConfig(config: k8s.KubeConfig, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): void {
  const file = path.join(home, ".kube", "config");
  if (!env.KUBECONFIG && !env.KUBERNETES_SERVICE_HOST && !fs.existsSync(file)) {
    throw new ClusterAccessError(`no kubeconfig: KUBECONFIG is not set and ${file} does not exist (kind create cluster writes one; EKS: aws eks update-kubeconfig --name <cluster>)`);
  }
  config.loadFromDefault();
}

/** Your kubeconfig, at `context` (or its current context); a ClusterAccessError names what is missing. */
export function loadKubeConfig(context: string | undefined, load: (config: k8s.KubeConfig) => void = (c) => loadDefaultKubeConfig(c)): k8s.KubeConfig {
  const config = new k8s.KubeConfig();
  load(config);
  const names = config.getContexts().map((c) => c.name);
  if (context !== undefined) {
    if (config.getContextObject(context) === null) {
      throw new ClusterAccessError(`no context "${context}" in your kubeconfig (contexts: ${names.length > 0 ? names.join(", ") : "none"}); kind: kind get kubeconfig --name <cluster>, EKS: aws eks update-kubeconfig --name <cluster>`);
    }
    config.setCurrentContext(context);
  }
  if (config.getCurrentCluster() === null) {
    throw new ClusterAccessError(`your kubeconfig has no current context with a cluster (contexts: ${names.length > 0 ? names.join(", ") : "none"}); pass --context`);
  }
  return config;
}

export class KubeCluster implements LiveCluster {
  readonly description: string;
  private readonly core: k8s.CoreV1Api;
  private readonly version: k8s.VersionApi;

  constructor(config: k8s.KubeConfig) {
    this.description = `context ${config.getCurrentContext()} (${config.getCurrentCluster()?.server ?? "no server"})`;
    this.core = config.makeApiClient(k8s.CoreV1Api);
    this.version = config.makeApiClient(k8s.VersionApi);
  }

  async check(): Promise<void> {
    await this.call("reach the Kubernetes API", () => this.version.getCode());
  }

  async listPods(namespace: string, labels: Readonly<Record<string, string>>): Promise<LivePod[]> {
    const labelSelector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(",");
    const list = await this.call(`list pods in ${namespace}`, () => this.core.listNamespacedPod({ namespace, labelSelector }));
    return list.items.map((pod) => ({
      namespace,
      name: pod.metadata?.name ?? "",
      ip: pod.status?.podIP ?? "",
      ready: (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    }));
  }

  async createNamespace(name: string, labels: Readonly<Record<string, string>>): Promise<void> {
    await this.call(`create namespace ${name}`, () => this.core.createNamespace({ body: { metadata: { name, labels: { ...labels } } } }));
  }

  async deleteNamespace(name: string): Promise<void> {
    await this.call(`delete namespace ${name}`, () => this.core.deleteNamespace({ name }));
  }

  async createPod(pod: Record<string, unknown>): Promise<void> {
    const body = pod as k8s.V1Pod;
    const namespace = body.metadata?.namespace ?? "";
    await this.call(`create a pod in ${namespace}`, () => this.core.createNamespacedPod({ namespace, body }));
  }

  /** A strategic merge patch of the ephemeralcontainers subresource, as `kubectl debug` makes it. */
  async addEphemeralContainer(pod: PodRef, container: Record<string, unknown>): Promise<void> {
    const body = { spec: { ephemeralContainers: [container] } };
    const options = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch);
    await this.call(`add an ephemeral container to ${pod.namespace}/${pod.name}`,
      () => this.core.patchNamespacedPodEphemeralcontainers({ name: pod.name, namespace: pod.namespace, body }, options));
  }

  async containerState(pod: PodRef, container: string): Promise<ContainerState> {
    const read = await this.call(`read pod ${pod.namespace}/${pod.name}`, () => this.core.readNamespacedPod({ name: pod.name, namespace: pod.namespace }));
    const statuses = [...(read.status?.containerStatuses ?? []), ...(read.status?.ephemeralContainerStatuses ?? [])];
    const state = statuses.find((s) => s.name === container)?.state;
    if (state?.terminated) return { phase: "terminated", exitCode: state.terminated.exitCode, reason: state.terminated.reason ?? "" };
    if (state?.running) return { phase: "running" };
    if (state?.waiting) return { phase: "waiting", reason: state.waiting.reason ?? "" };
    return { phase: "absent" };
  }

  async containerLog(pod: PodRef, container: string): Promise<string> {
    return this.call(`read the log of ${pod.namespace}/${pod.name} ${container}`,
      () => this.core.readNamespacedPodLog({ name: pod.name, namespace: pod.namespace, container }));
  }

  private async call<T>(action: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw accessError(error, action, this.description);
    }
  }
}
