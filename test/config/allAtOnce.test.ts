// "Every problem at once", item by item: a malformed list item never stops the checks of the other
// items (the list's own rules such as distinct items, nor the cross-key rules such as "outside the
// VPC"); and every problem quotes the user's own text, never a re-serialised or normalised value.
import * as assert from "assert";
import { parseStackConfig, type ConfigError } from "../../config";
import { asAllConfig, configError, raw } from "./helpers";

const NS = "zero-trust-eks:";
const PUBLIC_PRODUCTION = { production: true, endpointPublicAccess: true };

interface ListCase {
  readonly name: string;
  readonly key: string;
  readonly list: readonly unknown[];
  readonly with?: Record<string, unknown>;
  /** Exactly the problems of this list: index -> what `expected` must say. */
  readonly problems: Readonly<Record<number, RegExp>>;
}

// Item 0 is malformed in every row; another item has a problem of a different kind.
const LISTS: readonly ListCase[] = [
  { name: "an egress rule inside the VPC", key: "egressAllowList", list: ["backend => 198.51.100.0/24 443", "backend -> 198.51.100.0/24 443/TCP", "backend -> 10.0.8.0/24 443/TCP"], problems: { 0: /an egress rule "<tier> ->/, 2: /outside the VPC 10\.0\.0\.0\/16/ } },
  { name: "an egress rule to the metadata address", key: "egressAllowList", list: ["cache -> 198.51.100.0/24 6379", "backend -> 198.51.100.0/24 443", "frontend -> 169.254.0.0/16 80"], problems: { 0: /tier is one of/, 2: /169\.254\.169\.254/ } },
  { name: "a repeated egress rule", key: "egressAllowList", list: [42, "backend -> 198.51.100.0/24 443", "backend -> 198.51.100.0/24 443/TCP (again)"], problems: { 0: /an egress rule/, 2: /already allowed by item 1/ } },
  { name: "an ingress source inside the VPC", key: "ingressSourceCidrs", list: ["10.0.0.0/33", "198.51.100.0/24", "10.0.5.0/24"], problems: { 0: /out of range/, 2: /not inside the VPC/ } },
  { name: "a repeated ingress source after a non-string item", key: "ingressSourceCidrs", list: [42, "0.0.0.0/0", "0.0.0.0/0"], problems: { 0: /a CIDR/, 2: /distinct CIDRs \(same as item 1\)/ } },
  { name: "a production endpoint range broader than /16", key: "endpointPublicAccessCidrs", with: PUBLIC_PRODUCTION, list: ["10.1/16", "203.0.113.0/24", "0.0.0.0/1"], problems: { 0: /not a valid IPv4/, 2: /no broader than \/16/ } },
  { name: "a role ARN outside the region's partition", key: "adminRoleArns", with: { region: "us-gov-west-1" }, list: ["arn:aws:iam::1:role/x", "arn:aws-us-gov:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"], problems: { 0: /12-digit/, 2: /partition aws-us-gov/ } },
  { name: "an instance type of the other architecture", key: "nodeInstanceTypes", list: ["M6I.LARGE", "m6i.large", "m7g.large"], problems: { 0: /EC2 instance type/, 2: /item 1's architecture/ } },
  { name: "a repeated log type after an unknown one", key: "controlPlaneLogTypes", list: ["audits", "api", "api"], problems: { 0: /one of api, audit/, 2: /distinct log types \(same as item 1\)/ } },
  { name: "a repeated tenant after a non-string item", key: "tenants", list: [7, "retail", "retail"], problems: { 0: /a tenant name/, 2: /distinct tenant names/ } },
];

function listProblems(error: ConfigError, key: string): Record<number, string> {
  const found: Record<number, string> = {};
  for (const p of error.problems) {
    const index = p.key.startsWith(`${NS}${key}[`) ? Number(p.key.slice(`${NS}${key}[`.length, -1)) : undefined;
    if (index !== undefined) found[index] = `${found[index] ?? ""}${p.expected}`;
  }
  return found;
}

describe("config: every item of a list is checked, even after a malformed item", () => {
  for (const c of LISTS) {
    for (const form of ["native", "allConfig"] as const) {
      it(`${c.key}: item 0 malformed and ${c.name} (${form} values)`, () => {
        const input = raw({ ...c.with, [c.key]: c.list });
        const found = listProblems(configError(form === "native" ? input : asAllConfig(input)), c.key);
        assert.deepStrictEqual(Object.keys(found), Object.keys(c.problems), JSON.stringify(found));
        for (const [index, pattern] of Object.entries(c.problems)) assert.match(found[Number(index)], pattern);
      });
    }
  }

  it("still accepts each list once its malformed item is removed and the other fixed", () => {
    assert.doesNotThrow(() => parseStackConfig(raw({ egressAllowList: ["backend -> 198.51.100.0/24 443/TCP"], ingressSourceCidrs: ["198.51.100.0/24"], tenants: ["retail"] })));
  });
});

interface QuoteCase {
  readonly name: string;
  readonly input: Record<string, unknown>;
  readonly key: string;
  /** The value part of the problem line, exactly. */
  readonly value: string;
}

// allConfig() and the failsafe-read stack files hand every scalar over as text: that text is shown.
const QUOTES: readonly QuoteCase[] = [
  { name: "a CIDR string, quoted as written", input: raw({ vpcCidr: "10.0.0.0/33" }), key: "vpcCidr", value: '"10.0.0.0/33"' },
  { name: "a number with a leading zero, not re-read as 7", input: raw({ availabilityZones: "07" }), key: "availabilityZones", value: "07" },
  { name: "a decimal with a trailing zero, not re-read as 2.5", input: raw({ nodeMaxSize: "2.50" }), key: "nodeMaxSize", value: "2.50" },
  { name: "a number in a cross-key rule, not re-read as 4", input: raw({ nodeMinSize: "4.0", nodeDesiredSize: "3" }), key: "nodeMinSize", value: "4.0" },
  { name: "a boolean in a production rule", input: raw({ production: "true", flowLogs: "false" }), key: "flowLogs", value: "false" },
  { name: "text where a number belongs", input: raw({ nodeMinSize: "three" }), key: "nodeMinSize", value: '"three"' },
  { name: "an allConfig list, with its own spacing", input: raw({ tenants: "[ ]" }), key: "tenants", value: "[ ]" },
  { name: "an allConfig list in a production rule", input: raw({ production: true, controlPlaneLogTypes: '[ "api" ]' }), key: "controlPlaneLogTypes", value: '[ "api" ]' },
  { name: "an IPv6 range in capitals, not lower-cased", input: raw({ ...PUBLIC_PRODUCTION, endpointPublicAccessCidrs: ["2001:DB8::/32"] }), key: "endpointPublicAccessCidrs[0]", value: '"2001:DB8::/32"' },
  { name: "an egress rule with its own spacing and case", input: raw({ egressAllowList: ["backend ->  10.0.8.0/24   443/tcp"] }), key: "egressAllowList[0]", value: '"backend ->  10.0.8.0/24   443/tcp"' },
  { name: "a repeated egress rule as written, not as a rebuilt rule", input: raw({ egressAllowList: ["backend -> 198.51.100.0/24 443", "backend -> 198.51.100.0/24 443/tcp (again)"] }), key: "egressAllowList[1]", value: '"backend -> 198.51.100.0/24 443/tcp (again)"' },
  { name: "a list item from an allConfig list", input: raw({ ingressSourceCidrs: '["10.0.5.0/24"]' }), key: "ingressSourceCidrs[0]", value: '"10.0.5.0/24"' },
];

describe("config: problems quote the user's own text", () => {
  for (const c of QUOTES) {
    it(c.name, () => {
      const error = configError(c.input);
      const found = error.problems.find((p) => p.key === `${NS}${c.key}`);
      assert.ok(found, `no problem for ${c.key}:\n${error.message}`);
      assert.strictEqual(found.value, c.value);
      assert.ok(error.message.includes(`  ${NS}${c.key}: got ${c.value}; expected `));
    });
  }
});
