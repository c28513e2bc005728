// The pack as a whole: every rule named, explained and levelled in one place; levels and rule
// settings overridable through the pack config the way `--policy-pack-config` passes them; the
// packaging (PulumiPolicy.yaml, an exactly pinned @pulumi/policy, index.ts only assembling).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { StackValidationPolicy } from "@pulumi/policy";
import YAML from "yaml";
import { policies } from "../../policy-pack/rules";
import { LEVELS } from "../../policy-pack/rules/levels";
import { lines, policyNamed, runPack, validateStack } from "./crossguard";
import { clone, stackResources } from "./stackResources";

const PACK_DIR = path.resolve(__dirname, "../../policy-pack");
const read = (file: string) => fs.readFileSync(path.join(PACK_DIR, file), "utf8");

describe("policy pack: rules, levels, config", () => {
  it("every rule has a unique name, a description of why it exists, and its level from levels.ts", () => {
    const all = policies();
    assert.deepEqual(all.map((p) => p.name).sort(), Object.keys(LEVELS).sort());
    for (const policy of all) {
      assert.equal(policy.enforcementLevel, LEVELS[policy.name as keyof typeof LEVELS], policy.name);
      assert.ok(policy.description.length > 60, `${policy.name}: the description should say why the rule exists`);
    }
  });

  it("mandatory: the zero-trust rules and the proof; advisory: flow logs, log types, disruption budgets, limits", () => {
    const advisory = Object.entries(LEVELS).filter(([, level]) => level === "advisory").map(([name]) => name).sort();
    assert.deepEqual(advisory, ["container-resource-limits", "eks-control-plane-logs-complete", "flow-logs-in-production", "pod-disruption-budgets"]);
  });

  it("a rule's config schema declares the defaults the rule applies", () => {
    for (const policy of policies()) {
      for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        assert.notEqual((schema as { default?: unknown }).default, undefined, `${policy.name}.${key} has no default in its schema`);
      }
    }
  });

  it("the pack config overrides a level (a string or { enforcementLevel }) and can disable a rule", async () => {
    const dev = await stackResources("dev");
    const asMandatory = await runPack(dev, { "eks-control-plane-logs-complete": "mandatory" });
    assert.deepEqual(lines(asMandatory, "mandatory"), ["eks-control-plane-logs-complete: EKS cluster zero-trust-eks-dev does not log authenticator, controllerManager, scheduler"]);
    const disabled = await runPack(dev, { "eks-control-plane-logs-complete": { enforcementLevel: "disabled" } });
    assert.deepEqual(lines(disabled), []);
  });

  it("pod-disruption-budgets (advisory) passes prod and names a replicated workload whose budget is gone", async () => {
    const prod = await stackResources("prod");
    const rule = policyNamed("pod-disruption-budgets") as StackValidationPolicy;
    assert.deepEqual(await validateStack(rule, prod), []);
    const withoutBudget = clone(prod).filter((r) => !(r.type === "kubernetes:policy/v1:PodDisruptionBudget" && r.name.endsWith("-bank-backend-backend")));
    assert.deepEqual((await validateStack(rule, withoutBudget)).map((d) => [d.level, d.message]), [
      ["advisory", "Deployment bank-backend/backend runs 3 replicas without a PodDisruptionBudget selecting its pods"],
    ]);
  });
});

describe("policy pack: packaging", () => {
  it("PulumiPolicy.yaml runs the pack on Node.js", () => {
    assert.equal((YAML.parse(read("PulumiPolicy.yaml")) as { runtime: string }).runtime, "nodejs");
  });

  it("pins @pulumi/policy exactly, and the root installs the pack as an npm workspace", () => {
    const pack = JSON.parse(read("package.json")) as { dependencies: Record<string, string>; main: string };
    assert.match(pack.dependencies["@pulumi/policy"], /^\d+\.\d+\.\d+$/);
    assert.equal(pack.main, "index.ts");
    const root = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "..", "package.json"), "utf8")) as { workspaces: string[]; dependencies: Record<string, string> };
    assert.deepEqual(root.workspaces, ["policy-pack"]);
    assert.equal(pack.dependencies["@pulumi/pulumi"], root.dependencies["@pulumi/pulumi"], "the pack and the program share one @pulumi/pulumi");
  });

  it("index.ts only assembles the PolicyPack from rules/ (tests never import it: it starts a gRPC server)", () => {
    const code = read("index.ts").split("\n").filter((line) => !line.startsWith("//") && line.trim() !== "");
    assert.deepEqual(code.filter((line) => line.startsWith("import")), ['import { PolicyPack } from "@pulumi/policy";', 'import { policies } from "./rules";']);
    assert.equal(code.filter((line) => line.includes("new PolicyPack(")).length, 1);
  });
});
