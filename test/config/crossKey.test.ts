// Cross-key rules at their edges: the full message of each, and the rule that a value which did
// not parse is reported once, at its own key, never again as a knock-on problem of another rule.
import * as assert from "assert";
import { parseStackConfig, type ConfigProblem } from "../../config";
import { configError, raw } from "./helpers";

const NS = "zero-trust-eks:";
const KIND = { platform: "kind", kubeContext: "kind-zero-trust-eks", ingressSourceCidrs: [] };
const CERT = "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";

function problems(input: Record<string, unknown>): { key: string; value: string; expected: string }[] {
  return configError(input).problems.map((p: ConfigProblem) => ({ ...p }));
}

function keysOf(input: Record<string, unknown>): string[] {
  return problems(input).map((p) => p.key);
}

describe("config: cross-key rules, their messages", () => {
  it("node sizes: each out-of-order pair names the bound it breaks", () => {
    assert.deepStrictEqual(problems(raw({ nodeMinSize: 5, nodeDesiredSize: 5, nodeMaxSize: 4 })), [
      { key: `${NS}nodeDesiredSize`, value: "5", expected: "at most nodeMaxSize (4)" },
      { key: `${NS}nodeMaxSize`, value: "4", expected: "at least nodeMinSize (5)" },
    ]);
    assert.doesNotThrow(() => parseStackConfig(raw({ nodeMinSize: 4, nodeDesiredSize: 4, nodeMaxSize: 4 })));
  });

  it("an API endpoint with both accesses off", () => {
    assert.deepStrictEqual(problems(raw({ endpointPrivateAccess: false, endpointPublicAccess: false })), [{
      key: `${NS}endpointPublicAccess`, value: "false",
      expected: "endpointPrivateAccess or endpointPublicAccess to be true: with both off nothing can reach the Kubernetes API",
    }]);
  });

  it("both account lists at once", () => {
    const found = problems(raw({ "aws:allowedAccountIds": ["111122223333"], "aws:forbiddenAccountIds": ["444455556666"] }));
    assert.deepStrictEqual(found, [{
      key: "aws:forbiddenAccountIds", value: '["444455556666"]',
      expected: "[] when aws:allowedAccountIds is set (the AWS provider takes one or the other)",
    }]);
  });

  it("an egress rule into the VPC says pods have VPC addresses", () => {
    const rule = "backend -> 10.0.1.0/24 443/TCP";
    assert.deepStrictEqual(problems(raw({ egressAllowList: [rule] })), [{
      key: `${NS}egressAllowList[0]`, value: JSON.stringify(rule),
      expected: "a destination outside the VPC 10.0.0.0/16 (pods have VPC addresses, so this would allow pod-to-pod traffic)",
    }]);
  });
});

describe("config: what a valid config carries over", () => {
  it("the forbidden account list, and IPv6 ingress sources beside an IPv4 VPC", () => {
    const config = parseStackConfig(raw({ "aws:forbiddenAccountIds": ["444455556666"], ingressSourceCidrs: ["2001:db8::/32", "203.0.113.0/24"] }));
    assert.deepStrictEqual(config.accounts, { allowedAccountIds: [], forbiddenAccountIds: ["444455556666"] });
    assert.deepStrictEqual(config.app.ingressSourceCidrs, ["2001:db8::/32", "203.0.113.0/24"]);
  });
});

describe("config: a value that did not parse is reported once, at its own key", () => {
  const cases: readonly [string, Record<string, unknown>, string][] = [
    ["private access off, public access malformed", raw({ endpointPrivateAccess: false, endpointPublicAccess: "maybe" }), `${NS}endpointPublicAccess`],
    ["admin roles in another partition, region malformed", raw({ region: "mars", adminRoleArns: ["arn:aws-cn:iam::111122223333:role/a"] }), "aws:region"],
    ["allowed accounts set, forbidden accounts malformed", raw({ "aws:allowedAccountIds": ["111122223333"], "aws:forbiddenAccountIds": "x" }), "aws:forbiddenAccountIds"],
    ["add-on versions empty, Kubernetes version malformed", raw({ kubernetesVersion: "1.x" }), `${NS}kubernetesVersion`],
    ["kube-proxy version set, Kubernetes version malformed", raw({ kubernetesVersion: "1.x", kubeProxyVersion: "v1.34.0-eksbuild.1" }), `${NS}kubernetesVersion`],
    ["a certificate, region malformed", raw({ region: "mars", frontendCertificateArn: CERT }), "aws:region"],
    ["production without a certificate, ingress sources malformed", raw({ production: true, ingressSourceCidrs: "x" }), `${NS}ingressSourceCidrs`],
    ["production, backup retention malformed", raw({ production: true, frontendCertificateArn: CERT, databaseBackupRetentionDays: "x" }), `${NS}databaseBackupRetentionDays`],
    ["production, replicas malformed", raw({ production: true, frontendCertificateArn: CERT, frontendReplicas: "x" }), `${NS}frontendReplicas`],
    ["kind, an EKS key malformed", raw({ ...KIND, nodeMinSize: "x" }), `${NS}nodeMinSize`],
    ["kind, ingress sources malformed", raw({ ...KIND, ingressSourceCidrs: "x" }), `${NS}ingressSourceCidrs`],
    ["platform malformed, EKS keys set", raw({ platform: "docker", production: true, frontendCertificateArn: CERT }), `${NS}platform`],
  ];
  for (const [name, input, key] of cases) {
    it(name, () => assert.deepStrictEqual(keysOf(input), [key]));
  }

  it("kind with a malformed LocalStack URL still refuses AWS network keys", () => {
    assert.deepStrictEqual(keysOf(raw({ ...KIND, localstackEndpoint: "not a url", vpcCidr: "10.1.0.0/16" })), [
      `${NS}localstackEndpoint`, `${NS}vpcCidr`,
    ]);
  });

  it("kind with ingress sources inside the VPC: refused by the kind rule only", () => {
    const found = problems(raw({ ...KIND, ingressSourceCidrs: ["10.0.0.0/24"] }));
    assert.deepStrictEqual(found.map((p) => p.key), [`${NS}ingressSourceCidrs`]);
    assert.match(found[0].expected, /^\[\] on platform kind/);
  });
});
