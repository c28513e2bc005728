// The stack rules on the in-cluster network, one at a time, over the staging stack as the program
// registers it plus one changed or added object: quiet on the program, exact messages otherwise.
import { strict as assert } from "node:assert";
import type { StackValidationPolicy } from "@pulumi/policy";
import { type PackConfig, type PackResource, policyNamed, validateStack } from "./crossguard";
import { clone, k8sResource, stackResources } from "./stackResources";

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const GNP = "kubernetes:projectcalico.org/v3:GlobalNetworkPolicy";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BACKEND = { matchLabels: { "app.kubernetes.io/name": "backend", "zero-trust-eks.io/tier": "backend" } };
const DATABASE = { matchLabels: { "app.kubernetes.io/name": "database", "zero-trust-eks.io/tier": "database" } };
const pin = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

function policy(namespace: string, name: string, spec: Json): PackResource {
  return { type: NP, name: `extra-${namespace}-${name}`, props: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec } };
}

async function messages(rule: string, resources: readonly PackResource[], config: PackConfig = {}): Promise<string[]> {
  return (await validateStack(policyNamed(rule) as StackValidationPolicy, resources, config)).map((d) => d.message);
}

describe("policy pack: Kubernetes network stack rules", () => {
  let staging: PackResource[];
  before(async () => {
    staging = await stackResources("staging");
  });
  const plus = (...extra: PackResource[]) => [...clone(staging), ...extra];

  it("every network rule is quiet on the staging stack", async () => {
    for (const rule of ["namespace-default-deny", "no-world-ingress-except-frontend", "no-world-egress", "database-admits-only-backend", "reachability-proof"]) {
      assert.deepEqual(await messages(rule, staging), [], rule);
    }
  });

  describe("namespace-default-deny", () => {
    const withoutDeny = (namespace: string) => clone(staging).filter((r) => !(r.type === NP && r.name.endsWith(`-${namespace}-default-deny`)));

    it("accepts the deny split in two policies, one per direction (policyTypes omitted means Ingress)", async () => {
      const ingressOnly = policy("bank-backend", "deny-in", { podSelector: {} });
      const egressOnly = policy("bank-backend", "deny-out", { podSelector: {}, policyTypes: ["Egress"] });
      assert.deepEqual(await messages("namespace-default-deny", [...withoutDeny("bank-backend"), ingressOnly, egressOnly]), []);
    });
    it("names the missing direction, and does not count a deny that has rules", async () => {
      const ingressOnly = policy("bank-backend", "deny-in", { podSelector: {}, policyTypes: ["Ingress"] });
      const leaky = policy("bank-backend", "deny-out", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] });
      assert.deepEqual(await messages("namespace-default-deny", [...withoutDeny("bank-backend"), ingressOnly, leaky]), [
        "namespace bank-backend runs Deployment bank-backend/backend but has no default-deny NetworkPolicy for Egress (podSelector {}, policyTypes [Egress], no rules)",
      ]);
    });
    it("a deny that selects only some pods is not a default deny", async () => {
      const partial = policy("bank-frontend", "default-deny", { podSelector: { matchLabels: { a: "b" } }, policyTypes: ["Ingress", "Egress"] });
      assert.deepEqual(await messages("namespace-default-deny", [...withoutDeny("bank-frontend"), partial]), [
        "namespace bank-frontend runs Deployment bank-frontend/frontend but has no default-deny NetworkPolicy for Ingress and Egress (podSelector {}, policyTypes [Ingress, Egress], no rules)",
      ]);
    });
  });

  describe("no-world-egress", () => {
    const cases: readonly [string, Json, string][] = [
      ["::/0", { podSelector: BACKEND, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "::/0" } }] }] }, "egress rule 1 allows egress to ::/0 (the whole internet)"],
      ["an egress rule without to", { podSelector: BACKEND, policyTypes: ["Egress"], egress: [{ ports: [{ port: 443 }] }] }, "egress rule 1 allows egress to every destination (no to)"],
      ["0.0.0.0/0 with the VPC excepted", { podSelector: BACKEND, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.20.0.0/16"] } }] }] }, "egress rule 1 allows egress to 0.0.0.0/0 (the whole internet)"],
      ["a range containing the VPC", { podSelector: BACKEND, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] }, "egress rule 1 allows egress to 10.0.0.0/8, which contains the VPC 10.20.0.0/16 (pods have VPC addresses: this matches every pod around the selectors; except the VPC)"],
    ];
    for (const [label, spec, expected] of cases) {
      it(`fails ${label}`, async () => {
        assert.deepEqual(await messages("no-world-egress", plus(policy("bank-backend", "out", spec))), [`NetworkPolicy bank-backend/out: ${expected}`]);
      });
    }
    it("fails a Calico GlobalNetworkPolicy that allows egress anywhere, but not the program's own Calico policies", async () => {
      const open = { type: GNP, name: "open", props: { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "open" }, spec: { types: ["Egress"], egress: [{ action: "Allow" }, { action: "Allow", destination: { nets: ["0.0.0.0/0"] } }] } } };
      assert.deepEqual(await messages("no-world-egress", plus(open)), [
        "GlobalNetworkPolicy open: egress rule 1 allows egress to every destination (no destination nets or selectors)",
        "GlobalNetworkPolicy open: egress rule 2 allows egress to 0.0.0.0/0 (the whole internet)",
      ]);
    });
  });

  describe("no-world-ingress-except-frontend", () => {
    it("fails the internet into the backend, and an ingress rule without from", async () => {
      const spec = { podSelector: BACKEND, policyTypes: ["Ingress"], ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.20.0.0/16"] } }], ports: [{ port: 9090, protocol: "TCP" }] }, { ports: [{ port: 9090 }] }] };
      assert.deepEqual(await messages("no-world-ingress-except-frontend", plus(policy("bank-backend", "in", spec))), [
        "NetworkPolicy bank-backend/in: ingress rule 1 admits 0.0.0.0/0 into pods that are not the frontend tier (podSelector must match zero-trust-eks.io/tier=frontend)",
        "NetworkPolicy bank-backend/in: ingress rule 2 admits every source, pods and internet alike (no from)",
      ]);
    });
    it("fails the internet into the frontend on a port its pods do not serve", async () => {
      const resources = clone(staging);
      const spec = k8sResource(resources, NP, "bank-frontend/allow-0-0-0-0-0-to-frontend").props.spec as Json;
      spec.ingress[0].ports = [{ port: 22, protocol: "TCP" }, { port: 8080, protocol: "UDP" }];
      assert.deepEqual(await messages("no-world-ingress-except-frontend", resources), [
        "NetworkPolicy bank-frontend/allow-0-0-0-0-0-to-frontend: ingress rule 1 admits 0.0.0.0/0 on TCP/22, UDP/8080, which no container of the selected frontend pods serves",
      ]);
    });
    it("knows the VPC from config vpcCidrs when the stack has no VPC resource", async () => {
      const noVpc = clone(staging).filter((r) => r.type !== "aws:ec2/vpc:Vpc" && r.type !== "awsx:ec2:Vpc");
      const spec = { podSelector: BACKEND, policyTypes: ["Ingress"], ingress: [{ from: [{ ipBlock: { cidr: "10.20.0.0/15" } }] }] };
      const resources = [...noVpc, policy("bank-backend", "in", spec)];
      assert.deepEqual(await messages("no-world-ingress-except-frontend", resources), []);
      assert.deepEqual(await messages("no-world-ingress-except-frontend", resources, { "no-world-ingress-except-frontend": { vpcCidrs: ["10.20.0.0/16"] } }), [
        "NetworkPolicy bank-backend/in: ingress rule 1 admits 10.20.0.0/15, which contains the VPC 10.20.0.0/16 (pods have VPC addresses: this matches every pod around the selectors; except the VPC)",
      ]);
    });
  });

  describe("database-admits-only-backend", () => {
    const into = (peer: Json) => policy("bank-database", "in", { podSelector: DATABASE, policyTypes: ["Ingress"], ingress: [{ from: [peer], ports: [{ port: 5432 }] }] });
    const cases: readonly [string, Json, string][] = [
      ["an ipBlock", { ipBlock: { cidr: "10.20.1.0/24" } }, "admits ipBlock 10.20.1.0/24 (only backend pods may connect)"],
      ["a namespace-only peer", { namespaceSelector: pin("bank-backend") }, "admits every pod of the namespaces its namespaceSelector matches (no podSelector; expected zero-trust-eks.io/tier=backend pods)"],
      ["backend pods in any namespace", { namespaceSelector: {}, podSelector: BACKEND }, "does not pin the peer's namespace by kubernetes.io/metadata.name (a look-alike pod elsewhere would match)"],
      ["backend-labelled pods in the frontend namespace", { namespaceSelector: pin("bank-frontend"), podSelector: BACKEND }, "pins namespace bank-frontend, which is not a backend namespace (its zero-trust-eks.io/tier is frontend)"],
      ["pods of no particular tier", { namespaceSelector: pin("bank-backend"), podSelector: {} }, "admits pods whose zero-trust-eks.io/tier is not pinned (expected backend)"],
    ];
    for (const [label, peer, expected] of cases) {
      it(`fails ${label}`, async () => {
        assert.deepEqual(await messages("database-admits-only-backend", plus(into(peer))), [`NetworkPolicy bank-database/in: ingress rule 1 ${expected}`]);
      });
    }
    it("also reads a policy that selects the database pods with an empty podSelector", async () => {
      const open = policy("bank-database", "all", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] });
      assert.deepEqual(await messages("database-admits-only-backend", plus(open)), ["NetworkPolicy bank-database/all: ingress rule 1 admits every source into the database tier (no from)"]);
    });
  });
});
