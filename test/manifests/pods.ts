// Finding every pod the rendered objects would run, for the security sweep.
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { K8sObject } from "../../manifests/k8s";

export interface RenderedPod {
  /** `Kind namespace/name` of the owning workload. */
  readonly owner: string;
  readonly spec: IPodSpec;
}

const POD_OWNERS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"];

export function podsOf(objects: readonly K8sObject[]): RenderedPod[] {
  return objects.flatMap((object) => {
    const owner = `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`;
    if (object.kind === "Pod") return [{ owner, spec: object.spec as IPodSpec }];
    if (!POD_OWNERS.includes(object.kind)) return [];
    const spec = object.spec as { template: { spec: IPodSpec } };
    return [{ owner, spec: spec.template.spec }];
  });
}

export function allContainers(pod: RenderedPod): IContainer[] {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
}
