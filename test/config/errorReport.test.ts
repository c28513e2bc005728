// What a user reads when a stack is refused: ConfigError's message, line by line, in natural key
// order; how values are quoted; what counts as a config at all; and the frozen result of a success.
import * as assert from "assert";
import { ConfigError, parseStackConfig, type RawStackConfig } from "../../config";
import { coerce } from "../../config/coerce";
import { problem, renderValue } from "../../config/errors";
import { configError, MINIMAL, raw } from "./helpers";

const NS = "zero-trust-eks:";
const ARN = (n: number) => `arn:aws:iam::11112222333${n % 10}:role/admin${n}`;

describe("config: the ConfigError a user reads", () => {
  it("one problem: a counted header and the problem's line, naming key, value and expectation", () => {
    const error = configError(raw({ availabilityZones: 9 }));
    assert.ok(error instanceof Error);
    assert.strictEqual(error.name, "ConfigError");
    assert.strictEqual(error.message, [
      "invalid stack config (1 problem):",
      `  ${NS}availabilityZones: got 9; expected ${error.problems[0].expected}`,
    ].join("\n"));
    assert.match(String(error), /^ConfigError: invalid stack config \(1 problem\):\n/);
  });

  it("several problems: counted in the plural, one line each", () => {
    const error = configError(raw({ availabilityZones: 9, natStrategy: "many" }));
    assert.deepStrictEqual(error.message.split("\n"), [
      "invalid stack config (2 problems):",
      `  ${NS}availabilityZones: got 9; expected ${error.problems[0].expected}`,
      `  ${NS}natStrategy: got "many"; expected one of single, one-per-az`,
    ]);
  });

  it("a missing required key is shown as <missing>, with what the key allows", () => {
    const { "zero-trust-eks:environment": _, ...rest } = MINIMAL;
    const error = configError(rest);
    assert.deepStrictEqual(error.problems.map((p) => ({ ...p })), [{
      key: `${NS}environment`, value: "<missing>",
      expected: "a value: this key is required and has no default; allowed: DNS label, at most 16 characters",
    }]);
  });

  it("list items are ordered by their number (item 2 before item 10)", () => {
    const arns = Array.from({ length: 11 }, (_, i) => ARN(i));
    arns[2] = "not-an-arn-2";
    arns[10] = "not-an-arn-10";
    const keys = configError(raw({ adminRoleArns: arns })).problems.map((p) => p.key);
    assert.deepStrictEqual(keys, [`${NS}adminRoleArns[2]`, `${NS}adminRoleArns[10]`]);
  });

  it("quotes strings, writes structures as compact JSON, and never fails on a value", () => {
    assert.strictEqual(renderValue("a\"b"), '"a\\"b"');
    assert.strictEqual(renderValue(["a", 1]), '["a",1]');
    assert.strictEqual(renderValue(undefined), "<missing>");
    assert.strictEqual(renderValue(10n), "10");
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.strictEqual(renderValue(loop), "[object Object]");
    assert.deepStrictEqual(problem("k", 10n, "x"), { key: "k", value: "10", expected: "x" });
  });

  for (const input of ["hello", null, ["a"], 5]) {
    it(`refuses ${JSON.stringify(input)} as a whole config`, () => {
      let caught: unknown;
      try {
        parseStackConfig(input as unknown as RawStackConfig);
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof ConfigError, String(caught));
      assert.deepStrictEqual(caught.problems.map((p) => ({ ...p })), [
        { key: "config", value: JSON.stringify(input), expected: `a map of config keys such as ${NS}vpcCidr to values` },
      ]);
    });
  }
});

describe("config: values a whole number key refuses", () => {
  for (const value of ["x5", "5x", "5.", "+5", " 5", Infinity, NaN, true]) {
    it(`nodeMinSize ${String(value)} is not a whole number`, () => {
      const problems = configError(raw({ nodeMinSize: value })).problems.filter((p) => p.key === `${NS}nodeMinSize`);
      assert.deepStrictEqual(problems.map((p) => p.expected), ["a whole number"]);
    });
  }

  it("a decimal is read, then refused as not whole", () => {
    const [found] = configError(raw({ nodeMinSize: "2.5" })).problems;
    assert.strictEqual(found.key, `${NS}nodeMinSize`);
    assert.match(found.expected, /^a whole number: /);
  });
});

describe("config: secrets", () => {
  it("a key set with --secret is refused: no config key is a secret", () => {
    const [found] = configError(raw({ owner: { secure: "v1:abc" } })).problems;
    assert.deepStrictEqual({ ...found }, {
      key: `${NS}owner`, value: '{"secure":"v1:abc"}', expected: "a plain value: this key is not a secret, so set it without --secret",
    });
  });

  it("coerce reads null and maps without `secure` by type, not as secrets", () => {
    assert.deepStrictEqual(coerce("string", null), { ok: false, expected: "a string (quote it in YAML)" });
    assert.deepStrictEqual(coerce("string", { value: "x" }), { ok: false, expected: "a string (quote it in YAML)" });
  });
});

describe("config: a parsed config is deeply frozen", () => {
  it("every object and list in it, down to an egress rule's ports", () => {
    const config = parseStackConfig(raw({ egressAllowList: ["backend -> 198.51.100.0/24 443/TCP (gw)"], tenants: ["a", "b"] }));
    const seen: unknown[] = [];
    const walk = (value: unknown, where: string): void => {
      if (typeof value !== "object" || value === null) return;
      assert.ok(Object.isFrozen(value), `${where} is not frozen`);
      seen.push(value);
      for (const [k, child] of Object.entries(value)) walk(child, `${where}.${k}`);
    };
    walk(config, "config");
    assert.ok(seen.length > 10);
    assert.ok(Object.isFrozen(config.app.egressAllowList[0].ports[0]));
    assert.throws(() => (config.app.tenants as string[]).push("c"), TypeError);
  });
});
