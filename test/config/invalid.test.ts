// Invalid configs: each is rejected with a ConfigError naming the offending key, the bad value
// and what was expected; several problems are all reported at once.
import * as assert from "assert";
import * as fc from "fast-check";
import { CONFIG_KEYS, ConfigError, parseStackConfig } from "../../config";
import { configError, MINIMAL, problemKeys, raw } from "./helpers";

interface InvalidCase {
  readonly name: string;
  readonly input: Record<string, unknown>;
  /** The key the problem must name. */
  readonly key: string;
  /** Text the `expected` part must contain. */
  readonly expected?: RegExp;
}

const NS = "zero-trust-eks:";
const REGION_ONLY = { "aws:region": "eu-west-1" };
const PUBLIC = { endpointPublicAccess: true, production: true };

const CASES: readonly InvalidCase[] = [
  { name: "a CIDR prefix above /32", input: raw({ vpcCidr: "10.0.0.0/33" }), key: `${NS}vpcCidr`, expected: /out of range/ },
  { name: "an octet above 255", input: raw({ vpcCidr: "300.1.2.3/16" }), key: `${NS}vpcCidr`, expected: /not a valid IPv4/ },
  { name: "host bits set in a CIDR", input: raw({ vpcCidr: "10.0.0.1/16" }), key: `${NS}vpcCidr`, expected: /did you mean 10\.0\.0\.0\/16/ },
  { name: "a VPC larger than /16", input: raw({ vpcCidr: "10.0.0.0/12" }), key: `${NS}vpcCidr`, expected: /\/16 to \/24/ },
  { name: "a VPC smaller than /24", input: raw({ vpcCidr: "10.0.0.0/26" }), key: `${NS}vpcCidr`, expected: /\/16 to \/24/ },
  { name: "a public VPC range", input: raw({ vpcCidr: "8.8.0.0/16" }), key: `${NS}vpcCidr`, expected: /RFC 1918/ },
  { name: "zero availability zones", input: raw({ availabilityZones: 0 }), key: `${NS}availabilityZones`, expected: /2 to 6/ },
  { name: "one availability zone (EKS needs two)", input: raw({ availabilityZones: 1 }), key: `${NS}availabilityZones`, expected: /at least 2/ },
  { name: "too many availability zones", input: raw({ availabilityZones: 7 }), key: `${NS}availabilityZones` },
  { name: "min above desired", input: raw({ nodeMinSize: 4, nodeDesiredSize: 3 }), key: `${NS}nodeMinSize`, expected: /nodeDesiredSize/ },
  { name: "desired above max", input: raw({ nodeDesiredSize: 8, nodeMaxSize: 6 }), key: `${NS}nodeDesiredSize`, expected: /nodeMaxSize/ },
  { name: "an unknown NAT strategy", input: raw({ natStrategy: "per-az" }), key: `${NS}natStrategy`, expected: /single, one-per-az/ },
  { name: "a capacity type in the wrong case", input: raw({ nodeCapacityType: "spot" }), key: `${NS}nodeCapacityType`, expected: /ON_DEMAND, SPOT/ },
  { name: "an unknown policy engine", input: raw({ policyEngine: "cilium" }), key: `${NS}policyEngine`, expected: /calico, vpc-cni/ },
  { name: "an unknown log type", input: raw({ controlPlaneLogTypes: ["api", "audits"] }), key: `${NS}controlPlaneLogTypes[1]`, expected: /audit/ },
  { name: "an ARN with a short account id", input: raw({ adminRoleArns: ["arn:aws:iam::12345:role/admin"] }), key: `${NS}adminRoleArns[0]`, expected: /12-digit/ },
  { name: "a user ARN where a role is needed", input: raw({ adminRoleArns: ["arn:aws:iam::111122223333:user/alice"] }), key: `${NS}adminRoleArns[0]` },
  { name: "a role ARN from another partition", input: raw({ region: "cn-north-1", adminRoleArns: ["arn:aws:iam::111122223333:role/a"] }), key: `${NS}adminRoleArns[0]`, expected: /aws-cn/ },
  { name: "a negative disk size", input: raw({ nodeDiskSizeGiB: -50 }), key: `${NS}nodeDiskSizeGiB` },
  { name: "a zero node count", input: raw({ nodeMinSize: 0 }), key: `${NS}nodeMinSize` },
  { name: "a non-integer size", input: raw({ nodeMaxSize: 2.5 }), key: `${NS}nodeMaxSize`, expected: /whole number/ },
  { name: "production API endpoint open to 0.0.0.0/0", input: raw({ ...PUBLIC, endpointPublicAccessCidrs: ["0.0.0.0/0"] }), key: `${NS}endpointPublicAccessCidrs[0]`, expected: /no broader than \/16/ },
  { name: "production API endpoint open to the internet in two halves", input: raw({ ...PUBLIC, endpointPublicAccessCidrs: ["203.0.113.0/24", "128.0.0.0/1"] }), key: `${NS}endpointPublicAccessCidrs[1]`, expected: /operator range/ },
  { name: "a Calico chart version other than v3.31.x", input: raw({ calicoChartVersion: "v3.32.0" }), key: `${NS}calicoChartVersion`, expected: /v3\.31\.x/ },
  { name: "production API endpoint open to ::/0", input: raw({ ...PUBLIC, endpointPublicAccessCidrs: ["203.0.113.0/24", "::/0"] }), key: `${NS}endpointPublicAccessCidrs[1]` },
  { name: "a public endpoint without allowed CIDRs", input: raw({ endpointPublicAccess: true }), key: `${NS}endpointPublicAccessCidrs`, expected: /at least one/ },
  { name: "private and public API access both off", input: raw({ endpointPrivateAccess: false, endpointPublicAccess: false }), key: `${NS}endpointPublicAccess` },
  { name: "a misspelt key", input: raw({ vpcCdir: "10.0.0.0/16" }), key: `${NS}vpcCdir`, expected: /did you mean zero-trust-eks:vpcCidr\?/ },
  { name: "a key without namespace", input: { ...MINIMAL, nodeMaxSize: 4 }, key: "nodeMaxSize", expected: /zero-trust-eks:nodeMaxSize/ },
  { name: "a misspelt namespace", input: { ...MINIMAL, "zero-trust-ek:owner": "me" }, key: "zero-trust-ek:owner", expected: /zero-trust-eks:owner/ },
  { name: "a Kubernetes version with a patch", input: raw({ kubernetesVersion: "1.34.1" }), key: `${NS}kubernetesVersion` },
  { name: "an unquoted Kubernetes version read as a number", input: raw({ kubernetesVersion: 1.3 }), key: `${NS}kubernetesVersion`, expected: /string/ },
  { name: "a Calico chart version without its v", input: raw({ calicoChartVersion: "3.31.4" }), key: `${NS}calicoChartVersion`, expected: /v3\.31\.4/ },
  { name: "a tenant that is not a DNS label", input: raw({ tenants: ["Retail_Bank"] }), key: `${NS}tenants[0]`, expected: /lowercase/ },
  { name: "a duplicate tenant", input: raw({ tenants: ["retail", "corporate", "retail"] }), key: `${NS}tenants[2]`, expected: /distinct/ },
  { name: "no tenants", input: raw({ tenants: [] }), key: `${NS}tenants` },
  { name: "a tenant in the kube- namespace space", input: raw({ tenants: ["kube-bank"] }), key: `${NS}tenants[0]` },
  { name: "a port above 65535", input: raw({ frontendPort: 70000 }), key: `${NS}frontendPort`, expected: /1 to 65535/ },
  { name: "port zero", input: raw({ databasePort: 0 }), key: `${NS}databasePort` },
  { name: "an egress rule for an unknown tier", input: raw({ egressAllowList: ["cache -> 198.51.100.0/24 6379/TCP"] }), key: `${NS}egressAllowList[0]`, expected: /frontend, backend, database/ },
  { name: "a duplicate egress rule", input: raw({ egressAllowList: ["backend -> 198.51.100.0/24 443/TCP", "backend -> 198.51.100.0/24 443/TCP (again)"] }), key: `${NS}egressAllowList[1]`, expected: /duplicate/ },
  { name: "an egress rule with a bad port", input: raw({ egressAllowList: ["backend -> 198.51.100.0/24 0/TCP"] }), key: `${NS}egressAllowList[0]` },
  { name: "an egress rule into the VPC", input: raw({ egressAllowList: ["backend -> 10.0.8.0/24 443/TCP"] }), key: `${NS}egressAllowList[0]`, expected: /outside the VPC/ },
  { name: "an egress rule around the VPC", input: raw({ vpcCidr: "10.0.0.0/16", egressAllowList: ["backend -> 10.0.0.0/8 443/TCP"] }), key: `${NS}egressAllowList[0]`, expected: /outside the VPC 10\.0\.0\.0\/16/ },
  { name: "an egress rule to the whole IPv4 internet", input: raw({ egressAllowList: ["backend -> 0.0.0.0/0 443/TCP"] }), key: `${NS}egressAllowList[0]`, expected: /outside the VPC/ },
  { name: "an egress rule to the metadata service", input: raw({ egressAllowList: ["frontend -> 169.254.0.0/16 80/TCP"] }), key: `${NS}egressAllowList[0]`, expected: /169\.254\.169\.254/ },
  { name: "an ingress source range inside the VPC", input: raw({ vpcCidr: "10.0.0.0/16", ingressSourceCidrs: ["198.51.100.0/24", "10.0.5.0/24"] }), key: `${NS}ingressSourceCidrs[1]`, expected: /not inside the VPC 10\.0\.0\.0\/16/ },
  { name: "an ingress source range equal to the VPC", input: raw({ vpcCidr: "10.20.0.0/16", ingressSourceCidrs: ["10.20.0.0/16"] }), key: `${NS}ingressSourceCidrs[0]`, expected: /internet client range/ },
  { name: "an ingress source list given as null", input: raw({ ingressSourceCidrs: null }), key: `${NS}ingressSourceCidrs`, expected: /present but empty/ },
  { name: "a missing region", input: { "zero-trust-eks:environment": "dev" }, key: "aws:region", expected: /required/ },
  { name: "a missing environment", input: REGION_ONLY, key: `${NS}environment`, expected: /required/ },
  { name: "a malformed region", input: raw({ region: "Europe (Ireland)" }), key: "aws:region" },
  { name: "a retention CloudWatch does not offer", input: raw({ flowLogRetentionDays: 10 }), key: `${NS}flowLogRetentionDays`, expected: /7, 14, 30/ },
  { name: "a boolean spelt yes", input: raw({ production: "yes" }), key: `${NS}production`, expected: /true or false/ },
  { name: "one production replica", input: raw({ production: true, backendReplicas: 1 }), key: `${NS}backendReplicas`, expected: /at least 2/ },
  { name: "production without the audit log", input: raw({ production: true, controlPlaneLogTypes: ["api"] }), key: `${NS}controlPlaneLogTypes`, expected: /audit/ },
  { name: "x86 and Graviton types in one node group", input: raw({ nodeInstanceTypes: ["m6i.large", "m7g.large"] }), key: `${NS}nodeInstanceTypes[1]`, expected: /item 0's architecture \(m6i\.large is x86_64\)/ },
  { name: "a list given as plain text", input: raw({ tenants: "retail" }), key: `${NS}tenants`, expected: /JSON array/ },
];

describe("config: invalid values are rejected with the offending key", () => {
  it(`covers at least 15 distinct invalid configs (${CASES.length})`, () => {
    assert.ok(CASES.length >= 15);
    assert.strictEqual(new Set(CASES.map((c) => c.name)).size, CASES.length);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const error = configError(c.input);
      const found = error.problems.find((p) => p.key === c.key);
      assert.ok(found, `no problem for ${c.key}; got:\n${error.message}`);
      if (c.expected) assert.match(found.expected, c.expected);
      assert.ok(error.message.split("\n").some((line) => line.includes(c.key) && line.includes(found.value)));
    });
  }
});

