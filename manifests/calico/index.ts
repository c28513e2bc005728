// Calico for the `calico` engine: the tigera-operator namespace, the aws-node RBAC the pod-IP
// annotation needs, the chart, then the operator resources and the Calico objects.
import type { StackConfig } from "../../config/types";
import type { Topology } from "../../topology";
import type { HelmChart } from "../helm";
import type { K8sObject } from "../k8s";
import { awsNodePodPatchBinding, awsNodePodPatchRole } from "./awsNode";
import { calicoApiServer, calicoInstallation, tigeraOperatorChart, tigeraOperatorNamespace } from "./operator";
import { clusterDefaultDeny, denyInstanceMetadata, securityTier } from "./policies";
import { systemNamespacesOf } from "./systemNamespaces";

export * from "./awsNode";
export * from "./policies";
export * from "./operator";
export * from "./systemNamespaces";

/** The chart's namespace, applied before the chart (empty unless the engine is calico). */
export function buildCalicoNamespaces(config: StackConfig): K8sObject[] {
  return config.policy.engine === "calico" ? [tigeraOperatorNamespace()] : [];
}

/**
 * The grant that lets aws-node annotate pod IPs (empty unless the engine is calico on EKS: only
 * Calico reads the annotation, the vpc-cni add-on sets ANNOTATE_POD_IP only then, and kind runs no
 * aws-node). Role before binding.
 */
export function buildCalicoRbac(config: StackConfig): K8sObject[] {
  const awsNode = config.policy.engine === "calico" && config.platform.name === "eks";
  return awsNode ? [awsNodePodPatchRole(), awsNodePodPatchBinding()] : [];
}

/** The tigera-operator chart (empty unless the engine is calico). */
export function buildCalicoCharts(config: StackConfig): HelmChart[] {
  return config.policy.engine === "calico" ? [tigeraOperatorChart(config)] : [];
}

/**
 * Empty unless the engine is calico. In apply order: the Installation (Calico itself: calico-node
 * on every node), the API server that serves the v3 kinds, then the Tier before the policy that
 * lives in it.
 */
export function buildCalicoPolicies(topology: Topology, config: StackConfig): K8sObject[] {
  if (config.policy.engine !== "calico") return [];
  return [
    calicoInstallation(config.platform), calicoApiServer(), securityTier(), denyInstanceMetadata(),
    clusterDefaultDeny(topology, systemNamespacesOf(config.platform)),
  ];
}
