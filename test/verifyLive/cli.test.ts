// `npm run verify-live` in-process against a fake cluster: the expected-vs-observed matrix and exit
// 0 on a zero-trust network; exit 1 listing each difference; JSON for machines; exit 2 with one
// message for a cluster it cannot use or bad input, having created nothing; 130 after Ctrl-C.
import { strict as assert } from "node:assert";
import { runVerifyLive, type VerifyLiveDeps } from "../../cli/verifyLive";
import { ClusterAccessError, type LiveCluster } from "../../cli/verifyLive/cluster";
import { progressLine, progressReporter } from "../../cli/verifyLive/progress";
import { PROJECT_DIR } from "../fixtures/stackFiles";
import { bankPods, CONNECTED, FakeCluster, forbidden, ZERO_TRUST, type Network } from "./fakeCluster";

interface Cli {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly contexts: (string | undefined)[];
}

async function cli(args: string[], cluster: LiveCluster | (() => LiveCluster), extra: Partial<VerifyLiveDeps> = {}): Promise<Cli> {
  let out = "";
  let err = "";
  const contexts: (string | undefined)[] = [];
  const deps: VerifyLiveDeps = {
    connect: (context) => {
      contexts.push(context);
      return typeof cluster === "function" ? cluster() : cluster;
    },
    runId: () => "abc123",
    sleep: async () => {},
    ...extra,
  };
  const code = await runVerifyLive(["--project", PROJECT_DIR, ...args], { out: (t) => (out += t), err: (t) => (err += t) }, deps);
  return { code, out, err, contexts };
}

const DATABASE_REACHES_INTERNET: Network = (from, ip, port, protocol) =>
  from === "bank-database" && ip === "1.1.1.1" ? CONNECTED : ZERO_TRUST(from, ip, port, protocol);

