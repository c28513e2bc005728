// Pulumi's allConfig() hands every value over as a string (lists JSON-encoded); a stack file read
// with the yaml library gives native values. Both must parse to the same StackConfig.
import * as assert from "assert";
import { fromPulumiAllConfig, listStacks, parseStackConfig, readStackRaw } from "../../config";
import { asAllConfig, configError, PROJECT_DIR, problemKeys, raw } from "./helpers";

const NATIVE = raw({
  production: true,
  availabilityZones: 3,
  flowLogs: true,
  nodeMinSize: 3,
  nodeDesiredSize: 3,
  nodeMaxSize: 6,
  endpointPublicAccess: true,
  endpointPublicAccessCidrs: ["203.0.113.0/24"],
  tenants: ["retail", "corporate"],
  egressAllowList: ["backend -> 198.51.100.0/24 443/TCP,8443/TCP (payment gateway)"],
  frontendCertificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012",
  databaseBackupRetentionDays: 35,
});

describe("config: string-valued (allConfig) input coerces like native values", () => {
  it("parses a native config and its allConfig form to equal StackConfigs", () => {
    const native = parseStackConfig(NATIVE);
    const strings = asAllConfig(NATIVE);
    assert.strictEqual(strings["zero-trust-eks:nodeMinSize"], "3");
    assert.strictEqual(strings["zero-trust-eks:tenants"], '["retail","corporate"]');
    assert.deepStrictEqual(fromPulumiAllConfig(strings), native);
    assert.deepStrictEqual(native.app.tenants, ["retail", "corporate"]);
    assert.deepStrictEqual(native.app.egressAllowList[0].ports, [{ port: 443, protocol: "TCP" }, { port: 8443, protocol: "TCP" }]);
  });

  for (const stack of listStacks(PROJECT_DIR)) {
    it(`${stack}: the stack file and its allConfig form agree`, () => {
      const fileValues = readStackRaw(PROJECT_DIR, stack);
      assert.deepStrictEqual(fromPulumiAllConfig(asAllConfig(fileValues)), parseStackConfig(fileValues));
    });
  }

  it("reports the same keys for the same mistakes in either form", () => {
    const bad = raw({ availabilityZones: 9, flowLogs: "maybe", nodeMaxSize: 2.5, tenants: ["A"] });
    assert.deepStrictEqual(problemKeys(configError(asAllConfig(bad))), problemKeys(configError(bad)));
  });

  it("rejects strings that only look like their type", () => {
    const keys = problemKeys(configError(asAllConfig(raw({ nodeMinSize: "three", flowLogs: "TRUE" }))));
    assert.deepStrictEqual(keys, ["zero-trust-eks:flowLogs", "zero-trust-eks:nodeMinSize"]);
    assert.deepStrictEqual(problemKeys(configError(raw({ tenants: "[not json" }))), ["zero-trust-eks:tenants"]);
  });

  it("ignores other namespaces' keys, as allConfig also returns provider settings", () => {
    const config = fromPulumiAllConfig({ ...asAllConfig(NATIVE), "kubernetes:context": "kind-local", "pulumi:tags": "{}" });
    assert.strictEqual(config.region, "eu-west-1");
  });
});
