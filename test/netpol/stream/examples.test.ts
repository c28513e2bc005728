/**
 * The streamed reader (netpol/stream) on small exact examples: the objects and the document
 * count the `yaml` package gives for the same text, split into chunks at every position; which
 * documents the fast path reads and which go to the `yaml` package (a manifest in the usual
 * style never does); problems naming source, document and line; `List` flattening; the kinds
 * left out, counted, and kept as stubs; the source each object remembers.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { NetpolInputError, parseManifestText } from "../../../netpol";
import { ManifestRead, ManifestReader, readManifestFile, readManifestText, streamedSource } from "../../../netpol/stream";

/* eslint-disable @typescript-eslint/no-var-requires */
const yamlModule = require("yaml") as { parseAllDocuments: typeof parseAllDocuments };

/** The texts the reader gives the `yaml` package while `read` runs. */
function yamlCalls(read: () => void): string[] {
  const original = yamlModule.parseAllDocuments;
  const calls: string[] = [];
  yamlModule.parseAllDocuments = ((text: string, ...rest: unknown[]) => {
    calls.push(text);
    return (original as (...args: unknown[]) => unknown)(text, ...rest);
  }) as typeof parseAllDocuments;
  try {
    read();
  } finally {
    yamlModule.parseAllDocuments = original;
  }
  return calls;
}

type Reading = { readonly objects: unknown; readonly documents?: number } | { readonly error: string };

function reading(read: () => ManifestRead): Reading {
  try {
    const { objects, documents } = read();
    return { objects, documents };
  } catch (error) {
    if (error instanceof NetpolInputError) return { error: error.message };
    throw error;
  }
}

/** What parseManifestText gives, with the documents the `yaml` package counts. */
function expectedReading(text: string): Reading {
  try {
    const objects = parseManifestText(text, "in.yaml");
    const documents = text.trimStart().startsWith("{") || text.trimStart().startsWith("[") ? 1 : parseAllDocuments(text).length;
    return { objects, documents };
  } catch (error) {
    if (error instanceof NetpolInputError) return { error: error.message };
    throw error;
  }
}

function inChunks(chunks: readonly (string | Buffer)[]): ManifestRead {
  const reader = new ManifestReader("in.yaml", { prune: false });
  for (const chunk of chunks) reader.write(chunk);
  return reader.end();
}

/** Whole, split in two at every position, one character at a time, and as bytes one at a time. */
function assertReadsAsYaml(text: string, expected: Reading = expectedReading(text)): void {
  assert.deepEqual(reading(() => readManifestText(text, "in.yaml", { prune: false })), expected, `whole ${JSON.stringify(text)}`);
  for (let split = 1; split < text.length; split++) {
    assert.deepEqual(reading(() => inChunks([text.slice(0, split), text.slice(split)])), expected, `split at ${split}: ${JSON.stringify(text)}`);
  }
  assert.deepEqual(reading(() => inChunks([...text])), expected, `by character: ${JSON.stringify(text)}`);
  const bytes = Buffer.from(text, "utf8");
  assert.deepEqual(reading(() => inChunks([...bytes].map((byte) => Buffer.from([byte])))), expected, `by byte: ${JSON.stringify(text)}`);
}

/** Read as `yaml` reads it, and without the `yaml` package at all (whole and one character at a time). */
function assertFast(text: string, expected?: Reading): void {
  assertReadsAsYaml(text, expected);
  assert.deepEqual(yamlCalls(() => readManifestText(text, "in.yaml", { prune: false })), [], `the yaml package read part of ${JSON.stringify(text)}`);
  assert.deepEqual(yamlCalls(() => inChunks([...text])), [], `the yaml package read part of ${JSON.stringify(text)} (by character)`);
}

