// The pack end to end, as the Pulumi engine talks to it: policy-pack/index.ts runs in its own
// process (constructing the PolicyPack starts @pulumi/policy's gRPC analyzer server and prints its
// port, which is why no test imports it), and this test is the engine: it asks for the analyzer
// info and sends AnalyzeStack / Analyze requests built from the program's resources. This checks
// the real SDK path (protobuf Structs, deserialization, the unknown-checking proxy, levels) that
// crossguard.ts imitates in-process.
import { strict as assert } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { LEVELS } from "../../policy-pack/rules/levels";
import { type PackResource, UNKNOWN, urnOf } from "./crossguard";
import { clone, findResource, stackResources } from "./stackResources";

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf classes ship no useful types */
const ROOT = path.resolve(__dirname, "../..");
const pulumiEntry = require.resolve("@pulumi/pulumi");
const load = (id: string): any => require(require.resolve(id, { paths: [pulumiEntry] }));
const grpc = load("@grpc/grpc-js");
const analyzerRpc = load("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerProto = load("@pulumi/pulumi/proto/analyzer_pb");
const structProto = load("google-protobuf/google/protobuf/struct_pb");
const emptyProto = load("google-protobuf/google/protobuf/empty_pb");

const LEVEL_NAMES: Record<number, string> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };

function analyzerResource(resource: PackResource): any {
  const message = new analyzerProto.AnalyzerResource();
  message.setType(resource.type);
  message.setUrn(urnOf(resource));
  message.setName(resource.name);
  message.setProperties(structProto.Struct.fromJavaScript(resource.props));
  message.setOptions(new analyzerProto.AnalyzerResourceOptions());
  return message;
}

function call<T>(client: any, method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));
}

interface Seen {
  readonly policy: string;
  readonly level: string;
  readonly message: string;
}

/** The SDK sends a violation as "<the rule's description>\n<the message>"; the description is checked, then dropped. */
function diagnostics(response: any): Seen[] {
  return response.getDiagnosticsList().map((d: any) => {
    const text: string = d.getMessage();
    const description: string = d.getDescription();
    const message = text.startsWith(`${description}\n`) ? text.slice(description.length + 1) : text;
    return { policy: d.getPolicyname(), level: LEVEL_NAMES[d.getEnforcementlevel()], message };
  });
}

describe("policy pack: the PolicyPack's own gRPC server, driven like the Pulumi engine", function () {
  this.timeout(60_000);
  let child: ChildProcess;
  let client: any;

  before(async () => {
    child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "policy-pack/index.ts"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      child.stderr?.on("data", (chunk) => { stderr += String(chunk); });
      child.stdout?.once("data", (chunk) => resolve(String(chunk).trim()));
      child.once("exit", (code) => reject(new Error(`the pack exited (${String(code)}) before printing its port: ${stderr}`)));
    });
    assert.match(port, /^\d+$/);
    client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    child?.kill();
  });

  it("announces the pack and every rule with its level", async () => {
    const info: any = await call(client, "getAnalyzerInfo", new emptyProto.Empty());
    assert.equal(info.getName(), "zero-trust-eks");
    const policies = info.getPoliciesList().map((p: any) => [p.getName(), LEVEL_NAMES[p.getEnforcementlevel()]]);
    assert.deepEqual(Object.fromEntries(policies), LEVELS);
  });

  it("AnalyzeStack: prod passes with no mandatory violation; an extra world-egress policy fails with the rule and the proof", async () => {
    const prod = await stackResources("prod");
    const request = (resources: readonly PackResource[]) => {
      const message = new analyzerProto.AnalyzeStackRequest();
      message.setResourcesList(resources.map(analyzerResource));
      return message;
    };
    assert.deepEqual(diagnostics(await call(client, "analyzeStack", request(prod))), []);
    const world: PackResource = {
      type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      name: "extra",
      props: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "leak", namespace: "bank-database" }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "::/0" } }] }] } },
    };
    const found = diagnostics(await call(client, "analyzeStack", request([...clone(prod), world])));
    assert.deepEqual(found.filter((d) => d.policy !== "reachability-proof"), [
      { policy: "no-world-egress", level: "mandatory", message: "NetworkPolicy bank-database/leak: egress rule 1 allows egress to ::/0 (the whole internet)" },
    ]);
    assert.ok(found.some((d) => d.policy === "reachability-proof" && d.level === "mandatory" && d.message === "connection bank-database/database -> ::/0 all is allowed but no declared flow explains it (egress: allowed by bank-database/leak; ingress: external, not governed by NetworkPolicy)"));
  });

  it("Analyze during preview: an unknown EKS key becomes the SDK's advisory, a known weakness stays mandatory", async () => {
    const dev = await stackResources("dev");
    const cluster = clone(findResource(dev, "aws:eks/cluster:Cluster"));
    (cluster.props as Record<string, unknown>).encryptionConfig = UNKNOWN.unknownObjectValue;
    (cluster.props as Record<string, unknown>).enabledClusterLogTypes = ["api"];
    const request = new analyzerProto.AnalyzeRequest();
    request.setType(cluster.type);
    request.setUrn(urnOf(cluster));
    request.setName(cluster.name);
    request.setProperties(structProto.Struct.fromJavaScript(cluster.props));
    request.setOptions(new analyzerProto.AnalyzerResourceOptions());
    const found = diagnostics(await call(client, "analyze", request)).sort((a, b) => a.policy.localeCompare(b.policy));
    assert.deepEqual(found.map((d) => [d.policy, d.level]), [["eks-audit-logs", "mandatory"], ["eks-control-plane-logs-complete", "advisory"], ["eks-secrets-encrypted", "advisory"]]);
    assert.match(found[2].message, /^can't run policy 'eks-secrets-encrypted' from policy pack 'zero-trust-eks@v[^']*' during preview: Object value at \.encryptionConfig can't be known during preview$/);
  });
});
