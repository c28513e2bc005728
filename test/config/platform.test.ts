// platform: eks | kind. A kind stack names its kubeconfig context and leaves every key it does not
// read at its default (config refuses anything else, key by key); LocalStack turns the AWS network
// keys back on. Truth tables: one row per scoped key, the default accepted, another value refused.
import * as assert from "assert";
import { CONFIG_KEYS, internalRange, loadStackFile, parseStackConfig } from "../../config";
import { KEYS, type KeyId } from "../../config/keys";
import { keyScope, type KeyScope } from "../../config/platform";
import { renderConfigTable } from "../../config/reference";
import { configError, PROJECT_DIR, problemKeys, raw } from "./helpers";

/** A valid kind stack; overrides are given without namespace. */
function kind(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return raw({ platform: "kind", kubeContext: "kind-zero-trust-eks", ingressSourceCidrs: [], ...overrides });
}

/** For every key a platform may not read: a valid value other than its default. */
const NOT_DEFAULT: Readonly<Partial<Record<KeyId, unknown>>> = {
  production: true,
  allowedAccountIds: ["111122223333"],
  forbiddenAccountIds: ["111122223333"],
  kubernetesVersion: "1.33",
  kubernetesSupportType: "EXTENDED",
  vpcCniVersion: "v1.20.4-eksbuild.1",
  kubeProxyVersion: "v1.34.1-eksbuild.2",
  corednsVersion: "v1.12.4-eksbuild.1",
  ebsCsiDriverVersion: "v1.56.0-eksbuild.1",
  endpointPrivateAccess: false,
  endpointPublicAccess: true,
  endpointPublicAccessCidrs: ["203.0.113.0/24"],
  deployPhase: "platform",
  apiAccessCidrs: ["192.168.100.0/24"],
  apiAccessSecurityGroupIds: ["sg-0123456789abcdef0"],
  deployRunner: false,
  deployRunnerInstanceType: "t3.large",
  controlPlaneLogTypes: ["api"],
  controlPlaneLogRetentionDays: 30,
  adminRoleArns: ["arn:aws:iam::111122223333:role/platform-admin"],
  nodeInstanceTypes: ["t3.medium"],
  nodeCapacityType: "SPOT",
  nodeMinSize: 1,
  nodeDesiredSize: 2,
  nodeMaxSize: 3,
  nodeDiskSizeGiB: 30,
  policyEngine: "vpc-cni",
  databaseBackupRetentionDays: 7,
  frontendCertificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012",
  owner: "payments-team",
  vpcCidr: "10.20.0.0/16",
  availabilityZones: 2,
  natStrategy: "single",
  flowLogs: false,
  flowLogRetentionDays: 30,
  kubeContext: "kind-zero-trust-eks",
  podCidr: "10.244.0.0/16",
  localstackEndpoint: "http://localhost:4566",
};

const scoped = (scope: KeyScope): KeyId[] => CONFIG_KEYS.map((k) => k.name as KeyId).filter((id) => keyScope(id) === scope);

/** `id` set to its sample non-default value, under its own namespace (`aws:` or `zero-trust-eks:`). */
function sample(id: KeyId): Record<string, unknown> {
  return { [KEYS[id].key]: NOT_DEFAULT[id] };
}

function problemAt(input: Record<string, unknown>, id: KeyId): string | undefined {
  const error = configError(input);
  return error.problems.find((p) => p.key === KEYS[id].key)?.expected;
}

