/**
 * `netpol reach` reading large files on a second thread (cli/netpol/readThread.ts): forced on
 * with NETPOL_READ_THREAD=on, every run must print exactly what the same run prints read on the
 * main thread: answers, summary, warnings, problems across several files, and values only YAML
 * can hold (an infinite Calico order) reported the same way. Input the thread reads only whole
 * (JSON, malformed YAML) is read again on the main thread, with the same result.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readOnThreads } from "../../../cli/netpol/readThread";
import { buildModel, ModelBuilder, NetpolInputError, readManifestText } from "../../../netpol";
import { streamedSource } from "../../../netpol/stream";
import { NetpolModel } from "../../../netpol/model";
import { render, tempDir } from "../../render/helpers";
import { CliRun, runNetpol, withThread } from "../cliRun";

const POD = (ns: string, name: string, app: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels:\n    app: ${app}\nspec:\n  containers:\n  - name: c\n    ports:\n    - containerPort: 80\n`;
const DENY = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;

describe("netpol reach: files read on a second thread", function () {
  this.timeout(60_000);
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-thread-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  }

  /** The same command read on a thread and on the main thread: identical in every byte, and returned. */
  function same(args: string[]): CliRun {
    const threaded = withThread("on", () => runNetpol(args));
    const main = withThread("off", () => runNetpol(args));
    assert.deepEqual(threaded, main);
    return threaded;
  }

  it("the same answers, summary and warnings over a directory of files, a Namespace after its pods (and a JSON file, read again on the main thread)", () => {
    const many = Array.from({ length: 2_500 }, (_, i) => POD(`t${i % 7}`, `p${i}`, i % 3 === 0 ? "db" : "web")).join("---\n");
    write("cluster/a.yaml", [many, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: t0\n", DENY("t1")].join("---\n"));
    write("cluster/b.yaml", ["apiVersion: v1\nkind: Namespace\nmetadata:\n  name: t2\n  labels:\n    zone: x\n", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: c\n  namespace: t2\n"].join("---\n"));
    const run = same(["reach", path.join(dir, "cluster"), "--port", "80/TCP", "--format", "counts"]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^netpol: read 1 NetworkPolicy, 2,500 pods\/workloads, 1 namespace; ignored 2 objects/);
    assert.match(run.stderr, /CiliumNetworkPolicy/);
    assert.ok(run.stdout.length > 0);
    write("cluster/c.json", JSON.stringify({ kind: "List", items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "t3", labels: { zone: "y" } } }] }));
    const withJson = same(["reach", path.join(dir, "cluster"), "--port", "80/TCP", "--format", "counts"]);
    assert.match(withJson.stderr, /^netpol: read 1 NetworkPolicy, 2,500 pods\/workloads, 2 namespaces; ignored 2 objects/);
  });

  it("the same problems: every file's reading problems, and the model's (an infinite Calico order)", () => {
    const good = write("bad/1.yaml", POD("a", "p", "web"));
    const malformed = write("bad/2.yaml", `${POD("a", "q", "web")}---\nkind: [Pod\n`);
    const alsoMalformed = write("bad/3.yaml", "kind: Pod\nmetadata: {name: [x\n");
    const read = same(["reach", good, malformed, alsoMalformed, "--format", "counts"]);
    assert.equal(read.status, 2);
    assert.match(read.stderr, /2\.yaml: document 2: malformed YAML\/JSON/);
    assert.match(read.stderr, /3\.yaml: document 1: malformed YAML\/JSON/);
    const infinite = write("inf.yaml", `${POD("a", "p", "web")}---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: g\nspec:\n  order: .inf\n  selector: all()\n`);
    const model = same(["reach", infinite, "--format", "counts"]);
    assert.equal(model.status, 2);
    assert.match(model.stderr, /spec\.order: expected a finite number, got Infinity/);
  });

  it("verify: the same over both layers, read on the thread and read again on the main thread", () => {
    const out = path.join(tempDir(), "dev");
    assert.equal(render(["--stack", "dev", "--out", out]).code, 0);
    // The Kubernetes layer alone fails: a default deny removed, still masked by Calico's cluster default deny.
    const backend = path.join(out, "bank-backend.yaml");
    fs.writeFileSync(backend, fs.readFileSync(backend, "utf8").split(/^---$/m).filter((doc) => !/name: default-deny\n/.test(doc)).join("---"));
    const args = ["verify", "--intent", path.join(out, "analysis/intent-with-context.yaml"), out];
    const threaded = same(args);
    assert.equal(threaded.status, 1, threaded.stdout);
    assert.match(threaded.stdout, /extra \(kubernetes layer alone\): +intruder\/probe => bank-backend\/stranger : all/);
    fs.writeFileSync(path.join(out, "extra.json"), JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "bank-backend" } }));
    assert.deepEqual({ ...same(args), stderr: "" }, { ...threaded, stderr: "" }, "a JSON file sends everything back to the main thread, with the same verdict");
  });

  it("pods and workloads handed over as their endpoints' records build the same model and problems as the objects", () => {
    const pods = Array.from({ length: 3_000 }, (_, i) => POD(`t${i % 5}`, `p${i}`, i % 2 === 0 ? "db" : "web")).join("---\n");
    const odd = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\n  namespace: t1\n  labels:\n    tier: 1\n";
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p7\n  namespace: t2\nspec:\n  template:\n    metadata:\n      labels:\n        app: db\n";
    const file = write("records.yaml", [pods, odd, deployment, DENY("t0"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: t0\n  labels:\n    zone: z\n"].join("---\n"));
    const outcome = (build: () => NetpolModel): unknown => {
      try {
        return build();
      } catch (error) {
        return error instanceof NetpolInputError ? error.problems : error;
      }
    };
    const expected = outcome(() => buildModel(readManifestText(fs.readFileSync(file, "utf8"), file, { prune: true, stubs: true }).objects));
    assert.ok(Array.isArray(expected) && expected.length === 2, "the bad label, and the Deployment named as a Pod is");
    for (const records of ["always", "never"] as const) {
      const builder = new ModelBuilder();
      let handed = 0;
      const read = readOnThreads([{ file, name: file }], [fs.statSync(file).size], { prune: true, stubs: true }, {
        onFile: () => undefined,
        onObject: (object, source) => builder.add(object, source),
        onRecord: (record, source) => {
          handed++;
          builder.addRecord(record, source);
        },
      }, { records, mainReads: false });
      assert.equal(read, true);
      assert.equal(handed, records === "always" ? 3_001 : 0, "every pod and workload that builds without a problem (the Deployment's duplicate id is the model's to find)");
      assert.deepEqual(outcome(() => builder.finish()), expected, records);
    }
  });

  it("hands over exactly the objects read here, with their sources: values JSON cannot hold too (.inf, .nan, -0, 1e999)", () => {
    const special = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: odd\n  namespace: a\nspec:\n  podSelector: {}\n  x: -0\n  y: .nan\n  z: [-.inf, 1e999, 0]\n";
    const flow = "{apiVersion: v1, kind: Pod, metadata: {name: f, namespace: a, labels: {n: -0}}}\n";
    const files = [write("exact/1.yaml", [POD("a", "p", "web"), special, "kind: ConfigMap\nmetadata:\n  name: c\n"].join("---\n")), write("exact/2.yaml", [DENY("a"), flow].join("---\n"))];
    const expected = files.flatMap((file) => readManifestText(fs.readFileSync(file, "utf8"), file, { prune: true, stubs: true }).objects);
    const handed: unknown[] = [];
    const sources: unknown[] = [];
    const onObject = (object: unknown, source: string | undefined): void => {
      handed.push(object);
      sources.push(source);
    };
    const read = readOnThreads(files.map((file) => ({ file, name: file })), files.map((file) => fs.statSync(file).size), { prune: true, stubs: true }, { onFile: () => undefined, onObject, onRecord: (record) => handed.push(record) }, { records: "never", mainReads: false });
    assert.equal(read, true);
    assert.deepStrictEqual(handed, expected);
    assert.deepStrictEqual(sources, expected.map(streamedSource), "each object's source handed over with it (a stub's none)");
    assert.ok(Object.is(((handed[1] as { spec: { x: number } }).spec).x, -0));
  });

  it("the two threads share a file's segments: every object in input order, with its source, whoever read it", () => {
    const pods = Array.from({ length: 3_000 }, (_, i) => POD(`t${i % 5}`, `p${i}`, i % 2 === 0 ? "db" : "web"));
    const files = [write("shared/1.yaml", pods.slice(0, 1_000).join("---\n")), write("shared/2.yaml", ""), write("shared/3.yaml", [...pods.slice(1_000), DENY("t0")].join("---\n"))];
    const expected = files.flatMap((file) => readManifestText(fs.readFileSync(file, "utf8"), file, { prune: true, stubs: true }).objects);
    // The main thread takes its time over the first object, so that the worker (loading through
    // ts-node) is running by then; the worker pauses after each claim, so that the main thread
    // reads the next segments meanwhile and holds them until the worker's segment before them is in.
    const handed: unknown[] = [];
    const shown: number[] = [];
    const by: string[] = [];
    const sources: unknown[] = [];
    const onObject = (object: unknown, source: string | undefined): void => {
      if (handed.length === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3_000);
      handed.push(object);
      sources.push(source);
    };
    const read = readOnThreads(files.map((file) => ({ file, name: file })), files.map((file) => fs.statSync(file).size), { prune: true, stubs: true }, { onFile: (index) => shown.push(index), onObject, onRecord: (record) => handed.push(record), onSegment: (index, reader) => by.push(`${index} ${reader}`) }, { records: "never", segmentBytes: 8_192, pauseMs: 100 });
    assert.equal(read, true);
    assert.deepStrictEqual(handed, expected);
    assert.deepStrictEqual(sources, expected.map(streamedSource));
    assert.deepEqual(shown, [0, 1, 2], "each file shown once, in order, the empty one too");
    assert.deepEqual(by.map((entry) => Number(entry.split(" ")[0])), by.map((_, index) => index), "every segment once, in order");
    for (const reader of ["worker", "here", "held"]) assert.ok(by.some((entry) => entry.endsWith(reader)), `some segment read ${reader}: ${by.join(", ")}`);
  });

  it("a problem in any segment, or input read only whole, stops the reading: everything is read again on the main thread", () => {
    const pods = Array.from({ length: 200 }, (_, i) => POD("a", `p${i}`, "web")).join("---\n");
    for (const bad of ["- 7\n", "kind: [Pod\n", "%YAML 1.2\n---\nkind: Pod\n"]) {
      const file = write("stopped.yaml", `${pods}---\n${bad}---\n${pods.replace(/name: p/g, "name: q")}`);
      for (const mainReads of [true, false]) {
        const read = readOnThreads([{ file, name: file }], [fs.statSync(file).size], { prune: true, stubs: true }, { onFile: () => undefined, onObject: () => undefined, onRecord: () => undefined }, { segmentBytes: 2_048, mainReads });
        assert.equal(read, false, `${JSON.stringify(bad)}, the main thread reading: ${mainReads}`);
      }
    }
  });

  it("a worker that never starts leaves every segment to the main thread, which does not wait for it", () => {
    const broken = write("broken-thread.js", "throw new Error('cannot load');\n");
    const file = write("one-more.yaml", [POD("a", "p", "web"), POD("a", "q", "web")].join("---\n"));
    const handed: unknown[] = [];
    const began = Date.now();
    const read = readOnThreads([{ file, name: file }], [fs.statSync(file).size], { prune: true, stubs: true }, { onFile: () => undefined, onObject: (object) => handed.push(object), onRecord: (record) => handed.push(record) }, { module: broken, segmentBytes: 16 });
    assert.equal(read, true);
    assert.deepStrictEqual(handed, readManifestText(fs.readFileSync(file, "utf8"), file, { prune: true, stubs: true }).objects);
    assert.ok(Date.now() - began < 5_000, `took ${Date.now() - began} ms`);
  });

  it("NETPOL_READ_THREAD other than on or off is refused by name", () => {
    const file = write("one.yaml", POD("a", "p", "web"));
    const run = withThread("yes", () => runNetpol(["reach", file, "--format", "counts"]));
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /NETPOL_READ_THREAD: environment: expected on or off \(or unset: by size\), got "yes"/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
  });
});
