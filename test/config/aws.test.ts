// AWS facts the config checks: the CPU architecture of an instance family (one AMI type per node
// group) and the partition of a region (an admin role ARN must be in it).
import * as assert from "assert";
import { nodeArchitecture, parseStackConfig } from "../../config";
import { instanceArchitecture, partitionOf } from "../../config/aws";
import { configError, raw } from "./helpers";

const NS = "zero-trust-eks:";

// Graviton families carry a `g` among their attributes, wherever it sits; a1 is the first Graviton.
const ARM64 = [
  "a1.large", "t4g.small", "m6g.large", "m6g.metal", "m7g.xlarge", "m8g.large", "c6gn.large", "c7gn.medium",
  "m7gd.xlarge", "r6gd.large", "r7gd.large", "x2gd.large", "x8g.large", "im4gn.large", "is4gen.large",
  "g5g.xlarge", "hpc7g.4xlarge", "i4g.large",
];
const X86_64 = [
  "m6i.large", "t3.medium", "t3a.medium", "m5.xlarge", "g4dn.xlarge", "g5.xlarge", "g6e.xlarge", "gr6.4xlarge",
  "inf2.xlarge", "trn1.2xlarge", "c6in.large", "m5zn.large", "x2iedn.xlarge", "m7i-flex.large", "u7i-12tb.224xlarge",
  "u-6tb1.metal", "p5.48xlarge", "dl1.24xlarge",
];

describe("config/aws: instance architecture", () => {
  for (const type of ARM64) it(`${type} is arm64`, () => assert.strictEqual(instanceArchitecture(type), "arm64"));
  for (const type of X86_64) it(`${type} is x86_64`, () => assert.strictEqual(instanceArchitecture(type), "x86_64"));

  it("accepts a node group of Graviton families with attribute suffixes, and picks arm64 for it", () => {
    const types = ["c6gn.large", "m7gd.large", "r6gd.large", "x2gd.large", "im4gn.large", "a1.large"];
    const config = parseStackConfig(raw({ nodeInstanceTypes: types }));
    assert.strictEqual(nodeArchitecture(config.cluster.nodeGroup.instanceTypes), "arm64");
  });

  it("refuses each x86 type in a Graviton node group, naming it", () => {
    const { problems } = configError(raw({ nodeInstanceTypes: ["im4gn.large", "m6i.large", "x2gd.large", "g4dn.xlarge"] }));
    assert.deepStrictEqual(problems.map((p) => `${p.key} ${p.value}`), [`${NS}nodeInstanceTypes[1] "m6i.large"`, `${NS}nodeInstanceTypes[3] "g4dn.xlarge"`]);
    assert.match(problems[0].expected, /im4gn\.large is arm64/);
  });
});

/** region -> its partition, as the AWS SDKs' partitions.json has it. */
const PARTITIONS: readonly (readonly [string, string])[] = [
  ["eu-west-1", "aws"], ["us-east-1", "aws"], ["il-central-1", "aws"], ["mx-central-1", "aws"],
  ["us-gov-west-1", "aws-us-gov"], ["us-gov-east-1", "aws-us-gov"],
  ["cn-north-1", "aws-cn"], ["cn-northwest-1", "aws-cn"],
  ["us-iso-east-1", "aws-iso"], ["us-isob-east-1", "aws-iso-b"], ["eu-isoe-west-1", "aws-iso-e"],
  ["us-isof-south-1", "aws-iso-f"], ["eusc-de-east-1", "aws-eusc"],
];

describe("config/aws: the partition of a region", () => {
  for (const [region, partition] of PARTITIONS) {
    it(`${region} is in ${partition}; an admin role there must be arn:${partition}:`, () => {
      assert.strictEqual(partitionOf(region), partition);
      const own = `arn:${partition}:iam::111122223333:role/admin`;
      assert.deepStrictEqual(parseStackConfig(raw({ region, adminRoleArns: [own] })).cluster.adminRoleArns, [own]);
      const other = partition === "aws" ? "arn:aws-us-gov:iam::111122223333:role/admin" : "arn:aws:iam::111122223333:role/admin";
      const { problems } = configError(raw({ region, adminRoleArns: [own, other] }));
      assert.deepStrictEqual(problems.map((p) => `${p.key} ${p.value}`), [`${NS}adminRoleArns[1] ${JSON.stringify(other)}`]);
      assert.strictEqual(problems[0].expected, `a role ARN in partition ${partition}, the partition of region ${region}`);
    });
  }
});

describe("config: the instance type grammar behind the architecture", () => {
  it("reads a generation of any length and a variant of any length", () => {
    assert.strictEqual(instanceArchitecture("m10g.large"), "arm64");
    assert.strictEqual(instanceArchitecture("c7g-flex.large"), "arm64");
    assert.strictEqual(instanceArchitecture("m7g-x.large"), "arm64");
  });

  it("only a1 among the a series is Graviton, and only a family at the start counts", () => {
    assert.strictEqual(instanceArchitecture("a2.large"), "x86_64");
    assert.strictEqual(instanceArchitecture("x-m7g.large"), "x86_64");
  });

  it("an empty node group list picks the x86_64 AMI", () => {
    assert.strictEqual(nodeArchitecture([]), "x86_64");
    assert.strictEqual(nodeArchitecture(["m7g.large"]), "arm64");
  });
});
