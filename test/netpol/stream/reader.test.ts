/**
 * The streamed reader against parseManifestText, the reader it stands in for: on random
 * documents written by the `yaml` package in many styles, joined in many ways, read whole or in
 * random chunks, then corrupted at random, both give the same objects or the same problems (the
 * same messages, naming the same document and line). Pruned to what the model reads, the
 * objects give the same model and the same problems as the whole objects.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { stringify } from "yaml";
import { buildModel, NetpolInputError, parseManifestText } from "../../../netpol";
import { ManifestReader, readManifestFile, readManifestText } from "../../../netpol/stream";
import { clusterArb } from "../generators/arbitraries";
import { propertyRuns } from "../../depth";
import { OPTIONS, readInSegments } from "./inSegments";

const SEED = 20261130;
/** NETPOL_STREAM_RUNS=30000 for a longer hunt (the third property draws at most 1,000). */
const STREAM_RUNS = propertyRuns("NETPOL_STREAM_RUNS", { quick: 300, deep: 3_000 });

type Outcome = { readonly objects: unknown } | { readonly error: string } | { readonly thrown: string };

function outcome(read: () => unknown): Outcome {
  try {
    return { objects: read() };
  } catch (error) {
    if (error instanceof NetpolInputError) return { error: error.message };
    if (error instanceof Error) return { thrown: error.message };
    throw error;
  }
}

/** The text in chunks of the given sizes (cycled), as a file or a pipe delivers it. */
function readInChunks(text: string, sizes: readonly number[], prune: boolean): unknown {
  const reader = new ManifestReader("input.yaml", { prune });
  for (let offset = 0, index = 0; offset < text.length; index++) {
    const size = sizes[index % sizes.length] as number;
    reader.write(text.slice(offset, offset + size));
    offset += size;
  }
  return reader.end().objects;
}

/**
 * Equal outcomes; where parseManifestText lets the `yaml` package's exception escape (an alias
 * to no anchor), the streamed reader reports it as a problem of the document instead.
 */
function assertSameOutcome(actual: Outcome, expected: Outcome, message: string): void {
  if ("thrown" in expected) {
    assert.ok("error" in actual && actual.error.includes(`malformed YAML/JSON: ${(expected.thrown.split("\n")[0] as string).trim().replace(/:$/, "")}`), `${message}: ${JSON.stringify(actual)}`);
  } else {
    assert.deepEqual(actual, expected, message);
  }
}

function assertSameReading(text: string, chunks: readonly number[]): void {
  const expected = outcome(() => parseManifestText(text, "input.yaml"));
  assertSameOutcome(outcome(() => readManifestText(text, "input.yaml", { prune: false }).objects), expected, `whole text ${JSON.stringify(text)}`);
  assertSameOutcome(outcome(() => readInChunks(text, chunks, false)), expected, `chunks ${chunks.join(",")} of ${JSON.stringify(text)}`);
}

const KEYS = ["a", "kind", "metadata", "name", "1", "true", "null", "-x", "a b", "é", "key:x", "#k", "x#", "<<", "'q'", "."] as const;
const STRINGS = ["", " ", "x", "a b", "a: b", "a #b", "#", "-", "- a", "-1", "0x1F", "0o17", "1e3", ".5", "5.", ".inf", "-.Inf", ".NaN", "true", "False", "yes", "no",
  "null", "~", "NULL", "012", "1_000", "+1", "2001-12-14", "http://x:80/", "it's", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "[x]", "{x}", "*a", "&a", "!t",
  "|", ">", "%", "@", "`", "---", "...", "é ü", "\u00a0", "a:", ":a", "?", "? a", "a,b", "\ufeff"] as const;

const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);

const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 4 })), tie("value"), { maxKeys: 4 }),
  ),
}));

const styleArb = fc.record({
  indentSeq: fc.boolean(),
  indent: fc.constantFrom(2, 4),
  collectionStyle: fc.constantFrom("any", "block", "block", "flow"),
  defaultStringType: fc.constantFrom("PLAIN", "PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE"),
  lineWidth: fc.constantFrom(0, 20, 80),
}) as fc.Arbitrary<Parameters<typeof stringify>[2] & object>;

/** How documents are joined: `---` lines (with comments, spaces, CRLF), leading comments, an empty document. */
const joinArb = fc.record({
  marker: fc.constantFrom("---\n", "--- \n", "--- # next\n", "---\r\n", "\n---\n"),
  lead: fc.constantFrom("", "# leading comment\n", "\n", "---\n"),
  trail: fc.constantFrom("", "\n", "# end\n", "---\n"),
  crlf: fc.boolean(),
});

const documentsArb = fc.tuple(fc.array(fc.tuple(valueArb, styleArb), { minLength: 1, maxLength: 4 }), joinArb).map(([documents, join]) => {
  const texts = documents.map(([value, style]) => stringify(value, style));
  const text = join.lead + texts.join(join.marker) + join.trail;
  return join.crlf ? text.replace(/\n/g, "\r\n") : text;
});

