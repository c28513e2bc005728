/**
 * The block-YAML fast path (netpol/stream/blockYaml.ts) on small exact examples: what it reads
 * is exactly what the `yaml` package gives for the same text, and what it leaves to `yaml`
 * (UNSUPPORTED) is exactly what lies outside its subset. The property tests in reader.test.ts
 * compare whole readings; these pin each rule of the subset on its own, and the fast path's
 * reach (a manifest in the usual kubectl / Helm style never goes to the slower `yaml` package).
 */
import { strict as assert } from "assert";
import { parseAllDocuments } from "yaml";
import { readBlockDocument, resolvePlain, UNSUPPORTED } from "../../../netpol/stream/blockYaml";

/** What the `yaml` package reads from one document (it must have no error). */
function yamlValue(text: string): unknown {
  const documents = parseAllDocuments(text);
  assert.ok(Array.isArray(documents), `yaml: ${text}`);
  if (documents.length === 0) return null;
  assert.equal(documents.length, 1, `one document: ${JSON.stringify(text)}`);
  const document = documents[0];
  assert.deepEqual(document?.errors.map((error) => error.message), [], `yaml reads ${JSON.stringify(text)} without error`);
  return document?.toJS();
}

/** Read by the fast path, as `yaml` reads it (and as `expected`, when given). */
function assertFast(text: string, expected?: unknown): void {
  let value: unknown;
  try {
    value = readBlockDocument(text, 0, text.length);
  } catch (error) {
    if (error === UNSUPPORTED) assert.fail(`the fast path gave up on ${JSON.stringify(text)}`);
    throw error;
  }
  assert.deepEqual(value, yamlValue(text), `as yaml reads ${JSON.stringify(text)}`);
  if (expected !== undefined) assert.deepEqual(value, expected, JSON.stringify(text));
}

/** Left to the `yaml` package. */
function assertLeftToYaml(text: string): void {
  assert.throws(() => readBlockDocument(text, 0, text.length), (error: unknown) => error === UNSUPPORTED, JSON.stringify(text));
}

