/** Manifest text: the JSON fast path reads what the YAML parser reads, large inputs do not overflow the stack. */
import { strict as assert } from "assert";
import { parseAllDocuments } from "yaml";
import { NetpolInputError, parseManifestText, readManifestText } from "../../../netpol";
import { sourceOf } from "../../../netpol/parse";
import { namespace, pod } from "./helpers";

function problems(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof NetpolInputError, String(error));
    return error.problems.map((p) => `${p.source}: ${p.object}: ${p.reason}`);
  }
  return assert.fail("no error");
}

describe("netpol manifest text", () => {
  it("reads a key that is a collection without a Node warning on stderr (whole, streamed, and read again when malformed)", async () => {
    const warnings: string[] = [];
    const listener = (warning: Error): void => {
      warnings.push(warning.message);
    };
    process.on("warning", listener);
    try {
      // A NetworkPolicy: the streamed reader keeps it whole.
      const text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: c\n? [a, b]\n: 1\n";
      assert.deepEqual(parseManifestText(text, "m.yaml").map((object) => (object as Record<string, unknown>)["[ a, b ]"]), [1]);
      assert.deepEqual(readManifestText(text, "m.yaml").objects.map((object) => (object as Record<string, unknown>)["[ a, b ]"]), [1]);
      assert.throws(() => parseManifestText(`${text}---\nkind: [Pod\n`, "m.yaml"), NetpolInputError);
      assert.throws(() => readManifestText(`${text}---\nkind: [Pod\n`, "m.yaml"), NetpolInputError);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, []);
    } finally {
      process.off("warning", listener);
    }
  });

  it("JSON read by JSON.parse equals the same JSON read as YAML", () => {
    const list = { apiVersion: "v1", kind: "List", items: [namespace("x"), { kind: "PodList", items: [pod("x", "a"), pod("x", "b", { ip: "10.0.0.1" })] }] };
    const json = JSON.stringify(list, null, 2);
    const asYaml = parseManifestText(`# a YAML comment keeps the JSON fast path away\n${json}`, "f.yaml");
    const asJson = parseManifestText(json, "f.json");
    assert.deepEqual(asJson, asYaml);
    assert.equal(asJson.length, 3);
    assert.equal(sourceOf(asJson[1]), "f.json");
  });

  it("YAML flow style starting like JSON still reads as YAML, and malformed JSON gets the YAML parser's line and column", () => {
    assert.deepEqual(parseManifestText("{kind: Namespace, metadata: {name: a}}", "f.yaml"), [{ kind: "Namespace", metadata: { name: "a" } }]);
    assert.deepEqual(problems(() => parseManifestText('{"kind": "Pod",\n "metadata": {"name": "a"\n', "f.json")).length, 1);
    assert.match(problems(() => parseManifestText('{"kind": "Pod",\n "metadata": {"name": "a"\n', "f.json"))[0] ?? "", /^f\.json: document 1: malformed YAML\/JSON: .*line \d+, column \d+/);
  });

  it("YAML read document by document equals the whole-text parser's reading; a malformed document is named with its line", () => {
    const text = "---\nkind: Namespace\nmetadata: {name: a}\n---\n---\nkind: List\nitems:\n- {kind: Pod, metadata: &meta {name: a, labels: {team: x}}}\n- {kind: Pod, metadata: *meta}\n";
    const whole = parseAllDocuments(text).flatMap((document) => {
      const value = document.toJS() as { kind?: string; items?: unknown[] } | null;
      return value === null ? [] : value.kind === "List" ? (value.items ?? []) : [value];
    });
    assert.deepEqual(parseManifestText(text, "f.yaml"), whole);
    assert.equal(whole.length, 3);
    const broken = `${text}---\nkind: Pod\nmetadata: {name: [\n`;
    assert.match(problems(() => parseManifestText(broken, "f.yaml"))[0] ?? "", /^f\.yaml: document 4: malformed YAML\/JSON: .* at line 13, column \d+/);
  });

  it("a 150,000-item list comes back whole (items are appended one by one, never spread into a call)", () => {
    const items = Array.from({ length: 150_000 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}`, namespace: "x" } }));
    const objects = parseManifestText(JSON.stringify({ apiVersion: "v1", kind: "List", items }), "big.json");
    assert.equal(objects.length, 150_000);
    assert.deepEqual(objects[149_999], items[149_999]);
  });
  it("names the document, list item and List item of an object that is not one, and of a List without a list of items", () => {
    assert.deepEqual(problems(() => parseManifestText("[5]", "f.json")), ["f.json: document 1 item 1: expected a Kubernetes object (a mapping), got number"]);
    assert.deepEqual(problems(() => parseManifestText("- {kind: Pod}\n- 5\n", "f.yaml")), ["f.yaml: document 1 item 2: expected a Kubernetes object (a mapping), got number"]);
    assert.deepEqual(problems(() => parseManifestText("kind: PodList\nitems: 3\n", "f.yaml")), ['f.yaml: document 1: PodList has "items" that is not a list']);
    assert.deepEqual(problems(() => parseManifestText("kind: PodList\nitems: [{kind: Pod}, 4]\n", "f.yaml")), ["f.yaml: document 1 PodList item 2: expected a Kubernetes object (a mapping), got number"]);
  });

  it("only a kind ending in List with items is a list; empty documents and items are skipped", () => {
    assert.deepEqual(parseManifestText("kind: Pod\nitems: [{kind: Pod}]\n---\nkind: 5\nitems: []\n---\n---\n- null\n", "f.yaml"), [{ kind: "Pod", items: [{ kind: "Pod" }] }, { kind: 5, items: [] }]);
  });

  it("a malformed document is named by the first line of the parser's message, without its trailing colon", () => {
    assert.deepEqual(problems(() => parseManifestText("kind: a\n  b: [\n", "f.yaml")), ["f.yaml: document 1: malformed YAML/JSON: Nested mappings are not allowed in compact mappings at line 1, column 7"]);
    assert.deepEqual(problems(() => parseManifestText("  kind: Pod\n kind2: x\n", "f.yaml")), ["f.yaml: document 1: malformed YAML/JSON: Unexpected scalar at node end at line 2, column 2"]);
  });

  it("objects not read from a text have no source", () => {
    assert.deepEqual([sourceOf(5), sourceOf({ kind: "Pod" })], ["<input>", "<input>"]);
  });
});
