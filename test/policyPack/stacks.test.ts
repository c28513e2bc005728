// The real program under the Pulumi mocks, for each stack file, fed to the whole pack as CrossGuard
// would see it in a real preview (stackResources.ts adds the remote components' children): no
// mandatory violation. Then loosened copies of a stack produce exactly the expected violations,
// each naming the resource and (through its policy) the rule.
import { strict as assert } from "node:assert";
import { type Diagnostic, lines, type PackConfig, type PackResource, runPack } from "./crossguard";
import { stackNames } from "../fixtures/stackFiles";
import { clone, k8sResource, platformPhaseResources, stackResources } from "./stackResources";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

function extraPolicy(namespace: string, name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): PackResource {
  return {
    type: NETWORK_POLICY,
    name: `extra-${namespace}-${name}`,
    props: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace, annotations }, spec },
  };
}

const BACKEND_PODS = { matchLabels: { "app.kubernetes.io/name": "backend", "zero-trust-eks.io/tier": "backend" } };

describe("policy pack: every stack file's program (dev, staging, prod, local) under mocks", () => {
  // Stacks not listed expect no advisory (local: kind, so only the in-cluster rules apply).
  const advisories: Readonly<Record<string, readonly string[]>> = {
    dev: ["eks-control-plane-logs-complete: EKS cluster zero-trust-eks-dev does not log authenticator, controllerManager, scheduler"],
  };

  for (const stack of stackNames()) {
    it(`${stack}: no mandatory violation, and exactly the expected advisories`, async () => {
      const found = await runPack(await stackResources(stack));
      assert.deepEqual(lines(found, "mandatory"), []);
      assert.deepEqual(lines(found, "advisory"), advisories[stack] ?? []);
    });
  }

  it("prod's platform phase (no in-cluster object yet) passes too: the in-cluster rules have nothing to refuse", async () => {
    const resources = await platformPhaseResources("prod");
    assert.ok(!resources.some((r) => r.type.startsWith("kubernetes:")));
    assert.deepEqual(lines(await runPack(resources), "mandatory"), []);
  });

  it("sees the remote components' children and the in-cluster objects it rules on (the pack is not vacuously quiet)", async () => {
    const types = new Set((await stackResources("prod")).map((r) => r.type));
    for (const type of ["aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate", "aws:kms/key:Key", "aws:ec2/flowLog:FlowLog", "aws:ec2/subnet:Subnet", NETWORK_POLICY, "kubernetes:core/v1:Namespace", "kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:core/v1:Service"]) {
      assert.ok(types.has(type), `prod registers no ${type}`);
    }
  });
});

