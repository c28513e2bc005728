// Items 1 and 12: the config rules of the deploy path. A run that creates the in-cluster layer needs a
// way to the Kubernetes API; a public endpoint without the private one is refused (nodes behind NAT
// could not join); the deploy sources are well-formed and lie outside the VPC.
import * as assert from "assert";
import { parseStackConfig } from "../../config";
import { configError, raw } from "./helpers";

const NS = "zero-trust-eks:";
const PUBLIC = { endpointPublicAccess: true, endpointPublicAccessCidrs: ["203.0.113.0/24"] };

interface Sources {
  readonly phase: "platform" | "all";
  readonly publicEndpoint: boolean;
  readonly runner: boolean;
  readonly cidrs: boolean;
  readonly groups: boolean;
}

function sourcesConfig(s: Sources): Record<string, unknown> {
  return raw({
    deployPhase: s.phase,
    ...(s.publicEndpoint ? PUBLIC : { endpointPublicAccess: false }),
    deployRunner: s.runner,
    apiAccessCidrs: s.cidrs ? ["192.168.100.0/24"] : [],
    apiAccessSecurityGroupIds: s.groups ? ["sg-0123456789abcdef0"] : [],
  });
}

function allSources(): Sources[] {
  const flags = [false, true];
  return (["platform", "all"] as const).flatMap((phase) => flags.flatMap((publicEndpoint) => flags.flatMap((runner) =>
    flags.flatMap((cidrs) => flags.map((groups) => ({ phase, publicEndpoint, runner, cidrs, groups }))))));
}

/** The truth table's one exception: every other combination is accepted. */
function refused(s: Sources): boolean {
  return s.phase === "all" && !s.publicEndpoint && !s.runner && !s.cidrs && !s.groups;
}

describe("config item 1: the in-cluster phase needs a way to the API", () => {
  for (const sources of allSources()) {
    const name = Object.entries(sources).map(([k, v]) => `${k}=${String(v)}`).join(" ");
    it(`${name}: ${refused(sources) ? "refused at deployPhase" : "accepted"}`, () => {
      const input = sourcesConfig(sources);
      if (!refused(sources)) {
        assert.strictEqual(parseStackConfig(input).deploy.phase, sources.phase);
        return;
      }
      const { problems } = configError(input);
      assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}deployPhase`]);
      for (const named of ["platform", "deployRunner", "apiAccessSecurityGroupIds", "apiAccessCidrs", "endpointPublicAccess"]) {
        assert.match(problems[0].expected, new RegExp(named), `the problem should name ${named}`);
      }
    });
  }

  it("a malformed deploy source is reported at its own key only, not again as a missing source", () => {
    const input = sourcesConfig({ phase: "all", publicEndpoint: false, runner: false, cidrs: false, groups: false });
    const { problems } = configError({ ...input, [`${NS}apiAccessSecurityGroupIds`]: ["sg-xyz"] });
    assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}apiAccessSecurityGroupIds[0]`]);
  });

  it("the default config is private only with a runner, so it passes without any deploy key", () => {
    const config = parseStackConfig(raw());
    assert.deepStrictEqual(config.deploy, { phase: "all", apiAccessCidrs: [], apiAccessSecurityGroupIds: [], runner: { instanceType: "t3.medium" } });
    assert.deepStrictEqual(config.cluster.endpoint, { privateAccess: true, publicAccess: false, publicAccessCidrs: [] });
  });
});