describe("netpol/stream/blockYaml: the fast path reads as the yaml package does", () => {
  it("resolves plain scalars as the core schema does, the first character of every tag included", () => {
    const cases: [string, unknown][] = [
      ["", null], ["~", null], ["null", null], ["Null", null], ["NULL", null], ["true", true], ["True", true], ["TRUE", true],
      ["false", false], ["False", false], ["FALSE", false], ["0", 0], ["9", 9], ["+1", 1], ["-1", -1], [".5", 0.5], ["0x1F", 31],
      ["0o17", 15], ["1e3", 1000], [".inf", Infinity], ["-.Inf", -Infinity], ["+.inf", Infinity], [".NaN", NaN], ["012", 12],
      ["nan", "nan"], ["n", "n"], ["N", "N"], ["t", "t"], ["T", "T"], ["f", "f"], ["F", "F"], ["-", "-"], ["+", "+"], [".", "."],
      ["1_000", "1_000"], ["0x", "0x"], ["x1", "x1"], ["web", "web"], ["/", "/"], [":", ":"], ["9x", "9x"], ["0.5.1", "0.5.1"],
    ];
    for (const [text, expected] of cases) assert.deepEqual(resolvePlain(text), expected, JSON.stringify(text));
    for (const [text] of cases) if (text !== "" && !/^[-:]$/.test(text)) assertFast(`a: ${text}\n`);
  });

  it("reads block mappings and sequences, nested, in both sequence indentations, with compact entries", () => {
    assertFast("", null);
    assertFast("# only a comment\n\n", null);
    assertFast("web\n", "web");
    assertFast("  42  # the answer\n", 42);
    assertFast("a: 1\nb: x\n", { a: 1, b: "x" });
    assertFast("a:\n  b:\n    c: d\n  e: f\ng: h\n", { a: { b: { c: "d" }, e: "f" }, g: "h" });
    assertFast("a:\n- 1\n- 2\nb: 3\n", { a: [1, 2], b: 3 });
    assertFast("a:\n  - 1\n  - x\nb:\n- y\n", { a: [1, "x"], b: ["y"] });
    assertFast("- a: 1\n  b: 2\n- c\n", [{ a: 1, b: 2 }, "c"]);
    assertFast("- - x\n  - y\n-   - z\n", [["x", "y"], ["z"]]);
    assertFast("-\n  a: 1\n-\n- x\n", [{ a: 1 }, null, "x"]);
    assertFast("- # first\n  a: 1\n-  # empty\n", [{ a: 1 }, null]);
    assertFast("a:\nb:\n  - \nc: # nothing\n", { a: null, b: [null], c: null });
    assertFast("a: # comment\n  b: 1\n", { a: { b: 1 } });
    assertFast("a:\n- b: 1\n  c:\n  - d\n- e: f\n", { a: [{ b: 1, c: ["d"] }, { e: "f" }] });
    assertFast("containers:\n- name: c\n  ports:\n  - containerPort: 80\n    protocol: TCP\n", { containers: [{ name: "c", ports: [{ containerPort: 80, protocol: "TCP" }] }] });
  });

  it("reads keys as written: plain, quoted, with spaces and indicators inside", () => {
    assertFast("a b: c d\n", { "a b": "c d" });
    assertFast("app.kubernetes.io/name: web\n", { "app.kubernetes.io/name": "web" });
    assertFast("'k': v\n\"q\" : w\n'it''s': x\n", { k: "v", q: "w", "it's": "x" });
    assertFast("'1': one\n\"true\": yes\n", { 1: "one", true: "yes" });
    assertFast("-x: 1\n?a: 2\n:b: 3\nnx: 4\nx#y: 5\n", { "-x": 1, "?a": 2, ":b": 3, nx: 4, "x#y": 5 });
    assertFast("a:x: 1\n", { "a:x": 1 });
    assertFast("k   : v\n", { k: "v" });
    assertFast("k:\n", { k: null });
    assertFast("'k':\n  x: 1\n\"q\":\n- y\n", { k: { x: 1 }, q: ["y"] });
    assertFast("a #b: c\n", "a");
    assertFast("a: 1\n\nb:\n\n  c: 2\n", { a: 1, b: { c: 2 } });
    assertFast("- a:\n- x\n", [{ a: null }, "x"]);
    assertFast("\na: 1\n", { a: 1 });
  });

  it("reads one-line scalars: quoted, with comments, trailing spaces, colons and hashes inside, [] and {}", () => {
    assertFast("a: x #c\nb: x#c\nc: x   \nd: 'y' # c\ne: \"z\"  \n", { a: "x", b: "x#c", c: "x", d: "y", e: "z" });
    assertFast("a: 'it''s'\nb: ''\nc: \"\"\nd: 'a # b'\ne: \"a: b\"\nf: '''x'''\n", { a: "it's", b: "", c: "", d: "a # b", e: "a: b", f: "'x'" });
    assertFast("a: http://x:80/\nb: a:b\nc: -x\nd: ?x\ne: :x\n", { a: "http://x:80/", b: "a:b", c: "-x", d: "?x", e: ":x" });
    assertFast("a: []\nb: {}\nc: [] # none\nd: {}  \n", { a: [], b: {}, c: [], d: {} });
    assertFast("- 'q'\n- \"r\" # c\n", ["q", "r"]);
    assertFast("a: '1'\nb: \"null\"\nc: 1.0\n", { a: "1", b: "null", c: 1 });
    assertFast("a: é ü ✓\n", { a: "é ü ✓" });
  });

  it("reads CRLF line ends, and only the given range of a longer text", () => {
    assertFast("a: 1\r\nb:\r\n- x\r\n  # c\r\nc: 'q'\r\n", { a: 1, b: ["x"], c: "q" });
    assertFast("a: x\r\n", { a: "x" });
    assertFast("\r\na: 1\r\n", { a: 1 });
    assertFast("\r\n  \r\n# c\r\n- 1\r\n", [1]);
    const text = "junk: [\r\na: 1\r\nb:\r\n  c: x\r\nmore: {\r\n";
    const start = text.indexOf("a: 1");
    const end = text.indexOf("more");
    assert.deepEqual(readBlockDocument(text, start, end), { a: 1, b: { c: "x" } });
    assert.deepEqual(readBlockDocument(text, start, end, true), { a: 1, b: { c: "x" } });
    assert.deepEqual(readBlockDocument("a: 1\nb: 2\r", 0, 10), { a: 1, b: 2 }, "a carriage return past the end is not read");
    assert.deepEqual(readBlockDocument("a: 1\r\nb: 2\r", 0, 10), { a: 1, b: 2 }, "a carriage return past the end is not read");
    assert.deepEqual(readBlockDocument("a: 1\n\tb: 2", 0, 5), { a: 1 }, "a tab past the end is not looked at");
    assert.deepEqual(readBlockDocument("x: 0\na: 1\nb: 2\n", 5, 10), { a: 1 });
    assert.deepEqual(readBlockDocument("a: 'x''y'", 0, 6), { a: "x" }, "a quote past the end escapes nothing");
    assert.deepEqual(readBlockDocument("a: 1\nb: 2x\n", 0, 9), { a: 1, b: 2 }, "a line cut at the end");
    assert.deepEqual(readBlockDocument("- 'k':", 0, 5), ["k"], "a colon past the end makes no key");
    assert.deepEqual(readBlockDocument("- a: x", 0, 3), ["a"], "a colon past the end makes no key");
    assert.deepEqual(readBlockDocument("-  x", 0, 2), [null], "spaces past the end are not read");
    assert.deepEqual(readBlockDocument("a:  x", 0, 3), { a: null }, "spaces past the end are not read");
    for (const text of ['a: "x"', "a: 'x'"]) {
      assert.throws(() => readBlockDocument(text, 0, 5), (error: unknown) => error === UNSUPPORTED, `a closing quote past the end closes nothing: ${text}`);
    }
    assert.deepEqual(readBlockDocument("a: \"x\"\"", 0, 6), { a: "x" });
  });

  it("leaves to yaml what is outside its subset", () => {
    const cases = [
      "a:\tb\n", "a: b\tc\n", "a: \u0001\n", "a: \u0085\n", "a: \ufeffx\n", "a: 1\rb: 2\n", "a: 1\r\rb: 2\n",
      "a: [x]\n", "a: {x: 1}\n", "a: [ ]\n", "a: [] x\n", "a: {}x\n", "a: []#c\n", "[a]: 1\n", "{a: 1}\n",
      "a: |\n  x\n", "a: >\n  x\n", "a: &x 1\n", "a: *x\n", "a: !t x\n", "a: %x\n", "a: @x\n", "a: `x\n", "a: \\x\n", "a: ,x\n",
      "a: \"x\\n\"\n", "a: \"x\n", "a: 'x\n", "a: 'x' y\n", "a: \"x\"y\n", "a: 'x'#c\n", "a: \"x\n  y\"\n", "a: 'x\n  y'\n",
      "a: -\n", "a: - x\n", "a: ?\n", "a: ? x\n", "a: :\n", "a: : x\n", "? a\n", ": a\n", "- : a\n",
      "a: b: c\n", "a: b:\n", "a\n  b\n", "a: b\n  c\n", "x\ny\n", "a:\n    b: 1\n  c: 2\n", "- a\n  - b\n", "a: 1\n- b\n", "- a\nb: 1\n",
      "1: x\n", "true: x\n", "null: x\n", "~: x\n", "0x1F: x\n", ".inf: x\n", "-1: x\n", "+1: x\n", "False: x\n", "9: x\n", "NULL: x\n",
      "__proto__: x\n", "a: 1\na: 2\n", "a:\n  b: 1\n  b: 2\n", "'a': 1\na: 2\n",
      "a:# c\n  b: 1\n", "-# c\n  - x\n", "a: x\n b: y\n", "a:\n  - x\n y: 1\n", "'a' b: 1\n", "'a':b\n", "\"a\"\n  b\n", "x: 1\na #b: c\n", "a: \"x\nb: \"y\"\n", "a: 'x\nb: 'y'\n", "a: [}\n", "a: {]\n", "a: x\ry\n", "a: \"x\n# \"\n", "a: 'x\n# '\n",
    ];
    for (const text of cases) assertLeftToYaml(text);
  });
});
