/**
 * `netpol verify` parsing a large intent on its own thread (cli/netpol/intentThread.ts): the same
 * intent and the same problems as parsed on the main thread, a thread that never starts given up
 * on, and every verify run printing exactly what it prints without the thread, problems and their
 * order included.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { startParsingIntent } from "../../../cli/netpol/intentThread";
import { intentOfTable, NetpolInputError, parseIntent, podFlows, resolvePeers, tableOfIntent } from "../../../netpol";
import { render, tempDir } from "../../render/helpers";
import { CliRun, runNetpol, withThread } from "../cliRun";

function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return error instanceof NetpolInputError ? error.problems : error;
  }
}

/** The same command with the threads on and off: identical in every byte, and returned. */
function same(args: string[]): CliRun {
  const threaded = withThread("on", () => runNetpol(args));
  assert.deepEqual(threaded, withThread("off", () => runNetpol(args)));
  return threaded;
}

const FLOWS = [
  { from: "a/x", to: "a/y", ports: ["TCP/80", "UDP/53"] },
  { from: "a/y", to: "10.0.0.0/8", ports: ["all"] },
  { from: "0.0.0.0/0 except 10.0.0.0/8", to: "a/x", ports: ["TCP/443"] },
];

describe("netpol verify: the intent parsed on its own thread", function () {
  this.timeout(60_000);
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-intent-thread-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives the intent parseIntent gives, or its problems: the generated JSON, YAML, a kubernetesLayer, bad flows", () => {
    const texts = [
      JSON.stringify({ eachSide: true, flows: FLOWS }),
      stringify({ flows: FLOWS }),
      JSON.stringify({ flows: FLOWS, kubernetesLayer: { flows: FLOWS.slice(1) } }),
      JSON.stringify({ flows: [...FLOWS, { from: "A/x", to: "a/y", ports: ["TCP/0"] }] }),
      "flows: [\n",
    ];
    const parsing = texts.map((text) => startParsingIntent(Buffer.from(text), "i.json")); // the threads start together
    texts.forEach((text, i) => {
      assert.deepStrictEqual(outcome(() => intentOfTable((parsing[i] as ReturnType<typeof startParsingIntent>).table())), outcome(() => parseIntent(text, "i.json")), text);
    });
  });

  it("resolves the intent against the Pods it is told, as the main thread would: peers and flows between Pods", () => {
    const text = JSON.stringify({ flows: [...FLOWS, { from: "a/x", to: "a/x", ports: ["all"] }, { from: "a/x", to: "b/gone", ports: ["all"] }] });
    const pods = ["b/z", "a/y", "a/x"];
    const parsing = startParsingIntent(Buffer.from(text), "i.json");
    parsing.resolve(pods);
    const table = parsing.table();
    const resolved = parsing.resolved();
    const here = tableOfIntent(parseIntent(text, "i.json"));
    assert.deepStrictEqual(intentOfTable(table), intentOfTable(here));
    const peers = resolvePeers(here, pods);
    assert.deepStrictEqual(resolved, { peers, flows: podFlows(here, peers, pods.length) });
  });

  it("resolves nothing where it parsed nothing: the main thread does", () => {
    const broken = path.join(dir, "broken-resolving.js");
    fs.writeFileSync(broken, "throw new Error('cannot load');\n");
    const parsing = startParsingIntent(Buffer.from(JSON.stringify({ flows: FLOWS })), "i.json", { module: broken, timeoutMs: 300 });
    parsing.resolve(["a/x", "a/y"]);
    parsing.table();
    assert.equal(parsing.resolved(), undefined);
  });

  it("parses here what a thread that never starts was given (its failure would only reach the event loop)", () => {
    const broken = path.join(dir, "broken-thread.js");
    fs.writeFileSync(broken, "throw new Error('cannot load');\n");
    const began = Date.now();
    const text = JSON.stringify({ flows: FLOWS });
    assert.deepStrictEqual(intentOfTable(startParsingIntent(Buffer.from(text), "i.json", { module: broken, timeoutMs: 300 }).table()), parseIntent(text, "i.json"));
    assert.deepEqual(outcome(() => startParsingIntent(Buffer.from("flows: 7\n"), "i.json", { module: broken, timeoutMs: 300 }).table()), outcome(() => parseIntent("flows: 7\n", "i.json")));
    assert.ok(Date.now() - began < 5_000, `gave up after ${Date.now() - began} ms`);
  });

  describe("through the command line, threads on and off", () => {
    let out = "";
    let intent = "";
    before(() => {
      out = path.join(tempDir(), "dev");
      assert.equal(render(["--stack", "dev", "--out", out]).code, 0);
      intent = path.join(dir, "intent.json");
    });
    // The rendered directory: the stack's manifests and its context (CoreDNS, the intruder probe).
    const manifests = (): string[] => [out];
    const flows = (): { from: string; to: string; ports: string[] }[] => (parseIntentFile(path.join(out, "analysis/intent-with-context.yaml")) as { flows: { from: string; to: string; ports: string[] }[] }).flows;

    it("the same verdict on the rendered stack's intent as JSON, kept, with a flow left out, and with an escaped key", () => {
      fs.writeFileSync(intent, JSON.stringify({ eachSide: false, flows: flows() }));
      const ok = same(["verify", "--intent", intent, ...manifests()]);
      assert.equal(ok.status, 0, ok.stderr + ok.stdout);
      fs.writeFileSync(intent, JSON.stringify({ flows: flows().slice(1) }));
      const extra = same(["verify", "--intent", intent, ...manifests()]);
      assert.equal(extra.status, 1, extra.stderr);
      assert.match(extra.stdout, /extra/);
      fs.writeFileSync(intent, `{"flows": ${JSON.stringify(flows())}, "kubernetes\\u004cayer": {"flows": ${JSON.stringify(flows())}}}`);
      // The Kubernetes layer alone allows more than the intent (Calico's policies mask it): a layer built, though its key is escaped.
      const layer = same(["verify", "--intent", intent, ...manifests()]);
      assert.equal(layer.status, 1, layer.stderr);
      assert.match(layer.stdout, /\(kubernetes layer alone\)/);
    });

    it("the intent's problems before the manifests', a missing path after them, unknown endpoints by flow", () => {
      fs.writeFileSync(intent, JSON.stringify({ flows: [...flows(), { from: "a/x", to: "b/y", ports: ["TCP/99999"] }] }));
      const broken = path.join(dir, "broken.yaml");
      fs.writeFileSync(broken, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n");
      const both = same(["verify", "--intent", intent, ...manifests(), broken]);
      assert.equal(both.status, 2);
      assert.match(both.stderr, /intent\.json: flows\[\d+\]: ports: "TCP\/99999" is out of range/);
      assert.doesNotMatch(both.stderr, /broken\.yaml/, "the intent's problems first, alone");
      const missing = same(["verify", "--intent", intent, path.join(out, "no-such-dir")]);
      assert.match(missing.stderr, /TCP\/99999/);
      fs.writeFileSync(intent, JSON.stringify({ flows: [...flows(), { from: "a/x", to: "bank-backend/backend", ports: ["TCP/80"] }, { from: "bank-backend/backend", to: "b/y", ports: ["TCP/80"] }] }));
      const unknown = same(["verify", "--intent", intent, ...manifests()]);
      assert.equal(unknown.status, 2);
      const count = flows().length;
      assert.match(unknown.stderr, new RegExp(`flows\\[${count}\\]: a/x is not an endpoint of the manifests\\n.*flows\\[${count + 1}\\]: b/y is not an endpoint of the manifests`));
    });
  });
});

function parseIntentFile(file: string): unknown {
  return (require("yaml") as typeof import("yaml")).parse(fs.readFileSync(file, "utf8"));
}
