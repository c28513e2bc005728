// ingressSourceCidrs: internet client ranges only. Empty means "deny all ingress" (the seed
// guide's pattern); a range inside the VPC is refused; a range around the VPC is accepted (the
// topology excepts the VPC from it).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fromPulumiAllConfig, loadStackFile, parseStackConfig } from "../../config";
import { asAllConfig, configError, PROJECT_DIR, raw } from "./helpers";

const KEY = "zero-trust-eks:ingressSourceCidrs";

describe("config: ingressSourceCidrs", () => {
  it("accepts an empty list from a stack file (deny all ingress)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zte-ingress-"));
    try {
      fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      fs.writeFileSync(path.join(dir, "Pulumi.closed.yaml"),
        `config:\n  aws:region: eu-west-1\n  zero-trust-eks:environment: closed\n  ${KEY}: []\n`);
      assert.deepStrictEqual(loadStackFile(dir, "closed").app.ingressSourceCidrs, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts an empty list from the Pulumi program's allConfig() too", () => {
    assert.deepStrictEqual(fromPulumiAllConfig(asAllConfig(raw({ ingressSourceCidrs: [] }))).app.ingressSourceCidrs, []);
  });

  it("accepts ranges around the VPC and ranges beside it", () => {
    const config = parseStackConfig(raw({ vpcCidr: "10.20.0.0/16", ingressSourceCidrs: ["0.0.0.0/0", "10.0.0.0/8", "10.21.0.0/16", "::/0"] }));
    assert.deepStrictEqual(config.app.ingressSourceCidrs, ["0.0.0.0/0", "10.0.0.0/8", "10.21.0.0/16", "::/0"]);
  });

  it("refuses every range inside (or equal to) the VPC, naming each item, its value and why", () => {
    const error = configError(raw({ vpcCidr: "10.20.0.0/16", ingressSourceCidrs: ["10.20.0.0/16", "203.0.113.0/24", "10.20.8.0/24"] }));
    const found = error.problems.filter((p) => p.key.startsWith(KEY));
    assert.deepStrictEqual(found.map((p) => `${p.key} ${p.value}`), [`${KEY}[0] "10.20.0.0/16"`, `${KEY}[2] "10.20.8.0/24"`]);
    for (const p of found) assert.match(p.expected, /not inside the VPC 10\.20\.0\.0\/16/);
  });
});
