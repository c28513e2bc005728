/**
 * The CLI reads its input with the streamed reader (netpol/stream): what it reports must stay
 * what parseManifestText gave: the summary line (ignored kinds counted), Calico objects and
 * ServiceAccounts kept for the model, unnamed objects named by their position, problems naming
 * the source and document, and duplicate keys rejected with a clear message.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NetpolCapacityError } from "../../../netpol";
import { runNetpol } from "../cliRun";

const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop, labels: {app: a}}\nspec: {containers: [{name: c, ports: [{containerPort: 80}]}]}\n";

describe("netpol CLI input (streamed reader)", () => {
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-streamed-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  it("counts the kinds it leaves out and warns about unmodelled policies, as before", () => {
    const file = write("mixed.yaml", [
      POD,
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {big: \"x\"}\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, namespace: shop}\n",
      "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: shop}\n",
    ].join("---\n"));
    const { status, stderr } = runNetpol(["reach", file, "--port", "80", "--format", "counts"]);
    assert.equal(status, 0);
    const lines = stderr.trim().split("\n");
    assert.equal(lines[0], "netpol: read 0 NetworkPolicies, 1 pod/workload, 0 namespaces; ignored 3 objects (ConfigMap ×2, CiliumNetworkPolicy ×1)");
    assert.match(lines[1] ?? "", /^netpol: warning: ignored 1 policy of a kind this analyzer does not model \(cilium\.io\/v2 CiliumNetworkPolicy ×1\)/);
  });

  it("keeps Calico objects and names an unnamed object by its position among all objects", () => {
    const calico = write("calico.yaml", [
      POD,
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: deny}\nspec: {selector: all(), types: [Ingress]}\n",
    ].join("---\n"));
    const read = runNetpol(["reach", calico, "--port", "80", "--format", "counts"]);
    assert.equal(read.stderr.split("\n")[0], "netpol: read 0 NetworkPolicies, 1 Calico object, 1 pod/workload, 0 namespaces; nothing ignored");
    const unnamed = write("unnamed.yaml", ["apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "apiVersion: v1\nkind: Pod\nmetadata: {namespace: shop}\n"].join("---\n"));
    const bad = runNetpol(["reach", unnamed]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unnamed\.yaml: Pod #2: metadata\.name must be a non-empty string/);
  });

  it("keeps admin network policies: an AdminNetworkPolicy's Deny decides the answer read from a file", () => {
    const peer = "apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: shop, labels: {app: b}}\nspec: {containers: [{name: c}]}\n";
    const deny = "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny-all}\n" +
      "spec: {priority: 10, subject: {namespaces: {}}, ingress: [{name: deny, action: Deny, from: [{namespaces: {}}]}]}\n";
    const open = runNetpol(["reach", write("open.yaml", [POD, peer].join("---\n")), "--port", "80", "--format", "counts"]);
    const closed = runNetpol(["reach", write("admin.yaml", [POD, peer, deny].join("---\n")), "--port", "80", "--format", "counts"]);
    assert.equal(closed.status, 0, closed.stderr);
    assert.match(closed.stderr.split("\n")[0] ?? "", /1 admin network policy/);
    assert.notEqual(closed.stdout, open.stdout, "the AdminNetworkPolicy changed nothing: was it dropped while reading?");
  });

  it("names the file and document of malformed YAML, in files and on standard input", () => {
    const file = write("broken.yaml", `${POD}---\nkind: Pod\nmetadata: {name: [\n`);
    const fromFile = runNetpol(["reach", file]);
    assert.equal(fromFile.status, 2);
    assert.match(fromFile.stderr, /broken\.yaml: document 2: malformed YAML\/JSON: /);
    const fromStdin = runNetpol(["reach", "-"], `${POD}---\nkind: Pod\nmetadata: {name: [\n`);
    assert.equal(fromStdin.status, 2);
    assert.match(fromStdin.stderr, /<stdin>: document 2: malformed YAML\/JSON: /);
  });

  it("rejects duplicate keys, in JSON too (JSON.parse would keep the last), naming the line and column", () => {
    const file = write("dup.json", '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "name": "b"}}');
    const { status, stderr } = runNetpol(["reach", file]);
    assert.equal(status, 2);
    assert.equal(stderr.trim().split("\n")[1], `  ${file}: document 1: malformed YAML/JSON: Map keys must be unique at line 1, column 63`);
  });

  it("reads standard input chunk by chunk, multi-megabyte and JSON alike", () => {
    const pods = Array.from({ length: 3000 }, (_, i) => POD.replace("name: a", `name: a${i}`).replace("{app: a}", `{app: a, filler: "${"x".repeat(400)}"}`));
    const yaml = runNetpol(["reach", "-", "--port", "80", "--format", "counts"], pods.join("---\n"));
    assert.equal(yaml.status, 0);
    assert.equal(yaml.stderr.split("\n")[0], "netpol: read 0 NetworkPolicies, 3,000 pods/workloads, 0 namespaces; nothing ignored");
    const json = runNetpol(["reach", "-", "--port", "80", "--format", "counts"], JSON.stringify({ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "n" } }, { kind: "Secret" }] }));
    assert.equal(json.stderr.split("\n")[0], "netpol: read 0 NetworkPolicies, 1 pod/workload, 0 namespaces; ignored 1 object (Secret ×1)");
  });

  it("NetpolCapacityError is exported for callers that catch it", () => {
    assert.equal(typeof NetpolCapacityError, "function");
  });
});
