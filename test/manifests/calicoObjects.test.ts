// The Calico objects we write ourselves (manifests/calico), exactly as applied: the security tier,
// the instance-metadata deny, the cluster default deny, and which of them (and of the operator's
// pieces) each engine and platform gets. Built inside each test so a mutant is seen by the test.
import { strict as assert } from "assert";
import type { StackConfig } from "../../config/types";
import {
  buildCalicoCharts,
  buildCalicoNamespaces,
  buildCalicoPolicies,
  buildCalicoRbac,
  clusterDefaultDeny,
  PolicyEngineMismatchError,
  tigeraOperatorValues,
} from "../../manifests/calico";
import { buildTopology, type Topology } from "../../topology";
import { testKindStackConfig, testStackConfig } from "../fixtures/stackConfig";

const PART_OF = { "app.kubernetes.io/part-of": "zero-trust-eks" };
const EXEMPT_ON_EKS = '"calico-apiserver", "calico-system", "kube-node-lease", "kube-public", "kube-system", "tigera-operator"';

function withEngine(config: StackConfig, engine: StackConfig["policy"]["engine"]): StackConfig {
  return { ...config, policy: { ...config.policy, engine } };
}

function dnsAllow(protocol: string): Record<string, unknown> {
  return {
    action: "Allow",
    protocol,
    destination: { namespaceSelector: 'kubernetes.io/metadata.name == "kube-system"', selector: 'k8s-app == "kube-dns"', ports: [53] },
  };
}

describe("manifests/calico: our own Calico objects, exactly", () => {
  it("EKS: the security tier, the metadata deny in it, then the default deny that exempts the system namespaces and allows only DNS", () => {
    const config = testStackConfig();
    const [, , tier, metadataDeny, defaultDeny] = buildCalicoPolicies(buildTopology(config), config);
    assert.deepEqual(tier, {
      apiVersion: "projectcalico.org/v3",
      kind: "Tier",
      metadata: { name: "security", labels: PART_OF },
      spec: { order: 100, defaultAction: "Pass" },
    });
    assert.deepEqual(metadataDeny, {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "security.deny-instance-metadata", labels: PART_OF },
      spec: {
        tier: "security",
        order: 10,
        selector: "has(projectcalico.org/namespace)",
        types: ["Egress"],
        egress: [{ action: "Deny", destination: { nets: ["169.254.169.254/32"] } }],
      },
    });
    assert.deepEqual(defaultDeny, {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "zero-trust-default-deny", labels: PART_OF },
      spec: {
        order: 2000,
        namespaceSelector: `kubernetes.io/metadata.name not in {${EXEMPT_ON_EKS}}`,
        types: ["Ingress", "Egress"],
        egress: [dnsAllow("UDP"), dnsAllow("TCP")],
      },
    });
  });

  it("kind: the default deny also exempts local-path-storage; the Installation is kind's CNI with Calico's own pool settings", () => {
    const config = testKindStackConfig();
    const [installation, , , , defaultDeny] = buildCalicoPolicies(buildTopology(config), config);
    assert.equal(
      (defaultDeny?.spec as { namespaceSelector: string }).namespaceSelector,
      'kubernetes.io/metadata.name not in {"calico-apiserver", "calico-system", "kube-node-lease", "kube-public", "kube-system", "local-path-storage", "tigera-operator"}',
    );
    assert.deepEqual(installation?.spec, {
      calicoNetwork: {
        ipPools: [{
          name: "default-ipv4-ippool", cidr: "192.168.0.0/16", blockSize: 26, encapsulation: "VXLANCrossSubnet", natOutgoing: "Enabled", nodeSelector: "all()",
        }],
      },
      kubeletVolumePluginPath: "None",
    });
  });

  it("the DNS selector names every DNS pod label, sorted, and groups the ports by protocol in first-seen order", () => {
    const base = buildTopology(testStackConfig());
    const topology: Topology = {
      ...base,
      dns: {
        ...base.dns,
        namespace: "dns-system",
        podLabels: { "k8s-app": "kube-dns", "app.kubernetes.io/name": "coredns" },
        ports: [{ name: "dns-tcp", port: 53, protocol: "TCP" }, { name: "dns", port: 53, protocol: "UDP" }, { name: "dot", port: 853, protocol: "TCP" }],
      },
    };
    const policy = clusterDefaultDeny(topology, ["b", "a", "b"]);
    const spec = policy.spec as { namespaceSelector: string; egress: unknown[] };
    assert.equal(spec.namespaceSelector, 'kubernetes.io/metadata.name not in {"a", "b"}');
    const selector = 'app.kubernetes.io/name == "coredns" && k8s-app == "kube-dns"';
    const namespaceSelector = 'kubernetes.io/metadata.name == "dns-system"';
    assert.deepEqual(spec.egress, [
      { action: "Allow", protocol: "TCP", destination: { namespaceSelector, selector, ports: [53, 853] } },
      { action: "Allow", protocol: "UDP", destination: { namespaceSelector, selector, ports: [53] } },
    ]);
  });
});

describe("manifests/calico: what each engine and platform gets", () => {
  it("engine calico on EKS: the operator namespace, the aws-node RBAC, the chart and the five operator and policy objects", () => {
    const config = testStackConfig();
    assert.deepEqual(buildCalicoNamespaces(config).map((o) => `${o.kind}/${o.metadata.name}`), ["Namespace/tigera-operator"]);
    assert.deepEqual(buildCalicoRbac(config).map((o) => o.kind), ["ClusterRole", "ClusterRoleBinding"]);
    assert.deepEqual(buildCalicoCharts(config).map((c) => c.release), ["calico"]);
    assert.deepEqual(buildCalicoPolicies(buildTopology(config), config).map((o) => o.kind), [
      "Installation", "APIServer", "Tier", "GlobalNetworkPolicy", "GlobalNetworkPolicy",
    ]);
  });

  it("engine calico on kind: everything but the aws-node RBAC (kind runs no aws-node)", () => {
    const config = testKindStackConfig();
    assert.equal(buildCalicoNamespaces(config).length, 1);
    assert.deepEqual(buildCalicoRbac(config), []);
    assert.equal(buildCalicoCharts(config).length, 1);
    assert.equal(buildCalicoPolicies(buildTopology(config), config).length, 5);
  });

  it("engine vpc-cni: no Calico at all, on either platform", () => {
    for (const config of [withEngine(testStackConfig(), "vpc-cni"), withEngine(testKindStackConfig(), "vpc-cni")]) {
      assert.deepEqual(buildCalicoNamespaces(config), [], config.platform.name);
      assert.deepEqual(buildCalicoRbac(config), [], config.platform.name);
      assert.deepEqual(buildCalicoCharts(config), [], config.platform.name);
      assert.deepEqual(buildCalicoPolicies(buildTopology(config), config), [], config.platform.name);
    }
  });

  it("asking for the chart's values without Calico is a named error that says which engine is configured", () => {
    assert.throws(() => tigeraOperatorValues(withEngine(testStackConfig(), "vpc-cni")), (error: unknown) => {
      assert.ok(error instanceof PolicyEngineMismatchError);
      assert.equal(error.name, "PolicyEngineMismatchError");
      assert.equal(error.message, 'tigera-operator values were requested, but policy.engine is "vpc-cni"; expected "calico"');
      return true;
    });
  });
});
