// Issue 9, the platform items, under mocks for each stack file: what the real program (index.ts)
// asks AWS for. Each describe names the item it checks.
import { strict as assert } from "node:assert";
import { controlPlaneLogGroupName, clusterPhysicalName, resourcePrefix, stackLogGroupNames } from "../../components/naming";
import { fromPulumiAllConfig, type StackConfig } from "../../config";
import type { Props, Registration } from "../fixtures/pulumiMocks";
import { MOCK_ACCOUNT, type ProgramRun, runProgram, runStackFile, stackFileConfig } from "./harness";
import { stacksOn } from "../fixtures/stackFiles";

const T = {
  awsProvider: "pulumi:providers:aws",
  vpc: "awsx:ec2:Vpc",
  eks: "eks:index:Cluster",
  kmsKey: "aws:kms/key:Key",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  flowLog: "aws:ec2/flowLog:FlowLog",
  addon: "aws:eks/addon:Addon",
} as const;

const EXPECTED_RETENTION: Readonly<Record<string, number>> = { dev: 30, staging: 90, prod: 365 };

function named(run: ProgramRun, type: string, name: string): Registration {
  const found = run.mocks.ofType(type).find((r) => r.name === name);
  if (found === undefined) throw new Error(`no ${type} named ${name}`);
  return found;
}

const keyArn = (keyName: string) => `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/${keyName}`;