describe("netpol/stream: exact readings of small texts", () => {
  it("reads block YAML documents split at every kind of `---` line without the yaml package, counting documents as yaml does", () => {
    assertFast("", { objects: [], documents: 0 });
    assertFast("# only a comment\n\n", { objects: [], documents: 0 });
    assertFast("# only a comment", { objects: [], documents: 0 });
    assertFast("a: b # c\n---\nc: d\n", { objects: [{ a: "b" }, { c: "d" }], documents: 2 });
    assertFast("a: ---\nb: ---\n", { objects: [{ a: "---", b: "---" }], documents: 1 });
    assertFast("a:\n---x: 1\nb: --- \n", { objects: [{ a: null, "---x": 1, b: "---" }], documents: 1 });
    assertFast("-\n---\nb: 1\n", { objects: [{ b: 1 }], documents: 2 });
    assertFast("a: 1\n", { objects: [{ a: 1 }], documents: 1 });
    assertFast("a: 1", { objects: [{ a: 1 }], documents: 1 });
    assertFast("---", { objects: [], documents: 1 });
    assertFast("---\n---\n", { objects: [], documents: 2 });
    assertFast("a: 1\n---", { objects: [{ a: 1 }], documents: 2 });
    assertFast("a: 1\n---\nb: 2\n", { objects: [{ a: 1 }, { b: 2 }], documents: 2 });
    assertFast("---\na: 1\n---\nb: 2\n---\n", { objects: [{ a: 1 }, { b: 2 }], documents: 3 });
    assertFast("a: 1\n--- \nb: 2\n--- # next\nc: 3\n---\t\n", { objects: [{ a: 1 }, { b: 2 }, { c: 3 }], documents: 4 });
    assertFast("# lead\n\n # indented comment\n---\nkind: Pod\n", { objects: [{ kind: "Pod" }], documents: 1 });
    assertFast("# lead\nkind: Pod\n", { objects: [{ kind: "Pod" }], documents: 1 });
    assertFast("a: 1\r\n---\r\nb: 2\r\n", { objects: [{ a: 1 }, { b: 2 }], documents: 2 });
    assertFast("\r\n# c\r\na: 1\r\n", { objects: [{ a: 1 }], documents: 1 });
    assertReadsAsYaml("a: 1\n----\nb: 2\n");
    assertFast("a: 1\n---x: 2\n", { objects: [{ a: 1, "---x": 2 }], documents: 1 });
    assertFast("x--- y: 1\n", { objects: [{ "x--- y": 1 }], documents: 1 }); // `---` one character into the first line begins no document
    assertFast("a:\n---\n- b: 1\n", { objects: [{ a: null }, { b: 1 }], documents: 2 });
    assertFast("- a: 1\n- b: 2\n---\n- c: 3\n", { objects: [{ a: 1 }, { b: 2 }, { c: 3 }], documents: 2 });
    assertFast("\ufeffa: 1\n---\nb: é\n", { objects: [{ a: 1 }, { b: "é" }], documents: 2 });
  });

  it("reads every key as written when keys repeat: same length, shared prefixes, more of one length than are remembered", () => {
    // Ten distinct keys of four characters, then each again, and keys that are prefixes of each other.
    const keys = ["name", "nama", "kind", "spec", "kinD", "k1nd", "labe", "xxxx", "yyyy", "zzzz"];
    const text = [...keys.map((key, i) => `${key}: ${i}`), "---", ...[...keys].reverse().map((key, i) => `${key}: ${i}`), "---", "na: 1\nnam: 2\nname: 3\nnamespace: 4\n"].join("\n");
    assertFast(text, {
      objects: [
        Object.fromEntries(keys.map((key, i) => [key, i])),
        Object.fromEntries([...keys].reverse().map((key, i) => [key, i])),
        { na: 1, nam: 2, name: 3, namespace: 4 },
      ],
      documents: 3,
    });
    // A key the core schema reads as a value goes to yaml every time, also once a key of its length is remembered.
    assertReadsAsYaml("abcd: 1\ntrue: 2\n---\nabcd: 1\ntrue: 2\n");
  });

  it("leaves to yaml exactly the documents outside the block subset, and everything from a directive or `...` on", () => {
    const calls = (text: string): number => yamlCalls(() => reading(() => readManifestText(text, "in.yaml", { prune: false }))).length;
    for (const text of ["a: {x: 1}\n---\nb: 2\n", "a: 1\n---\nb: [x]\n---\nc: 3\n", "a: 1\n--- |\n  text\n---\nb: 2\n", "--- !!map\na: 1\n", "a: 1\n---\nb: &x 1\nc: *x\n"]) {
      assertReadsAsYaml(text);
      assert.equal(calls(text), 1, `one document read by yaml: ${JSON.stringify(text)}`);
    }
    for (const text of ["%YAML 1.2\n---\na: 1\n---\nb: 2\n", "a: 1\n---\nb: 2\n...\n---\nc: 3\n", "a: 1\n---\nb: \"x\ry\"\n---\nc: 3\n", "a: 1\n---\nb:\tc\n---\nc: 3\n", " \n---\na: 1\n", "\t# c\na: 1\n", "  # c\n \na: 1\n"]) {
      assertReadsAsYaml(text);
      assert.equal(calls(text), 1, `the rest read by yaml at once: ${JSON.stringify(text)}`);
    }
    assertReadsAsYaml("\r# c\na: 1\n");
    for (const text of ["# c\r", "\r", "\t# c\n", "\t\t# c\n", "  \t# c\n"]) assertReadsAsYaml(text);
    // More aliases than the yaml package's default limit (100), fewer than parseManifestText's (1000).
    assertReadsAsYaml(`a: &x 1\nb: [${Array.from({ length: 150 }, () => "*x").join(", ")}]\n`);
    assert.equal((readManifestText(`a: &x 1\nb: [${Array.from({ length: 150 }, () => "*x").join(", ")}]\n`, "in.yaml", { prune: false }).objects[0] as { b: unknown[] }).b.length, 150);
    assert.deepEqual(yamlCalls(() => readManifestText("a: 1\n---\nb: 2\n...\n---\nc: 3\n", "in.yaml")), ["---\nb: 2\n...\n---\nc: 3\n"], "from the document with `...`");
    assert.deepEqual(yamlCalls(() => readManifestText("a: 1\n---\nb: {x: 1}\n---\nc: 3\n", "in.yaml")), ["---\nb: {x: 1}\n---\n"], "that document, with the next `---` line");
    assert.deepEqual(yamlCalls(() => readManifestText("a: 1\n---\nb: {x: 1}\n", "in.yaml")), ["---\nb: {x: 1}\n"], "the last document");
    assert.deepEqual(yamlCalls(() => readManifestText("a: 1\n--- {b: 1}\n---\nc: 3\n", "in.yaml")), ["--- {b: 1}\n---\n"], "content on the `---` line");
  });

  it("reads one JSON value with JSON.parse, and JSON that is not plain JSON as yaml does", () => {
    assertFast('{"kind": "Pod", "metadata": {"name": "a"}}', { objects: [{ kind: "Pod", metadata: { name: "a" } }], documents: 1 });
    assertFast('  \n [{"a": 1}, {"b": [1, 2]}]\n', { objects: [{ a: 1 }, { b: [1, 2] }], documents: 1 });
    assertFast('{"kind": "List", "items": [{"kind": "Pod"}, {"kind": "Namespace"}]}', { objects: [{ kind: "Pod" }, { kind: "Namespace" }], documents: 1 });
    assertReadsAsYaml("{a: 1, b: [x]}", { objects: [{ a: 1, b: ["x"] }], documents: 1 });
    assertReadsAsYaml('{"a": 1}\n---\n{"b": 2}\n', { objects: [{ a: 1 }, { b: 2 }], documents: 2 });
    assertReadsAsYaml('{"a":\r1}', { objects: [{ a: "\r1" }], documents: 1 });
    assertReadsAsYaml('{"a": 1, "a": 2}');
    assertReadsAsYaml('[{"a": 1}');
    assert.deepEqual(yamlCalls(() => readManifestText('\ufeff {"a": 1}', "in.yaml")), []);
  });

  it("names source, document and line in every problem, as parseManifestText does", () => {
    const problem = (text: string): string => {
      const read = reading(() => readManifestText(text, "in.yaml", { prune: false }));
      assert.ok("error" in read, JSON.stringify(text));
      return read.error;
    };
    assert.equal(problem("a: 1\n---\nb: [\n"),
      "in.yaml: document 2: malformed YAML/JSON: Flow sequence in block collection must be sufficiently indented and end with a ] at line 4, column 1");
    assert.equal(problem("a: 1\n---\nb: 2\n---\nc: {x: 1\n---\nd: 4\n"),
      "in.yaml: document 3: malformed YAML/JSON: Flow map in block collection must be sufficiently indented and end with a } at line 6, column 1");
    assert.equal(problem("a: 1\n---\nb: 2\nb: 3\n"), "in.yaml: document 2: malformed YAML/JSON: Map keys must be unique at line 4, column 1");
    assert.equal(problem('{"a": {"b": 1, "b": 2}}'), "in.yaml: document 1: malformed YAML/JSON: Map keys must be unique at line 1, column 16");
    assert.equal(problem("a: 1\n---\nb: *nowhere\n"), "in.yaml: document 2: malformed YAML/JSON: Unresolved alias (the anchor must be set before the alias): nowhere");
    assert.equal(problem("a: 1\n---\n- 3\n- x\n- [1]\n- null\n"), [
      "in.yaml: document 2 item 1: expected a Kubernetes object (a mapping), got number",
      "in.yaml: document 2 item 2: expected a Kubernetes object (a mapping), got string",
      "in.yaml: document 2 item 3 item 1: expected a Kubernetes object (a mapping), got number",
    ].join("\n"));
    assert.equal(problem("kind: PodList\nitems: 3\n---\nkind: List\nitems:\n- kind: Pod\n- true\n"), [
      'in.yaml: document 1: PodList has "items" that is not a list',
      "in.yaml: document 2 List item 2: expected a Kubernetes object (a mapping), got boolean",
    ].join("\n"));
    for (const text of ["a: 1\n---\nb: [\n", "a: 1\n---\n- 3\n", "kind: PodList\nitems: 3\n", "a: 1\n---\nb: 2\nb: 3\n---\nc: [\n"]) {
      assertReadsAsYaml(text);
    }
  });

  it("flattens Lists and top-level sequences, keeping other objects named List whole", () => {
    assertFast("kind: List\nitems:\n- kind: Pod\n- kind: List\n  items:\n  - kind: Namespace\n", { objects: [{ kind: "Pod" }, { kind: "Namespace" }], documents: 1 });
    assertFast("kind: PodList\nitems: []\n---\n- kind: Pod\n-\n", { objects: [{ kind: "Pod" }], documents: 2 });
    assertFast("kind: List\n---\nkind: Lists\nitems: 3\n---\nkind: 3\nitems: 4\n", { objects: [{ kind: "List" }, { kind: "Lists", items: 3 }, { kind: 3, items: 4 }], documents: 3 });
  });

  it("leaves out (and counts) the kinds the model does not read, or keeps them as stubs in their place", () => {
    const text = "kind: Pod\nmetadata:\n  name: p\n  uid: u\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n---\nkind: ConfigMap\n---\nname: x\n---\nflows: []\n---\nkind: 7\n";
    const pruned = readManifestText(text, "pods.yaml");
    assert.deepEqual(pruned.objects, [{ kind: "Pod", metadata: { name: "p" } }]);
    assert.deepEqual([...pruned.skipped], [["ConfigMap", 2], ["(no kind)", 3]]);
    assert.equal(pruned.documents, 6);
    const stubs = readManifestText(text, "pods.yaml", { stubs: true });
    assert.deepEqual(stubs.objects, [{ kind: "Pod", metadata: { name: "p" } }, { apiVersion: "v1", kind: "ConfigMap" }, { kind: "ConfigMap" }, {}, { flows: [] }, { kind: 7 }]);
    assert.deepEqual([...stubs.skipped], [...pruned.skipped]);
    const whole = readManifestText(text, "pods.yaml", { prune: false, stubs: true });
    assert.deepEqual(whole.objects, parseManifestText(text, "pods.yaml"));
    assert.deepEqual([...whole.skipped], []);
  });

  it("marks every object it keeps with its source, invisibly", () => {
    const read = readManifestText("kind: Pod\n---\nkind: Namespace\n---\nkind: ConfigMap\n", "dir/a.yaml");
    assert.deepEqual(read.objects.map((object) => streamedSource(object)), ["dir/a.yaml", "dir/a.yaml"]);
    assert.deepEqual(Object.keys(read.objects[0] as object), ["kind"]);
    assert.equal(JSON.stringify(read.objects), '[{"kind":"Pod"},{"kind":"Namespace"}]');
    assert.deepEqual(readManifestText('{"kind": "Pod"}', "b.json", { prune: false }).objects.map((object) => streamedSource(object)), ["b.json"]);
    for (const value of [undefined, null, 3, "dir/a.yaml", {}, parseManifestText("kind: Pod\n", "a.yaml")[0]]) assert.equal(streamedSource(value), undefined);
  });
});