describe("verify-live CLI against a fake cluster", () => {
  it("zero-trust network: the matrix, every probe as expected, exit 0; the local stack's own context by default", async () => {
    const run = await cli([], new FakeCluster(bankPods(), ZERO_TRUST));
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(run.contexts, ["kind-zero-trust-eks"]);
    assert.equal(run.out.split("\n").slice(2, 7).join("\n"), [
      "from \\ to               bank-frontend/frontend  bank-backend/backend  bank-database/database  kube-system/coredns   1.1.1.1",
      "bank-frontend/frontend                          9090/TCP ++           5432/TCP --             53/UDP ++, 53/TCP ++",
      "bank-backend/backend    8080/TCP --                                   5432/TCP ++             53/UDP ++, 53/TCP ++",
      "bank-database/database  8080/TCP --             9090/TCP --                                   53/UDP ++, 53/TCP ++  443/TCP --",
      "verify-live/intruder    8080/TCP --             9090/TCP --           5432/TCP --",
    ].join("\n"));
    assert.match(run.out, /\nOK: all 16 probes as the analyzer expects\n$/);
    assert.match(run.err, /^verify-live: 16 probes from 4 sources on fake cluster \(run abc123\)\n/);
  });

  it("a leak: exit 1, the cell marked and the difference spelled out", async () => {
    const run = await cli(["--stack", "dev", "--context", "dev-admin"], new FakeCluster(bankPods(), DATABASE_REACHES_INTERNET));
    assert.equal(run.code, 1);
    assert.deepEqual(run.contexts, ["dev-admin"]);
    assert.match(run.out, /443\/TCP -\+!/);
    assert.match(run.out, /differences \(1\):\n {2}bank-database\/database -> 1\.1\.1\.1 TCP\/443 \(database to the internet\): expected denied, observed connected\n/);
    assert.match(run.out, /\nFAILED: 1 of 16 probes differ from the analyzer\n$/);
  });

  it("--format json: one document with every probe, the summary and what was not probed", async () => {
    const run = await cli(["--stack", "dev", "--format", "json"], new FakeCluster(bankPods(), DATABASE_REACHES_INTERNET));
    assert.equal(run.code, 1);
    const document = JSON.parse(run.out);
    assert.deepEqual(document.summary, { probes: 16, matched: 15, differing: 1 });
    assert.equal(document.ok, false);
    assert.deepEqual(document.probes.filter((p: { match: boolean }) => !p.match), [{
      from: "bank-database/database", to: "1.1.1.1", port: 443, protocol: "TCP", kind: "database to the internet",
      intended: "denied", expected: "denied", observed: "connected", observedVerdict: "allowed", detail: "", match: false,
    }]);
    assert.equal(document.notProbed.length, 2);
    assert.equal(document.context, undefined, "the context is in `cluster`, described");
    assert.equal(document.cluster, "fake cluster");
  });

  it("a cluster it cannot reach or may not use: exit 2, the message alone, nothing created", async () => {
    const unreachable = new FakeCluster(bankPods(), ZERO_TRUST, { failOn: { method: "check", error: new ClusterAccessError("cannot reach the Kubernetes API: context x does not answer (ECONNREFUSED)") } });
    const run = await cli([], unreachable);
    assert.equal(run.code, 2);
    assert.equal(run.err, "verify-live: cannot reach the Kubernetes API: context x does not answer (ECONNREFUSED)\n");
    assert.equal(run.out, "");
    assert.deepEqual(unreachable.calls, ["check"]);
    const noContext = await cli(["--context", "nope"], () => { throw new ClusterAccessError('no context "nope" in your kubeconfig (contexts: a)'); });
    assert.equal(noContext.code, 2);
    assert.match(noContext.err, /^verify-live: no context "nope" in your kubeconfig/);
  });

  it("a permission missing mid-run: exit 2 with the API's answer, and its namespace deleted", async () => {
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST, { failOn: { method: "createPod", error: forbidden("create a pod in zero-trust-eks-verify-abc123") } });
    const run = await cli([], cluster);
    assert.equal(run.code, 2);
    assert.match(run.err, /verify-live: cannot create a pod in zero-trust-eks-verify-abc123: forbidden \(403\)/);
    assert.equal(cluster.namespaces.size, 0);
  });

  it("bad input: exit 2 with one line (unknown stack, invalid option values)", async () => {
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST);
    for (const [args, message] of [
      [["--stack", "qa"], /Pulumi\.qa\.yaml.*stacks found: dev, local, prod, staging/],
      [["--internet", "192.168.0.1:443"], /^verify-live: --internet needs a public address, not a private one \(got "192\.168\.0\.1:443"\) \(see --help\)\n$/],
      [["--timeout", "0"], /^verify-live: option '--timeout <seconds>' argument '0' is invalid\. expected a whole number from 1 to 60 \(see --help\)\n$/],
      [["--format", "yaml"], /^verify-live: option '--format <format>' argument 'yaml' is invalid\. Allowed choices are text, json\. \(see --help\)\n$/],
    ] as const) {
      const run = await cli([...args], cluster);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.err, message);
    }
    assert.deepEqual(cluster.calls, [], "nothing reached the cluster");
  });

  it("Ctrl-C: exit 130 once the namespace is deleted", async () => {
    const controller = new AbortController();
    const cluster = new FakeCluster(bankPods(), ZERO_TRUST, { neverFinish: true });
    const sleep = async (_ms: number, signal?: AbortSignal) => {
      controller.abort(new Error("interrupted"));
      if (signal?.aborted) throw signal.reason;
    };
    const run = await cli([], cluster, { signal: controller.signal, sleep });
    assert.equal(run.code, 130);
    assert.match(run.err, /verify-live: interrupted; removed what the run created\n$/);
    assert.equal(cluster.namespaces.size, 0);
  });

  it("--help lists the exit codes", async () => {
    const run = await cli(["--help"], new FakeCluster([], ZERO_TRUST));
    assert.equal(run.code, 0);
    assert.match(run.out, /Exit codes:\n {2}0 {4}every probe as the analyzer expects/);
  });
});

describe("verify-live progress", () => {
  it("on a terminal, one line redrawn; elsewhere a line per finished source", () => {
    let clock = 0;
    let text = "";
    const terminal = progressReporter((t) => (text += t), true, () => clock);
    clock = 3200;
    terminal.update(4, 16);
    terminal.stop();
    terminal.stop();
    assert.equal(text, `\r\u001b[K${progressLine(4, 16, 3)}\r\u001b[K`);
    let log = "";
    const plain = progressReporter((t) => (log += t), false, () => 0);
    plain.update(4, 16);
    plain.update(16, 16);
    plain.stop();
    assert.equal(log, "verify-live: 4/16 probes done (0 s)\nverify-live: 16/16 probes done (0 s)\n");
  });
});
