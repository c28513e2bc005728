// Reading a project directory as the CLI does: which stack names and files are taken, how
// Pulumi.yaml's declarations become defaults, and the problem each malformed file gets.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, listStacks, loadStackFile, readStackRaw } from "../../config";

function projectDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zte-stackfiles-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The one problem of the ConfigError `read` throws, as plain data. */
function onlyProblem(read: () => unknown): { key: string; value: string; expected: string } {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.strictEqual(error.problems.length, 1, error.message);
    return { ...error.problems[0] };
  }
  return assert.fail("expected a ConfigError");
}

const PROJECT_YAML = [
  "name: zero-trust-eks",
  "config:",
  "  aws:region:",
  "    value: eu-west-1",
  "  environment:",
  "    default: test",
  "  vpcCidr:",
  "    type: string",
  "",
].join("\n");

describe("config: stack files on disk", () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string>): string => {
    const dir = projectDir(files);
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists exactly the Pulumi.<stack>.yaml and .yml files, sorted", () => {
    const names = ["zeta", "alpha", "mid", "b2", "b10", "omega", "kappa", "delta", "x.y"];
    const files: Record<string, string> = { "Pulumi.yaml": "name: p\n" };
    names.forEach((name, i) => (files[`Pulumi.${name}.${i % 2 ? "yml" : "yaml"}`] = "config: {}\n"));
    Object.assign(files, { "Pulumi.old.yaml.bak": "", "xPulumi.copy.yaml": "", "Pulumi.yaml.orig": "" });
    assert.deepStrictEqual(listStacks(make(files)), [...names].sort());
  });

  it("sorts stack names by name, not by file name (a before a-b, though Pulumi.a-b.yaml sorts first)", () => {
    assert.deepStrictEqual(listStacks(make({ "Pulumi.a-b.yaml": "", "Pulumi.a.yaml": "", "Pulumi.a_b.yaml": "" })), ["a", "a-b", "a_b"]);
  });

  it("a project directory that does not exist has no stacks to suggest", () => {
    const missing = path.join(make({}), "nowhere");
    assert.strictEqual(onlyProblem(() => readStackRaw(missing, "dev")).expected, "an existing file (stacks found: none)");
  });

  for (const stack of ["../dev", "-dev", "dev/", ".hidden", "dev stack", ""]) {
    it(`refuses the stack name ${JSON.stringify(stack)} before reading any file`, () => {
      assert.deepStrictEqual(onlyProblem(() => readStackRaw(make({ "Pulumi.yaml": PROJECT_YAML }), stack)), {
        key: "stack", value: JSON.stringify(stack), expected: "a stack name of letters, digits, '-', '_' or '.'",
      });
    });
  }

  it("a missing stack file names the stacks that exist, or none", () => {
    const empty = make({ "Pulumi.yaml": PROJECT_YAML });
    assert.deepStrictEqual(onlyProblem(() => readStackRaw(empty, "dev")), {
      key: "Pulumi.dev.yaml", value: JSON.stringify(path.join(empty, "Pulumi.dev.yaml")), expected: "an existing file (stacks found: none)",
    });
    const two = make({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.b.yaml": "", "Pulumi.a.yaml": "" });
    assert.strictEqual(onlyProblem(() => readStackRaw(two, "dev")).expected, "an existing file (stacks found: a, b)");
  });

  it("invalid YAML is reported with the first line of the parser's message", () => {
    const dir = make({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.s.yaml": "config:\n  a: [x\n" });
    const found = onlyProblem(() => readStackRaw(dir, "s"));
    assert.strictEqual(found.key, "Pulumi.s.yaml");
    assert.match(found.expected, /^valid YAML \([^\n]{20,}\)$/);
  });

  it("takes Pulumi.yaml's defaults and values; a declaration without one leaves the key table's default", () => {
    const dir = make({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.s.yaml": "config:\n" });
    assert.deepStrictEqual(readStackRaw(dir, "s"), { "aws:region": "eu-west-1", "zero-trust-eks:environment": "test" });
    const config = loadStackFile(dir, "s");
    assert.strictEqual(config.region, "eu-west-1");
    assert.strictEqual(config.network.vpcCidr, "10.0.0.0/16");
  });

  it("a stack file without a config section, or with an empty one, gets the project's values", () => {
    const dir = make({
      "Pulumi.yaml": PROJECT_YAML, "Pulumi.s.yaml": "# nothing yet\n", "Pulumi.t.yaml": "encryptionsalt: x\n", "Pulumi.u.yaml": "config:\n",
    });
    for (const stack of ["s", "t", "u"]) assert.strictEqual(loadStackFile(dir, stack).environment, "test", stack);
    const bare = make({ "Pulumi.yaml": "name: p\nconfig:\n", "Pulumi.s.yaml": "config:\n  aws:region: eu-west-1\n" });
    assert.deepStrictEqual(readStackRaw(bare, "s"), { "aws:region": "eu-west-1" });
  });

  it("a plain declaration is its own default, a null one is an empty key", () => {
    const dir = make({
      "Pulumi.yaml": "name: p\nconfig:\n  aws:region: eu-west-1\n  environment: plain\n",
      "Pulumi.s.yaml": "config: {}\n",
    });
    assert.deepStrictEqual(readStackRaw(dir, "s"), { "aws:region": "eu-west-1", "zero-trust-eks:environment": "plain" });
    const nulled = make({ "Pulumi.yaml": `${PROJECT_YAML}  owner:\n`, "Pulumi.s.yaml": "" });
    assert.strictEqual(readStackRaw(nulled, "s")["zero-trust-eks:owner"], null);
    assert.match(onlyProblem(() => loadStackFile(nulled, "s")).expected, /^a value \(the key is present but empty\)/);
  });

  for (const [text, value] of [["config: hello\n", '"hello"'], ["config:\n  - a\n", '["a"]']] as const) {
    it(`a stack file whose config is ${value} is refused, naming the file`, () => {
      const dir = make({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.s.yaml": text });
      assert.deepStrictEqual(onlyProblem(() => readStackRaw(dir, "s")), {
        key: "Pulumi.s.yaml: config", value, expected: "a map of config keys to values",
      });
    });
  }

  it("a Pulumi.yaml whose config is not a map is refused, naming Pulumi.yaml", () => {
    const dir = make({ "Pulumi.yaml": "name: p\nconfig: [1]\n", "Pulumi.s.yaml": "" });
    assert.deepStrictEqual(onlyProblem(() => readStackRaw(dir, "s")), {
      key: "Pulumi.yaml: config", value: "[1]", expected: "a map of config keys to values",
    });
  });
});
