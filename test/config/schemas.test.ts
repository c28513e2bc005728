// The value schemas at their edges: the egress rule grammar (what it tolerates and what it refuses,
// with the full message each refusal shows) and the private IPv4 ranges of vpcCidr and podCidr.
import * as assert from "assert";
import { parseStackConfig } from "../../config";
import { intRange, parseEgressRule } from "../../config/schemas";
import { configError, raw } from "./helpers";

const NS = "zero-trust-eks:";
const GATEWAY = "198.51.100.0/24";

function egressProblem(rule: string): { key: string; value: string; expected: string } {
  const error = configError(raw({ egressAllowList: [rule] }));
  assert.strictEqual(error.problems.length, 1, error.message);
  return { ...error.problems[0] };
}

describe("config: egress rule grammar", () => {
  it("tolerates spacing around the arrow and around the description", () => {
    for (const text of [
      `backend-> ${GATEWAY} 443/TCP (gw)`,
      `backend ->${GATEWAY} 443/TCP (gw)`,
      `backend->${GATEWAY} 443/TCP (gw)`,
      `  backend   ->   ${GATEWAY}    443/TCP   (  gw  )   `,
    ]) {
      assert.deepStrictEqual(parseEgressRule(text), {
        tier: "backend", cidr: GATEWAY, ports: [{ port: 443, protocol: "TCP" }], description: "gw",
      }, text);
    }
  });

  it("refuses text before the tier or after the description", () => {
    const syntax = `an egress rule "<tier> -> <cidr> <port>/<protocol>[,<port>/<protocol>...] [(description)]", e.g. "backend -> 198.51.100.0/24 443/TCP (payment gateway)"`;
    for (const text of [`allow backend -> ${GATEWAY} 443/TCP`, `backend -> ${GATEWAY} 443/TCP (gw) extra`]) {
      assert.deepStrictEqual(egressProblem(text), { key: `${NS}egressAllowList[0]`, value: JSON.stringify(text), expected: syntax }, text);
    }
  });

  it("accepts ports 1 and 65535, a default protocol of TCP, and protocols in any case", () => {
    const rule = parseEgressRule(`frontend -> ${GATEWAY} 1,65535/udp,53/sctp`);
    assert.ok(typeof rule !== "string", String(rule));
    assert.deepStrictEqual(rule.ports, [
      { port: 1, protocol: "TCP" }, { port: 65535, protocol: "UDP" }, { port: 53, protocol: "SCTP" },
    ]);
  });

  for (const part of ["0/TCP", "65536/TCP", "x443/TCP", "443/TCP!", "443-", "https"]) {
    it(`refuses the port "${part}" with the port syntax`, () => {
      const text = `backend -> ${GATEWAY} 80/TCP,${part}`;
      assert.deepStrictEqual(egressProblem(text), {
        key: `${NS}egressAllowList[0]`,
        value: JSON.stringify(text),
        expected: `an egress rule with ports as <port>/<protocol>, port 1 to 65535 (got "${part}")`,
      });
    });
  }

  it("refuses an unknown protocol, naming the protocols it takes", () => {
    assert.strictEqual(
      egressProblem(`backend -> ${GATEWAY} 443/ICMP`).expected,
      `an egress rule with protocol TCP, UDP, SCTP (got "ICMP")`,
    );
  });

  it("refuses a port repeated within one rule, whatever the protocol's case", () => {
    const text = `backend -> ${GATEWAY} 443/TCP,80,443/tcp`;
    assert.strictEqual(egressProblem(text).expected, `an egress rule without repeated ports (got "443/TCP,80,443/tcp")`);
    // The same port number over two protocols is two ports.
    assert.ok(typeof parseEgressRule(`backend -> ${GATEWAY} 53/TCP,53/UDP`) !== "string");
  });
});

describe("config: vpcCidr and podCidr ranges", () => {
  const VPC = "a private (RFC 1918) IPv4 CIDR with prefix /16 to /24, e.g. 10.0.0.0/16";
  const POD = "a private (RFC 1918) IPv4 CIDR with prefix /12 to /22, e.g. 192.168.0.0/16";

  it("accepts the prefixes at both ends of each range", () => {
    for (const vpcCidr of ["10.0.0.0/16", "10.0.0.0/24", "172.16.0.0/16", "192.168.0.0/24"]) {
      assert.strictEqual(parseStackConfig(raw({ vpcCidr })).network.vpcCidr, vpcCidr);
    }
    for (const podCidr of ["172.16.0.0/12", "10.244.0.0/22"]) {
      const config = parseStackConfig(raw({ platform: "kind", kubeContext: "kind-zero-trust-eks", ingressSourceCidrs: [], podCidr }));
      assert.ok(config.platform.name === "kind" && config.platform.podCidr === podCidr);
    }
  });

  const refusals: readonly [string, string, string][] = [
    ["vpcCidr", "fd00::/16", `${VPC}: not IPv4`],
    ["vpcCidr", "10.0.0.0/15", `${VPC}: /15 is outside /16 to /24`],
    ["vpcCidr", "10.0.0.0/25", `${VPC}: /25 is outside /16 to /24`],
    ["vpcCidr", "8.8.0.0/16", `${VPC}: not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`],
    ["podCidr", "10.0.0.0/23", `${POD}: /23 is outside /12 to /22`],
    ["podCidr", "100.64.0.0/16", `${POD}: not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`],
  ];
  for (const [key, value, expected] of refusals) {
    it(`refuses ${key} ${value} with the full reason`, () => {
      const input = key === "podCidr" ? raw({ platform: "kind", kubeContext: "kind-zero-trust-eks", ingressSourceCidrs: [], podCidr: value }) : raw({ [key]: value });
      const problems = configError(input).problems.filter((p) => p.key === `${NS}${key}`);
      assert.deepStrictEqual(problems.map((p) => ({ ...p })), [{ key: `${NS}${key}`, value: JSON.stringify(value), expected }]);
    });
  }
});

describe("config: intRange", () => {
  it("says 'an integer' unless told what the number is", () => {
    assert.strictEqual(intRange(1, 3).safeParse(4).error?.issues[0].message, "an integer from 1 to 3");
    assert.strictEqual(intRange(1, 3, "a count").safeParse(0).error?.issues[0].message, "a count from 1 to 3");
  });

  it("names the range for a non-number, and says 'a whole number' for a fraction", () => {
    const messages = (value: unknown) => intRange(1, 3).safeParse(value).error?.issues.map((i) => i.message);
    assert.deepStrictEqual(messages("2"), ["an integer from 1 to 3"]);
    assert.deepStrictEqual(messages(1.5), ["a whole number: an integer from 1 to 3"]);
    assert.deepStrictEqual(messages(3), undefined);
  });
});
