// Defaults: whatever a stack leaves out comes from the key table, and Pulumi.yaml's defaults
// apply to stack files read by the CLI just as the Pulumi engine applies them.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONFIG_KEYS, ConfigError, loadStackFile, parseStackConfig } from "../../config";
import { ADDON_VERSIONS } from "../../config/addonVersions";
import { parseEgressRule } from "../../config/schemas";
import { MINIMAL, PROJECT_DIR } from "./helpers";

function defaultOf(name: string): unknown {
  const spec = CONFIG_KEYS.find((k) => k.name === name);
  assert.ok(spec, name);
  return spec.default;
}

describe("config: defaults", () => {
  const config = parseStackConfig(MINIMAL);
  // The kind-only keys show in a kind stack's config; kubeContext is required there, so it is given.
  const kind = parseStackConfig({ ...MINIMAL, "zero-trust-eks:platform": "kind", "zero-trust-eks:kubeContext": "kind-test", "zero-trust-eks:ingressSourceCidrs": [] });

  it("needs only the region and the environment", () => {
    assert.strictEqual(config.region, "eu-west-1");
    assert.strictEqual(config.environment, "test");
    assert.strictEqual(config.project, "zero-trust-eks");
  });

  it("fills every other value from the key table", () => {
    const expected: Record<string, unknown> = {
      production: config.production,
      owner: config.owner,
      allowedAccountIds: config.accounts.allowedAccountIds,
      forbiddenAccountIds: config.accounts.forbiddenAccountIds,
      vpcCidr: config.network.vpcCidr,
      availabilityZones: config.network.availabilityZones,
      natStrategy: config.network.natStrategy,
      flowLogs: config.network.flowLogs,
      flowLogRetentionDays: config.network.flowLogRetentionDays,
      kubernetesVersion: config.cluster.kubernetesVersion,
      kubernetesSupportType: config.cluster.supportType,
      endpointPrivateAccess: config.cluster.endpoint.privateAccess,
      endpointPublicAccess: config.cluster.endpoint.publicAccess,
      endpointPublicAccessCidrs: config.cluster.endpoint.publicAccessCidrs,
      controlPlaneLogTypes: config.cluster.logTypes,
      controlPlaneLogRetentionDays: config.cluster.logRetentionDays,
      adminRoleArns: config.cluster.adminRoleArns,
      deployPhase: config.deploy.phase,
      apiAccessCidrs: config.deploy.apiAccessCidrs,
      apiAccessSecurityGroupIds: config.deploy.apiAccessSecurityGroupIds,
      deployRunner: config.deploy.runner !== undefined,
      deployRunnerInstanceType: config.deploy.runner?.instanceType,
      nodeInstanceTypes: config.cluster.nodeGroup.instanceTypes,
      nodeCapacityType: config.cluster.nodeGroup.capacityType,
      nodeMinSize: config.cluster.nodeGroup.minSize,
      nodeDesiredSize: config.cluster.nodeGroup.desiredSize,
      nodeMaxSize: config.cluster.nodeGroup.maxSize,
      nodeDiskSizeGiB: config.cluster.nodeGroup.diskSizeGiB,
      policyEngine: config.policy.engine,
      calicoChartVersion: config.policy.calicoChartVersion,
      tenants: config.app.tenants,
      frontendPort: config.app.frontend.port,
      frontendReplicas: config.app.frontend.replicas,
      backendPort: config.app.backend.port,
      backendReplicas: config.app.backend.replicas,
      databasePort: config.app.database.port,
      databaseStorageGiB: config.app.database.storageGiB,
      databaseBackupRetentionDays: config.app.database.backupRetentionDays,
      ingressSourceCidrs: config.app.ingressSourceCidrs,
      frontendCertificateArn: config.app.frontendListener.kind === "tls" ? config.app.frontendListener.certificateArn : "",
      egressAllowList: config.app.egressAllowList,
      platform: config.platform.name,
      // An EKS stack has no context of its own: the default, empty.
      kubeContext: config.platform.name === "kind" ? config.platform.kubeContext : "",
      podCidr: kind.platform.name === "kind" ? kind.platform.podCidr : undefined,
      localstackEndpoint: kind.platform.name === "kind" ? kind.platform.localstack?.endpoint ?? "" : undefined,
    };
    // Empty add-on versions default to the pinned table's versions for the default Kubernetes version.
    const addonVersionKeys = ["vpcCniVersion", "kubeProxyVersion", "corednsVersion", "ebsCsiDriverVersion"];
    const defaulted = CONFIG_KEYS.filter((k) => k.default !== undefined).map((k) => k.name).sort();
    assert.deepStrictEqual([...Object.keys(expected), ...addonVersionKeys].sort(), defaulted, "every defaulted key is checked here");
    for (const [name, actual] of Object.entries(expected)) assert.deepStrictEqual(actual, defaultOf(name), name);
    for (const name of addonVersionKeys) assert.strictEqual(defaultOf(name), "", name);
    assert.deepStrictEqual(config.cluster.addonVersions, ADDON_VERSIONS[config.cluster.kubernetesVersion]);
  });

  it("defaults to the secure choices: private API only, all logs, flow logs, Calico", () => {
    assert.deepStrictEqual(config.cluster.endpoint, { privateAccess: true, publicAccess: false, publicAccessCidrs: [] });
    assert.strictEqual(config.cluster.logTypes.length, 5);
    assert.strictEqual(config.network.flowLogs, true);
    assert.strictEqual(config.policy.engine, "calico");
    assert.strictEqual(config.app.database.replicas, 1);
  });

  it("lets a stack value override a default", () => {
    const custom = parseStackConfig({ ...MINIMAL, "zero-trust-eks:availabilityZones": 2 });
    assert.strictEqual(custom.network.availabilityZones, 2);
  });

  it("reads Pulumi.yaml's defaults under the stack file's values (CLI path)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zte-config-"));
    try {
      const project = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")
        .replace(/(\n  owner:\n(?: {4}.*\n)*? {4}default: )platform-team/, "$1payments-team");
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project);
      fs.writeFileSync(path.join(dir, "Pulumi.t.yaml"),
        "config:\n  aws:region: us-east-1\n  zero-trust-eks:environment: t\n  zero-trust-eks:kubernetesVersion: 1.30\n");
      const loaded = loadStackFile(dir, "t");
      assert.strictEqual(loaded.owner, "payments-team");
      assert.strictEqual(loaded.region, "us-east-1");
      // Unquoted 1.30 stays "1.30", as in the Pulumi engine, instead of becoming the number 1.3.
      assert.strictEqual(loaded.cluster.kubernetesVersion, "1.30");
      fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), "config:\n  aws:region: [unclosed\n");
      assert.throws(() => loadStackFile(dir, "bad"), (e: unknown) => e instanceof ConfigError && /valid YAML/.test(e.message));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("config: an egress rule's description defaults to what the rule does", () => {
  it("uses the text in parentheses, or describes the rule when it is absent or empty", () => {
    const described = (text: string) => (parseEgressRule(text) as { description: string }).description;
    assert.strictEqual(described("backend -> 198.51.100.0/24 443/TCP (payment gateway)"), "payment gateway");
    assert.strictEqual(described("backend -> 198.51.100.0/24 443/TCP"), "backend egress to 198.51.100.0/24");
    assert.strictEqual(described("backend -> 198.51.100.0/24 443/TCP ( )"), "backend egress to 198.51.100.0/24");
  });
});
