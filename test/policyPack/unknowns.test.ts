// Values unknown at preview, as the engine hands them to the pack (the SDK's sentinels behind its
// unknown-checking proxy). Resource rules "defer": the checks that can read their values report,
// the rest becomes the SDK's advisory "can't run ... during preview" and runs again on the
// resolved inputs during `pulumi up`, before the resource is touched. Network stack rules "fail
// closed": stack rules run again only after `pulumi up` has applied the change.
import { strict as assert } from "node:assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { type PackResource, policyNamed, UNKNOWN, urnOf, validateResource, validateStack } from "./crossguard";
import { clone, findResource, k8sResource, stackResources } from "./stackResources";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function weakened(resource: PackResource, change: (props: Json) => void): PackResource {
  const copy = clone(resource);
  change(copy.props as Json);
  return copy;
}

describe("policy pack: values unknown at preview", () => {
  let staging: PackResource[];
  before(async () => {
    staging = await stackResources("staging");
  });

  it("a resource rule defers what it cannot read: the EKS key ARN of a key created in the same preview", async () => {
    const cluster = weakened(findResource(staging, "aws:eks/cluster:Cluster"), (p) => { p.encryptionConfig = UNKNOWN.unknownObjectValue; });
    const found = await validateResource(policyNamed("eks-secrets-encrypted") as ResourceValidationPolicy, cluster);
    assert.deepEqual(found.map((d) => [d.level, d.message]), [
      ["advisory", "can't run policy 'eks-secrets-encrypted' during preview: Object value at .encryptionConfig can't be known during preview"],
    ]);
  });

  it("an unknown value never hides what the rule's other checks can see", async () => {
    const deployment = weakened(k8sResource(staging, "kubernetes:apps/v1:Deployment", "bank-frontend/frontend"), (p) => {
      p.spec.template.spec.hostNetwork = UNKNOWN.unknownBooleanValue;
      p.spec.template.spec.containers[0].securityContext.privileged = true;
    });
    const found = await validateResource(policyNamed("containers-not-privileged") as ResourceValidationPolicy, deployment);
    assert.deepEqual(found.map((d) => [d.level, d.message]), [
      ["mandatory", 'Deployment bank-frontend/frontend: container "frontend" is privileged (securityContext.privileged: true)'],
      ["advisory", "can't run policy 'containers-not-privileged' during preview: boolean value at .spec.template.spec.hostNetwork can't be known during preview"],
    ]);
  });

  it("the network rules and the proof fail closed on an unknown NetworkPolicy spec, naming the policy and the value", async () => {
    const resources = clone(staging);
    const policy = k8sResource(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "bank-backend/allow-frontend-to-backend");
    (policy.props.spec as Json).ingress = UNKNOWN.unknownArrayValue;
    for (const rule of ["namespace-default-deny", "no-world-egress", "reachability-proof"]) {
      const found = await validateStack(policyNamed(rule) as StackValidationPolicy, resources);
      const refusal = found.find((d) => d.message.startsWith("NetworkPolicy "));
      assert.deepEqual(refusal && [refusal.level, refusal.message, refusal.urn], [
        "mandatory",
        `NetworkPolicy ${policy.name}: Array value at .spec.ingress can't be known during preview; this rule cannot check it before the change is applied, so it refuses it (make the value known at preview, as rendered manifests are)`,
        urnOf(policy),
      ], rule);
    }
  });

  it("the proof reads only labels and ports of workloads: an image built in the same preview does not stop it (images-pinned defers it)", async () => {
    const resources = clone(staging);
    const deployment = k8sResource(resources, "kubernetes:apps/v1:Deployment", "bank-backend/backend");
    (deployment.props as Json).spec.template.spec.containers[0].image = UNKNOWN.unknownStringValue;
    assert.deepEqual(await validateStack(policyNamed("reachability-proof") as StackValidationPolicy, resources), []);
    const pinned = await validateResource(policyNamed("images-pinned") as ResourceValidationPolicy, deployment);
    assert.deepEqual(pinned.map((d) => d.level), ["advisory"]);
  });

  it("node-groups-private-subnets defers subnet ids that are unknown on a stack's first preview", async () => {
    const resources = clone(staging);
    (findResource(resources, "aws:eks/nodeGroup:NodeGroup").props as Json).subnetIds = UNKNOWN.unknownArrayValue;
    const found = await validateStack(policyNamed("node-groups-private-subnets") as StackValidationPolicy, resources);
    assert.deepEqual(found.map((d) => [d.level, d.message]), [
      ["advisory", "can't run policy 'node-groups-private-subnets' during preview: Array value at .subnetIds can't be known during preview"],
    ]);
  });
});