for (const stack of stacksOn("eks")) {
  describe(`issue 9 platform items under mocks: Pulumi.${stack}.yaml`, () => {
    let config: StackConfig;
    let run: ProgramRun;
    const prefix = () => resourcePrefix(config);
    const logKey = () => named(run, T.kmsKey, `${prefix()}-logs-key`);

    before(async () => {
      config = fromPulumiAllConfig(stackFileConfig(stack));
      run = await runStackFile(stack);
    });

    describe("item 7: control-plane log group", () => {
      it(`creates /aws/eks/<cluster>/cluster with ${EXPECTED_RETENTION[stack]} days' retention, encrypted with the logs key`, () => {
        const group = named(run, T.logGroup, `${prefix()}-control-plane-logs`);
        assert.equal(group.inputs.name, `/aws/eks/${clusterPhysicalName(config)}/cluster`);
        assert.equal(group.inputs.retentionInDays, EXPECTED_RETENTION[stack]);
        assert.equal(group.inputs.kmsKeyId, keyArn(logKey().name));
      });

      it("creates it before the EKS cluster, which names it only through the group", () => {
        assert.ok(run.mocks.dependenciesOf(`${prefix()}-eks`).includes(`${prefix()}-control-plane-logs`));
        assert.equal(run.mocks.one(T.eks).inputs.name, clusterPhysicalName(config));
      });

      it("lets CloudWatch Logs of the stack's region use the rotating logs key for the stack's log groups only", () => {
        assert.equal(logKey().inputs.enableKeyRotation, true);
        const [admin, logs] = JSON.parse(String(logKey().inputs.policy)).Statement;
        assert.deepEqual(admin.Principal, { AWS: `arn:aws:iam::${MOCK_ACCOUNT}:root` });
        assert.deepEqual(logs.Principal, { Service: "logs.eu-west-1.amazonaws.com" });
        const groups = stackLogGroupNames(config).map((name) => `arn:aws:logs:eu-west-1:${MOCK_ACCOUNT}:log-group:${name}`).sort();
        assert.deepEqual(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"], groups);
        assert.ok(groups.includes(`arn:aws:logs:eu-west-1:${MOCK_ACCOUNT}:log-group:${controlPlaneLogGroupName(clusterPhysicalName(config))}`));
        assert.equal(groups.length, config.network.flowLogs ? 2 : 1);
      });
    });

    describe("item 8: add-on preservation", () => {
      it("preserves vpc-cni, kube-proxy and coredns if their EKS add-on is ever deleted, not the EBS CSI driver", () => {
        const preserve = Object.fromEntries(run.mocks.ofType(T.addon).map((a) => [String(a.inputs.addonName), a.inputs.preserve]));
        assert.deepEqual(preserve, { "vpc-cni": true, "kube-proxy": true, coredns: true, "aws-ebs-csi-driver": false });
      });
    });

    describe("item 9: upgrade policy", () => {
      it("sets the EKS support type from config (STANDARD in every stack file)", () => {
        assert.deepEqual(run.mocks.one(T.eks).inputs.upgradePolicy, { supportType: "STANDARD" });
      });
    });

    describe("item 10: the AWS provider reaches the remote components", () => {
      for (const type of [T.vpc, T.eks]) {
        it(`passes the stack's AWS provider explicitly to ${type}`, () => {
          const provider = run.mocks.one(T.awsProvider);
          const component = run.mocks.one(type);
          const providers = run.mocks.optionsOf(type, component.name).providers;
          assert.deepEqual(Object.keys(providers), ["aws"]);
          assert.ok(providers.aws.endsWith(`::${provider.name}::${provider.name}-id`), providers.aws);
        });
      }
    });

    describe("item 11: control-plane network interfaces", () => {
      it("gives the EKS cluster the private subnets only", () => {
        const eks = run.mocks.one(T.eks).inputs;
        const zones = config.network.availabilityZones;
        assert.deepEqual(eks.privateSubnetIds, Array.from({ length: zones }, (_, i) => `subnet-private-${i}`));
        assert.equal(eks.publicSubnetIds, undefined);
        assert.equal(eks.subnetIds, undefined);
      });
    });

    describe("item 15: flow logs", () => {
      it("trusts only this account's flow logs in this region, and encrypts the flow-log group with the logs key", function () {
        if (!config.network.flowLogs) {
          assert.equal(run.mocks.ofType(T.flowLog).length, 0);
          this.skip();
        }
        const flowLog = run.mocks.one(T.flowLog).inputs;
        const roleName = String(flowLog.iamRoleArn).split("/").pop();
        const trust = JSON.parse(String(named(run, T.role, String(roleName)).inputs.assumeRolePolicy)).Statement[0];
        assert.deepEqual(trust.Condition, {
          StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:aws:ec2:eu-west-1:${MOCK_ACCOUNT}:vpc-flow-log/*` },
        });
        assert.equal(named(run, T.logGroup, `${prefix()}-flow-logs`).inputs.kmsKeyId, keyArn(logKey().name));
      });
    });

    describe("item 16: the KMS keys in production", () => {
      for (const key of ["secrets-key", "logs-key"]) {
        it(`${stack === "prod" ? "protects and retains" : "neither protects nor retains"} the ${key}`, () => {
          const options = run.mocks.optionsOf(T.kmsKey, `${prefix()}-${key}`);
          assert.equal(config.production, stack === "prod");
          assert.deepEqual([options.protect, options.retainOnDelete], [config.production, config.production]);
        });
      }
    });

    describe("item 16 (review): the log groups in production, so a year of audit logs outlives a destroy", () => {
      for (const group of ["control-plane-logs", "flow-logs"]) {
        it(`${stack === "prod" ? "protects and retains" : "neither protects nor retains"} the ${group} group`, function () {
          if (!run.mocks.ofType(T.logGroup).some((g) => g.name === `${prefix()}-${group}`)) this.skip();
          const options = run.mocks.optionsOf(T.logGroup, `${prefix()}-${group}`);
          assert.deepEqual([options.protect, options.retainOnDelete], [config.production, config.production]);
        });
      }
    });
  });
}

describe("item 9: an EXTENDED stack", () => {
  it("asks EKS for extended support", async () => {
    const run = await runProgram("dev", { ...stackFileConfig("dev"), "zero-trust-eks:kubernetesSupportType": "EXTENDED" });
    assert.deepEqual(run.mocks.one(T.eks).inputs.upgradePolicy, { supportType: "EXTENDED" });
  });
});

describe("item 8: a stack overriding an add-on version", () => {
  it("runs the override and keeps the other add-ons pinned", async () => {
    const run = await runProgram("dev", { ...stackFileConfig("dev"), "zero-trust-eks:corednsVersion": "v1.12.9-eksbuild.9" });
    const versions: Props = Object.fromEntries(run.mocks.ofType(T.addon).map((a) => [String(a.inputs.addonName), a.inputs.addonVersion]));
    assert.equal(versions.coredns, "v1.12.9-eksbuild.9");
    assert.equal(versions["kube-proxy"], "v1.34.1-eksbuild.2");
  });
});