describe("policy pack: loosened stacks fail with exactly the expected violations", () => {
  let staging: PackResource[];
  before(async () => {
    staging = await stackResources("staging");
  });

  const mandatory = async (resources: readonly PackResource[], config: PackConfig = {}): Promise<Diagnostic[]> =>
    (await runPack(resources, config)).filter((d) => d.level === "mandatory");

  it("an extra policy with egress to 0.0.0.0/0: no-world-egress names it, the proof names every connection it opens and the policy", async () => {
    const world = extraPolicy("bank-backend", "allow-backend-to-world", { podSelector: BACKEND_PODS, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] });
    const found = await mandatory([...clone(staging), world]);
    const by = "egress: allowed by bank-backend/allow-backend-to-world";
    const gateway = "egress: allowed by bank-backend/allow-backend-to-198-51-100-0-24, bank-backend/allow-backend-to-world";
    const external = "ingress: external, not governed by NetworkPolicy";
    const rest = "0.0.0.0/0 except 10.20.0.0/16,198.51.100.0/24";
    assert.deepEqual(lines(found), [
      "no-world-egress: NetworkPolicy bank-backend/allow-backend-to-world: egress rule 1 allows egress to 0.0.0.0/0 (the whole internet)",
      `reachability-proof: connection bank-backend/backend -> ${rest} all is allowed but no declared flow explains it (${by}; ${external})`,
      `reachability-proof: connection bank-backend/backend -> ${rest} all is allowed by its egress side alone but no declared flow explains it (${by})`,
      `reachability-proof: connection bank-backend/backend -> 10.20.0.0/16 all is allowed but no declared flow explains it (${by}; ${external})`,
      `reachability-proof: connection bank-backend/backend -> 10.20.0.0/16 all is allowed by its egress side alone but no declared flow explains it (${by})`,
      `reachability-proof: connection bank-backend/backend -> 198.51.100.0/24 TCP 1-442,444-65535; UDP 1-65535; SCTP 1-65535 is allowed but no declared flow explains it (${gateway}; ${external})`,
      `reachability-proof: connection bank-backend/backend -> 198.51.100.0/24 TCP 1-442,444-65535; UDP 1-65535; SCTP 1-65535 is allowed by its egress side alone but no declared flow explains it (${gateway})`,
    ]);
    assert.ok(found.filter((d) => d.policy === "no-world-egress").every((d) => d.urn?.endsWith("::extra-bank-backend-allow-backend-to-world")));
  });

  it("a namespace without its default deny: namespace-default-deny names the namespace and its workload; the proof finds the probes it opens", async () => {
    const withoutDeny = clone(staging).filter((r) => !(r.type === NETWORK_POLICY && r.name.endsWith("-bank-database-default-deny")));
    assert.equal(withoutDeny.length, staging.length - 1);
    const found = await mandatory(withoutDeny, { "reachability-proof": { maxReported: 1000 } });
    assert.deepEqual(lines(found.filter((d) => d.policy !== "reachability-proof")), [
      "namespace-default-deny: namespace bank-database runs StatefulSet bank-database/database but has no default-deny NetworkPolicy for Ingress and Egress (podSelector {}, policyTypes [Ingress, Egress], no rules)",
    ]);
    const proof = found.filter((d) => d.policy === "reachability-proof").map((d) => d.message);
    // The database pod itself stays closed (its allow policies select it both ways); the stranger no policy selects is now open.
    assert.ok(proof.includes("connection bank-database/policy-pack-stranger -> kube-system/coredns all is allowed but no declared flow explains it (egress: not isolated; ingress: not isolated)"), proof.join("\n"));
    assert.ok(proof.includes("connection policy-pack-intruder/policy-pack-looks-like-bank-frontend-frontend -> bank-database/policy-pack-stranger all is allowed but no declared flow explains it (egress: not isolated; ingress: not isolated)"), proof.join("\n"));
    assert.deepEqual(proof.filter((m) => !/ -> \S*policy-pack-|^connection \S*policy-pack-/.test(m)), []);
    assert.equal(proof.length, 92);
  });

  it("the proof reports at most maxReported connections one by one (25 by default), then how many more", async () => {
    const withoutDeny = clone(staging).filter((r) => !(r.type === NETWORK_POLICY && r.name.endsWith("-bank-database-default-deny")));
    const proof = (await mandatory(withoutDeny)).filter((d) => d.policy === "reachability-proof").map((d) => d.message);
    assert.equal(proof.length, 26);
    assert.equal(proof[25], "...and 67 more connections that differ from the declared flows (config maxReported shows more)");
  });

  it("an added policy opening frontend -> database: the proof names the connection and both policies; the database rule names the peer", async () => {
    const frontendPods = { matchLabels: { "app.kubernetes.io/name": "frontend", "zero-trust-eks.io/tier": "frontend" } };
    const pin = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });
    const databasePods = { matchLabels: { "app.kubernetes.io/name": "database", "zero-trust-eks.io/tier": "database" } };
    const ports = [{ port: 5432, protocol: "TCP" }];
    const ingress = extraPolicy("bank-database", "debug-from-frontend", { podSelector: databasePods, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: pin("bank-frontend"), podSelector: frontendPods }], ports }] });
    const egress = extraPolicy("bank-frontend", "debug-to-database", { podSelector: frontendPods, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: pin("bank-database"), podSelector: databasePods }], ports }] });
    const found = await mandatory([...clone(staging), ingress, egress]);
    assert.deepEqual(lines(found), [
      'database-admits-only-backend: NetworkPolicy bank-database/debug-from-frontend: ingress rule 1 admits pods whose zero-trust-eks.io/tier is "frontend" (expected backend)',
      "reachability-proof: connection bank-frontend/frontend -> bank-database/database TCP 5432 is allowed but no declared flow explains it (egress: allowed by bank-frontend/debug-to-database; ingress: allowed by bank-database/debug-from-frontend)",
      "reachability-proof: connection bank-frontend/frontend -> bank-database/database TCP 5432 is allowed by its egress side alone but no declared flow explains it (egress: allowed by bank-frontend/debug-to-database)",
      "reachability-proof: connection bank-frontend/frontend -> bank-database/database TCP 5432 is allowed by its ingress side alone but no declared flow explains it (ingress: allowed by bank-database/debug-from-frontend)",
    ]);
  });

  it("a peer that lost its namespace pin: the proof finds the look-alike intruders that now reach the backend", async () => {
    const unpinned = clone(staging);
    const spec = k8sResource(unpinned, NETWORK_POLICY, "bank-backend/allow-frontend-to-backend").props.spec as { ingress: { from: Record<string, unknown>[] }[] };
    spec.ingress[0].from[0].namespaceSelector = {};
    const by = "ingress: allowed by bank-backend/allow-frontend-to-backend";
    assert.deepEqual(lines(await mandatory(unpinned)), [
      `reachability-proof: connection bank-backend/policy-pack-looks-like-bank-frontend-frontend -> bank-backend/backend TCP 9090 is allowed by its ingress side alone but no declared flow explains it (${by})`,
      `reachability-proof: connection bank-database/policy-pack-looks-like-bank-frontend-frontend -> bank-backend/backend TCP 9090 is allowed by its ingress side alone but no declared flow explains it (${by})`,
      `reachability-proof: connection policy-pack-intruder/policy-pack-looks-like-bank-frontend-frontend -> bank-backend/backend TCP 9090 is allowed but no declared flow explains it (egress: not isolated; ${by})`,
      `reachability-proof: connection policy-pack-intruder/policy-pack-looks-like-bank-frontend-frontend -> bank-backend/backend TCP 9090 is allowed by its ingress side alone but no declared flow explains it (${by})`,
    ]);
  });

  it("a dropped allow policy: the proof reports the declared flow that is no longer allowed, with the policy that declares it", async () => {
    const without = clone(staging).filter((r) => !(r.type === NETWORK_POLICY && r.name.endsWith("-bank-database-allow-backend-to-database")));
    assert.deepEqual(lines(await mandatory(without)), [
      "reachability-proof: declared flow bank-backend/backend -> bank-database/database TCP 5432 is not allowed (declared by NetworkPolicy bank-backend/allow-backend-to-database)",
      "reachability-proof: declared flow bank-backend/backend -> bank-database/database TCP 5432 is not allowed by its ingress side alone (declared by NetworkPolicy bank-backend/allow-backend-to-database)",
    ]);
  });

  it("the frontend's internet policy widened to every port and the VPC: the world-ingress rule names both, the proof the extra connections", async () => {
    const widened = clone(staging);
    const policy = k8sResource(widened, NETWORK_POLICY, "bank-frontend/allow-0-0-0-0-0-to-frontend");
    const spec = policy.props.spec as { ingress: { from: unknown[]; ports?: unknown }[] };
    spec.ingress.push({ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] });
    spec.ingress.push({ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 8080, protocol: "TCP" }] });
    const found = await mandatory(widened);
    assert.deepEqual(lines(found.filter((d) => d.policy !== "reachability-proof")), [
      "no-world-ingress-except-frontend: NetworkPolicy bank-frontend/allow-0-0-0-0-0-to-frontend: ingress rule 2 admits 0.0.0.0/0 on every port (the rule lists no ports; expected the frontend's serving port)",
      "no-world-ingress-except-frontend: NetworkPolicy bank-frontend/allow-0-0-0-0-0-to-frontend: ingress rule 3 admits 10.0.0.0/8, which contains the VPC 10.20.0.0/16 (pods have VPC addresses: this matches every pod around the selectors; except the VPC)",
    ]);
    const ingress = "ingress: allowed by bank-frontend/allow-0-0-0-0-0-to-frontend";
    const fromWorld = `is allowed but no declared flow explains it (egress: external, not governed by NetworkPolicy; ${ingress})`;
    const alone = `is allowed by its ingress side alone but no declared flow explains it (${ingress})`;
    const otherPorts = "TCP 1-8079,8081-65535; UDP 1-65535; SCTP 1-65535";
    // Pods have no addresses in the manifests, so the VPC range shows as the external block 10.20.0.0/16.
    assert.deepEqual(found.filter((d) => d.policy === "reachability-proof").map((d) => d.message), [
      `connection 0.0.0.0/0 except 10.0.0.0/8,198.51.100.0/24 -> bank-frontend/frontend ${otherPorts} ${fromWorld}`,
      `connection 0.0.0.0/0 except 10.0.0.0/8,198.51.100.0/24 -> bank-frontend/frontend ${otherPorts} ${alone}`,
      `connection 10.0.0.0/8 except 10.20.0.0/16 -> bank-frontend/frontend ${otherPorts} ${fromWorld}`,
      `connection 10.0.0.0/8 except 10.20.0.0/16 -> bank-frontend/frontend ${otherPorts} ${alone}`,
      `connection 10.20.0.0/16 -> bank-frontend/frontend all ${fromWorld}`,
      `connection 10.20.0.0/16 -> bank-frontend/frontend all ${alone}`,
      `connection 198.51.100.0/24 -> bank-frontend/frontend ${otherPorts} ${fromWorld}`,
      `connection 198.51.100.0/24 -> bank-frontend/frontend ${otherPorts} ${alone}`,
    ]);
  });
});
