// The DataProtection component's pure rules (items 6, 13, 16), without the Pulumi engine.
import { strict as assert } from "node:assert";
import {
  backupManagedPolicyArns, dailyBackupRule, dataProtectionNames, dataRetention, vaultDeletionGuard, volumeKeyPolicy, volumeSelection,
} from "../../components/dataProtectionSpec";
import { resourcePrefix } from "../../components/naming";

describe("data protection rules", () => {
  it("item 6: names fit AWS Backup's limits even for the longest environment name (16 characters)", () => {
    const names = dataProtectionNames(resourcePrefix({ project: "zero-trust-eks", environment: "a".repeat(16) }));
    assert.match(names.vault, /^[a-zA-Z0-9_-]{2,50}$/);
    assert.match(names.plan, /^[a-zA-Z0-9_.-]{1,50}$/);
    assert.match(names.selection, /^[a-zA-Z0-9_.-]{1,50}$/);
    assert.match(names.keyAlias, /^alias\/[a-zA-Z0-9/_-]+$/);
  });

  it("item 6: one daily rule, expiring recovery points after the retention, tagging them", () => {
    const rule = dailyBackupRule("vault", 14, { environment: "dev" });
    assert.equal(rule.schedule, "cron(0 3 * * ? *)");
    assert.deepEqual(rule.lifecycle, { deleteAfter: 14 });
    assert.deepEqual([rule.targetVaultName, rule.recoveryPointTags], ["vault", { environment: "dev" }]);
    assert.ok(rule.startWindow >= 60, "AWS Backup needs a start window of at least an hour");
    assert.ok(rule.completionWindow > rule.startWindow, "a started job has longer to finish than a scheduled one has to start");
  });

  it("item 6: the selection ANDs EBS volumes with the tag, in the partition's ARN form", () => {
    const selection = volumeSelection("aws-cn", { key: "k", value: "v" });
    assert.deepEqual(selection, {
      resources: ["arn:aws-cn:ec2:*:*:volume/*"],
      conditions: [{ stringEquals: [{ key: "aws:ResourceTag/k", value: "v" }] }],
    });
    assert.deepEqual(backupManagedPolicyArns("aws-us-gov"), [
      "arn:aws-us-gov:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws-us-gov:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
  });

  it("item 13: the key policy names the partition's account root and the region's EC2 endpoint", () => {
    const policy = JSON.parse(volumeKeyPolicy({
      partition: "aws-cn", accountId: "111122223333", region: "cn-north-1", dnsSuffix: "amazonaws.com.cn", backupRoleArn: "arn:aws-cn:iam::111122223333:role/b",
    }));
    const bySid = new Map<string, { Principal: unknown; Condition?: unknown; Action: unknown }>(policy.Statement.map((s: { Sid: string }) => [s.Sid, s]));
    assert.deepEqual(bySid.get("EnableIamPolicies")?.Principal, { AWS: "arn:aws-cn:iam::111122223333:root" });
    assert.deepEqual(bySid.get("AwsBackupUsesKeyThroughEc2")?.Condition, { StringEquals: { "kms:ViaService": "ec2.cn-north-1.amazonaws.com.cn" } });
    assert.deepEqual(bySid.get("AwsBackupGrantsToAwsServices")?.Action, "kms:CreateGrant");
    for (const sid of ["AwsBackupUsesKeyThroughEc2", "AwsBackupGrantsToAwsServices"]) {
      assert.deepEqual(bySid.get(sid)?.Principal, { AWS: "arn:aws-cn:iam::111122223333:role/b" });
    }
  });

  it("item 16: production protects the key and the vault and guards recovery points; other stacks are disposable", () => {
    assert.deepEqual(dataRetention(true), { forceDestroyVault: false, guardRecoveryPoints: true });
    assert.deepEqual(dataRetention(false), { forceDestroyVault: true, guardRecoveryPoints: false });
  });

  it("item 16: the vault guard denies everyone the three actions AWS Config's manual-deletion rule looks for", () => {
    const [statement, ...others] = JSON.parse(vaultDeletionGuard()).Statement;
    assert.deepEqual(others, []);
    assert.deepEqual(statement, {
      Action: ["backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy", "backup:UpdateRecoveryPointLifecycle"],
      Effect: "Deny",
      Principal: { AWS: "*" },
      Resource: "*",
      Sid: "DenyRecoveryPointDeletion",
    });
  });
});
