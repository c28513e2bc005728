// DataProtection: the customer-managed KMS key of the cluster's EBS volumes (the StorageClasses
// name it) and of the backup vault, and AWS Backup for the database volume: a vault encrypted with
// that key, a daily plan with the stack's retention, a selection by the volume's tag and the
// service role it runs as. Created before the Cluster, whose EBS CSI driver role gets the key.
// Production keeps the key and the vault through `pulumi destroy` and forbids deleting recovery
// points; other stacks are disposable.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { VolumeTag } from "../manifests/storage";
import {
  BACKUP_SERVICE_PRINCIPAL, backupManagedPolicyArns, dailyBackupRule, dataProtectionNames, dataRetention,
  vaultDeletionGuard, volumeKeyPolicy, volumeSelection,
} from "./dataProtectionSpec";
import { serviceTrustPolicy } from "./iamDocuments";
import { dataProtection } from "./protection";

export interface DataProtectionArgs {
  /** Prefix of the physical names (vault, plan, key alias): `resourcePrefix(config)`, unique per stack. */
  readonly namePrefix: string;
  /** Production: protect and retain the key and the vault, guard the recovery points. */
  readonly production: boolean;
  /** The stack's region: the key may be used through this region's EC2 only. */
  readonly region: string;
  /** Days each daily recovery point is kept (config `databaseBackupRetentionDays`). */
  readonly backupRetentionDays: number;
  /** The tag the database StorageClass puts on its volumes (`backupSelectionTag(config)`). */
  readonly backupSelectionTag: VolumeTag;
  /** Copied onto every recovery point (provider default tags reach resources, not recovery points). */
  readonly recoveryPointTags: Readonly<Record<string, string>>;
}

export class DataProtection extends pulumi.ComponentResource {
  /** ARN of the EBS volume and backup-vault key: the StorageClasses' `kmsKeyId`. */
  readonly volumeKeyArn: pulumi.Output<string>;
  readonly backupVaultName: pulumi.Output<string>;
  /** The role to pass to `aws backup start-restore-job` (README, "Restore the database"). */
  readonly backupRoleArn: pulumi.Output<string>;

  /** AWS children inherit the AWS provider (region, default tags) from `opts.providers`. */
  constructor(name: string, args: DataProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:data:DataProtection", name, {}, opts);
    const names = dataProtectionNames(args.namePrefix);
    const partition = aws.getPartitionOutput({}, { parent: this });
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const role = createBackupRole(name, this, partition.partition);
    const key = createVolumeKey(name, this, args.production, pulumi.all([partition, accountId, role.arn]).apply(([p, account, roleArn]) =>
      volumeKeyPolicy({ partition: p.partition, dnsSuffix: p.dnsSuffix, accountId: account, region: args.region, backupRoleArn: roleArn })));
    new aws.kms.Alias(`${name}-volume-key-alias`, { name: names.keyAlias, targetKeyId: key.keyId }, { parent: this });
    const vault = createVault(name, this, args.production, names.vault, key.arn);
    const plan = new aws.backup.Plan(`${name}-plan`, {
      name: names.plan,
      rules: [dailyBackupRule(names.vault, args.backupRetentionDays, args.recoveryPointTags)],
    }, { parent: this, dependsOn: [vault] });
    const selection = partition.partition.apply((p) => volumeSelection(p, args.backupSelectionTag));
    new aws.backup.Selection(`${name}-selection`, {
      name: names.selection,
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: selection.apply((s) => s.resources),
      conditions: selection.apply((s) => s.conditions),
    }, { parent: this, dependsOn: role.attachments });
    this.volumeKeyArn = key.arn;
    this.backupVaultName = vault.name;
    this.backupRoleArn = role.arn;
    this.registerOutputs({ volumeKeyArn: this.volumeKeyArn, backupVaultName: this.backupVaultName, backupRoleArn: this.backupRoleArn });
  }
}

/** AWS Backup's service role: the AWS-managed backup and restore policies, nothing else. */
function createBackupRole(name: string, parent: pulumi.Resource, partition: pulumi.Output<string>) {
  const role = new aws.iam.Role(`${name}-backup-role`, {
    description: "AWS Backup: back up and restore this stack's database volumes",
    // AWS Backup documents no source-account context for assuming its role (its own default role
    // trusts the service plainly); the selection and `iam:PassRole` decide what it may act on.
    assumeRolePolicy: serviceTrustPolicy(BACKUP_SERVICE_PRINCIPAL),
  }, { parent });
  const attachments = [0, 1].map((index) => new aws.iam.RolePolicyAttachment(`${name}-backup-role-policy-${index}`, {
    role: role.name,
    policyArn: partition.apply((p) => backupManagedPolicyArns(p)[index]),
  }, { parent }));
  return { arn: role.arn, attachments };
}

/** Rotated yearly; a 30-day deletion window; in production protected and kept on `pulumi destroy`. */
function createVolumeKey(name: string, parent: pulumi.Resource, production: boolean, policy: pulumi.Input<string>): aws.kms.Key {
  return new aws.kms.Key(`${name}-volume-key`, {
    description: "EBS volumes and database backups of this stack (EBS CSI StorageClasses, AWS Backup vault)",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy,
  }, { parent, ...dataProtection(production) });
}

function createVault(name: string, parent: pulumi.Resource, production: boolean, vaultName: string, keyArn: pulumi.Output<string>): aws.backup.Vault {
  const retention = dataRetention(production);
  const vault = new aws.backup.Vault(`${name}-vault`, {
    name: vaultName,
    kmsKeyArn: keyArn,
    forceDestroy: retention.forceDestroyVault,
  }, { parent, ...dataProtection(production) });
  if (retention.guardRecoveryPoints) {
    new aws.backup.VaultPolicy(`${name}-vault-policy`, { backupVaultName: vault.name, policy: vaultDeletionGuard() }, { parent });
  }
  return vault;
}