describe("config: platform kind", () => {
  it("the committed local stack is a kind stack on context kind-zero-trust-eks, without LocalStack", () => {
    const local = loadStackFile(PROJECT_DIR, "local");
    assert.deepStrictEqual(local.platform, { name: "kind", kubeContext: "kind-zero-trust-eks", podCidr: "192.168.0.0/16" });
    assert.deepStrictEqual(local.app.ingressSourceCidrs, []);
    assert.strictEqual(local.production, false);
  });

  it("every key a platform may not read has a sample value here (the truth tables below cover them all)", () => {
    const needed = [...scoped("eks"), ...scoped("aws"), ...scoped("kind")].sort();
    assert.deepStrictEqual(Object.keys(NOT_DEFAULT).sort(), needed);
  });

  for (const id of scoped("eks")) {
    it(`eks-only ${id}: its default passes on kind, ${JSON.stringify(NOT_DEFAULT[id])} is refused naming the platform`, () => {
      assert.doesNotThrow(() => parseStackConfig(kind()));
      const expected = problemAt(kind(sample(id)), id);
      assert.match(expected ?? "", /^its default .* on platform kind: it configures the EKS cluster/);
      assert.match(problemAt(kind({ ...sample(id), localstackEndpoint: "http://localhost:4566" }), id) ?? "", /on platform kind/,
        "LocalStack does not make an EKS key meaningful");
    });
  }

  for (const id of scoped("aws")) {
    it(`AWS network key ${id}: refused on kind without LocalStack, read with it`, () => {
      assert.match(problemAt(kind(sample(id)), id) ?? "", /creates only in LocalStack, with localstackEndpoint set/);
      assert.doesNotThrow(() => parseStackConfig(kind({ ...sample(id), localstackEndpoint: "http://localhost:4566" })));
    });
  }

  for (const id of scoped("kind")) {
    it(`kind-only ${id}: refused on eks unless at its default`, () => {
      assert.match(problemAt(raw(sample(id)), id) ?? "", /^its default .* on platform eks: it is read on platform kind only/);
    });
  }

  it("kind needs a context, serves no internet ingress, and keeps pods out of kind's Service range, all reported at once", () => {
    const error = configError(raw({ platform: "kind", podCidr: "10.96.0.0/14", nodeMinSize: 1 }));
    assert.deepStrictEqual(problemKeys(error), [
      "zero-trust-eks:ingressSourceCidrs", "zero-trust-eks:kubeContext", "zero-trust-eks:nodeMinSize", "zero-trust-eks:podCidr",
    ]);
    assert.match(error.message, /kubeContext: got ""; expected a kubeconfig context on platform kind/);
    assert.match(error.message, /ingressSourceCidrs: got \["0\.0\.0\.0\/0"\]; expected \[\] on platform kind: kind has no load balancer/);
    assert.match(error.message, /podCidr: got "10\.96\.0\.0\/14"; expected a range apart from kind's Service range 10\.96\.0\.0\/16/);
  });

  it("an egress range is checked against the pod network on kind, against the VPC on eks", () => {
    const intoPods = "backend -> 192.168.5.0/24 443/TCP (pods)";
    assert.match(configError(kind({ egressAllowList: [intoPods] })).message,
      /egressAllowList\[0\]: got .*; expected a destination outside the pod network 192\.168\.0\.0\/16 \(pods have these addresses/);
    assert.doesNotThrow(() => parseStackConfig(raw({ egressAllowList: [intoPods] })));
    assert.doesNotThrow(() => parseStackConfig(kind({ egressAllowList: ["backend -> 10.0.5.0/24 443/TCP (in the default VPC range)"] })));
  });

  it("refuses a pod range that is not a private IPv4 range with room for Calico's blocks", () => {
    for (const bad of ["8.8.0.0/16", "10.0.0.0/8", "192.168.0.0/24", "fd00::/48"]) {
      assert.deepStrictEqual(problemKeys(configError(kind({ podCidr: bad }))), ["zero-trust-eks:podCidr"], bad);
    }
  });

  it("takes LocalStack's URL as scheme, host and port only", () => {
    for (const good of ["http://localhost:4566", "https://localstack.internal:443/", "http://127.0.0.1:4566"]) {
      const parsed = parseStackConfig(kind({ localstackEndpoint: good }));
      assert.deepStrictEqual(parsed.platform.name === "kind" && parsed.platform.localstack, { endpoint: good });
    }
    for (const bad of ["localhost:4566", "ftp://localhost", "http://localhost:4566/path", "http://local host"]) {
      assert.deepStrictEqual(problemKeys(configError(kind({ localstackEndpoint: bad }))), ["zero-trust-eks:localstackEndpoint"], bad);
    }
  });

  it("the docs table shows each key's platforms", () => {
    const table = renderConfigTable();
    assert.match(table, /\| Platforms \|/);
    assert.match(table, /`zero-trust-eks:nodeMinSize` \| integer \| `2` \| [^|]+ \| eks \|/);
    assert.match(table, /`zero-trust-eks:vpcCidr` \| string \| `10\.0\.0\.0\/16` \| [^|]+ \| eks; kind with LocalStack \|/);
    assert.match(table, /`zero-trust-eks:kubeContext` \| string \| empty \| [^|]+ \| kind \|/);
    assert.match(table, /`zero-trust-eks:tenants` \| list of strings \| `bank` \| [^|]+ \| eks, kind \|/);
  });
});

describe("config: the cluster's internal range", () => {
  it("is the VPC on eks and the pod network on kind", () => {
    assert.strictEqual(internalRange(parseStackConfig(raw({ vpcCidr: "10.1.0.0/16" }))), "10.1.0.0/16");
    assert.strictEqual(internalRange(parseStackConfig(kind({ podCidr: "172.16.0.0/16" }))), "172.16.0.0/16");
  });
});
