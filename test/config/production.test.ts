// The production rules, pinned at their boundaries. Each row is one stack change, with its verdict
// in a production stack and in any other stack; a verdict is "accepted" or the key (and reason) of
// the one problem it raises.
import * as assert from "assert";
import { parseStackConfig } from "../../config";
import { configError, raw } from "./helpers";

const NS = "zero-trust-eks:";
const ACCEPTED = "accepted";
type Verdict = typeof ACCEPTED | readonly [key: string, expected: RegExp];

interface Row {
  readonly name: string;
  readonly input: Record<string, unknown>;
  readonly production: Verdict;
  readonly other: Verdict;
}

const PUBLIC = { endpointPublicAccess: true };
const PUBLIC_ONLY: Verdict = [`${NS}endpointPrivateAccess`, /true while endpointPublicAccess is true: nodes .* through NAT/];
/** Production with internet ingress needs a certificate; every row but the TLS ones has one. */
const CERTIFICATE = "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";
const BREADTH: Verdict = [`${NS}endpointPublicAccessCidrs[0]`, /no broader than \/16 \(IPv4\) or \/48 \(IPv6\)/];

function publicRange(cidr: string, production: Verdict): Row {
  return { name: `a public endpoint open to ${cidr}`, input: { ...PUBLIC, endpointPublicAccessCidrs: [cidr] }, production, other: ACCEPTED };
}

const ROWS: readonly Row[] = [
  // Item 12: refused in every stack, production or not (config/checks.ts, endpointReachable).
  { name: "the private endpoint off (public on)", input: { ...PUBLIC, endpointPublicAccessCidrs: ["203.0.113.0/24"], endpointPrivateAccess: false }, production: PUBLIC_ONLY, other: PUBLIC_ONLY },
  { name: "the private endpoint on", input: { endpointPrivateAccess: true }, production: ACCEPTED, other: ACCEPTED },
  { name: "flow logs off", input: { flowLogs: false }, production: [`${NS}flowLogs`, /true in a production stack/], other: ACCEPTED },
  { name: "flow logs on", input: { flowLogs: true }, production: ACCEPTED, other: ACCEPTED },
  { name: "no audit log", input: { controlPlaneLogTypes: ["api", "authenticator"] }, production: [`${NS}controlPlaneLogTypes`, /including audit/], other: ACCEPTED },
  { name: "one frontend replica", input: { frontendReplicas: 1 }, production: [`${NS}frontendReplicas`, /at least 2/], other: ACCEPTED },
  { name: "two backend replicas", input: { backendReplicas: 2 }, production: ACCEPTED, other: ACCEPTED },
  publicRange("198.51.0.0/16", ACCEPTED),
  publicRange("198.50.0.0/15", BREADTH),
  publicRange("203.0.113.0/24", ACCEPTED),
  publicRange("0.0.0.0/0", BREADTH),
  publicRange("128.0.0.0/1", BREADTH),
  publicRange("2001:db8::/48", ACCEPTED),
  publicRange("2001:db8::/47", BREADTH),
  publicRange("2001:db8:1::/64", ACCEPTED),
  publicRange("2001:db8::/32", BREADTH),
  publicRange("::/0", BREADTH),
  // With the public endpoint off, EKS ignores the ranges: the breadth rule does not apply.
  { name: "a broad range with the public endpoint off", input: { endpointPublicAccessCidrs: ["0.0.0.0/0"] }, production: ACCEPTED, other: ACCEPTED },
  { name: "a public endpoint with no ranges", input: PUBLIC, production: [`${NS}endpointPublicAccessCidrs`, /at least one CIDR/], other: [`${NS}endpointPublicAccessCidrs`, /at least one CIDR/] },
  // item 5: production serves internet clients over TLS only.
  { name: "item 5: internet ingress without a certificate", input: { frontendCertificateArn: "" }, production: [`${NS}frontendCertificateArn`, /TLS only, never plain HTTP/], other: ACCEPTED },
  { name: "item 5: no certificate and no internet ingress", input: { frontendCertificateArn: "", ingressSourceCidrs: [] }, production: ACCEPTED, other: ACCEPTED },
  { name: "item 5: one client range without a certificate", input: { frontendCertificateArn: "", ingressSourceCidrs: ["203.0.113.0/24"] }, production: [`${NS}frontendCertificateArn`, /TLS only/], other: ACCEPTED },
  // item 6: at least a week of daily recovery points in production.
  { name: "item 6: 6 days of database backups", input: { databaseBackupRetentionDays: 6 }, production: [`${NS}databaseBackupRetentionDays`, /at least 7 in a production stack/], other: ACCEPTED },
  { name: "item 6: 7 days of database backups", input: { databaseBackupRetentionDays: 7 }, production: ACCEPTED, other: ACCEPTED },
];

