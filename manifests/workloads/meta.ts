// Metadata and the small objects every tier shares (ClusterIP Service, PodDisruptionBudget).
import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import type { IPodDisruptionBudgetSpec } from "kubernetes-models/policy/v1/PodDisruptionBudgetSpec";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import type { K8sObject } from "../k8s";
import type { Workload } from "../../topology";
import { servingPort, spreadOverZonesAndNodes } from "./pod";

/** Below this many replicas a PDB would either block every node drain or promise nothing. */
export const MIN_REPLICAS_FOR_PDB = 2;

export function workloadMeta(workload: Workload, name: string = workload.name): K8sObject["metadata"] {
  return { name, namespace: workload.namespace, labels: { ...workload.podLabels } };
}

/** A stateless tier's Deployment: its replicas spread over zones and nodes, selected by its pod labels. */
export function spreadDeployment(workload: Workload, podSpec: IPodSpec): K8sObject {
  const spec: IDeploymentSpec = {
    replicas: workload.replicas,
    selector: { matchLabels: { ...workload.podLabels } },
    template: {
      metadata: { labels: { ...workload.podLabels } },
      spec: { ...podSpec, topologySpreadConstraints: spreadOverZonesAndNodes(workload) },
    },
  };
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: workloadMeta(workload), spec };
}

/** The Service in front of a tier; `headless` gives StatefulSet pods stable DNS names. */
export function clusterIpService(workload: Workload, headless: boolean): K8sObject {
  const port = servingPort(workload);
  const spec: IServiceSpec = {
    type: "ClusterIP",
    ...(headless ? { clusterIP: "None" } : {}),
    selector: { ...workload.podLabels },
    ports: [{ name: port.name, port: port.port, targetPort: port.name, protocol: port.protocol }],
  };
  return { apiVersion: "v1", kind: "Service", metadata: workloadMeta(workload), spec };
}

/**
 * At most one pod of a tier down at a time during voluntary disruptions (node drains,
 * upgrades). Only for tiers with at least two replicas: see MIN_REPLICAS_FOR_PDB.
 */
export function disruptionBudget(workload: Workload): K8sObject[] {
  if (workload.replicas < MIN_REPLICAS_FOR_PDB) return [];
  const spec: IPodDisruptionBudgetSpec = {
    maxUnavailable: 1,
    selector: { matchLabels: { ...workload.podLabels } },
  };
  return [{ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: workloadMeta(workload), spec }];
}

/** The in-cluster DNS name of a workload's Service. */
export function serviceHost(workload: Workload, clusterDomain: string): string {
  return `${workload.name}.${workload.namespace}.svc.${clusterDomain}`;
}
