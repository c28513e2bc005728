// StackConfig -> everything the stack puts into its cluster, grouped in apply order. The Pulumi
// components apply exactly these objects and charts, and `render` prints exactly these.
import type { StackConfig } from "../config/types";
import { buildTopology, type Topology } from "../topology";
import { buildCalicoCharts, buildCalicoNamespaces, buildCalicoPolicies, buildCalicoRbac } from "./calico";
import type { HelmChart } from "./helm";
import type { K8sObject } from "./k8s";
import { buildNamespaces } from "./namespaces";
import { buildNetworkPolicies } from "./policies";
import { buildStorageClasses } from "./storage";
import { buildWorkloads } from "./workloads";

export type { HelmChart } from "./helm";
export type { K8sObject } from "./k8s";

/**
 * The groups, in the order they reach the cluster: the cluster's StorageClasses, then the policy
 * engine (namespace, aws-node RBAC, chart, Calico objects), then the app's namespaces, their
 * NetworkPolicies and only then the workloads, so no pod runs before enforcement and its policies
 * are in place.
 */
export const APPLY_ORDER = [
  "storageClasses", "calicoNamespaces", "calicoRbac", "calicoCharts", "calicoPolicies", "namespaces", "networkPolicies", "workloads",
] as const;
export type ApplyGroup = (typeof APPLY_ORDER)[number];
/** Every group but the charts holds Kubernetes objects. */
export type ObjectGroup = Exclude<ApplyGroup, "calicoCharts">;

export interface RenderedStack {
  readonly topology: Topology;
  /** The encrypted gp3 StorageClasses (the default, and the database's retained one); applied by the Cluster component. */
  readonly storageClasses: readonly K8sObject[];
  /** The tigera-operator Namespace (calico only); applied by the PolicyEngine before the chart. */
  readonly calicoNamespaces: readonly K8sObject[];
  /** The ClusterRole/Binding letting kube-system/aws-node annotate pod IPs (calico only); applied by the PolicyEngine before the chart. */
  readonly calicoRbac: readonly K8sObject[];
  /** The tigera-operator Helm chart (calico only); installed by the PolicyEngine. Not Kubernetes objects. */
  readonly calicoCharts: readonly HelmChart[];
  /** The operator's Installation and APIServer, Calico's Tier and GlobalNetworkPolicies (calico only); applied by the PolicyEngine after the chart. */
  readonly calicoPolicies: readonly K8sObject[];
  /** Tier namespaces with their policy-selector and Pod Security labels. */
  readonly namespaces: readonly K8sObject[];
  /** Kubernetes NetworkPolicies: default deny per namespace plus one rule per declared flow. */
  readonly networkPolicies: readonly K8sObject[];
  /** ConfigMaps, Secrets, Services, Deployments, StatefulSets, PodDisruptionBudgets. */
  readonly workloads: readonly K8sObject[];
}

export function renderStack(config: StackConfig): RenderedStack {
  const topology = buildTopology(config);
  return {
    topology,
    storageClasses: buildStorageClasses(config),
    calicoNamespaces: buildCalicoNamespaces(config),
    calicoRbac: buildCalicoRbac(config),
    calicoCharts: buildCalicoCharts(config),
    calicoPolicies: buildCalicoPolicies(topology, config),
    namespaces: buildNamespaces(topology, config),
    networkPolicies: buildNetworkPolicies(topology, config),
    workloads: buildWorkloads(topology, config),
  };
}

export function isObjectGroup(group: ApplyGroup): group is ObjectGroup {
  return group !== "calicoCharts";
}

/** Every Kubernetes object, in apply order (the charts are not objects; see `calicoCharts`). */
export function allObjects(rendered: RenderedStack): K8sObject[] {
  return APPLY_ORDER.filter(isObjectGroup).flatMap((group) => rendered[group]);
}
