import { strict as assert } from "assert";
import type { StackConfig } from "../../config/types";
import {
  DEFAULT_DENY_NAME,
  INSTANCE_METADATA_CIDR,
  KUBERNETES_POLICY_ORDER,
  METADATA_DENY_NAME,
  PolicyEngineMismatchError,
  SECURITY_TIER,
  SYSTEM_NAMESPACES,
  buildCalicoPolicies,
  tigeraOperatorValues,
} from "../../manifests/calico";
import type { K8sObject } from "../../manifests/k8s";
import { buildTopology } from "../../topology";
import { testStackConfig } from "../fixtures/stackConfig";

interface CalicoRule {
  action: string;
  protocol?: string;
  destination?: { nets?: string[]; selector?: string; namespaceSelector?: string; ports?: number[] };
}
interface CalicoSpec {
  tier?: string;
  order?: number;
  selector?: string;
  namespaceSelector?: string;
  types?: string[];
  ingress?: CalicoRule[];
  egress?: CalicoRule[];
  defaultAction?: string;
}

function withEngine(engine: StackConfig["policy"]["engine"]): StackConfig {
  const base = testStackConfig();
  return { ...base, policy: { ...base.policy, engine } };
}

function calicoObjects(): K8sObject[] {
  const config = withEngine("calico");
  return buildCalicoPolicies(buildTopology(config), config);
}

function named(name: string): { object: K8sObject; spec: CalicoSpec } {
  const object = calicoObjects().find((o) => o.metadata.name === name);
  assert.ok(object, `no Calico object ${name}`);
  return { object, spec: object.spec as CalicoSpec };
}

/** Default tier is 1,000,000 (Calico docs, "Get started with policy tiers"). */
const DEFAULT_TIER_ORDER = 1_000_000;

describe("Calico defence in depth (engine calico)", () => {
  it("denies pod egress to the instance metadata address before every other policy", () => {
    const { spec } = named(METADATA_DENY_NAME);
    const tier = named(SECURITY_TIER).spec;
    assert.equal(spec.tier, SECURITY_TIER);
    assert.ok((tier.order ?? Infinity) < DEFAULT_TIER_ORDER, "the security tier is not evaluated before the default tier");
    assert.ok((spec.order ?? Infinity) < KUBERNETES_POLICY_ORDER);
    assert.deepEqual(spec.types, ["Egress"]);
    assert.deepEqual(spec.egress, [{ action: "Deny", destination: { nets: [INSTANCE_METADATA_CIDR] } }]);
    assert.equal(INSTANCE_METADATA_CIDR, "169.254.169.254/32");
  });

  it("lets everything else in the security tier pass on, so system pods are not cut off", () => {
    assert.equal(named(SECURITY_TIER).spec.defaultAction, "Pass");
  });

  it("orders the cluster default deny after the Kubernetes NetworkPolicies (order 1000, default tier)", () => {
    const { spec } = named(DEFAULT_DENY_NAME);
    assert.equal(spec.tier, undefined, "must live in the default tier, beside the Kubernetes policies");
    assert.ok((spec.order ?? 0) > KUBERNETES_POLICY_ORDER);
    assert.deepEqual(spec.types, ["Ingress", "Egress"]);
    assert.equal(spec.ingress, undefined, "no ingress rule: the end of the tier drops what no policy allowed");
  });

  it("closes every non-system namespace, including ones created later", () => {
    const { spec } = named(DEFAULT_DENY_NAME);
    const selector = spec.namespaceSelector ?? "";
    assert.match(selector, /^kubernetes\.io\/metadata\.name not in \{.*\}$/);
    for (const system of ["kube-system", "calico-system", "tigera-operator", "calico-apiserver", "kube-public", "kube-node-lease"]) {
      assert.ok(selector.includes(`"${system}"`), `${system} is not exempt`);
    }
    assert.deepEqual([...SYSTEM_NAMESPACES].sort(), SYSTEM_NAMESPACES);
    assert.ok(!selector.includes("bank") && !selector.includes("intruder") && !selector.includes("default\""));
  });

  it("keeps DNS to kube-dns (UDP and TCP 53) open for those namespaces, and nothing else", () => {
    const { spec } = named(DEFAULT_DENY_NAME);
    assert.deepEqual(
      (spec.egress ?? []).map((rule) => ({ action: rule.action, protocol: rule.protocol, destination: rule.destination })),
      ["UDP", "TCP"].map((protocol) => ({
        action: "Allow",
        protocol,
        destination: { namespaceSelector: 'kubernetes.io/metadata.name == "kube-system"', selector: 'k8s-app == "kube-dns"', ports: [53] },
      })),
    );
  });

  it("takes the DNS allowance from the topology's DNS target, so it cannot drift from the Kubernetes policies", () => {
    const config = withEngine("calico");
    const topology = buildTopology(config);
    const dns = {
      ...topology.dns,
      namespace: "dns-system",
      podLabels: { "k8s-app": "dns", tier: "infra" },
      ports: [
        { name: "dns", port: 5353, protocol: "UDP" as const },
        { name: "dns-tcp", port: 5353, protocol: "TCP" as const },
        { name: "dns-tls", port: 853, protocol: "TCP" as const },
      ],
    };
    const policy = buildCalicoPolicies({ ...topology, dns }, config).find((o) => o.metadata.name === DEFAULT_DENY_NAME);
    const where = { namespaceSelector: 'kubernetes.io/metadata.name == "dns-system"', selector: 'k8s-app == "dns" && tier == "infra"' };
    assert.deepEqual((policy?.spec as CalicoSpec).egress, [
      { action: "Allow", protocol: "UDP", destination: { ...where, ports: [5353] } },
      { action: "Allow", protocol: "TCP", destination: { ...where, ports: [5353, 853] } },
    ]);
  });

  it("lists the Tier before the policy placed in it (apply order)", () => {
    const names = calicoObjects().map((o) => o.metadata.name);
    assert.ok(names.indexOf(SECURITY_TIER) < names.indexOf(METADATA_DENY_NAME));
  });
});

describe("Calico under engine vpc-cni", () => {
  it("builds no Calico object", () => {
    const config = withEngine("vpc-cni");
    assert.deepEqual(buildCalicoPolicies(buildTopology(config), config), []);
  });

  it("refuses to produce tigera-operator values, naming the engine", () => {
    assert.throws(() => tigeraOperatorValues(withEngine("vpc-cni")), (e: unknown) => e instanceof PolicyEngineMismatchError && /"vpc-cni"/.test(e.message));
  });
});

describe("tigera-operator chart values", () => {
  it("install the operator and its CRDs only: the Installation and the APIServer are our own objects, flow UI off", () => {
    assert.deepEqual(tigeraOperatorValues(withEngine("calico")), {
      installation: { enabled: false },
      apiServer: { enabled: false },
      goldmane: { enabled: false },
      whisker: { enabled: false },
    });
  });

  it("serves the projectcalico.org/v3 API through an APIServer that the deploy waits on until Ready, before any v3 object", () => {
    const objects = calicoObjects();
    const apiServer = objects.findIndex((o) => o.kind === "APIServer");
    assert.equal(`${objects[apiServer]?.apiVersion}/${objects[apiServer]?.metadata.name}`, "operator.tigera.io/v1/default");
    assert.equal(objects[apiServer]?.metadata.annotations?.["pulumi.com/waitFor"], "jsonpath={.status.state}=Ready");
    const v3 = objects.filter((o) => o.apiVersion === "projectcalico.org/v3");
    assert.ok(v3.length > 0 && v3.every((o) => objects.indexOf(o) > apiServer));
  });
});
