// The stack comparison table of docs/config.md for stacks unlike the committed ones: every cell a
// config can change, so the table says what each stack really does.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parseStackConfig } from "../../config";
import { projectFile, renderStackComparison } from "../../config/reference";
import { PROJECT_DIR, raw } from "./helpers";

/** The table as label -> one cell per stack, with the `\|` escapes left in. */
function table(...inputs: Record<string, unknown>[]): Map<string, string[]> {
  const lines = renderStackComparison(inputs.map((input) => parseStackConfig(input))).split("\n");
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(2)) {
    const cells = line.slice(2, -2).split(/ (?<!\\)\| /);
    rows.set(cells[0], cells.slice(1));
  }
  return rows;
}

const EKS = raw({
  environment: "edge",
  policyEngine: "vpc-cni",
  ingressSourceCidrs: [],
  endpointPublicAccess: true,
  endpointPublicAccessCidrs: ["203.0.113.0/24", "198.51.100.0/24"],
  deployPhase: "platform",
  deployRunner: false,
  apiAccessSecurityGroupIds: ["sg-01234567", "sg-89abcdef"],
  apiAccessCidrs: ["192.168.100.0/24", "192.168.200.0/24"],
  egressAllowList: ["backend -> 198.51.100.0/24 443/TCP,53/UDP (gateway|dns)", "frontend -> 192.0.2.0/24 80"],
});

const KIND_LOCALSTACK = raw({
  environment: "local",
  platform: "kind",
  kubeContext: "kind-zero-trust-eks",
  ingressSourceCidrs: [],
  localstackEndpoint: "http://localhost:4566",
  vpcCidr: "10.1.0.0/16",
});

describe("config: the stack comparison table", () => {
  it("an EKS stack on the VPC CNI engine, platform phase only, with runners and networks", () => {
    const rows = table(EKS);
    const cell = (label: string) => rows.get(label)?.[0];
    assert.strictEqual(cell("Policy engine"), "vpc-cni");
    assert.strictEqual(cell("Frontend listener"), "none (ClusterIP)");
    assert.strictEqual(cell("Internet ingress to the frontend"), "none");
    assert.strictEqual(cell("API endpoint"), "private + public from 203.0.113.0/24, 198.51.100.0/24");
    assert.strictEqual(
      cell("Deploy path to the API"),
      "platform only: public endpoint; runners sg-01234567, sg-89abcdef; networks 192.168.100.0/24, 192.168.200.0/24",
    );
    assert.strictEqual(
      cell("External egress"),
      "backend -> 198.51.100.0/24 443/TCP,53/UDP (gateway\\|dns); frontend -> 192.0.2.0/24 80/TCP (frontend egress to 192.0.2.0/24)",
    );
  });

  it("internet ingress sources are listed, comma-separated", () => {
    const rows = table(raw({ ingressSourceCidrs: ["203.0.113.0/24", "198.51.100.0/24"] }));
    assert.strictEqual(rows.get("Internet ingress to the frontend")?.[0], "203.0.113.0/24, 198.51.100.0/24");
    assert.strictEqual(rows.get("Frontend listener")?.[0], "plain HTTP on 80");
  });

  it("a kind stack with LocalStack shows its AWS network and names LocalStack", () => {
    const rows = table(KIND_LOCALSTACK);
    const cell = (label: string) => rows.get(label)?.[0];
    assert.strictEqual(cell("Platform"), "kind, pods 192.168.0.0/16; network and logs key in LocalStack (http://localhost:4566)");
    assert.strictEqual(cell("Region"), "eu-west-1");
    assert.strictEqual(cell("VPC"), "10.1.0.0/16");
    assert.strictEqual(cell("API endpoint"), "—");
    assert.match(cell("Policy engine") ?? "", /^calico v?\d+\.\d+\.\d+ \(also the CNI\)$/);
  });

  it("one column per stack, in the order given", () => {
    const rows = table(EKS, KIND_LOCALSTACK);
    assert.deepStrictEqual(rows.get("Platform")?.map((c) => c.split(",")[0]), ["EKS", "kind"]);
  });
});

describe("config: Pulumi.yaml is projectFile()", () => {
  it("the committed project file parses to exactly projectFile()", () => {
    const committed = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
    assert.deepStrictEqual(committed, projectFile());
  });
});
