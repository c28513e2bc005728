// The cluster's default StorageClass: encrypted gp3 volumes through the EBS CSI driver. The
// Cluster component applies exactly this object; the database's volume claims name it.
import type { K8sObject } from "./k8s";
import { ENCRYPTED_STORAGE_CLASS } from "./workloads/constants";

export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/**
 * Marked default, so a claim that names no class is encrypted too. `WaitForFirstConsumer`: the
 * volume is created in the zone of the node its pod is scheduled on.
 */
export function defaultStorageClass(): K8sObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: ENCRYPTED_STORAGE_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
    provisioner: EBS_CSI_PROVISIONER,
    parameters: { encrypted: "true", type: "gp3" },
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  };
}

export function buildStorageClasses(): K8sObject[] {
  return [defaultStorageClass()];
}