/* eslint-disable @typescript-eslint/no-var-requires */
const blockYamlModule = require("../../../netpol/stream/blockYaml") as { readBlockDocument: (...args: unknown[]) => unknown };

describe("netpol/stream: each document read as soon as the next `---` line is complete", () => {
  /** Each chunk written, then the number of documents read so far (fast path and `yaml` together). */
  function readsAfterEachChunk(chunks: readonly string[]): number[] {
    const fast = blockYamlModule.readBlockDocument;
    const slow = yamlModule.parseAllDocuments;
    let reads = 0;
    blockYamlModule.readBlockDocument = (...args: unknown[]) => {
      reads++;
      return fast(...args);
    };
    yamlModule.parseAllDocuments = ((...args: Parameters<typeof parseAllDocuments>) => {
      reads++;
      return slow(...args);
    }) as typeof parseAllDocuments;
    try {
      const reader = new ManifestReader("in.yaml", { prune: false });
      const counts = chunks.map((chunk) => {
        reader.write(chunk);
        return reads;
      });
      const read = reader.end();
      assert.deepEqual(read.objects, parseManifestText(chunks.join(""), "in.yaml"));
      return [...counts, reads];
    } finally {
      blockYamlModule.readBlockDocument = fast;
      yamlModule.parseAllDocuments = slow;
    }
  }

  it("reads a document once the `---` line after it is complete, never before", () => {
    assert.deepEqual(readsAfterEachChunk(["a: 1\n", "---", "\nb: 2\n", "--", "-\n", "c: 3"]), [0, 0, 1, 1, 2, 2, 3]);
    assert.deepEqual(readsAfterEachChunk(["a: 1\n---", " \nb: 2\n---\r", "\nc: 3\n---\t# x\n", "d: 4\n"]), [0, 2, 3, 3, 4]);
    assert.deepEqual(readsAfterEachChunk(["a: 1\n---", "x: 2\n", "---\n"]), [0, 0, 1, 2]);
    assert.deepEqual(readsAfterEachChunk(["\n---\na: 1\n---\nb: 2\n---\nc: 3\n"]), [2, 3]);
    assert.deepEqual(readsAfterEachChunk(["a: {x: 1}\n---\n", "b: 2\n", "---\n", "c: 3\n"]), [2, 2, 3, 3, 4], "a read by the fast path, then by yaml");
    assert.deepEqual(readsAfterEachChunk(["# lead\n", "---\n", "a: 1\n---\n", "b: 2\n"]), [0, 0, 1, 1, 2]);
    assert.deepEqual(readsAfterEachChunk(["a: 1\n---\nb: 2\n---", "\nc: 3\n"]), [1, 2, 3], "an earlier complete `---` line before an incomplete one");
    assert.deepEqual(readsAfterEachChunk(["\n---", "\na: 1\n"]), [0, 0, 1]);
  });

  it("reads JSON, and everything after a directive or `...`, at the end only", () => {
    assert.deepEqual(readsAfterEachChunk(['{"a": 1,\n', '"b": "---"}\n', '\n']), [0, 0, 0, 0], "JSON.parse at the end");
    assert.deepEqual(readsAfterEachChunk(['{"a": 1}\n---\n', '{"b": 2}\n']), [0, 0, 1], "not JSON after all: yaml at the end");
    assert.deepEqual(readsAfterEachChunk(["a: 1\n---\n", "b: 2\n...\n---\n", "c: 3\n---\n", "d: 4\n"]), [1, 1, 1, 1, 2]);
    assert.deepEqual(readsAfterEachChunk(["  ", "\n", "a: 1\n---\n", "b: 2\n"]), [0, 0, 0, 0, 1]);
  });
});

describe("netpol/stream: files", () => {
  it("closes each file it reads", function () {
    if (!fs.existsSync("/proc/self/fd")) this.skip();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-stream-fd-"));
    try {
      const file = path.join(directory, "a.yaml");
      fs.writeFileSync(file, "kind: Pod\nmetadata:\n  name: p\n");
      const open = fs.readdirSync("/proc/self/fd").length;
      for (let index = 0; index < 5; index++) assert.deepEqual(readManifestFile(file).objects, [{ kind: "Pod", metadata: { name: "p" } }]);
      assert.equal(fs.readdirSync("/proc/self/fd").length, open);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
