// Items 1 and 2 under mocks, with the real program (index.ts). Item 1: each deploy phase registers
// exactly what it should (platform: the AWS side and nothing that needs the Kubernetes API; all: the
// same AWS side, unchanged, plus the in-cluster layer); every deploy source becomes a TCP 443 rule on
// the EKS cluster security group; the in-VPC runner is hardened. Item 2: a deployer whose role is in
// adminRoleArns stops the run before any cloud resource is registered.

import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { DeployRunner } from "../../components/deployRunner";
import { clusterPhysicalName, resourcePrefix } from "../../components/naming";
import { fromPulumiAllConfig } from "../../config";
import { MockRecorder, type Props, recordRegistrations, type Registration } from "../fixtures/pulumiMocks";
import {
  MOCK_ACCOUNT, MOCK_AMI, mockClusterSecurityGroupId, type ProgramRun, runProgram, runProgramExpectingFailure, runStackFile,
  stackFileConfig,
} from "./harness";
import { stacksOn } from "../fixtures/stackFiles";

const NS = "zero-trust-eks:";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const INSTANCE = "aws:ec2/instance:Instance";

/** The in-cluster layer: everything that talks to the Kubernetes API, and the components holding it. */
function isInCluster(type: string): boolean {
  return type.startsWith("kubernetes:") || type === "pulumi:providers:kubernetes" || type.startsWith(`${NS}policy:`)
    || type.startsWith(`${NS}app:`) || type.startsWith("random:");
}

const identity = (r: Registration): string => `${r.type} ${r.name}`;

function platformRun(stack: string, overrides: Record<string, string> = {}, mode: "preview" | "update" = "update"): Promise<ProgramRun> {
  return runProgram(stack, { ...stackFileConfig(stack), [`${NS}deployPhase`]: "platform", ...overrides }, mode);
}

function viaProvider(registration: { provider?: string }, provider: Registration): boolean {
  return registration.provider?.endsWith(`::${provider.name}::${provider.name}-id`) === true;
}

for (const stack of stacksOn("eks")) {
  describe(`item 1, deploy phases under mocks: Pulumi.${stack}.yaml`, () => {
    let platform: ProgramRun;
    let all: ProgramRun;

    before(async () => {
      platform = await platformRun(stack);
      all = await runStackFile(stack);
    });

    it("platform registers no Kubernetes provider, no kubernetes: resource and no in-cluster component", () => {
      const inCluster = platform.mocks.registrations.filter((r) => isInCluster(r.type)).map(identity);
      assert.deepEqual(inCluster, []);
      assert.ok(platform.mocks.registrations.some((r) => r.type === "aws:eks/nodeGroup:NodeGroup"), "the AWS side is all there");
    });

    it("all registers exactly platform's resources plus the in-cluster layer", () => {
      const platformSet = platform.mocks.registrations.map(identity).sort();
      assert.deepEqual(all.mocks.registrations.filter((r) => !isInCluster(r.type)).map(identity).sort(), platformSet);
      const added = new Set(all.mocks.registrations.filter((r) => isInCluster(r.type)).map((r) => r.type));
      for (const type of [
        "pulumi:providers:kubernetes", "kubernetes:storage.k8s.io/v1:StorageClass", "kubernetes:helm.sh/v3:Release",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy", "kubernetes:apps/v1:Deployment", `${NS}policy:PolicyEngine`, `${NS}app:Application`,
      ]) assert.ok(added.has(type), `all should add ${type}`);
    });

    it("going from platform to all changes no input of the AWS side (the second run only adds)", () => {
      const byIdentity = new Map(all.mocks.registrations.map((r) => [identity(r), r.inputs]));
      for (const registration of platform.mocks.registrations) {
        assert.deepEqual(byIdentity.get(identity(registration)), registration.inputs, identity(registration));
      }
    });

    it("platform's stack outputs are the AWS side's: no frontend load balancers", () => {
      assert.deepEqual(Object.keys(platform.stackOutputs).sort(), Object.keys(all.stackOutputs).filter((k) => k !== "frontendHostnames").sort());
      assert.ok("frontendHostnames" in all.stackOutputs);
    });
  });
}

describe("item 1, deploy phases: a preview of the platform phase", () => {
  it("finishes and plans the same resources as its update", async () => {
    const planned = (run: ProgramRun) => run.mocks.registrations.map(identity).sort();
    assert.deepEqual(planned(await platformRun("prod", {}, "preview")), planned(await platformRun("prod")));
  });
});

