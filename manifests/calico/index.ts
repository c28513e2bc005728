// Calico for the `calico` engine: the tigera-operator namespace and chart, then the Calico objects.
import type { StackConfig } from "../../config/types";
import type { Topology } from "../../topology";
import type { HelmChart } from "../helm";
import type { K8sObject } from "../k8s";
import { calicoApiServer, tigeraOperatorChart, tigeraOperatorNamespace } from "./operator";
import { clusterDefaultDeny, denyInstanceMetadata, securityTier } from "./policies";

export * from "./policies";
export * from "./operator";

/** The chart's namespace, applied before the chart (empty unless the engine is calico). */
export function buildCalicoNamespaces(config: StackConfig): K8sObject[] {
  return config.policy.engine === "calico" ? [tigeraOperatorNamespace()] : [];
}

/** The tigera-operator chart (empty unless the engine is calico). */
export function buildCalicoCharts(config: StackConfig): HelmChart[] {
  return config.policy.engine === "calico" ? [tigeraOperatorChart(config)] : [];
}

/**
 * Empty unless the engine is calico. In apply order: the API server that serves the v3 kinds,
 * then the Tier before the policy that lives in it.
 */
export function buildCalicoPolicies(topology: Topology, config: StackConfig): K8sObject[] {
  if (config.policy.engine !== "calico") return [];
  return [calicoApiServer(), securityTier(), denyInstanceMetadata(), clusterDefaultDeny(topology)];
}
