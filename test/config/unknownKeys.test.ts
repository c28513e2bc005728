// Unknown keys: a key this project or its AWS provider does not read is an error with a
// suggestion, so a typo never silently falls back to a default (or, for `aws:`, to the provider's
// own default). The AWS provider's keys the program's own provider does not apply are refused with
// where to set them instead; other providers' namespaces are left alone.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../config";
import { AWS_PROVIDER_KEYS } from "../../config/aws";
import { closest } from "../../config/unknownKeys";
import { configError, MINIMAL } from "./helpers";

/** key -> the key the problem must suggest, or undefined for "no suggestion". */
const SUGGESTIONS: readonly (readonly [string, string | undefined])[] = [
  ["region", "aws:region"],
  ["zero-trust-eks:region", "aws:region"],
  ["aws:regoin", "aws:region"],
  ["aws:Region", "aws:region"],
  ["profile", undefined],
  ["zero-trust-eks:profile", undefined],
  ["aws:assumeRole", undefined],
  ["aws:sharedCredentialsFile", undefined],
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

describe("config: the AWS provider's keys", () => {
  const APPLIED = ["allowedAccountIds", "forbiddenAccountIds", "region"];

  it("refuses every aws: key the program's own provider would never apply, saying where to set it instead", () => {
    const ignored = AWS_PROVIDER_KEYS.filter((name) => !APPLIED.includes(name));
    const error = configError({ ...MINIMAL, ...Object.fromEntries(ignored.map((name) => [`aws:${name}`, "x"])) });
    assert.deepStrictEqual([...error.problems.map((p) => p.key)].sort(), ignored.map((name) => `aws:${name}`).sort());
    for (const problem of error.problems) {
      assert.match(problem.expected, /^unset: this program's AWS provider applies only aws:allowedAccountIds, aws:forbiddenAccountIds, aws:region; set credentials, profiles and roles in the environment \(AWS_PROFILE/);
    }
  });

  it("applies the account guard: aws:allowedAccountIds or aws:forbiddenAccountIds, not both", () => {
    const allowed = parseStackConfig({ ...MINIMAL, "aws:allowedAccountIds": ["111122223333"] });
    assert.deepStrictEqual(allowed.accounts, { allowedAccountIds: ["111122223333"], forbiddenAccountIds: [] });
    const both = configError({ ...MINIMAL, "aws:allowedAccountIds": ["111122223333"], "aws:forbiddenAccountIds": ["444455556666"] });
    assert.deepStrictEqual(both.problems.map((p) => p.key), ["aws:forbiddenAccountIds"]);
    const malformed = configError({ ...MINIMAL, "aws:allowedAccountIds": ["1111-2222-3333"] });
    assert.deepStrictEqual(malformed.problems.map((p) => [p.key, p.expected]), [["aws:allowedAccountIds[0]", "a 12-digit AWS account ID such as 111122223333"]]);
  });

  it("leaves other providers' and Pulumi's own namespaces alone", () => {
    assert.doesNotThrow(() => parseStackConfig({ ...MINIMAL, "awsx:anything": "x", "eks:x": "y", "kubernetes:context": "kind", "pulumi:tags": "{}" }));
  });

  it("lists exactly the config keys of the installed @pulumi/aws", () => {
    // Resolved as node does, so it also holds in a copy of the project without node_modules (Stryker's sandbox).
    const awsDir = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const vars = fs.readFileSync(path.join(awsDir, "config", "vars.d.ts"), "utf8");
    const declared = [...vars.matchAll(/^export declare const (\w+):/gm)].map((m) => m[1]).sort();
    assert.ok(declared.includes("region") && declared.includes("profile"), "vars.d.ts was read");
    assert.deepStrictEqual([...AWS_PROVIDER_KEYS].sort(), declared);
  });
});

describe("config: unknown keys without a near name", () => {
  const only = (key: string) => configError({ ...MINIMAL, [key]: "x" }).problems.map((p) => ({ ...p }));

  it("a project key says where the keys are documented", () => {
    assert.deepStrictEqual(only("zero-trust-eks:qqqqqqqqqqqq"), [{
      key: "zero-trust-eks:qqqqqqqqqqqq", value: '"x"', expected: "a known key (unknown key; see docs/config.md)",
    }]);
  });

  it("an aws: key points to the provider's reference", () => {
    assert.deepStrictEqual(only("aws:qqqqqqqqqqqq"), [{
      key: "aws:qqqqqqqqqqqq", value: '"x"', expected: "a config key of the Pulumi AWS provider (unknown key; see its configuration reference)",
    }]);
  });

  it("a namespace three edits from the project's is taken for a typo of it, four edits is another project's", () => {
    assert.deepStrictEqual(only("zero-trust-:vpcCidr"), [{
      key: "zero-trust-:vpcCidr", value: '"x"', expected: "the namespace zero-trust-eks (unknown namespace; did you mean zero-trust-eks:vpcCidr?)",
    }]);
    assert.doesNotThrow(() => parseStackConfig({ ...MINIMAL, "zero-trust:vpcCidr": "x" }));
  });

  it("a key with an empty namespace is refused like a key without one", () => {
    assert.deepStrictEqual(only(":vpcCidr"), [{
      key: ":vpcCidr", value: '"x"', expected: "a namespaced key (unknown key; did you mean zero-trust-eks:vpcCidr?)",
    }]);
    assert.deepStrictEqual(only("vpcCidr"), [{
      key: "vpcCidr", value: '"x"', expected: "a namespaced key (unknown key; did you mean zero-trust-eks:vpcCidr?)",
    }]);
  });

  it("on a tie, the first candidate is suggested", () => {
    assert.strictEqual(closest("abc", ["abd", "abe"]), "abd");
  });
});
