// StackConfig -> every Kubernetes object the stack applies, grouped in apply order. The
// Pulumi components apply exactly these objects and `render` prints exactly these objects.
import type { StackConfig } from "../config/types";
import { buildTopology, type Topology } from "../topology";
import type { K8sObject } from "./k8s";
import { buildNamespaces } from "./namespaces";
import { buildCalicoPolicies } from "./calico";
import { buildNetworkPolicies } from "./policies";
import { buildWorkloads } from "./workloads";

export type { K8sObject } from "./k8s";

/** The groups, in the order they must reach the cluster: no pod may run before its policies. */
export const APPLY_ORDER = ["namespaces", "networkPolicies", "calicoPolicies", "workloads"] as const;
export type ApplyGroup = (typeof APPLY_ORDER)[number];

export interface RenderedStack {
  readonly topology: Topology;
  /** Tier namespaces with their policy-selector and Pod Security labels. */
  readonly namespaces: readonly K8sObject[];
  /** Kubernetes NetworkPolicies: default deny per namespace plus one rule per declared flow. */
  readonly networkPolicies: readonly K8sObject[];
  /** Calico's APIServer, Tier and GlobalNetworkPolicies (empty unless the engine is calico); applied by the PolicyEngine. */
  readonly calicoPolicies: readonly K8sObject[];
  /** ConfigMaps, Secrets, Services, Deployments, StatefulSets, PodDisruptionBudgets. */
  readonly workloads: readonly K8sObject[];
}

export function renderStack(config: StackConfig): RenderedStack {
  const topology = buildTopology(config);
  return {
    topology,
    namespaces: buildNamespaces(topology, config),
    networkPolicies: buildNetworkPolicies(topology, config),
    calicoPolicies: buildCalicoPolicies(topology, config),
    workloads: buildWorkloads(topology, config),
  };
}

/** Every object, in apply order. */
export function allObjects(rendered: RenderedStack): K8sObject[] {
  return APPLY_ORDER.flatMap((group) => rendered[group]);
}
