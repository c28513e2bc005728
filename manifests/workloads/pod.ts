// The hardened pod every tier runs in: Pod Security Standard `restricted` and then some.
// Tiers describe only what differs (image, ports, probes, writable dirs); the rest is here once.
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import type { Workload } from "../../topology";
import type { PinnedImage } from "./constants";

export interface ComputeResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** A directory the read-only image must write to, backed by a size-capped emptyDir. */
export interface WritableDir {
  readonly name: string;
  readonly mountPath: string;
  readonly sizeLimit: string;
}

export interface PodDescription {
  readonly workload: Workload;
  readonly image: PinnedImage;
  readonly resources: ComputeResources;
  readonly readinessProbe: IProbe;
  readonly livenessProbe: IProbe;
  readonly writableDirs: readonly WritableDir[];
  readonly args?: string[];
  readonly env?: IContainer["env"];
  /** Extra volumes (ConfigMaps, ...) and where the container mounts them. */
  readonly volumes?: readonly IVolume[];
  readonly volumeMounts?: readonly IVolumeMount[];
  /** Give mounted volumes this group (needed for block storage the process writes to). */
  readonly fsGroup?: boolean;
}

export function hardenedPodSpec(pod: PodDescription): IPodSpec {
  const { image } = pod;
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: image.uid,
      runAsGroup: image.gid,
      ...(pod.fsGroup ? { fsGroup: image.gid, fsGroupChangePolicy: "OnRootMismatch" } : {}),
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [container(pod)],
    volumes: [
      ...pod.writableDirs.map((dir) => ({ name: dir.name, emptyDir: { sizeLimit: dir.sizeLimit } })),
      ...(pod.volumes ?? []),
    ],
  };
}

function container(pod: PodDescription): IContainer {
  return {
    name: pod.workload.name,
    image: pod.image.image,
    imagePullPolicy: "IfNotPresent",
    ...(pod.args ? { args: pod.args } : {}),
    ...(pod.env ? { env: pod.env } : {}),
    ports: pod.workload.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
    resources: { requests: { ...pod.resources.requests }, limits: { ...pod.resources.limits } },
    readinessProbe: pod.readinessProbe,
    livenessProbe: pod.livenessProbe,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: pod.image.uid,
      runAsGroup: pod.image.gid,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      ...pod.writableDirs.map((dir) => ({ name: dir.name, mountPath: dir.mountPath })),
      ...(pod.volumeMounts ?? []),
    ],
  };
}

/** The node labels replicas spread over: zones first (an AZ outage), then hosts (a node failure). */
export const SPREAD_TOPOLOGY_KEYS = ["topology.kubernetes.io/zone", "kubernetes.io/hostname"] as const;

/**
 * Spread a tier's replicas over zones and over nodes, at most one replica of difference in each.
 * With externalTrafficPolicy Local only nodes with a frontend pod get traffic, so the spread is also
 * the load balancer's spread. Both are `ScheduleAnyway` (the scheduler prefers the spread, never
 * leaves a replica Pending for it): the node group has a fixed size and no autoscaler, so a hard
 * rule could not be met by adding nodes; nodes of a failed zone stay in the API (pods tolerate their
 * unreachable taint), so a hard zone rule would keep that zone's replicas Pending during the very
 * outage they should move away from; and a 2-zone dev stack with one node per zone could not
 * reschedule during a node drain. The PodDisruptionBudget bounds voluntary disruptions instead.
 */
export function spreadOverZonesAndNodes(workload: Workload): IPodSpec["topologySpreadConstraints"] {
  return SPREAD_TOPOLOGY_KEYS.map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: { ...workload.podLabels } },
  }));
}

/** The port a workload's tier serves on (each tier has exactly one). */
export function servingPort(workload: Workload): Workload["ports"][number] {
  const [port] = workload.ports;
  if (!port) throw new Error(`workload ${workload.namespace}/${workload.name} declares no port`);
  return port;
}
