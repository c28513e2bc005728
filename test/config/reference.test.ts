// Pulumi.yaml's declared config and docs/config.md's table are both renderings of the parser's key
// table. Set UPDATE_REFERENCE=1 to rewrite them from it; otherwise any drift fails here.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CONFIG_KEYS, listStacks, loadStackFile } from "../../config";
import { projectConfigDeclarations, projectFile, renderConfigTable, renderStackComparison } from "../../config/reference";
import { PROJECT_DIR } from "./helpers";

const UPDATE = process.env.UPDATE_REFERENCE === "1";
const PROJECT_FILE = path.join(PROJECT_DIR, "Pulumi.yaml");
const DOCS_FILE = path.join(PROJECT_DIR, "docs", "config.md");
const README_FILE = path.join(PROJECT_DIR, "README.md");
/** Every stack file: the EKS environments in their promotion order, then any other stack (local). */
const PROMOTION_ORDER = ["dev", "staging", "prod"];
const STACKS = [...PROMOTION_ORDER, ...listStacks(PROJECT_DIR).filter((stack) => !PROMOTION_ORDER.includes(stack))];
const PROJECT_HEADER = [
  "# Project file. The config declarations below are generated from the key table in",
  "# config/keys.ts (test/config/reference.test.ts fails if they differ). aws:region is a provider",
  "# key, so each stack sets it itself. Reference: docs/config.md.",
  "",
].join("\n");

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->`. */
function withSection(docs: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const start = docs.indexOf(begin);
  const end = docs.indexOf(`<!-- ${name}:end -->`);
  assert.ok(start >= 0 && end > start, `the generated document needs the ${name} markers`);
  return `${docs.slice(0, start + begin.length)}\n${body}\n${docs.slice(end)}`;
}

function expectedDocs(docs: string): string {
  const stacks = renderStackComparison(STACKS.map((stack) => loadStackFile(PROJECT_DIR, stack)));
  return withSection(withSection(docs, "config-table", renderConfigTable()), "stacks-table", stacks);
}

describe("config: Pulumi.yaml and docs/config.md agree with the key table", () => {
  before(() => {
    if (!UPDATE) return;
    fs.writeFileSync(PROJECT_FILE, PROJECT_HEADER + YAML.stringify(projectFile(), { lineWidth: 0 }));
    for (const file of [DOCS_FILE, README_FILE]) fs.writeFileSync(file, expectedDocs(fs.readFileSync(file, "utf8")));
  });

  // Read lazily: in update mode the `before` hook rewrites the file first.
  let project: { name: string; runtime: unknown; description: unknown; config: Record<string, Record<string, unknown>> };
  before(() => {
    project = YAML.parse(fs.readFileSync(PROJECT_FILE, "utf8"));
  });

  it("Pulumi.yaml is the zero-trust-eks TypeScript project", () => {
    assert.strictEqual(project.name, "zero-trust-eks");
    assert.deepStrictEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
    assert.strictEqual(typeof project.description, "string");
  });

  it("Pulumi.yaml declares every project key with the table's type, description and default", () => {
    assert.deepStrictEqual(project.config, projectConfigDeclarations());
  });

  it("declares only types and defaults Pulumi's project schema allows", () => {
    for (const [name, declaration] of Object.entries(project.config)) {
      assert.ok(["string", "integer", "boolean", "array"].includes(String(declaration.type)), name);
      if (declaration.type === "array") assert.deepStrictEqual(declaration.items, { type: "string" }, name);
      assert.ok(!name.includes(":"), `${name}: provider keys cannot be declared with a type`);
    }
  });

  it("docs/config.md holds the key table and the stack comparison, rendered from the code", () => {
    const docs = fs.readFileSync(DOCS_FILE, "utf8");
    assert.strictEqual(docs, expectedDocs(docs));
  });

  it("README.md holds the same key table and stack comparison", () => {
    const readme = fs.readFileSync(README_FILE, "utf8");
    assert.strictEqual(readme, expectedDocs(readme));
  });

  it("the docs table has one row per key, required keys marked", () => {
    const table = renderConfigTable();
    for (const spec of CONFIG_KEYS) assert.ok(table.includes(`| \`${spec.key}\` |`), spec.key);
    assert.strictEqual(table.split("\n").length, CONFIG_KEYS.length + 2);
    assert.strictEqual((table.match(/\*required\*/g) ?? []).length, CONFIG_KEYS.filter((k) => k.default === undefined).length);
  });
});