describe("config: every problem at once", () => {
  const error = configError({
    "aws:region": "eu-west-1",
    "zero-trust-eks:vpcCdir": "10.0.0.0/16",
    "zero-trust-eks:vpcCidr": "10.0.0.0/33",
    "zero-trust-eks:availabilityZones": 0,
    "zero-trust-eks:natStrategy": "two",
    "zero-trust-eks:nodeMinSize": 5,
    "zero-trust-eks:adminRoleArns": ["arn:aws:iam::1:role/x"],
    "zero-trust-eks:tenants": ["ok", "ok"],
  });

  it("reports each bad key, including the missing required one", () => {
    assert.deepStrictEqual(problemKeys(error), [
      "zero-trust-eks:adminRoleArns[0]",
      "zero-trust-eks:availabilityZones",
      "zero-trust-eks:environment",
      "zero-trust-eks:natStrategy",
      "zero-trust-eks:nodeMinSize",
      "zero-trust-eks:tenants[1]",
      "zero-trust-eks:vpcCdir",
      "zero-trust-eks:vpcCidr",
    ]);
  });

  it("writes one line per problem naming the key, the bad value and what is expected", () => {
    const lines = error.message.split("\n");
    assert.strictEqual(lines.length, error.problems.length + 1);
    assert.match(lines[0], /8 problems/);
    assert.ok(lines.includes('  zero-trust-eks:natStrategy: got "two"; expected one of single, one-per-az'));
  });
});

describe("config: bad input never escapes as anything but a ConfigError", () => {
  const keys = [...CONFIG_KEYS.map((k) => k.key), "zero-trust-eks:typo", "nonamespace"];
  const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(fc.oneof(fc.string(), fc.integer())), fc.dictionary(fc.string(), fc.string()));

  it("holds for random values under random keys", () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...keys), anyValue), (input) => {
      try {
        parseStackConfig({ ...MINIMAL, ...input });
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        assert.ok(error.problems.length > 0);
      }
    }), { numRuns: 300 });
  });

  it("holds for input that is not a map at all", () => {
    for (const input of [null, "text", 42, ["a"]]) {
      assert.throws(() => parseStackConfig(input as unknown as Record<string, unknown>), ConfigError);
    }
  });
});
