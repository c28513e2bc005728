// Pure rules for the DataProtection component: physical names, the volume key's policy, the daily
// backup rule, the selection by tag, the production vault guard and what production protects.
// No @pulumi import.
import type { VolumeTag } from "../manifests/storage";
import { managedPolicyArn, stableJson } from "./iamDocuments";

export const BACKUP_SERVICE_PRINCIPAL = "backup.amazonaws.com";

/** What AWS Backup's service role needs to back up and to restore (both include KMS use through EC2). */
export const BACKUP_MANAGED_POLICIES: readonly string[] = Object.freeze([
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
]);

export function backupManagedPolicyArns(partition: string): string[] {
  return BACKUP_MANAGED_POLICIES.map((policy) => managedPolicyArn(partition, policy));
}

/** Every day at 03:00 UTC (AWS Backup cron: minutes hours day-of-month month day-of-week year). */
export const DAILY_BACKUP_SCHEDULE = "cron(0 3 * * ? *)";
/** A job that has not started within an hour is reported as missed, not silently run late. */
export const BACKUP_START_WINDOW_MINUTES = 60;
export const BACKUP_COMPLETION_WINDOW_MINUTES = 360;

/** Physical names, unique per stack like every other name (vault names: 2-50 of [A-Za-z0-9_-]). */
export function dataProtectionNames(prefix: string): { vault: string; plan: string; selection: string; keyAlias: string } {
  return {
    vault: `${prefix}-database`,
    plan: `${prefix}-database-daily`,
    selection: `${prefix}-database-volumes`,
    keyAlias: `alias/${prefix}-volumes`,
  };
}

export interface VolumeKeyPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** The partition's DNS suffix (amazonaws.com, amazonaws.com.cn): part of the EC2 service name. */
  readonly dnsSuffix: string;
  readonly backupRoleArn: string;
}

/**
 * The key policy of the EBS volume and backup-vault key. The account statement is AWS's default:
 * IAM policies decide who may use the key, which is how the EBS CSI driver's role (created later, by
 * the Cluster component) gets it. The AWS Backup role is named here as well, and only for use
 * through EC2 (snapshotting and restoring EBS volumes, the only way this stack uses the key), as
 * AWS Backup's encryption docs ask that key policy and IAM policy agree.
 */
export function volumeKeyPolicy(input: VolumeKeyPolicyInput): string {
  const backupRole = { AWS: input.backupRoleArn };
  return stableJson({
    Statement: [
      {
        Action: "kms:*",
        Effect: "Allow",
        Principal: { AWS: `arn:${input.partition}:iam::${input.accountId}:root` },
        Resource: "*",
        Sid: "EnableIamPolicies",
      },
      {
        Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        Condition: { StringEquals: { "kms:ViaService": `ec2.${input.region}.${input.dnsSuffix}` } },
        Effect: "Allow",
        Principal: backupRole,
        Resource: "*",
        Sid: "AwsBackupUsesKeyThroughEc2",
      },
      {
        Action: "kms:CreateGrant",
        Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        Effect: "Allow",
        Principal: backupRole,
        Resource: "*",
        Sid: "AwsBackupGrantsToAwsServices",
      },
    ],
    Version: "2012-10-17",
  });
}

/** The one rule of the daily plan; recovery points expire after `retentionDays`. */
export function dailyBackupRule(vaultName: string, retentionDays: number, recoveryPointTags: Readonly<Record<string, string>>) {
  return {
    ruleName: "daily",
    targetVaultName: vaultName,
    schedule: DAILY_BACKUP_SCHEDULE,
    startWindow: BACKUP_START_WINDOW_MINUTES,
    completionWindow: BACKUP_COMPLETION_WINDOW_MINUTES,
    lifecycle: { deleteAfter: retentionDays },
    recoveryPointTags: { ...recoveryPointTags },
  };
}

/**
 * EBS volumes AND the stack's backup tag: `resources` and `conditions` combine with AND (AWS Backup,
 * "Assigning resources programmatically"), unlike `selectionTags`, which would be added to them.
 */
export function volumeSelection(partition: string, tag: VolumeTag) {
  return {
    resources: [`arn:${partition}:ec2:*:*:volume/*`],
    conditions: [{ stringEquals: [{ key: `aws:ResourceTag/${tag.key}`, value: tag.value }] }],
  };
}

/**
 * Production vault access policy: nobody deletes a recovery point or shortens its lifecycle before
 * it expires, and nobody replaces this policy (the AWS Config rule
 * backup-recovery-point-manual-deletion-disabled checks for exactly these three actions).
 * Expiry at the end of the retention still happens: AWS Backup does it, not a caller.
 */
export function vaultDeletionGuard(): string {
  return stableJson({
    Statement: [
      {
        Action: ["backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy", "backup:UpdateRecoveryPointLifecycle"],
        Effect: "Deny",
        Principal: { AWS: "*" },
        Resource: "*",
        Sid: "DenyRecoveryPointDeletion",
      },
    ],
    Version: "2012-10-17",
  });
}

/**
 * What the vault adds to the production rule every key and vault follows (Pulumi `protect` and
 * `retainOnDelete`, protection.ts): what happens to the recovery points inside it.
 */
export interface DataRetention {
  /** The vault may be destroyed with its recovery points (disposable stacks only). */
  readonly forceDestroyVault: boolean;
  /** Attach vaultDeletionGuard. */
  readonly guardRecoveryPoints: boolean;
}

export function dataRetention(production: boolean): DataRetention {
  return { forceDestroyVault: !production, guardRecoveryPoints: production };
}
