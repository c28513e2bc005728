/**
 * The streamed reader handing each object over as it is read (`onObject`, how `netpol reach`
 * builds its model without keeping the objects): the same objects, in the same order, with
 * their source, as it would return; handed over while the input still streams in; and on
 * malformed input the same problems.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
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

  describe("for a thread that posts the objects as JSON (setSources: false)", () => {
    interface Handed {
      readonly object: Record<string, unknown>;
      readonly sourced: boolean;
      readonly json: boolean;
    }
    const handedOver = (text: string): Handed[] => {
      const handed: Handed[] = [];
      const reader = new ManifestReader("in.yaml", { prune: true, stubs: true, setSources: false, onObject: (object, sourced, json) => handed.push({ object, sourced, json }) });
      reader.write(text);
      reader.end();
      return handed;
    };

    it("sets no source, and says which objects get one (not the stubs)", () => {
      const text = TEXTS["block YAML, other kinds as stubs"] as string;
      const handed = handedOver(text);
      assert.deepEqual(handed.map((h) => h.object), (read(text, { prune: true, stubs: true }).handed));
      assert.deepEqual(handed.map((h) => streamedSource(h.object)), [undefined, undefined, undefined]);
      assert.deepEqual(handed.map((h) => h.sourced), [true, false, true], "the ConfigMap is a stub");
    });

    it("says JSON holds an object exactly only when it does: never past a .inf, .nan, -0 or 1e999, nor for what the yaml package read", () => {
      const plain = ["0", "-1", "1.5", "0x1f", "0o17", "true", "null", "~", "x", "'-0'", "'.inf'", "-x", "1e3"];
      const jsonless = ["-0", "-0.0", "-.0", ".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", "1e999", "-1e999", "-0e0", "9".repeat(400)];
      const scalar = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: fc.constantFrom(...jsonless) });
      const document = fc.tuple(fc.constantFrom("Pod", "NetworkPolicy", "ConfigMap", "Namespace"), fc.array(scalar, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([kind, values, flow]) => {
        const spec = flow ? `spec: {${values.map((v, i) => `k${i}: ${v}`).join(", ")}}` : `spec:\n${values.map((v, i) => `  k${i}: ${v}`).join("\n")}`;
        return { text: `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: n\n  namespace: a\n${spec}\n`, flow, hasJsonless: values.some((v) => jsonless.includes(v)) };
      });
      let exact = 0;
      fc.assert(
        fc.property(fc.array(document, { minLength: 1, maxLength: 5 }), (documents) => {
          const handed = handedOver(documents.map((d) => d.text).join("---\n"));
          assert.equal(handed.length, documents.length);
          handed.forEach(({ object, json }, i) => {
            const { flow, hasJsonless } = documents[i] as { flow: boolean; hasJsonless: boolean };
            if (json) assert.deepStrictEqual(JSON.parse(JSON.stringify(object)), object);
            // Block YAML without such a number is JSON's (the flag is not merely always false); the flag is the
            // document's, so a number pruned away (a Pod's spec) still counts.
            assert.equal(json, !flow && !hasJsonless, JSON.stringify(object));
            if (json) exact++;
          });
        }),
        { numRuns: 300 },
      );
      assert.ok(exact > 0);
      // One JSON value is parsed whole by JSON.parse, which gives -0 and Infinity too: not looked at, never JSON's.
      assert.deepEqual(handedOver('{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "p"}}]}').map((h) => h.json), [false]);
    });
  });
});
