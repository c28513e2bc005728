// Items 7, 8 and 9 on the config side: pinned EKS add-on versions per Kubernetes version (with
// per-stack overrides), the EKS support type, and the control-plane log retention.
import * as assert from "assert";
import { CONFIG_KEYS, loadStackFile, parseStackConfig } from "../../config";
import { ADDON_VERSIONS, MANAGED_ADDONS, PINNED_KUBERNETES_VERSIONS, resolveAddonVersions } from "../../config/addonVersions";
import { configError, problemKeys, PROJECT_DIR, raw } from "./helpers";

const NS = "zero-trust-eks:";
const NO_OVERRIDES = { "vpc-cni": "", "kube-proxy": "", coredns: "", "aws-ebs-csi-driver": "" } as const;
const ALL_FOUR = {
  kubernetesVersion: "1.35",
  vpcCniVersion: "v1.21.1-eksbuild.1",
  kubeProxyVersion: "v1.35.0-eksbuild.2",
  corednsVersion: "v1.13.2-eksbuild.3",
  ebsCsiDriverVersion: "v1.56.0-eksbuild.1",
};

describe("item 8: the pinned add-on version table", () => {
  it("has a row for the default Kubernetes version and for every stack's", () => {
    const defaultVersion = String(CONFIG_KEYS.find((k) => k.name === "kubernetesVersion")?.default);
    const stackVersions = ["dev", "staging", "prod"].map((stack) => loadStackFile(PROJECT_DIR, stack).cluster.kubernetesVersion);
    for (const version of [defaultVersion, ...stackVersions]) assert.ok(version in ADDON_VERSIONS, version);
    assert.deepStrictEqual(PINNED_KUBERNETES_VERSIONS, ["1.30", "1.31", "1.32", "1.33", "1.34"]);
  });

  it("pins every managed add-on in every row to an EKS build, kube-proxy at the row's own minor version", () => {
    for (const [kubernetes, versions] of Object.entries(ADDON_VERSIONS)) {
      assert.deepStrictEqual(Object.keys(versions).sort(), [...MANAGED_ADDONS].sort(), kubernetes);
      for (const version of Object.values(versions)) assert.match(version, /^v\d+\.\d+\.\d+-eksbuild\.\d+$/, kubernetes);
      assert.ok(versions["kube-proxy"].startsWith(`v${kubernetes}.`), `${kubernetes}: ${versions["kube-proxy"]}`);
    }
  });

  it("resolves each add-on to its override when set and to the table otherwise", () => {
    assert.deepStrictEqual(resolveAddonVersions("1.33", NO_OVERRIDES), ADDON_VERSIONS["1.33"]);
    const resolved = resolveAddonVersions("1.33", { ...NO_OVERRIDES, coredns: "v1.12.9-eksbuild.9" });
    assert.deepStrictEqual(resolved, { ...ADDON_VERSIONS["1.33"], coredns: "v1.12.9-eksbuild.9" });
    assert.throws(() => resolveAddonVersions("1.35", NO_OVERRIDES), /no vpc-cni version for Kubernetes 1.35/);
  });
});

describe("item 8: add-on versions in stack config", () => {
  it("defaults every add-on to the table's version for the stack's Kubernetes version", () => {
    assert.deepStrictEqual(parseStackConfig(raw({ kubernetesVersion: "1.32" })).cluster.addonVersions, ADDON_VERSIONS["1.32"]);
  });

  it("takes an override for one add-on and keeps the others pinned", () => {
    const config = parseStackConfig(raw({ corednsVersion: "v1.12.9-eksbuild.9" }));
    assert.deepStrictEqual(config.cluster.addonVersions, { ...ADDON_VERSIONS["1.34"], coredns: "v1.12.9-eksbuild.9" });
  });

  it("refuses a Kubernetes version without a row, naming the add-on keys left empty", () => {
    const error = configError(raw({ kubernetesVersion: "1.35", vpcCniVersion: "v1.21.1-eksbuild.1" }));
    assert.deepStrictEqual(problemKeys(error), [`${NS}kubernetesVersion`]);
    const expected = error.problems[0].expected;
    assert.match(expected, /1\.30, 1\.31, 1\.32, 1\.33, 1\.34/);
    assert.match(expected, /zero-trust-eks:kubeProxyVersion, zero-trust-eks:corednsVersion, zero-trust-eks:ebsCsiDriverVersion/);
    assert.doesNotMatch(expected, /vpcCniVersion/);
  });

  it("accepts a Kubernetes version without a row when every add-on version is given", () => {
    const config = parseStackConfig(raw(ALL_FOUR));
    assert.deepStrictEqual(config.cluster.addonVersions, {
      "vpc-cni": ALL_FOUR.vpcCniVersion, "kube-proxy": ALL_FOUR.kubeProxyVersion,
      coredns: ALL_FOUR.corednsVersion, "aws-ebs-csi-driver": ALL_FOUR.ebsCsiDriverVersion,
    });
  });

  it("refuses a kube-proxy version of another Kubernetes minor version", () => {
    const error = configError(raw({ kubernetesVersion: "1.34", kubeProxyVersion: "v1.33.5-eksbuild.2" }));
    assert.deepStrictEqual(problemKeys(error), [`${NS}kubeProxyVersion`]);
    assert.match(error.problems[0].expected, /Kubernetes 1\.34 \(v1\.34\.<patch>/);
    // The minor version is matched whole: v1.3.4 is not a 1.34 build.
    assert.deepStrictEqual(problemKeys(configError(raw({ kubeProxyVersion: "v1.3.4-eksbuild.1" }))), [`${NS}kubeProxyVersion`]);
  });

  for (const bad of ["1.20.4-eksbuild.1", "v1.20.4", "v1.20.4-eksbuild.", "latest"]) {
    it(`refuses the malformed add-on version ${JSON.stringify(bad)}`, () => {
      const error = configError(raw({ vpcCniVersion: bad }));
      assert.deepStrictEqual(problemKeys(error), [`${NS}vpcCniVersion`]);
      assert.match(error.problems[0].expected, /eksbuild/);
    });
  }
});

describe("item 9: EKS support type", () => {
  it("defaults to STANDARD and accepts EXTENDED", () => {
    assert.strictEqual(parseStackConfig(raw()).cluster.supportType, "STANDARD");
    assert.strictEqual(parseStackConfig(raw({ kubernetesSupportType: "EXTENDED" })).cluster.supportType, "EXTENDED");
  });

  it("refuses any other value, in any other case", () => {
    for (const bad of ["extended", "LTS", ""]) {
      const error = configError(raw({ kubernetesSupportType: bad }));
      assert.deepStrictEqual(problemKeys(error), [`${NS}kubernetesSupportType`], bad);
      assert.match(error.problems[0].expected, /STANDARD, EXTENDED/);
    }
  });
});

describe("item 7: control-plane log retention", () => {
  it("defaults to 90 days and takes any retention CloudWatch Logs offers", () => {
    assert.strictEqual(parseStackConfig(raw()).cluster.logRetentionDays, 90);
    assert.strictEqual(parseStackConfig(raw({ controlPlaneLogRetentionDays: 365 })).cluster.logRetentionDays, 365);
  });

  it("refuses a retention CloudWatch Logs does not offer, and never-expire (0)", () => {
    for (const bad of [0, 31, 366]) {
      const error = configError(raw({ controlPlaneLogRetentionDays: bad }));
      assert.deepStrictEqual(problemKeys(error), [`${NS}controlPlaneLogRetentionDays`], String(bad));
      assert.match(error.problems[0].expected, /one of 1, 3, 5, 7, 14, 30/);
    }
  });
});
