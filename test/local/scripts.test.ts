// local/: the kind cluster config agrees with the local stack, the scripts pass shellcheck (the
// Debian package; .ci/run installs it), and the scripts do what docs/local.md says, run here against
// stub tools that record their arguments: one message per missing tool, the steps of up.sh in
// order, LocalStack only when the stack enables it, and a down.sh that is safe to run twice.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { KIND_SERVICE_SUBNET, loadStackFile } from "../../config";
import { PROJECT_DIR } from "../fixtures/stackFiles";

const LOCAL_DIR = path.join(PROJECT_DIR, "local");
const SCRIPTS = ["up.sh", "down.sh"].map((name) => path.join(LOCAL_DIR, name));
const SYSTEM_TOOLS = ["dirname", "grep", "sleep"];
const TOOLS = ["docker", "kind", "kubectl", "pulumi", "node", "curl"];

/** A stub that logs `<tool> <args>` and answers as the STUB_* variables say. */
const STUB = `#!/bin/bash
tool="\${0##*/}"
echo "$tool $*" >> "$STUB_LOG"
case "$tool $1 $2" in
  "kind get clusters") [ -n "\${STUB_CLUSTERS:-}" ] && echo "$STUB_CLUSTERS"; exit 0 ;;
  "docker container inspect") [ -n "\${STUB_CONTAINER:-}" ]; exit $? ;;
  "pulumi whoami "*) [ -n "\${STUB_LOGGED_IN:-}" ]; exit $? ;;
  "pulumi config get") echo "\${STUB_LOCALSTACK:-}"; exit 0 ;;
  "pulumi stack select") case "$*" in *--create*) exit 0 ;; *) [ -n "\${STUB_STACK:-}" ]; exit $? ;; esac ;;
esac
exit 0
`;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every stub call, `<tool> <args>`, in order. */
  readonly calls: string[];
}

function run(script: string, tools: readonly string[], env: Record<string, string> = {}, args: string[] = []): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zte-local-"));
  try {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    for (const tool of SYSTEM_TOOLS) fs.symlinkSync(whereIs(tool), path.join(bin, tool));
    for (const tool of tools) fs.writeFileSync(path.join(bin, tool), STUB, { mode: 0o755 });
    const log = path.join(dir, "calls.log");
    fs.writeFileSync(log, "");
    const result = spawnSync("/bin/bash", [path.join(LOCAL_DIR, script), ...args], {
      cwd: dir, encoding: "utf8", env: { PATH: bin, HOME: dir, STUB_LOG: log, ...env },
    });
    const calls = fs.readFileSync(log, "utf8").split("\n").filter((line) => line.length > 0);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function whereIs(tool: string): string {
  const found = ["/usr/bin", "/bin"].map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));
  if (found === undefined) throw new Error(`${tool} not found in /usr/bin or /bin`);
  return found;
}

interface KindConfig {
  kind: string;
  apiVersion: string;
  name: string;
  networking: { disableDefaultCNI: boolean; podSubnet: string; serviceSubnet: string };
  nodes: { role: string; image: string }[];
}

