import { strict as assert } from "assert";
import { parseAllDocuments } from "yaml";
import { allObjects, renderStack } from "../../manifests";
import { toYamlComment, toYamlDocument, toYamlStream } from "../../manifests/yaml";
import { testStackConfig } from "../fixtures/stackConfig";

describe("manifests/yaml: deterministic multi-document YAML", () => {
  it("round-trips every rendered object exactly, shared sub-objects included (no anchors/aliases)", () => {
    const objects = allObjects(renderStack(testStackConfig({ tenants: ["alpha", "beta"] })));
    const text = toYamlStream(objects);
    assert.doesNotMatch(text, /(^|\s)[&*]a\d+\b/m);
    assert.deepEqual(parseAllDocuments(text).map((d) => d.toJS()), objects);
  });

  it("gives the same bytes whatever order the object keys were built in", () => {
    const a = { kind: "ConfigMap", apiVersion: "v1", metadata: { namespace: "n", name: "c" }, data: { b: "2", a: "1" } };
    const b = { data: { a: "1", b: "2" }, metadata: { name: "c", namespace: "n" }, apiVersion: "v1", kind: "ConfigMap" };
    assert.equal(toYamlDocument(a), toYamlDocument(b));
    assert.equal(toYamlDocument(a), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\ndata:\n  a: \"1\"\n  b: \"2\"\n");
  });

  it("keeps multi-line config readable as a block and never folds long lines", () => {
    const long = "x".repeat(200);
    const text = toYamlDocument({ conf: "server {\n  listen 8080;\n}\n", long });
    assert.match(text, /conf: \|\n {2}server \{\n {4}listen 8080;\n {2}\}\n/);
    assert.match(text, new RegExp(`long: ${long}\n`));
  });

  it("starts a stream with the header as comments, then one document per object", () => {
    const text = toYamlStream([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } }], "line one\nline two");
    assert.equal(text, "# line one\n# line two\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
  });

  it("writes a comment line per text line, with no trailing blanks (an empty line is a bare `#`)", () => {
    assert.equal(toYamlComment("first\n\n  indented  \nlast"), "# first\n#\n#   indented\n# last\n");
  });
});