/** A few random insertions and deletions of characters that matter to YAML. */
const corruptedArb = documentsArb.chain((text) => fc.array(fc.tuple(fc.nat({ max: Math.max(0, text.length) }), fc.constantFrom(..."\n :-#'\"[]{}\t%.&*!|>?,\\\r"), fc.boolean()), { minLength: 1, maxLength: 3 })
  .map((edits) => edits.reduce((edited, [position, character, remove]) => (remove ? edited.slice(0, position) + edited.slice(position + 1) : edited.slice(0, position) + character + edited.slice(position)), text)));

const chunksArb = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 });

describe("netpol/stream: the streamed reader reads as parseManifestText does", function () {
  this.timeout(120_000);
  // Corrupted text makes flow collections into keys, which `yaml` warns about (on both readers): not this test's business.
  const emitWarning = process.emitWarning;
  before(() => {
    process.emitWarning = (() => undefined) as typeof process.emitWarning;
  });
  after(() => {
    process.emitWarning = emitWarning;
  });

  it("on documents the yaml package writes in every style, whole or in chunks", () => {
    fc.assert(fc.property(documentsArb, chunksArb, (text, chunks) => assertSameReading(text, chunks)), { numRuns: STREAM_RUNS, seed: SEED });
  });

  it("on the same documents corrupted at random (malformed input: the same problems, documents and lines)", () => {
    fc.assert(fc.property(corruptedArb, chunksArb, (text, chunks) => assertSameReading(text, chunks)), { numRuns: STREAM_RUNS, seed: SEED + 1 });
  });

  it("read in segments (two threads sharing a file): the objects the whole file read document by document gives, wherever the cuts fall; a refusal exactly where that read refuses", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-segments-"));
    let read = 0;
    try {
      fc.assert(
        fc.property(fc.oneof(documentsArb, corruptedArb), fc.integer({ min: 1, max: 60 }), (text, segmentBytes) => {
          const file = path.join(dir, "input.yaml");
          fs.writeFileSync(file, text);
          const whole = outcome(() => readManifestText(text, file, { ...OPTIONS }).objects);
          const segments = readInSegments(file, segmentBytes);
          if ("objects" in segments) read++;
          // Refused (NotStreamable, or a problem): the whole file is read again on one thread.
          if ("objects" in whole) assert.deepStrictEqual(segments, whole, `${JSON.stringify(text)} in segments of ${segmentBytes}`);
          else assert.ok("refused" in segments, `${JSON.stringify(text)}: ${JSON.stringify(whole)}`);
        }),
        { numRuns: STREAM_RUNS, seed: SEED + 3 },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(read > STREAM_RUNS / 20, `only ${read} read in segments`); // most random texts are not objects, or are corrupted
  });

  it("on JSON: one object or a List (JSON.parse), duplicate keys reported as the yaml package reports them", () => {
    const cases = [
      '{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "a"}}, {"kind": "Pod"}]}',
      '[{"kind": "Namespace"}, 3]',
      '{"kind": "Pod", "kind": "Service"}',
      '{"a": {"b": 1, "b": 2}}',
      '{"a": "x:y", "b": "\\"c\\": d"}',
      '{"__proto__": {"a": 1}}',
      '  {"a": 1}\n',
      '{"a": 1} trailing',
      "{a: 1, b: [x, y]}",
    ];
    for (const text of cases) assertSameReading(text, [7]);
  });

  it("on the edge cases of document counting, directives and document end markers", () => {
    const cases = ["", "# only a comment\n", "\n\n", "---", "---\n---\n", "a: 1\n...\nb: 2", "a: 1\n...\n---\nb: 2\n", "...\n", "%YAML 1.2\n---\na: 1\n",
      "a: 1\n---\n%TAG ! x\n", "a: 1\n--- |\n  text\n---\nb: 2\n", "--- !!map\na: 1\n", "\ufeffa: 1\n", "a: 1\n---\tb\n", "a: 1\n----\nb: 2\n",
      " \n---\na: 1\n", "\ufeff\n---\na: 1\n", "a: 1\n---\r\r\nb\n", "a: *nowhere\n", "a: &x 1\nb: *x\n"];
    for (const text of cases) assertSameReading(text, [1, 5]);
  });
});

describe("netpol/stream: pruned to what the model reads", function () {
  this.timeout(120_000);

  const noise = { annotations: { note: "x" }, managedFields: [{ manager: "kubectl" }], uid: "u" };
  /** Fields the model never reads, added everywhere they could be. */
  function withNoise(object: Record<string, unknown>): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(object)) as Record<string, Record<string, unknown>>;
    copy["metadata"] = { ...copy["metadata"], ...noise };
    if (copy["spec"] !== undefined && typeof copy["spec"] === "object") copy["spec"] = { ...copy["spec"], nodeName: "n", volumes: [{ name: "v" }] };
    return { ...copy, status: { ...(copy["status"] ?? {}), phase: "Running" } };
  }

  it("gives the same model and problems as the whole objects, and leaves out the kinds the model ignores", () => {
    fc.assert(fc.property(clusterArb(), fc.boolean(), (cluster, noisy) => {
      const objects = [...cluster.objects.map((object) => (noisy ? withNoise(object as unknown as Record<string, unknown>) : object)),
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "b" } }, { apiVersion: "v1", kind: "Service", metadata: { name: "s" } }];
      const text = objects.map((object) => stringify(object)).join("---\n");
      const whole = outcome(() => buildModel(parseManifestText(text, "input.yaml")));
      const read = readManifestText(text, "input.yaml");
      assert.deepEqual(outcome(() => buildModel(read.objects)), whole);
      assert.equal(read.skipped.get("ConfigMap"), 1);
      assert.equal(read.skipped.get("Service"), 1);
    }), { numRuns: Math.min(1000, STREAM_RUNS), seed: SEED + 2 });
  });

  it("keeps the service account of pods and workloads (spec.serviceAccountName, spec.serviceAccount): Calico's rules match it", () => {
    const text = [
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
      "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: a, labels: {role: web}}\n",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p1, namespace: a, labels: {app: x}}\nspec:\n  serviceAccountName: web\n  nodeName: n\n  containers: [{name: c, image: i, ports: [{containerPort: 80}]}]\nstatus: {podIP: 10.0.0.1, phase: Running}\n",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p2, namespace: a}\nspec: {serviceAccount: legacy, containers: [{name: c}]}\nstatus: {podIP: 10.0.0.2}\n",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p3, namespace: a}\nspec: {containers: [{name: c}]}\nstatus: {podIP: 10.0.0.3}\n",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: a}\nspec:\n  replicas: 2\n  template:\n    metadata: {labels: {app: d}}\n    spec: {serviceAccountName: web, volumes: [{name: v}], containers: [{name: c}]}\n",
      "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j, namespace: a}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec: {serviceAccount: legacy, containers: [{name: c}]}\n",
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: deny-web}\nspec:\n  order: 10\n  selector: projectcalico.org/serviceaccount == 'web'\n  types: [Ingress]\n  ingress: [{action: Deny}]\n",
    ].join("---\n");
    const whole = buildModel(parseManifestText(text, "input.yaml"));
    const streamed = buildModel(readManifestText(text, "input.yaml", { prune: true, stubs: true }).objects);
    assert.deepEqual(streamed, whole);
    const accounts = Object.fromEntries(streamed.endpoints.flatMap((e) => (e.kind === "pod" ? [[e.id, e.serviceAccount ?? "default"]] : [])));
    assert.deepEqual(accounts, { "a/p1": "web", "a/p2": "legacy", "a/p3": "default", "a/d": "web", "a/j": "legacy" });
  });

  it("keeps malformed values the model reports on, so the problems stay the same", () => {
    const text = [
      "kind: Pod\nmetadata:\n  name: p\n  labels: [a]\nspec:\n  containers: {}\nstatus:\n  podIP: 300.1.1.1\n",
      "kind: Deployment\nmetadata:\n  name: d\nspec:\n  template: 3\n",
      "kind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels:\n            a: 1\n        spec:\n          containers:\n          - ports:\n            - containerPort: 0\n",
      "kind: Namespace\nmetadata:\n  name: n\n  labels:\n    x: [1]\n",
      "kind: Pod\nmetadata:\n  namespace: \"\"\n",
    ].join("---\n");
    const whole = outcome(() => buildModel(parseManifestText(text, "input.yaml")));
    assert.ok("error" in whole, "the input has problems");
    assert.deepEqual(outcome(() => buildModel(readManifestText(text, "input.yaml").objects)), whole);
  });
});