describe("item 1: deploy sources become TCP 443 rules on the EKS cluster security group", () => {
  const rulesOf = (run: ProgramRun) => run.mocks.ofType(INGRESS).map((r) => r.inputs);
  const clusterGroup = (stack: string) => mockClusterSecurityGroupId(clusterPhysicalName(fromPulumiAllConfig(stackFileConfig(stack))));

  it("prod: one rule for its connected network, one for its runner, both on the cluster group, in both phases", async () => {
    for (const run of [await runStackFile("prod"), await platformRun("prod")]) {
      assert.deepEqual(rulesOf(run), [
        { securityGroupId: clusterGroup("prod"), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "192.168.100.0/24",
          description: "Kubernetes API from connected network 192.168.100.0/24 (apiAccessCidrs)" },
        { securityGroupId: clusterGroup("prod"), ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: "zero-trust-eks-prod-runner-sg-id",
          description: "Kubernetes API from the deploy runner of this stack (deployRunner)" },
      ]);
    }
  });

  it("staging: the runner's group only; configured runner groups each get their own rule", async () => {
    assert.deepEqual(rulesOf(await runStackFile("staging")).map((r) => r.referencedSecurityGroupId), ["zero-trust-eks-staging-runner-sg-id"]);
    const groups = ["sg-0123456789abcdef0", "sg-12345678"];
    const run = await platformRun("staging", { [`${NS}apiAccessSecurityGroupIds`]: JSON.stringify(groups), [`${NS}deployRunner`]: "false" });
    const rules = rulesOf(run);
    assert.deepEqual(rules.map((r) => r.referencedSecurityGroupId), groups);
    for (const rule of rules) {
      assert.deepEqual([rule.securityGroupId, rule.ipProtocol, rule.fromPort, rule.toPort], [clusterGroup("staging"), "tcp", 443, 443]);
      assert.match(String(rule.description), /apiAccessSecurityGroupIds/);
    }
    assert.equal(run.mocks.ofType(INSTANCE).length, 0, "no runner when deployRunner is false");
  });

  it("dev (public endpoint, no source): no runner, no API access component, no rule", async () => {
    const run = await runStackFile("dev");
    assert.deepEqual(run.mocks.registrations.filter((r) => r.type.startsWith(`${NS}deploy:`) || r.type === INGRESS), []);
  });
});

