// Unknown keys: a key this project or the AWS provider does not read is an error with a
// suggestion, so a typo never silently falls back to a default (or, for `aws:`, to the provider's
// own default). Every key the AWS provider reads is accepted; other providers' namespaces are left
// alone.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../config";
import { AWS_PROVIDER_KEYS } from "../../config/aws";
import { configError, MINIMAL, PROJECT_DIR } from "./helpers";

/** key -> the key the problem must suggest, or undefined for "no suggestion". */
const SUGGESTIONS: readonly (readonly [string, string | undefined])[] = [
  ["region", "aws:region"],
  ["zero-trust-eks:region", "aws:region"],
  ["aws:regoin", "aws:region"],
  ["aws:Region", "aws:region"],
  ["profile", "aws:profile"],
  ["zero-trust-eks:profile", "aws:profile"],
  ["aws:assumeRole", "aws:assumeRoles"],
  ["aws:sharedCredentialsFile", "aws:sharedCredentialsFiles"],
  ["aws:vpcCidr", "zero-trust-eks:vpcCidr"],
  ["vpcCidr", "zero-trust-eks:vpcCidr"],
  ["zero-trust-eks:vpcCdir", "zero-trust-eks:vpcCidr"],
  ["zero-trust-ek:owner", "zero-trust-eks:owner"],
  ["zero-trust-ek:regoin", "zero-trust-eks:regoin"],
  ["aws:skipGetEc2Platforms", undefined],
  ["zero-trust-eks:clusterName", undefined],
];

describe("config: unknown keys get a suggestion", () => {
  for (const [key, suggested] of SUGGESTIONS) {
    it(`${key} -> ${suggested ?? "no suggestion"}`, () => {
      const error = configError({ ...MINIMAL, [key]: "x" });
      assert.deepStrictEqual(error.problems.map((p) => p.key), [key]);
      const { expected } = error.problems[0];
      if (suggested === undefined) assert.doesNotMatch(expected, /did you mean/);
      else assert.ok(expected.endsWith(`did you mean ${suggested}?)`), expected);
    });
  }

  it("says which namespace an unknown aws: key was looked up in", () => {
    assert.match(configError({ ...MINIMAL, "aws:regoin": "eu-west-1" }).problems[0].expected, /config key of the Pulumi AWS provider/);
  });
});

describe("config: the AWS provider's own keys are accepted", () => {
  it("accepts every aws: key the provider reads, with the values a stack would give them", () => {
    const provider = Object.fromEntries(AWS_PROVIDER_KEYS.map((name) => [`aws:${name}`, "x"]));
    const config = parseStackConfig({
      ...provider, ...MINIMAL,
      "aws:allowedAccountIds": ["111122223333"],
      "aws:defaultTags": { tags: { owner: "platform-team" } },
      "aws:assumeRoles": [{ roleArn: "arn:aws:iam::111122223333:role/deploy" }],
      "aws:secretKey": { secure: "AAABAE..." },
    });
    assert.strictEqual(config.region, "eu-west-1");
  });

  it("leaves other providers' and Pulumi's own namespaces alone", () => {
    assert.doesNotThrow(() => parseStackConfig({ ...MINIMAL, "awsx:anything": "x", "eks:x": "y", "kubernetes:context": "kind", "pulumi:tags": "{}" }));
  });

  it("lists exactly the config keys of the installed @pulumi/aws", () => {
    const vars = fs.readFileSync(path.join(PROJECT_DIR, "node_modules", "@pulumi", "aws", "config", "vars.d.ts"), "utf8");
    const declared = [...vars.matchAll(/^export declare const (\w+):/gm)].map((m) => m[1]).sort();
    assert.ok(declared.includes("region") && declared.includes("profile"), "vars.d.ts was read");
    assert.deepStrictEqual([...AWS_PROVIDER_KEYS].sort(), declared);
  });
});