describe("netpol/stream: files", function () {
  // 2 MB through the yaml package twice: slow on a loaded machine, not a timing check.
  this.timeout(120_000);

  it("reads a file in chunks, characters split between chunks joined, problems naming the file", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-stream-"));
    try {
      const file = path.join(directory, "pods.yaml");
      // 2 MB of documents with multi-byte labels: some character straddles the 1 MB chunk boundary.
      const pods = Array.from({ length: 12_000 }, (_, index) => `---\nkind: Pod\nmetadata:\n  name: p${index}\n  labels:\n    team: équipe-${index}\n    note: "ünïcödé ✓"\n`);
      fs.writeFileSync(file, `${pods.join("")}---\nkind: Pod\nmetadata:\n  name: [broken\n`);
      const text = fs.readFileSync(file, "utf8");
      const expected = outcome(() => parseManifestText(text, file));
      assert.ok("error" in expected && expected.error.startsWith(`${file}: document 12001: malformed YAML/JSON`), JSON.stringify(expected).slice(0, 200));
      assert.deepEqual(outcome(() => readManifestFile(file, { prune: false }).objects), expected);
      fs.writeFileSync(file, pods.join(""));
      assert.deepEqual(readManifestFile(file, { prune: false }).objects, parseManifestText(fs.readFileSync(file, "utf8"), file));
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
