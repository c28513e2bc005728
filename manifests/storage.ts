// The cluster's StorageClasses, both encrypted gp3 through the EBS CSI driver with the stack's own
// KMS key: the default class, and the database's class that retains its volume and tags it for
// AWS Backup. The Cluster component applies exactly these objects, except that the KMS key
// placeholder becomes the key's ARN (see withVolumeKmsKey).
import type { StackConfig } from "../config/types";
import type { K8sObject } from "./k8s";
import { DATABASE_STORAGE_CLASS, ENCRYPTED_STORAGE_CLASS } from "./workloads/constants";

export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** The EBS CSI driver's StorageClass parameter naming the volume's KMS key (a full key ARN). */
export const KMS_KEY_PARAMETER = "kmsKeyId";

/**
 * Stands in for the volume key's ARN in the pure objects and in `render` output: the key is
 * created at deploy time (DataProtection component), so its ARN is unknown here. Applied by hand,
 * this value makes volume creation fail loudly instead of silently using the account's default key.
 */
export const VOLUME_KMS_KEY_PLACEHOLDER = "PLACEHOLDER-volume-kms-key-arn-substituted-at-deploy-time";

/** The tag AWS Backup selects the database volume by. */
export const BACKUP_SELECTION_TAG_KEY = "zero-trust-eks.io/backup-plan";

export interface VolumeTag {
  readonly key: string;
  readonly value: string;
}

/** Valued per stack (`<project>-<environment>`), so a stack's backup plan never picks up another stack's volumes. */
export function backupSelectionTag(config: Pick<StackConfig, "environment" | "project">): VolumeTag {
  return { key: BACKUP_SELECTION_TAG_KEY, value: `${config.project}-${config.environment}` };
}

/** Encrypted gp3 with the stack's key; `WaitForFirstConsumer` creates each volume in its pod's zone. */
function encryptedGp3(name: string, reclaimPolicy: "Delete" | "Retain", extraParameters: Record<string, string>): K8sObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name },
    provisioner: EBS_CSI_PROVISIONER,
    parameters: { encrypted: "true", type: "gp3", [KMS_KEY_PARAMETER]: VOLUME_KMS_KEY_PLACEHOLDER, ...extraParameters },
    reclaimPolicy,
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  };
}

/** Marked default, so a claim that names no class is encrypted with the stack's key too. */
export function defaultStorageClass(): K8sObject {
  const storageClass = encryptedGp3(ENCRYPTED_STORAGE_CLASS, "Delete", {});
  return { ...storageClass, metadata: { ...storageClass.metadata, annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } } };
}

/**
 * The database's class. `Retain`: deleting the claim (or the namespace, or the stack) leaves the
 * EBS volume and its data in place. The driver tags each volume it creates with every
 * `tagSpecification_<n>` parameter's `key=value` (aws-ebs-csi-driver docs/tagging.md), and AWS
 * Backup's selection matches that tag.
 */
export function databaseStorageClass(config: Pick<StackConfig, "environment" | "project">): K8sObject {
  const tag = backupSelectionTag(config);
  return encryptedGp3(DATABASE_STORAGE_CLASS, "Retain", { tagSpecification_1: `${tag.key}=${tag.value}` });
}

/** None on kind: the database uses kind's own default class (KIND_STORAGE_CLASS). */
export function buildStorageClasses(config: Pick<StackConfig, "environment" | "project" | "platform">): K8sObject[] {
  return config.platform.name === "kind" ? [] : [defaultStorageClass(), databaseStorageClass(config)];
}

/**
 * The object with its KMS key placeholder replaced by `keyArn` (a string, or a Pulumi output the
 * component passes through); any other object is returned unchanged.
 */
export function withVolumeKmsKey(object: K8sObject, keyArn: unknown): K8sObject {
  const parameters = object.parameters as Record<string, unknown> | undefined;
  if (object.kind !== "StorageClass" || parameters?.[KMS_KEY_PARAMETER] !== VOLUME_KMS_KEY_PLACEHOLDER) return object;
  return { ...object, parameters: { ...parameters, [KMS_KEY_PARAMETER]: keyArn } };
}
