// Item 17: the Calico cluster default deny exempts exactly the namespaces of one exported list,
// SYSTEM_NAMESPACES, which the README tells users to extend when they add a platform add-on.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { StackConfig } from "../../config/types";
import { buildCalicoPolicies, DEFAULT_DENY_NAME, namespacesOtherThan, SYSTEM_NAMESPACES } from "../../manifests/calico";
import { buildTopology } from "../../topology";
import { allConfigs } from "../manifests/stacks";
import { testStackConfig } from "../fixtures/stackConfig";

const REPO_ROOT = path.resolve(__dirname, "../..");
/** What the API server accepts as a namespace name (RFC 1123 label). */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Reads `kubernetes.io/metadata.name not in {"a", "b"}` back into its names, strictly: every
 * element double-quoted, exactly ", " between elements, nothing else. Throws on anything else.
 */
function exemptedBy(selector: string): string[] {
  const match = /^kubernetes\.io\/metadata\.name not in \{(.*)\}$/.exec(selector);
  if (!match) throw new Error(`not a "not in" selector on the namespace name: ${selector}`);
  const elements = match[1]!;
  if (!/^"[^"]+"(, "[^"]+")*$/.test(elements)) throw new Error(`malformed set in ${selector}`);
  return elements.split(", ").map((quoted) => quoted.slice(1, -1));
}

function defaultDenySelector(config: StackConfig = calicoConfig()): string {
  const policy = buildCalicoPolicies(buildTopology(config), config).find((o) => o.metadata.name === DEFAULT_DENY_NAME);
  assert.ok(policy, "no cluster default deny");
  return String((policy.spec as { namespaceSelector?: string }).namespaceSelector);
}

function calicoConfig(): StackConfig {
  const base = testStackConfig();
  return { ...base, policy: { ...base.policy, engine: "calico" } };
}

describe("item 17: the default deny's system-namespace exemptions come from SYSTEM_NAMESPACES", () => {
  it("exempts exactly the list", () => {
    assert.deepEqual(exemptedBy(defaultDenySelector()), [...SYSTEM_NAMESPACES]);
  });

  it("a namespace added to the list appears in the selector, and leaving it again removes it", () => {
    const list = SYSTEM_NAMESPACES as string[];
    list.push("amazon-cloudwatch");
    try {
      assert.ok(exemptedBy(defaultDenySelector()).includes("amazon-cloudwatch"));
    } finally {
      list.pop();
    }
    assert.ok(!exemptedBy(defaultDenySelector()).includes("amazon-cloudwatch"));
  });

  it("renders the same selector whatever the list's order, without duplicates", () => {
    assert.equal(namespacesOtherThan(["b", "a", "b"]), 'kubernetes.io/metadata.name not in {"a", "b"}');
  });

  it("the selector reader catches a missing separator, a missing quote or an empty set", () => {
    assert.deepEqual(exemptedBy('kubernetes.io/metadata.name not in {"a", "b"}'), ["a", "b"]);
    for (const broken of ['{"a" "b"}', '{"a",, "b"}', '{"a","b"}', '{a, "b"}', "{}", '{"a", "b"'].map((set) => `kubernetes.io/metadata.name not in ${set}`)) {
      assert.throws(() => exemptedBy(broken), /selector|malformed/, broken);
    }
  });

  it("lists valid namespace names, sorted, once each (a typo would exempt nothing)", () => {
    for (const name of SYSTEM_NAMESPACES) assert.match(name, NAMESPACE_NAME);
    assert.deepEqual([...SYSTEM_NAMESPACES].sort(), [...SYSTEM_NAMESPACES]);
    assert.equal(new Set(SYSTEM_NAMESPACES).size, SYSTEM_NAMESPACES.length);
  });

  it("never exempts an application namespace or `default`, in any stack file or fixture", () => {
    for (const { name, config } of allConfigs()) {
      const exempt = exemptedBy(defaultDenySelector({ ...config, policy: { ...config.policy, engine: "calico" } }));
      const appNamespaces = buildTopology(config).workloads.map((w) => w.namespace);
      assert.deepEqual(appNamespaces.filter((ns) => exempt.includes(ns)), [], name);
      assert.ok(!exempt.includes("default"), name);
    }
  });

  it("README names the list and where it lives, and tells users to extend it", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    assert.ok(readme.includes("`SYSTEM_NAMESPACES`") && readme.includes("manifests/calico/systemNamespaces.ts"));
    assert.ok(fs.existsSync(path.join(REPO_ROOT, "manifests/calico/systemNamespaces.ts")));
  });
});
