// Pulumi.yaml's declared config and docs/config.md's table are both renderings of the parser's key
// table. Set UPDATE_REFERENCE=1 to rewrite them from it; otherwise any drift fails here.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CONFIG_KEYS } from "../../config";
import { projectConfigDeclarations, projectFile, renderConfigTable } from "../../config/reference";
import { PROJECT_DIR } from "./helpers";

const UPDATE = process.env.UPDATE_REFERENCE === "1";
const PROJECT_FILE = path.join(PROJECT_DIR, "Pulumi.yaml");
const DOCS_FILE = path.join(PROJECT_DIR, "docs", "config.md");
const BEGIN = "<!-- config-table:begin -->";
const END = "<!-- config-table:end -->";
const PROJECT_HEADER = [
  "# Project file. The config declarations below are generated from the key table in",
  "# config/keys.ts (test/config/reference.test.ts fails if they differ). aws:region is a provider",
  "# key, so each stack sets it itself. Reference: docs/config.md.",
  "",
].join("\n");

function docsWithTable(docs: string): string {
  const start = docs.indexOf(BEGIN);
  const end = docs.indexOf(END);
  assert.ok(start >= 0 && end > start, `docs/config.md needs ${BEGIN} ... ${END}`);
  return `${docs.slice(0, start + BEGIN.length)}\n${renderConfigTable()}\n${docs.slice(end)}`;
}

describe("config: Pulumi.yaml and docs/config.md agree with the key table", () => {
  before(() => {
    if (!UPDATE) return;
    fs.writeFileSync(PROJECT_FILE, PROJECT_HEADER + YAML.stringify(projectFile(), { lineWidth: 0 }));
    fs.writeFileSync(DOCS_FILE, docsWithTable(fs.readFileSync(DOCS_FILE, "utf8")));
  });

  const project = YAML.parse(fs.readFileSync(PROJECT_FILE, "utf8"));

  it("Pulumi.yaml is the zero-trust-eks TypeScript project", () => {
    assert.strictEqual(project.name, "zero-trust-eks");
    assert.deepStrictEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
    assert.strictEqual(typeof project.description, "string");
  });

  it("Pulumi.yaml declares every project key with the table's type, description and default", () => {
    assert.deepStrictEqual(project.config, projectConfigDeclarations());
  });

  it("declares only types and defaults Pulumi's project schema allows", () => {
    for (const [name, declaration] of Object.entries<Record<string, unknown>>(project.config)) {
      assert.ok(["string", "integer", "boolean", "array"].includes(String(declaration.type)), name);
      if (declaration.type === "array") assert.deepStrictEqual(declaration.items, { type: "string" }, name);
      assert.ok(!name.includes(":"), `${name}: provider keys cannot be declared with a type`);
    }
  });

  it("docs/config.md holds the table rendered from the key table", () => {
    const docs = fs.readFileSync(DOCS_FILE, "utf8");
    assert.strictEqual(docs, docsWithTable(docs));
  });

  it("the docs table has one row per key, required keys marked", () => {
    const table = renderConfigTable();
    for (const spec of CONFIG_KEYS) assert.ok(table.includes(`| \`${spec.key}\` |`), spec.key);
    assert.strictEqual(table.split("\n").length, CONFIG_KEYS.length + 2);
    assert.strictEqual((table.match(/\*required\*/g) ?? []).length, CONFIG_KEYS.filter((k) => k.default === undefined).length);
  });
});
