// On kind the in-cluster layer is the EKS one except for what kind needs: Calico as the CNI (a
// plain-cluster Installation with an IP pool), no AWS pieces (aws-node RBAC, encrypted gp3 classes),
// kind's default StorageClass for the database, kind's add-on namespace exempt from the default
// deny, and a ClusterIP frontend. The rest is compared object by object.
import { strict as assert } from "assert";
import { allObjects, renderStack, type K8sObject } from "../../manifests";
import { DEFAULT_DENY_NAME, KIND_IP_POOL } from "../../manifests/calico";
import { KIND_STORAGE_CLASS } from "../../manifests/workloads";
import { objectIdentity } from "../fixtures/pulumiMocks";
import { testKindStackConfig, testStackConfig } from "../fixtures/stackConfig";

// Rendered afresh in each test (not once at load): Stryker runs a mutant only with the tests that
// executed it, so objects built while the file loads would never see the mutant.
const eks = () => renderStack(testStackConfig({ ingressSourceCidrs: [] }));
const kind = () => renderStack(testKindStackConfig());

function byIdentity(objects: readonly K8sObject[]): Map<string, K8sObject> {
  return new Map(objects.map((o) => [objectIdentity(o), o]));
}

function installation(objects: readonly K8sObject[]): { spec: Record<string, unknown> } {
  const found = objects.find((o) => o.kind === "Installation");
  assert.ok(found);
  return found as unknown as { spec: Record<string, unknown> };
}

describe("manifests on kind: only what kind needs differs from EKS", () => {
  it("the Installation makes Calico the CNI: one IP pool over kind's podSubnet, provider and CNI type left to their defaults", () => {
    assert.deepEqual(installation(kind().calicoPolicies).spec, {
      calicoNetwork: {
        ipPools: [{ name: KIND_IP_POOL, cidr: "192.168.0.0/16", blockSize: 26, encapsulation: "VXLANCrossSubnet", natOutgoing: "Enabled", nodeSelector: "all()" }],
      },
      kubeletVolumePluginPath: "None",
    });
    const other = renderStack({ ...testKindStackConfig(), platform: { name: "kind", kubeContext: "x", podCidr: "10.244.0.0/16" } });
    assert.equal((installation(other.calicoPolicies).spec.calicoNetwork as { ipPools: { cidr: string }[] }).ipPools[0]?.cidr, "10.244.0.0/16");
  });

  it("EKS keeps policy-only mode beside the VPC CNI", () => {
    assert.deepEqual(installation(eks().calicoPolicies).spec, {
      kubernetesProvider: "EKS", cni: { type: "AmazonVPC" }, calicoNetwork: { bgp: "Disabled" }, kubeletVolumePluginPath: "None",
    });
  });

  it("no AWS pieces on kind: no aws-node RBAC, no encrypted gp3 StorageClasses", () => {
    assert.equal(eks().calicoRbac.length, 2);
    assert.equal(eks().storageClasses.length, 2);
    assert.deepEqual(kind().calicoRbac, []);
    assert.deepEqual(kind().storageClasses, []);
  });

  it("the cluster default deny also exempts kind's local-path-storage (its provisioner must reach the API), on kind only", () => {
    const selector = (objects: readonly K8sObject[]) =>
      String((objects.find((o) => o.metadata.name === DEFAULT_DENY_NAME)?.spec as { namespaceSelector: string }).namespaceSelector);
    assert.match(selector(kind().calicoPolicies), /"local-path-storage"/);
    assert.doesNotMatch(selector(eks().calicoPolicies), /local-path-storage/);
  });

  it("every other object is the same, except the database claim's class (kind's default) and the frontend Service (ClusterIP)", () => {
    const onEks = byIdentity(allObjects(eks()));
    const onKind = byIdentity(allObjects(kind()));
    const changed = [...onKind.keys()].filter((id) => JSON.stringify(onKind.get(id)) !== JSON.stringify(onEks.get(id)));
    assert.deepEqual(changed, ["Installation /default", `GlobalNetworkPolicy /${DEFAULT_DENY_NAME}`, "StatefulSet bank-database/database"]);
    const claim = (onKind.get("StatefulSet bank-database/database")?.spec as { volumeClaimTemplates: { spec: { storageClassName: string } }[] });
    assert.equal(claim.volumeClaimTemplates[0]?.spec.storageClassName, KIND_STORAGE_CLASS);
    assert.equal((onKind.get("Service bank-frontend/frontend")?.spec as { type: string }).type, "ClusterIP");
  });

  it("the frontend Service is ClusterIP on kind whatever the ingress list says (config already requires [] there)", () => {
    const service = renderStack(testKindStackConfig({ ingressSourceCidrs: ["198.51.100.0/24"] })).workloads
      .find((o) => o.kind === "Service" && o.metadata.namespace === "bank-frontend");
    assert.equal((service?.spec as { type: string }).type, "ClusterIP");
  });
});
