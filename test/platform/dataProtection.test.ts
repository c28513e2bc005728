// Items 6, 13 and 16 under mocks, for each stack file: the volume key (before the cluster; every
// StorageClass names it), AWS Backup for the database volume (vault with that key, daily plan with
// the stack's retention, selection by the volume's tag, its service role), and what production
// keeps through `pulumi destroy`.
import { strict as assert } from "node:assert";
import { resourcePrefix, stackTags } from "../../components/naming";
import { fromPulumiAllConfig, type StackConfig } from "../../config";
import { BACKUP_SELECTION_TAG_KEY, KMS_KEY_PARAMETER } from "../../manifests/storage";
import type { Props, Registration } from "../fixtures/pulumiMocks";
import { MOCK_ACCOUNT, type ProgramRun, runStackFile, stackFileConfig } from "./harness";
import { stacksOn } from "../fixtures/stackFiles";

const T = {
  component: "zero-trust-eks:data:DataProtection",
  cluster: "zero-trust-eks:cluster:Cluster",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  vault: "aws:backup/vault:Vault",
  vaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
  plan: "aws:backup/plan:Plan",
  selection: "aws:backup/selection:Selection",
  storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
} as const;

const arnOf = (type: string, name: string) =>
  type === T.key ? `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/${name}` : `arn:aws:iam::${MOCK_ACCOUNT}:role/${name}`;

function named(run: ProgramRun, type: string, name: string): Registration {
  const found = run.mocks.ofType(type).find((r) => r.name === name);
  assert.ok(found, `no ${type} named ${name}`);
  return found;
}