describe("item 1: the deploy runner is reachable only through Systems Manager", () => {
  let run: ProgramRun;
  let instance: Props;
  const prefix = "zero-trust-eks-staging-runner";

  before(async () => {
    run = await runStackFile("staging");
    instance = run.mocks.one(INSTANCE).inputs;
  });

  it("runs the latest AL2023 AMI of its architecture in the first private subnet, without a public address", async () => {
    assert.equal(instance.ami, MOCK_AMI);
    assert.equal(instance.instanceType, "t3.medium");
    assert.equal(instance.subnetId, "subnet-private-0");
    assert.equal(instance.associatePublicIpAddress, false);
    const lookup = run.mocks.invokes.find((i) => i.token === "aws:ssm/getParameter:getParameter");
    assert.equal(lookup?.args.name, "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    const graviton = await platformRun("staging", { [`${NS}deployRunnerInstanceType`]: "t4g.medium" });
    const armLookup = graviton.mocks.invokes.find((i) => i.token === "aws:ssm/getParameter:getParameter");
    assert.equal(armLookup?.args.name, "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
  });

  it("has no key pair and no user data, requires IMDSv2 with hop limit 1, and encrypts its root volume", () => {
    assert.equal(instance.keyName, undefined);
    assert.equal(instance.userData, undefined);
    assert.deepEqual(instance.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
    assert.deepEqual(instance.rootBlockDevice, { volumeType: "gp3", volumeSize: 30, encrypted: true, deleteOnTermination: true });
  });

  it("its security group admits nothing and lets out HTTPS only", () => {
    const group = run.mocks.registrations.find((r) => r.name === `${prefix}-sg`);
    assert.equal(group?.type, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepEqual([group?.inputs.ingress, group?.inputs.egress], [undefined, undefined], "no inline rules");
    assert.deepEqual(instance.vpcSecurityGroupIds, [`${prefix}-sg-id`]);
    assert.deepEqual(run.mocks.ofType(INGRESS).filter((r) => r.inputs.securityGroupId === `${prefix}-sg-id`), []);
    assert.deepEqual(run.mocks.ofType(EGRESS).map((r) => r.inputs), [{
      securityGroupId: `${prefix}-sg-id`, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0",
      description: "HTTPS out through NAT: Systems Manager, AWS APIs, the Kubernetes API, Pulumi backend, package registries",
    }]);
  });

  it("keeps its AMI when the AL2023 parameter moves on, instead of being replaced on a later run", async () => {
    // Resource options never reach the mocks; a stack transformation sees them.
    const ignored: string[][] = [];
    const invoke = (token: string): Props => (token === "aws:ssm/getParameter:getParameter" ? { value: MOCK_AMI } : { partition: "aws" });
    await recordRegistrations(() => {
      pulumi.runtime.registerStackTransformation((args) => {
        if (args.type === INSTANCE) ignored.push([...(args.opts.ignoreChanges ?? [])]);
        return undefined;
      });
      new DeployRunner("runner", { runner: { instanceType: "t3.medium" }, vpcId: "vpc-1", subnetId: "subnet-1" });
    }, new MockRecorder({ invoke }));
    assert.deepEqual(ignored, [["ami"]]);
  });

  it("its instance role, trusted by EC2, holds AmazonSSMManagedInstanceCore and nothing else", () => {
    const profile = run.mocks.one("aws:iam/instanceProfile:InstanceProfile");
    assert.equal(instance.iamInstanceProfile, profile.name);
    const role = run.mocks.registrations.find((r) => r.type === "aws:iam/role:Role" && r.name === profile.inputs.role);
    assert.ok(role, "the profile names the runner's role");
    assert.deepEqual(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal, { Service: "ec2.amazonaws.com" });
    const attached = run.mocks.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.name);
    assert.deepEqual(attached.map((a) => a.inputs.policyArn), ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
    assert.equal(run.mocks.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === `${role.name}-id`).length, 0);
    assert.ok(run.mocks.dependenciesOf(profile.name).includes(attached[0].name), "the profile waits for the policy");
  });
});

describe("item 2: a deployer whose role is in adminRoleArns stops the run", () => {
  // Staging lists arn:aws:iam::111122223333:role/platform-admin; the mocked IAM keeps that role under
  // the path /teams/platform/, so the session's issuer ARN carries a path the listed ARN lacks.
  const ADMIN_SESSION = "arn:aws:sts::111122223333:assumed-role/platform-admin/alice";

  it("fails with a RunError naming the role, the reason and what to do, before any cloud resource", async () => {
    const { error, mocks } = await runProgramExpectingFailure("staging", stackFileConfig("staging"), ADMIN_SESSION);
    assert.ok(pulumi.RunError.isInstance(error), `expected a RunError, got ${String(error)}`);
    for (const text of [
      ADMIN_SESSION, "arn:aws:iam::111122223333:role/teams/platform/platform-admin", "access entry resource is already in use",
      "pulumi/pulumi-eks#2373", "Deploy with another role", "remove arn:aws:iam::111122223333:role/platform-admin from zero-trust-eks:adminRoleArns",
    ]) assert.ok(error.message.includes(text), `the message should say ${text}:\n${error.message}`);
    assert.deepEqual(mocks.registrations.map((r) => r.type), ["pulumi:providers:aws"], "only the AWS provider the identity was read through");
  });

  it("reads the identity through the stack's AWS provider: caller identity, then that ARN's session context", async () => {
    const { mocks } = await runProgramExpectingFailure("staging", stackFileConfig("staging"), ADMIN_SESSION);
    const provider = mocks.one("pulumi:providers:aws");
    assert.deepEqual(mocks.invokes.map((i) => i.token), ["aws:index/getCallerIdentity:getCallerIdentity", "aws:iam/getSessionContext:getSessionContext"]);
    assert.equal(mocks.invokes[1].args.arn, ADMIN_SESSION);
    for (const invoke of mocks.invokes) assert.ok(viaProvider(invoke, provider), `${invoke.token} went through ${String(invoke.provider)}`);
  });

  for (const [name, caller] of [
    ["a session of a deploy role that is not listed", `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/pulumi-deploy/ci`],
    ["an IAM user", "arn:aws:iam::111122223333:user/platform-admin"],
    ["a role of the same name in another account", `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/platform-admin/alice`],
  ] as const) {
    it(`${name} deploys normally`, async () => {
      const run = await runProgram("staging", stackFileConfig("staging"), "update", caller);
      const config = fromPulumiAllConfig(stackFileConfig("staging"));
      assert.equal(run.stackOutputs.clusterName, clusterPhysicalName(config));
      assert.ok(run.mocks.registrations.some((r) => r.name === `${resourcePrefix(config)}-eks`));
    });
  }
});
