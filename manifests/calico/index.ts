// Calico objects for the `calico` engine, and the tigera-operator chart's values.
import type { StackConfig } from "../../config/types";
import type { Topology } from "../../topology";
import type { K8sObject } from "../k8s";
import { calicoApiServer } from "./operator";
import { clusterDefaultDeny, denyInstanceMetadata, securityTier } from "./policies";

export * from "./policies";
export * from "./operator";

/**
 * Empty unless the engine is calico. In apply order: the API server that serves the v3 kinds,
 * then the Tier before the policy that lives in it.
 */
export function buildCalicoPolicies(topology: Topology, config: StackConfig): K8sObject[] {
  if (config.policy.engine !== "calico") return [];
  return [calicoApiServer(), securityTier(), denyInstanceMetadata(), clusterDefaultDeny(topology)];
}
