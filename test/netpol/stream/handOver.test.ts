/**
 * The streamed reader handing each object over as it is read (`onObject`, how `netpol reach`
 * builds its model without keeping the objects): the same objects, in the same order, with
 * their source, as it would return; handed over while the input still streams in; and on
 * malformed input the same problems.
 */
import { strict as assert } from "assert";
import { NetpolInputError } from "../../../netpol";
import { ManifestReader, NotStreamable, ReadOptions, streamedSource } from "../../../netpol/stream";

const TEXTS: Record<string, string> = {
  "block YAML, other kinds as stubs": "kind: Namespace\nmetadata:\n  name: a\n---\nkind: ConfigMap\nmetadata:\n  name: c\n---\nkind: Pod\nmetadata:\n  name: p\n  namespace: a\n",
  "a JSON List": JSON.stringify({ kind: "List", items: [{ kind: "Pod", metadata: { name: "p", namespace: "a" } }, { kind: "Secret" }] }),
  "flow style, for the yaml package": "{kind: Pod, metadata: {name: p, namespace: a}}\n---\n[{kind: Namespace, metadata: {name: a}}]\n",
  "a directive, for the yaml package": "%YAML 1.2\n---\nkind: Pod\nmetadata:\n  name: p\n---\nkind: Namespace\nmetadata:\n  name: a\n",
};

function read(text: string, options: ReadOptions): { objects: unknown[]; handed: unknown[]; error?: string } {
  const handed: unknown[] = [];
  const reader = new ManifestReader("in.yaml", { ...options, onObject: (object) => handed.push(object) });
  try {
    reader.write(text);
    return { objects: [...reader.end().objects], handed };
  } catch (error) {
    return { objects: [], handed, error: error instanceof NetpolInputError ? error.message : String(error) };
  }
}

describe("netpol/stream: objects handed over as they are read", () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`${name}: the objects end() would return, in order, with their source; end() returns none`, () => {
      const kept = new ManifestReader("in.yaml", { stubs: true });
      kept.write(text);
      const expected = kept.end().objects;
      const { objects, handed } = read(text, { stubs: true });
      assert.deepEqual(handed, expected);
      assert.ok(handed.length > 0);
      assert.deepEqual(objects, []);
      assert.deepEqual(handed.map(streamedSource), expected.map(streamedSource));
    });
  }

  it("hands a document over once the next one begins, before the input ends", () => {
    const handed: unknown[] = [];
    const reader = new ManifestReader("in.yaml", { onObject: (object) => handed.push(object) });
    reader.write("kind: Pod\nmetadata:\n  name: p\n---\nkind: Pod\nmet");
    assert.deepEqual(handed, [{ kind: "Pod", metadata: { name: "p" } }]);
    reader.write("adata:\n  name: q\n");
    reader.end();
    assert.deepEqual(handed, [{ kind: "Pod", metadata: { name: "p" } }, { kind: "Pod", metadata: { name: "q" } }]);
  });

  it("malformed input throws the same problems (what was handed over is to be discarded)", () => {
    const text = "kind: Pod\nmetadata:\n  name: p\n---\nkind: [Pod\n";
    const kept = new ManifestReader("in.yaml");
    kept.write(text);
    let expected = "";
    assert.throws(() => kept.end(), (error: unknown) => error instanceof NetpolInputError && (expected = error.message) !== "");
    const { error } = read(text, {});
    assert.match(expected, /in\.yaml: document 2: malformed YAML\/JSON/);
    assert.equal(error, expected);
  });

  it("streamOnly: reads document by document, and throws NotStreamable where it would read the rest whole", () => {
    const streamed = (text: string, max = 1_000): unknown => {
      const handed: unknown[] = [];
      const reader = new ManifestReader("in.yaml", { streamOnly: { maxDocumentChars: max }, onObject: (object) => handed.push(object) });
      try {
        reader.write(text);
        reader.end();
        return handed;
      } catch (error) {
        return error instanceof NotStreamable ? error.message : error;
      }
    };
    assert.deepEqual(streamed("kind: Pod\nmetadata:\n  name: p\n---\n{kind: Pod, metadata: {name: q}}\n"), [{ kind: "Pod", metadata: { name: "p" } }, { kind: "Pod", metadata: { name: "q" } }]);
    assert.equal(streamed(JSON.stringify({ kind: "Pod" })), "not readable document by document: one JSON value");
    assert.equal(streamed("%YAML 1.2\n---\nkind: Pod\n"), "not readable document by document: directives, `...` lines or unusual leading lines");
    assert.equal(streamed("kind: Pod\n---\nkind: [Pod\n"), "not readable document by document: malformed YAML");
    assert.equal(streamed(`kind: Pod\nmetadata:\n  name: ${"x".repeat(2_000)}\n`), "not readable document by document: a document longer than 1000 characters");
    assert.deepEqual(streamed(`kind: Pod\nmetadata:\n  name: ${"x".repeat(2_000)}\n`, 10_000), [{ kind: "Pod", metadata: { name: "x".repeat(2_000) } }]);
    // The bound is inclusive: a document of exactly maxDocumentChars is read.
    const exact = `kind: Pod\nmetadata:\n  name: ${"y".repeat(100)}\n`;
    assert.deepEqual(streamed(exact, exact.length), [{ kind: "Pod", metadata: { name: "y".repeat(100) } }]);
    assert.match(String(streamed(exact, exact.length - 1)), /a document longer than/);
    // An alias to no anchor: the yaml package's own error, read document by document.
    assert.equal(streamed("kind: Pod\nmetadata: *nowhere\n"), "not readable document by document: malformed YAML");
  });

  it("streamOnly keeps no copy of the text (it never reads anything again), and says what it is", () => {
    const reader = new ManifestReader("in.yaml", { streamOnly: { maxDocumentChars: 1_000 }, onObject: () => undefined });
    reader.write("kind: Pod\nmetadata:\n  name: p\n---\nkind: Pod\n");
    assert.deepEqual((reader as unknown as { text: string[] }).text, []);
    const error = new NotStreamable("why");
    assert.equal(error.name, "NotStreamable");
    assert.equal(error.message, "not readable document by document: why");
  });

  it("a character cut short at the very end is kept for reading malformed input again", () => {
    // "\ufffd" (the cut-short "€") on a line of its own after a mapping is malformed; read again
    // without it, the input would look fine and the reader would return an object.
    const reader = new ManifestReader("in.yaml");
    reader.write(Buffer.concat([Buffer.from("kind: Pod\n"), Buffer.from([0xe2, 0x82])]));
    assert.throws(() => reader.end(), NetpolInputError);
  });
});
