// The three committed stacks parse and differ the way real environments do.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError, loadStackFile, type StackConfig } from "../../config";
import { PROJECT_DIR } from "./helpers";

const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const PAYMENT_GATEWAY = { tier: "backend", cidr: "198.51.100.0/24", ports: [{ port: 443, protocol: "TCP" }], description: "payment gateway" };

describe("config: the dev, staging and prod stacks", () => {
  const dev = loadStackFile(PROJECT_DIR, "dev");
  const staging = loadStackFile(PROJECT_DIR, "staging");
  const prod = loadStackFile(PROJECT_DIR, "prod");

  it("dev is small and cheap: 2 AZs, one NAT, spot nodes, no flow logs", () => {
    assert.strictEqual(dev.environment, "dev");
    assert.strictEqual(dev.production, false);
    assert.strictEqual(dev.network.availabilityZones, 2);
    assert.strictEqual(dev.network.natStrategy, "single");
    assert.strictEqual(dev.network.flowLogs, false);
    assert.strictEqual(dev.cluster.nodeGroup.capacityType, "SPOT");
    assert.ok(dev.cluster.nodeGroup.instanceTypes.every((t) => /^t3a?\.(small|medium)$/.test(t)));
  });

  it("dev's public API endpoint is limited to the RFC 5737 documentation range", () => {
    assert.deepStrictEqual(dev.cluster.endpoint, {
      privateAccess: true, publicAccess: true, publicAccessCidrs: ["203.0.113.0/24"],
    });
  });

  it("prod: 3 AZs, a NAT per AZ, on-demand, private-only API, every log type, flow logs, 2+ replicas", () => {
    assert.strictEqual(prod.production, true);
    assert.strictEqual(prod.network.availabilityZones, 3);
    assert.strictEqual(prod.network.natStrategy, "one-per-az");
    assert.strictEqual(prod.network.flowLogs, true);
    assert.strictEqual(prod.cluster.nodeGroup.capacityType, "ON_DEMAND");
    assert.deepStrictEqual(prod.cluster.endpoint, { privateAccess: true, publicAccess: false, publicAccessCidrs: [] });
    assert.deepStrictEqual([...prod.cluster.logTypes].sort(), ALL_LOG_TYPES);
    assert.ok(prod.app.frontend.replicas >= 2 && prod.app.backend.replicas >= 2);
  });

  it("staging is shaped like prod but smaller and not marked production", () => {
    assert.strictEqual(staging.production, false);
    assert.strictEqual(staging.network.natStrategy, prod.network.natStrategy);
    assert.deepStrictEqual(staging.cluster.endpoint, prod.cluster.endpoint);
    assert.deepStrictEqual(staging.cluster.logTypes, prod.cluster.logTypes);
    assert.strictEqual(staging.network.flowLogs, true);
    assert.strictEqual(staging.cluster.nodeGroup.capacityType, "ON_DEMAND");
    assert.ok(staging.cluster.nodeGroup.maxSize < prod.cluster.nodeGroup.maxSize);
    assert.ok(staging.network.flowLogRetentionDays < prod.network.flowLogRetentionDays);
  });

  it("the stacks use distinct VPC ranges, so they can be peered or share an account", () => {
    const ranges = [dev, staging, prod].map((s) => s.network.vpcCidr);
    assert.strictEqual(new Set(ranges).size, 3);
  });

  for (const stack of ["dev", "staging", "prod"]) {
    it(`${stack} sets aws:region itself and names admins with the placeholder account 111122223333`, () => {
      const file = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8"));
      assert.strictEqual(typeof file.config["aws:region"], "string");
      const config = loadStackFile(PROJECT_DIR, stack);
      assert.ok(config.cluster.adminRoleArns.length > 0);
      assert.ok(config.cluster.adminRoleArns.every((arn) => arn.startsWith("arn:aws:iam::111122223333:role/")));
    });
  }

  it("every stack runs Calico and lets only the backend reach the payment gateway on TCP 443", () => {
    for (const config of [dev, staging, prod]) {
      assert.strictEqual(config.policy.engine, "calico");
      assert.deepStrictEqual(config.app.egressAllowList, [PAYMENT_GATEWAY]);
    }
  });

  it("the result is deeply frozen", () => {
    assert.ok(Object.isFrozen(prod));
    assert.ok(Object.isFrozen(prod.cluster.endpoint.publicAccessCidrs));
    assert.ok(Object.isFrozen(prod.app.egressAllowList[0].ports[0]));
    assert.throws(() => {
      (prod.network as { vpcCidr: string }).vpcCidr = "10.0.0.0/8";
    }, TypeError);
  });

  it("an unknown stack is a ConfigError that lists the stacks that exist", () => {
    assert.throws(() => loadStackFile(PROJECT_DIR, "qa"), (error: unknown) =>
      error instanceof ConfigError && /Pulumi\.qa\.yaml/.test(error.message) && /dev, local, prod, staging/.test(error.message));
  });
});

export type { StackConfig };
