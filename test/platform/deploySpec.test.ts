// The pure rules behind items 1 and 2: which deploy sources get a 443 rule (and under which stable
// name), the runner's hardening, and when the deploying identity collides with an admin entry.
import { strict as assert } from "node:assert";
import {
  apiIngressRules, RUNNER_EGRESS, RUNNER_MANAGED_POLICY, runnerAmiParameter, runnerInstanceSpec,
} from "../../components/deployAccessSpec";
import { collidingAdminRole, creatorAdminMessage } from "../../components/deployerSpec";
import type { DeployConfig } from "../../config";

const DEPLOY: DeployConfig = {
  phase: "all",
  apiAccessCidrs: ["192.168.100.0/24", "172.16.0.0/22"],
  apiAccessSecurityGroupIds: ["sg-0123456789abcdef0"],
  runner: { instanceType: "t3.medium" },
};

describe("item 1: API ingress rules, pure", () => {
  it("one rule per source, in config order, the runner last, each named after its source", () => {
    const rules = apiIngressRules(DEPLOY, "sg-runner");
    assert.deepEqual(rules.map((r) => [r.key, r.source]), [
      ["net-192-168-100-0-24", { kind: "cidr", cidrIpv4: "192.168.100.0/24" }],
      ["net-172-16-0-0-22", { kind: "cidr", cidrIpv4: "172.16.0.0/22" }],
      ["sg-0123456789abcdef0", { kind: "security-group", securityGroupId: "sg-0123456789abcdef0" }],
      ["runner", { kind: "security-group", securityGroupId: "sg-runner" }],
    ]);
  });

  it("a rule's name does not depend on its position, so reordering the list replaces no rule", () => {
    const reordered = apiIngressRules({ ...DEPLOY, apiAccessCidrs: [...DEPLOY.apiAccessCidrs].reverse() });
    const keyOf = (rules: ReturnType<typeof apiIngressRules>, cidr: string) => rules.find((r) => r.source.kind === "cidr" && r.source.cidrIpv4 === cidr)?.key;
    for (const cidr of DEPLOY.apiAccessCidrs) assert.equal(keyOf(reordered, cidr), keyOf(apiIngressRules(DEPLOY), cidr));
  });

  it("no runner group, no runner rule; no source, no rule", () => {
    assert.equal(apiIngressRules(DEPLOY).length, 3);
    assert.deepEqual(apiIngressRules({ phase: "all", apiAccessCidrs: [], apiAccessSecurityGroupIds: [] }), []);
  });

  it("descriptions use only the characters EC2 allows in a rule description, and name the config key", () => {
    for (const rule of apiIngressRules(DEPLOY, "sg-runner")) {
      assert.match(rule.description, /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{1,255}$/);
      assert.match(rule.description, /\((apiAccessCidrs|apiAccessSecurityGroupIds|deployRunner)\)$/);
    }
    assert.match(RUNNER_EGRESS.description, /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{1,255}$/);
  });
});

describe("item 1: the deploy runner, pure", () => {
  it("picks the AL2023 AMI parameter of its instance type's architecture", () => {
    assert.equal(runnerAmiParameter({ instanceType: "t3.medium" }), "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    assert.equal(runnerAmiParameter({ instanceType: "t4g.medium" }), "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
  });

  it("no public address, IMDSv2 only with hop limit 1, encrypted root; Systems Manager is its only policy", () => {
    const spec = runnerInstanceSpec({ instanceType: "m7g.large" });
    assert.equal(spec.instanceType, "m7g.large");
    assert.equal(spec.associatePublicIpAddress, false);
    assert.equal(spec.metadataOptions.httpTokens, "required");
    assert.equal(spec.metadataOptions.httpPutResponseHopLimit, 1);
    assert.equal(spec.rootBlockDevice.encrypted, true);
    assert.equal(RUNNER_MANAGED_POLICY, "AmazonSSMManagedInstanceCore");
    assert.deepEqual([RUNNER_EGRESS.ipProtocol, RUNNER_EGRESS.fromPort, RUNNER_EGRESS.toPort], ["tcp", 443, 443]);
  });
});

describe("item 2: the deployer against adminRoleArns, pure", () => {
  const ADMINS = ["arn:aws:iam::111122223333:role/platform-admin", "arn:aws:iam::111122223333:role/ops/break-glass-admin"];
  const ROWS: readonly (readonly [string, string | undefined])[] = [
    ["arn:aws:iam::111122223333:role/platform-admin", ADMINS[0]],
    ["arn:aws:iam::111122223333:role/teams/platform/platform-admin", ADMINS[0]],
    ["arn:aws:iam::111122223333:role/Platform-Admin", ADMINS[0]],
    ["arn:aws:iam::111122223333:role/break-glass-admin", ADMINS[1]],
    ["arn:aws:iam::111122223333:role/ops/break-glass-admin", ADMINS[1]],
    ["arn:aws:iam::111122223333:role/pulumi-deploy", undefined],
    ["arn:aws:iam::444455556666:role/platform-admin", undefined],
    ["arn:aws-us-gov:iam::111122223333:role/platform-admin", undefined],
    ["arn:aws:iam::111122223333:user/platform-admin", undefined],
    ["arn:aws:iam::111122223333:root", undefined],
    ["arn:aws:sts::111122223333:federated-user/platform-admin", undefined],
    ["arn:aws:iam::111122223333:role/platform-admin-2", undefined],
  ];
  for (const [issuer, listed] of ROWS) {
    it(`${issuer}: ${listed === undefined ? "no collision" : `collides with ${listed}`}`, () => {
      assert.equal(collidingAdminRole(issuer, ADMINS), listed);
    });
  }

  it("the message says which role, why, and both ways out", () => {
    const message = creatorAdminMessage("arn:aws:sts::111122223333:assumed-role/platform-admin/alice", "arn:aws:iam::111122223333:role/platform-admin", ADMINS[0]);
    for (const text of ["assumed-role/platform-admin/alice", "already in use", "pulumi/pulumi-eks#2373", "Deploy with another role", `remove ${ADMINS[0]}`]) {
      assert.ok(message.includes(text), text);
    }
  });
});