describe("config item 12: a public endpoint without the private one is refused", () => {
  for (const production of [false, true]) {
    it(`private off, public on and restricted (production ${production}): refused at endpointPrivateAccess`, () => {
      // A production stack with internet ingress also needs a certificate; give it one so only item 12 speaks.
      const tls = production ? { frontendCertificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012" } : {};
      const { problems } = configError(raw({ production, ...PUBLIC, ...tls, endpointPrivateAccess: false }));
      assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}endpointPrivateAccess`]);
      assert.match(problems[0].expected, /nodes in the private subnets .* NAT/);
    });
  }

  it("private off and public on with the whole internet allowed: refused too (nodes would still leave the VPC)", () => {
    const { problems } = configError(raw({ endpointPublicAccess: true, endpointPublicAccessCidrs: ["0.0.0.0/0"], endpointPrivateAccess: false }));
    assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}endpointPrivateAccess`]);
  });

  it("both off: one problem at endpointPublicAccess, no knock-on at endpointPrivateAccess or deployPhase", () => {
    const { problems } = configError(raw({ endpointPrivateAccess: false, endpointPublicAccess: false, deployRunner: false }));
    assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}endpointPublicAccess`]);
  });

  it("private and public both on: accepted", () => {
    assert.strictEqual(parseStackConfig(raw({ ...PUBLIC, endpointPrivateAccess: true })).cluster.endpoint.privateAccess, true);
  });
});

describe("config item 1: deploy sources", () => {
  const VPC = { vpcCidr: "10.20.0.0/16" };
  const CIDR_ROWS: readonly (readonly [string, RegExp | "accepted"])[] = [
    ["192.168.100.0/24", "accepted"],
    ["172.16.0.0/12", "accepted"],
    ["10.21.0.0/16", "accepted"],
    ["10.20.0.0/16", /outside the VPC 10\.20\.0\.0\/16/],
    ["10.20.5.0/24", /outside the VPC/],
    ["10.0.0.0/8", /outside the VPC/],
    ["0.0.0.0/0", /outside the VPC/],
    ["2001:db8::/48", /IPv4 only/],
    ["192.168.100.1/24", /host bits/],
  ];
  for (const [cidr, verdict] of CIDR_ROWS) {
    it(`apiAccessCidrs ${cidr} with VPC 10.20.0.0/16: ${verdict === "accepted" ? verdict : "refused"}`, () => {
      const input = raw({ ...VPC, apiAccessCidrs: [cidr] });
      if (verdict === "accepted") {
        assert.deepStrictEqual(parseStackConfig(input).deploy.apiAccessCidrs, [cidr]);
        return;
      }
      const { problems } = configError(input);
      assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}apiAccessCidrs[0]`]);
      assert.match(problems[0].expected, verdict);
    });
  }

  const GROUP_ROWS: readonly (readonly [string, boolean])[] = [
    ["sg-12345678", true],
    ["sg-0123456789abcdef0", true],
    ["sg-1234567", false],
    ["sg-0123456789abcdef", false],
    ["SG-12345678", false],
    ["sg-1234567g", false],
    ["12345678", false],
  ];
  for (const [id, accepted] of GROUP_ROWS) {
    it(`apiAccessSecurityGroupIds ${id}: ${accepted ? "accepted" : "refused"}`, () => {
      const input = raw({ apiAccessSecurityGroupIds: [id] });
      if (accepted) assert.deepStrictEqual(parseStackConfig(input).deploy.apiAccessSecurityGroupIds, [id]);
      else assert.deepStrictEqual(configError(input).problems.map((p) => p.key), [`${NS}apiAccessSecurityGroupIds[0]`]);
    });
  }

  it("a repeated source is refused at the repeat", () => {
    const { problems } = configError(raw({ apiAccessSecurityGroupIds: ["sg-12345678", "sg-12345678"] }));
    assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}apiAccessSecurityGroupIds[1]`]);
  });

  it("deployRunner false leaves no runner; the instance type applies only to a runner", () => {
    assert.strictEqual(parseStackConfig(raw({ deployRunner: false, apiAccessCidrs: ["192.168.100.0/24"] })).deploy.runner, undefined);
    assert.deepStrictEqual(parseStackConfig(raw({ deployRunnerInstanceType: "t4g.medium" })).deploy.runner, { instanceType: "t4g.medium" });
    assert.deepStrictEqual(configError(raw({ deployRunnerInstanceType: "medium" })).problems.map((p) => p.key), [`${NS}deployRunnerInstanceType`]);
  });

  it("an unknown phase is refused with the allowed values", () => {
    const { problems } = configError(raw({ deployPhase: "cluster" }));
    assert.deepStrictEqual(problems.map((p) => p.key), [`${NS}deployPhase`]);
    assert.match(problems[0].expected, /platform, all/);
  });
});