for (const stack of stacksOn("eks")) {
  describe(`data protection under mocks: Pulumi.${stack}.yaml`, () => {
    let config: StackConfig;
    let run: ProgramRun;
    let data: string;
    before(async () => {
      config = fromPulumiAllConfig(stackFileConfig(stack));
      run = await runStackFile(stack);
      data = `${resourcePrefix(config)}-data`;
    });
    const key = () => named(run, T.key, `${data}-volume-key`);
    const role = () => named(run, T.role, `${data}-backup-role`);
    const policy = () => JSON.parse(String(key().inputs.policy)) as { Statement: Props[] };

    it("item 13: a rotating customer-managed volume key, created before the cluster, with an alias", () => {
      assert.equal(key().inputs.enableKeyRotation, true);
      assert.equal(key().inputs.deletionWindowInDays, 30);
      const types = run.mocks.registrations.map((r) => r.type);
      assert.ok(types.indexOf(T.component) >= 0 && types.indexOf(T.component) < types.indexOf(T.cluster), "DataProtection registers before the Cluster");
      assert.equal(run.mocks.one(T.component).name, data);
      assert.equal(named(run, T.alias, `${data}-volume-key-alias`).inputs.targetKeyId, `${key().name}-key-id`);
    });

    it("item 13: the key policy delegates to IAM and lets the AWS Backup role use the key through EC2 only", () => {
      const bySid = new Map(policy().Statement.map((s) => [s.Sid, s]));
      assert.deepEqual([...bySid.keys()].sort(), ["AwsBackupGrantsToAwsServices", "AwsBackupUsesKeyThroughEc2", "EnableIamPolicies"]);
      assert.deepEqual(bySid.get("EnableIamPolicies")?.Principal, { AWS: `arn:aws:iam::${MOCK_ACCOUNT}:root` });
      const backupRole = { AWS: arnOf(T.role, role().name) };
      assert.deepEqual(bySid.get("AwsBackupUsesKeyThroughEc2")?.Principal, backupRole);
      assert.deepEqual(bySid.get("AwsBackupUsesKeyThroughEc2")?.Condition, { StringEquals: { "kms:ViaService": "ec2.eu-west-1.amazonaws.com" } });
      assert.deepEqual(bySid.get("AwsBackupGrantsToAwsServices")?.Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
    });

    it("item 13: every StorageClass the cluster applies names the volume key (render shows a placeholder there)", () => {
      const classes = run.mocks.ofType(T.storageClass);
      assert.equal(classes.length, 2);
      for (const storageClass of classes) {
        assert.equal((storageClass.inputs.parameters as Props)[KMS_KEY_PARAMETER], arnOf(T.key, key().name), storageClass.name);
        assert.ok(run.mocks.dependenciesOf(storageClass.name).includes(key().name), `${storageClass.name} waits for the key`);
      }
      assert.equal(run.stackOutputs.volumeKmsKeyArn, arnOf(T.key, key().name));
    });

    it("item 6: a vault encrypted with the volume key and a daily plan keeping recovery points for the stack's retention", () => {
      const vault = run.mocks.one(T.vault);
      assert.equal(vault.inputs.name, `${resourcePrefix(config)}-database`);
      assert.equal(vault.inputs.kmsKeyArn, arnOf(T.key, key().name));
      const [rule, ...others] = run.mocks.one(T.plan).inputs.rules as Props[];
      assert.deepEqual(others, []);
      assert.deepEqual(
        [rule.targetVaultName, rule.schedule, (rule.lifecycle as Props).deleteAfter, rule.recoveryPointTags],
        [vault.inputs.name, "cron(0 3 * * ? *)", config.app.database.backupRetentionDays, { ...stackTags(config) }],
      );
      assert.equal(run.stackOutputs.backupVaultName, vault.inputs.name);
    });

    it("item 6: the selection takes EBS volumes carrying the tag the database StorageClass puts on its volumes", () => {
      const selection = run.mocks.one(T.selection).inputs;
      const plan = run.mocks.one(T.plan);
      assert.equal(selection.planId, `${plan.name}-id`);
      assert.deepEqual(selection.resources, ["arn:aws:ec2:*:*:volume/*"]);
      const retained = run.mocks.ofType(T.storageClass).find((s) => s.inputs.reclaimPolicy === "Retain");
      const [tagKey, tagValue] = String((retained?.inputs.parameters as Props).tagSpecification_1).split("=");
      assert.equal(tagKey, BACKUP_SELECTION_TAG_KEY);
      assert.deepEqual(selection.conditions, [{ stringEquals: [{ key: `aws:ResourceTag/${tagKey}`, value: tagValue }] }]);
    });

    it("item 6: the selection runs as a role AWS Backup assumes, with its backup and restore policies only", () => {
      const selection = run.mocks.one(T.selection);
      assert.equal(selection.inputs.iamRoleArn, arnOf(T.role, role().name));
      assert.deepEqual(JSON.parse(String(role().inputs.assumeRolePolicy)).Statement[0].Principal, { Service: "backup.amazonaws.com" });
      const attachments = run.mocks.ofType(T.attachment).filter((a) => a.inputs.role === role().name);
      assert.deepEqual(attachments.map((a) => a.inputs.policyArn).sort(), [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ]);
      for (const attachment of attachments) assert.ok(run.mocks.dependenciesOf(selection.name).includes(attachment.name));
      assert.equal(run.stackOutputs.backupRoleArn, arnOf(T.role, role().name));
    });

    it(`item 16: ${stack === "prod" ? "production keeps the key and the vault and guards recovery points" : "a non-production stack stays disposable"}`, () => {
      const production = config.production;
      assert.equal(production, stack === "prod");
      const vault = run.mocks.one(T.vault);
      for (const resource of [key(), vault]) {
        assert.deepEqual(run.mocks.protectionOf(resource), { protect: production, retainOnDelete: production }, resource.name);
      }
      assert.equal(vault.inputs.forceDestroy, !production);
      const guards = run.mocks.ofType(T.vaultPolicy);
      assert.equal(guards.length, production ? 1 : 0);
      if (production) {
        const [statement] = JSON.parse(String(guards[0].inputs.policy)).Statement as Props[];
        assert.equal(statement.Effect, "Deny");
        assert.deepEqual(statement.Action, ["backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy", "backup:UpdateRecoveryPointLifecycle"]);
        assert.equal(guards[0].inputs.backupVaultName, vault.inputs.name);
      }
      assert.deepEqual(run.mocks.protectionOf(run.mocks.one(T.plan)), { protect: false, retainOnDelete: false });
    });
  });
}