describe("local/: the kind preview's cluster config and scripts", () => {
  const kindConfig = YAML.parse(fs.readFileSync(path.join(LOCAL_DIR, "kind-cluster.yaml"), "utf8")) as KindConfig;

  it("kind-cluster.yaml agrees with Pulumi.local.yaml: its context, Calico's pool as podSubnet, kind's CNI off", () => {
    const local = loadStackFile(PROJECT_DIR, "local");
    assert.ok(local.platform.name === "kind");
    assert.equal(kindConfig.apiVersion, "kind.x-k8s.io/v1alpha4");
    assert.equal(`kind-${kindConfig.name}`, local.platform.kubeContext);
    assert.equal(kindConfig.networking.disableDefaultCNI, true);
    assert.equal(kindConfig.networking.podSubnet, local.platform.podCidr);
    assert.equal(kindConfig.networking.serviceSubnet, KIND_SERVICE_SUBNET);
  });

  it("pins every node image by digest, and both scripts name the same cluster", () => {
    for (const node of kindConfig.nodes) assert.match(node.image, /^kindest\/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    for (const script of SCRIPTS) assert.match(fs.readFileSync(script, "utf8"), new RegExp(`^CLUSTER=${kindConfig.name}$`, "m"), script);
  });

  it("the scripts pass shellcheck", function () {
    this.timeout(20000);
    const result = spawnSync("shellcheck", ["--shell=bash", ...SCRIPTS], { encoding: "utf8" });
    assert.ok(result.error === undefined, "shellcheck is not installed: apt-get install shellcheck (.ci/run installs it)");
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it("up.sh names each missing tool on its own line and does nothing else", () => {
    const result = run("up.sh", ["docker", "node"]);
    assert.equal(result.status, 2);
    const lines = result.stderr.trim().split("\n");
    assert.deepEqual(lines.map((line) => /^up\.sh: (\S+) not found: /.exec(line)?.[1] ?? line), ["kind", "kubectl", "pulumi", "up.sh: 3 required tool(s) missing; nothing was done"]);
    assert.deepEqual(result.calls, []);
  });

  it("up.sh on a fresh machine: creates the cluster from the config, logs in locally, selects the stack, runs pulumi up with its arguments", () => {
    const result = run("up.sh", TOOLS, {}, ["--yes"]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.calls, [
      "kind get clusters",
      `kind create cluster --config ${path.join(LOCAL_DIR, "kind-cluster.yaml")}`,
      "pulumi whoami",
      "pulumi login --local",
      "pulumi stack select --create local",
      "pulumi config get zero-trust-eks:localstackEndpoint --stack local",
      "pulumi up --stack local --yes",
    ]);
  });

  it("up.sh again: reuses the cluster and the login", () => {
    const result = run("up.sh", TOOLS, { STUB_CLUSTERS: "other\nzero-trust-eks", STUB_LOGGED_IN: "1" });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(!result.calls.some((call) => call.startsWith("kind create") || call.startsWith("pulumi login")), result.calls.join("\n"));
    assert.match(result.stdout, /kind cluster zero-trust-eks exists: reusing it/);
  });

  it("up.sh starts the pinned LocalStack on localhost when the stack sets localstackEndpoint, and waits for it before pulumi up", () => {
    const result = run("up.sh", TOOLS, { STUB_CLUSTERS: "zero-trust-eks", STUB_LOGGED_IN: "1", STUB_LOCALSTACK: "http://localhost:4566" });
    assert.equal(result.status, 0, result.stderr);
    const tail = result.calls.slice(result.calls.indexOf("pulumi config get zero-trust-eks:localstackEndpoint --stack local") + 1);
    assert.deepEqual(tail, [
      "docker container inspect zero-trust-eks-localstack",
      "docker run --detach --name zero-trust-eks-localstack --publish 127.0.0.1:4566:4566 --env LOCALSTACK_AUTH_TOKEN localstack/localstack:4.4.0",
      "curl --silent --fail --output /dev/null http://localhost:4566/_localstack/health",
      "pulumi up --stack local",
    ]);
  });

  it("down.sh removes the cluster, the LocalStack container and the stack's state, keeping Pulumi.local.yaml", () => {
    const result = run("down.sh", TOOLS, { STUB_CLUSTERS: "zero-trust-eks", STUB_CONTAINER: "1", STUB_LOGGED_IN: "1", STUB_STACK: "1" });
    assert.equal(result.status, 0, result.stderr);
    const removals = result.calls.filter((call) => / (delete|rm) /.test(call));
    assert.deepEqual(removals, [
      "kind delete cluster --name zero-trust-eks",
      "docker rm --force zero-trust-eks-localstack",
      "pulumi stack rm local --force --yes --preserve-config",
    ]);
  });

  it("down.sh with nothing left, or without the tools, removes nothing and succeeds (safe to run twice)", () => {
    for (const tools of [TOOLS, []]) {
      const result = run("down.sh", tools, { STUB_LOGGED_IN: "1" });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.calls.filter((call) => / (delete|rm) /.test(call)), []);
      assert.match(result.stdout, /no kind cluster zero-trust-eks\n.*no LocalStack container .*\n.*no Pulumi stack local/);
    }
  });
});
