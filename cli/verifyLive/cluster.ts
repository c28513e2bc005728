// What verify-live needs from a cluster, as one small interface: the real one talks to the
// Kubernetes API (kubeCluster.ts), the tests use a fake. Every method is one API call.

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

export interface LivePod extends PodRef {
  /** status.podIP; empty until the pod has one. */
  readonly ip: string;
  /** The pod's Ready condition. */
  readonly ready: boolean;
}

export type ContainerState =
  | { readonly phase: "absent" }
  | { readonly phase: "waiting"; readonly reason: string }
  | { readonly phase: "running" }
  | { readonly phase: "terminated"; readonly exitCode: number; readonly reason: string };

export interface LiveCluster {
  /** For messages: `context kind-zero-trust-eks (https://127.0.0.1:40123)`. */
  readonly description: string;
  /** Resolves when the API answers this client; rejects with a ClusterAccessError otherwise. */
  check(): Promise<void>;
  /** Pods of `namespace` carrying every label of `labels`. */
  listPods(namespace: string, labels: Readonly<Record<string, string>>): Promise<LivePod[]>;
  createNamespace(name: string, labels: Readonly<Record<string, string>>): Promise<void>;
  /** Deletes the namespace and everything in it (the API finishes in the background). */
  deleteNamespace(name: string): Promise<void>;
  /** Creates the Pod object (a plain Kubernetes object with metadata.namespace). */
  createPod(pod: Record<string, unknown>): Promise<void>;
  /** Adds an ephemeral container (a plain container object) to a running pod. */
  addEphemeralContainer(pod: PodRef, container: Record<string, unknown>): Promise<void>;
  /** The state of a container or ephemeral container of the pod. */
  containerState(pod: PodRef, container: string): Promise<ContainerState>;
  containerLog(pod: PodRef, container: string): Promise<string>;
}

/**
 * The cluster could not be used, for a reason the user can fix: unreachable, unknown context,
 * credentials refused, or a permission missing. The message says which and what to do.
 */
export class ClusterAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClusterAccessError";
  }
}