function assertVerdict(input: Record<string, unknown>, expected: Verdict): void {
  if (expected === ACCEPTED) {
    assert.doesNotThrow(() => parseStackConfig(raw(input)));
    return;
  }
  const { problems } = configError(raw(input));
  assert.deepStrictEqual(problems.map((p) => p.key), [expected[0]]);
  assert.match(problems[0].expected, expected[1]);
}

describe("config: production rules, at their boundaries", () => {
  for (const row of ROWS) {
    it(`${row.name}: production ${row.production === ACCEPTED ? ACCEPTED : "refused"}, otherwise ${row.other === ACCEPTED ? ACCEPTED : "refused"}`, () => {
      assertVerdict({ production: true, frontendCertificateArn: CERTIFICATE, ...row.input }, row.production);
      assertVerdict({ production: false, ...row.input }, row.other);
    });
  }
});

/** [min, desired, max] -> the keys refused (none: accepted). */
const NODE_SIZES: readonly (readonly [readonly [number, number, number], readonly string[]])[] = [
  [[3, 3, 3], []],
  [[1, 1, 1], []],
  [[1000, 1000, 1000], []],
  [[2, 2, 6], []],
  [[2, 6, 6], []],
  [[4, 3, 6], ["nodeMinSize"]],
  [[2, 7, 6], ["nodeDesiredSize"]],
  [[3, 3, 2], ["nodeDesiredSize", "nodeMaxSize"]],
  [[7, 7, 6], ["nodeDesiredSize", "nodeMaxSize"]],
];

describe("config: node sizes, equal at the boundaries", () => {
  for (const [[min, desired, max], refused] of NODE_SIZES) {
    it(`min ${min}, desired ${desired}, max ${max}: ${refused.length === 0 ? ACCEPTED : refused.join(", ")}`, () => {
      const input = raw({ nodeMinSize: min, nodeDesiredSize: desired, nodeMaxSize: max });
      if (refused.length === 0) {
        assert.strictEqual(parseStackConfig(input).cluster.nodeGroup.desiredSize, desired);
      } else {
        assert.deepStrictEqual(configError(input).problems.map((p) => p.key), refused.map((k) => `${NS}${k}`));
      }
    });
  }
});

/** VPC 10.20.0.0/16; ranges that share its network address 10.20.0.0, around, equal and inside. */
const AROUND_THE_VPC: readonly (readonly [string, boolean])[] = [
  ["10.20.0.0/15", true],
  ["10.16.0.0/12", true],
  ["10.0.0.0/8", true],
  ["0.0.0.0/0", true],
  ["10.20.0.0/16", false],
  ["10.20.0.0/17", false],
  ["10.20.0.0/24", false],
  ["10.21.0.0/16", true],
];

describe("config: an ingress source range around the VPC is accepted, one inside it refused", () => {
  for (const production of [true, false]) {
    for (const [range, accepted] of AROUND_THE_VPC) {
      it(`${range} against 10.20.0.0/16 (production ${production}): ${accepted ? ACCEPTED : "refused"}`, () => {
        const input = raw({ production, vpcCidr: "10.20.0.0/16", ingressSourceCidrs: [range], frontendCertificateArn: CERTIFICATE });
        if (accepted) assert.deepStrictEqual(parseStackConfig(input).app.ingressSourceCidrs, [range]);
        else assert.deepStrictEqual(configError(input).problems.map((p) => p.key), [`${NS}ingressSourceCidrs[0]`]);
      });
    }
  }

  it("an egress rule to a range around the VPC that shares its network address is refused", () => {
    const { problems } = configError(raw({ vpcCidr: "10.20.0.0/16", egressAllowList: ["backend -> 10.20.0.0/15 443"] }));
    assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}egressAllowList[0]`]);
    assert.match(problems[0].expected, /outside the VPC 10\.20\.0\.0\/16/);
  });
});
