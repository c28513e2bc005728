// Item 1 (README "Once per account"): the deploy role the README describes can create everything the
// program registers. The services are read from what each stack file registers under mocks, so a new
// kind of AWS resource fails here until the README names its service.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { runStackFile } from "./harness";

/** The `@pulumi/aws` module of a resource type (`aws:backup/vault:Vault` -> backup) -> the service the README names. */
const SERVICE_OF_MODULE: Readonly<Record<string, string>> = {
  backup: "AWS Backup",
  cloudwatch: "CloudWatch Logs",
  ec2: "EC2",
  eks: "EKS",
  iam: "IAM",
  kms: "KMS",
  vpc: "VPC",
};

/** The README's deploy-role item, whitespace collapsed. */
function deployRoleText(): string {
  const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
  const start = readme.indexOf("A **deploy role**");
  const end = readme.indexOf("3. A state backend", start);
  assert.ok(start >= 0 && end > start, "README: the deploy-role item of \"Once per account\"");
  return readme.slice(start, end).replace(/\s+/g, " ");
}

describe("item 1: the README's deploy role can create what the stack registers", () => {
  for (const stack of ["dev", "staging", "prod"] as const) {
    it(`Pulumi.${stack}.yaml: every AWS service the program registers resources with is named`, async () => {
      const modules = new Set((await runStackFile(stack)).mocks.registrations
        .map((r) => /^aws:([a-zA-Z0-9]+)\//.exec(r.type)?.[1])
        .filter((m): m is string => m !== undefined));
      const text = deployRoleText();
      for (const module of modules) {
        const service = SERVICE_OF_MODULE[module];
        assert.ok(service, `the program registers aws:${module} resources: add the service to SERVICE_OF_MODULE and to the README`);
        assert.ok(text.includes(service), `README's deploy role should name ${service} (aws:${module})`);
      }
    });
  }

  it("names the permissions no service wildcard grants: attaching the KMS key to the vault, passing roles", () => {
    const text = deployRoleText();
    // AWS Backup developer guide, "Backup vault creation": CreateBackupVault with a customer-managed
    // key also needs backup-storage:MountCapsule, which backup:* does not include.
    assert.ok(text.includes("backup-storage:MountCapsule"));
    // EKS (cluster, node group, add-on roles), EC2 (the runner's profile), flow logs and AWS Backup take role ARNs.
    assert.ok(text.includes("iam:PassRole"));
  });
});

describe("item 1: a runner session leaves no credentials for the next one", () => {
  it("README: sessions share ssm-user, so each ends by logging out of AWS and the Pulumi backend", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8").replace(/\s+/g, " ");
    for (const fact of ["`ssm-user`", "`aws sso logout`", "`pulumi logout`", "`ssm:SendCommand`"]) {
      assert.ok(readme.includes(fact), fact);
    }
  });
});

describe("item 1: the README's deploy path matches what a real run can do", () => {
  const readme = () => fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8").replace(/\s+/g, " ");

  it("production's tear-down turns production off in the platform phase (from outside the VPC, all cannot reach the API)", () => {
    assert.match(readme(), /set `production: false` and run `pulumi up` first, with `deployPhase: platform`/);
  });

  it("apiAccessSecurityGroupIds waits until the groups can be referenced (the VPC is new; a peered VPC's peering must be active)", () => {
    assert.match(readme(), /Add `apiAccessSecurityGroupIds` only once those groups can be referenced/);
  });
});
