// docs/policy-pack.md restates the rules, their levels and the defaults of their settings: they
// must agree with levels.ts and the rules, or the docs lie.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { SYSTEM_NAMESPACES } from "../../manifests/calico/systemNamespaces";
import { policies } from "../../policy-pack/rules";
import { LEVELS } from "../../policy-pack/rules/levels";

const ROOT = path.resolve(__dirname, "../..");
const docs = fs.readFileSync(path.join(ROOT, "docs/policy-pack.md"), "utf8");

describe("docs/policy-pack.md", () => {
  it("lists every rule once, with the level levels.ts sets", () => {
    const rows = [...docs.matchAll(/^\| `([a-z-]+)` \| (mandatory|advisory) \|/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(rows.map(([name]) => name).sort(), Object.keys(LEVELS).sort());
    for (const [name, level] of rows) assert.equal(level, LEVELS[name as keyof typeof LEVELS], name);
  });

  it("documents every rule setting, and the exempt namespaces as they are", () => {
    for (const policy of policies()) {
      for (const key of Object.keys(policy.configSchema?.properties ?? {})) assert.ok(docs.includes(`\`${key}\``), `${policy.name}.${key} is not documented`);
    }
    assert.ok(docs.includes(`\`SYSTEM_NAMESPACES\` (${[...SYSTEM_NAMESPACES].sort().join(", ")})`));
  });

  it("the README shows the pack on preview and up, and links the docs", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const text of ["pulumi preview --policy-pack policy-pack", "pulumi up --policy-pack policy-pack", "docs/policy-pack.md"]) assert.ok(readme.includes(text), text);
  });
});
