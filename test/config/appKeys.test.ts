// Items 5 and 6: the frontend's certificate and the database's backup retention, key by key.
// (The production rules for both are pinned with the other production rules in production.test.ts.)
import * as assert from "assert";
import { parseStackConfig } from "../../config";
import { configError, problemKeys, raw } from "./helpers";

const NS = "zero-trust-eks:";
const UUID = "12345678-1234-1234-1234-123456789012";
const certificate = (partition: string, region: string, id = UUID) => `arn:${partition}:acm:${region}:111122223333:certificate/${id}`;

describe("config: item 5, frontendCertificateArn", () => {
  it("defaults to no certificate: plain HTTP", () => {
    assert.deepStrictEqual(parseStackConfig(raw()).app.frontendListener, { kind: "plain" });
  });

  it("a certificate of the stack's own region turns TLS on with that certificate", () => {
    const arn = certificate("aws", "eu-west-1");
    assert.deepStrictEqual(parseStackConfig(raw({ frontendCertificateArn: arn })).app.frontendListener, { kind: "tls", certificateArn: arn });
    const govArn = certificate("aws-us-gov", "us-gov-west-1");
    const gov = parseStackConfig(raw({ region: "us-gov-west-1", frontendCertificateArn: govArn }));
    assert.deepStrictEqual(gov.app.frontendListener, { kind: "tls", certificateArn: govArn });
  });

  const wrongPlace: readonly (readonly [string, string, string])[] = [
    ["another region", "eu-west-1", certificate("aws", "us-east-1")],
    ["another partition, same region name", "eu-west-1", certificate("aws-cn", "eu-west-1")],
    ["the standard partition in a China region", "cn-north-1", certificate("aws", "cn-north-1")],
  ];
  for (const [name, region, arn] of wrongPlace) {
    it(`refuses a certificate of ${name}, naming the stack's region`, () => {
      const { problems } = configError(raw({ region, frontendCertificateArn: arn }));
      assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}frontendCertificateArn`]);
      assert.match(problems[0].expected, new RegExp(`in the stack's region ${region}`));
    });
  }

  const malformed = [
    "arn:aws:iam::111122223333:server-certificate/frontend",
    certificate("aws", "eu-west-1", "not-a-uuid"),
    certificate("aws", "eu-west-1", UUID.toUpperCase().replace(/\d/g, "A")),
    ` ${certificate("aws", "eu-west-1")}`,
    "none",
  ];
  for (const arn of malformed) {
    it(`refuses ${JSON.stringify(arn)} at its own key, once`, () => {
      const { problems } = configError(raw({ frontendCertificateArn: arn }));
      assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}frontendCertificateArn`]);
      assert.match(problems[0].expected, /ACM certificate ARN/);
    });
  }
});

describe("config: item 6, databaseBackupRetentionDays", () => {
  it("defaults to 35 days and keeps what the stack sets", () => {
    assert.strictEqual(parseStackConfig(raw()).app.database.backupRetentionDays, 35);
    assert.strictEqual(parseStackConfig(raw({ databaseBackupRetentionDays: 1 })).app.database.backupRetentionDays, 1);
    assert.strictEqual(parseStackConfig(raw({ databaseBackupRetentionDays: 36500 })).app.database.backupRetentionDays, 36500);
  });

  for (const days of [0, 36501, 7.5, "weekly"]) {
    it(`refuses ${JSON.stringify(days)}`, () => {
      assert.deepStrictEqual(problemKeys(configError(raw({ databaseBackupRetentionDays: days }))), [`${NS}databaseBackupRetentionDays`]);
    });
  }
});
