// One Namespace per tier per tenant: the topology's labels (the policies select on them) plus
// Pod Security Admission at `restricted` for enforce, audit and warn.
import type { StackConfig } from "../config/types";
import type { Topology } from "../topology";
import type { K8sObject } from "./k8s";

export const PSA_LEVEL = "restricted";
const PSA_MODES = ["enforce", "audit", "warn"] as const;

/**
 * The PSA policy version, pinned to the cluster's Kubernetes minor (`v1.33`) rather than
 * `latest`: a control-plane upgrade cannot then start rejecting pods on its own; the version
 * moves only when the stack's kubernetesVersion does, in a reviewed change.
 */
export function psaVersion(config: StackConfig): string {
  return `v${config.cluster.kubernetesVersion}`;
}

export function podSecurityLabels(config: StackConfig): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of PSA_MODES) {
    labels[`pod-security.kubernetes.io/${mode}`] = PSA_LEVEL;
    labels[`pod-security.kubernetes.io/${mode}-version`] = psaVersion(config);
  }
  return labels;
}

export function buildNamespaces(topology: Topology, config: StackConfig): K8sObject[] {
  return topology.workloads.map((workload) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: workload.namespace, labels: { ...workload.namespaceLabels, ...podSecurityLabels(config) } },
  }));
}
