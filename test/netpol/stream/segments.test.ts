/**
 * A manifest file read in segments (netpol/stream/segments.ts, how two threads share one large
 * file): the segments read one after the other give exactly the objects of the file read whole,
 * wherever the cuts fall; where the file needs reading whole, some segment says so.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readManifestText, streamedSource } from "../../../netpol/stream";
import { readManifestSegment, segmentCount } from "../../../netpol/stream/segments";
import { OPTIONS, readInSegments } from "./inSegments";

describe("netpol/stream: a file read in segments", () => {
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-segments-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function file(text: string): string {
    const name = path.join(dir, `f${fs.readdirSync(dir).length}.yaml`);
    fs.writeFileSync(name, text);
    return name;
  }

  const POD = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: a\n`;

  it("gives the whole file's objects wherever the cuts fall: --- lines with comments, content, a tab or CRLF, empty documents, --- inside a value", () => {
    const texts = [
      [POD("a"), POD("b"), POD("c")].join("---\n"),
      `# lead\n${POD("a")}--- # c\n${POD("b")}---\n---\n${POD("c")}`,
      `${POD("a")}--- {kind: Pod, metadata: {name: f}}\n---\t\n${POD("b")}`,
      `${POD("a")}x: ---\n--- \n${POD("b")}---`,
      `${POD("a")}---\n${POD("b")}`.replace(/\n/g, "\r\n"),
      "",
      "---\n",
      POD("alone"),
      `kind: ConfigMap\ndata:\n  x: "a\n    ---b"\n---\n${POD("q")}`,
      // A flow collection may go on at column 0: a line that starts with --- but is none.
      `${POD("a")}---\n[{kind: Pod, metadata: {name: f, namespace: a},\n---b: 1}]\n---\n${POD("c")}`,
    ];
    for (const text of texts) {
      const name = file(text);
      const whole = readManifestText(text, name, { prune: true, stubs: true }).objects;
      for (const segmentBytes of [1, 2, 3, 5, 8, 13, 40, 1_000]) assert.deepStrictEqual(readInSegments(name, segmentBytes), { objects: whole }, `${JSON.stringify(text)} in segments of ${segmentBytes}`);
    }
  });

  it("finds a --- line cut by the end of the window it scans, at every offset", () => {
    const segmentBytes = 30_000;
    const windowEnd = segmentBytes - 1 + (1 << 16); // the second segment's first scan window
    for (let newline = windowEnd - 5; newline <= windowEnd + 1; newline++) {
      const text = `k: ${"x".repeat(newline - 3)}\n---\n${POD("b")}`;
      const name = file(text);
      const count = segmentCount(text.length, segmentBytes);
      assert.equal(count, 4);
      const segments = [0, 1, 2, 3].map((index) => readManifestSegment(name, index, { ...OPTIONS, count, segmentBytes }).objects);
      assert.deepEqual(segments.map((objects) => objects.length), [1, 0, 0, 1], `newline at ${newline}: the cut at the --- line`);
      assert.deepStrictEqual(segments.flat(), readManifestText(text, name, { prune: true, stubs: true }).objects);
    }
  });

  it("a segment refuses what only the whole file can say: a leading JSON value, directives, malformed YAML, a problem", () => {
    for (const text of ['{"kind": "List", "items": []}', `${POD("a")}---\n%YAML 1.2\n---\n${POD("b")}`, `${POD("a")}---\nkind: [Pod\n`, `${POD("a")}---\n- 7\n`]) {
      const result = readInSegments(file(text), 8);
      assert.ok("refused" in result, JSON.stringify(text));
    }
  });

  it("reads a file that grew since it was planned to its end, and one that shrank to nothing", () => {
    const name = file(POD("a"));
    const count = segmentCount(fs.statSync(name).size, 16);
    fs.appendFileSync(name, `---\n${POD("b")}---\n${POD("c")}`);
    const grown = Array.from({ length: count }, (_, index) => readManifestSegment(name, index, { ...OPTIONS, count, segmentBytes: 16 }).objects).flat();
    assert.deepEqual(grown.map((o) => (o["metadata"] as { name: string }).name), ["a", "b", "c"], "the last segment reads to the end, past --- lines beyond its planned end");
    fs.writeFileSync(name, "");
    assert.deepEqual(Array.from({ length: count }, (_, index) => readManifestSegment(name, index, { ...OPTIONS, count, segmentBytes: 16 }).objects).flat(), []);
  });

  it("names its objects' source as told (the file by default)", () => {
    const name = file(`${POD("a")}---\n${POD("b")}`);
    const count = segmentCount(fs.statSync(name).size, 40);
    const objects = (source?: string): unknown[] => Array.from({ length: count }, (_, index) => readManifestSegment(name, index, { ...OPTIONS, count, segmentBytes: 40, ...(source === undefined ? {} : { source }) }).objects).flat();
    assert.deepEqual(objects("cluster.yaml").map(streamedSource), ["cluster.yaml", "cluster.yaml"]);
    assert.deepEqual(objects().map(streamedSource), [name, name]);
  });

  it("leaves no file open however many segments it reads", function () {
    if (!fs.existsSync("/proc/self/fd")) this.skip();
    const name = file(Array.from({ length: 200 }, (_, i) => POD(`p${i}`)).join("---\n"));
    const count = segmentCount(fs.statSync(name).size, 64);
    const open = fs.readdirSync("/proc/self/fd").length;
    for (let index = 0; index < count; index++) readManifestSegment(name, index, { ...OPTIONS, count, segmentBytes: 64 });
    assert.ok(count > 100);
    assert.ok(fs.readdirSync("/proc/self/fd").length <= open + 2, "every descriptor closed");
  });
});
