import { strict as assert } from "assert";
import { ANNOTATION_FLOWS, ANNOTATION_REASON, DEFAULT_DENY_NAME } from "../../manifests/policies";
import { TIERS, namespaceName } from "../../topology";
import { build, describePeer, egressRules, inNamespace, ingressRules, specOf } from "./helpers";

const MULTI = { tenants: ["alpha", "beta"] };

describe("NetworkPolicies: zero trust from the declared topology", () => {
  for (const [label, overrides] of [["one tenant", {}], ["two tenants", MULTI]] as const) {
    it(`${label}: every tier namespace has a default deny for both directions`, () => {
      const { topology, policies } = build(overrides);
      for (const workload of topology.workloads) {
        const deny = inNamespace(policies, workload.namespace).find((p) => p.metadata.name === DEFAULT_DENY_NAME);
        assert.ok(deny, `${workload.namespace} has no ${DEFAULT_DENY_NAME}`);
        assert.deepEqual(specOf(deny), { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      }
    });
  }

  it("the database accepts traffic from its tenant's backend only, on the database port only", () => {
    const { policies } = build(MULTI);
    for (const tenant of MULTI.tenants) {
      const rules = ingressRules(inNamespace(policies, namespaceName(tenant, "database")));
      assert.deepEqual(
        rules.map((r) => ({ from: r.from.map(describePeer), ports: r.ports })),
        [
          {
            from: [`ns=${tenant}-backend pods=app.kubernetes.io/name=backend,app.kubernetes.io/part-of=zero-trust-eks,zero-trust-eks.io/tenant=${tenant},zero-trust-eks.io/tier=backend`],
            ports: [{ protocol: "TCP", port: 5432 }],
          },
        ],
      );
    }
  });

  it("turns each workload-to-workload flow into an egress rule on the client and an ingress rule on the server", () => {
    const { policies } = build();
    const egress = inNamespace(policies, "bank-frontend").find((p) => p.metadata.name === "allow-frontend-to-backend");
    const ingress = inNamespace(policies, "bank-backend").find((p) => p.metadata.name === "allow-frontend-to-backend");
    assert.ok(egress && ingress);
    assert.deepEqual(specOf(egress).policyTypes, ["Egress"]);
    assert.deepEqual(specOf(ingress).policyTypes, ["Ingress"]);
    assert.deepEqual(specOf(egress).egress?.[0].ports, [{ protocol: "TCP", port: 8080 }]);
    assert.deepEqual(specOf(ingress).ingress?.[0].ports, [{ protocol: "TCP", port: 8080 }]);
    assert.match(describePeer(specOf(egress).egress?.[0].to[0] ?? { ipBlock: { cidr: "" } }), /^ns=bank-backend pods=.*tier=backend$/);
  });

  it("selects pod peers by namespace AND pod labels in one peer (never namespace or pod alone)", () => {
    const { policies } = build(MULTI);
    const peers = [...ingressRules(policies).flatMap((r) => r.from), ...egressRules(policies).flatMap((r) => r.to)];
    for (const peer of peers) {
      if ("ipBlock" in peer) continue;
      // Pinned by the API server's own name label, which no namespace owner can set on another namespace.
      assert.deepEqual(Object.keys(peer.namespaceSelector.matchLabels ?? {}), ["kubernetes.io/metadata.name"], "namespace not pinned by name");
      assert.ok(Object.keys(peer.podSelector.matchLabels ?? {}).length > 0, "empty pod selector");
    }
  });

  it("allows DNS only to kube-dns pods in kube-system, on UDP and TCP 53", () => {
    const { topology, policies } = build(MULTI);
    const dnsRules = egressRules(policies).filter((r) => r.ports.some((p) => p.port === 53));
    assert.equal(dnsRules.length, topology.workloads.length);
    for (const rule of dnsRules) {
      assert.deepEqual(rule.to.map(describePeer), ["ns=kube-system pods=k8s-app=kube-dns"]);
      assert.deepEqual(rule.ports, [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }]);
    }
  });

  it("never allows egress to 0.0.0.0/0 (or ::/0), nor egress to every destination", () => {
    const { policies } = build(MULTI);
    for (const rule of egressRules(policies)) {
      assert.ok(rule.to.length > 0, "an egress rule without `to` allows every destination");
      for (const peer of rule.to) {
        if ("ipBlock" in peer) assert.ok(!/\/0$/.test(peer.ipBlock.cidr), `egress to ${peer.ipBlock.cidr}`);
      }
      assert.ok(rule.ports.length > 0, "an egress rule without ports allows every port");
    }
  });

  it("sends external egress only to the configured CIDRs and ports, from the configured tier", () => {
    const { policies } = build({ egressAllowList: [{ tier: "database", cidr: "203.0.113.10/32", ports: [{ port: 5432, protocol: "TCP" }], description: "replica" }] });
    const external = (namespace: string) =>
      egressRules(inNamespace(policies, namespace)).filter((r) => r.to.some((p) => "ipBlock" in p));
    assert.deepEqual(external("bank-backend"), []);
    assert.deepEqual(external("bank-frontend"), []);
    assert.deepEqual(external("bank-database"), [{ to: [{ ipBlock: { cidr: "203.0.113.10/32" } }], ports: [{ protocol: "TCP", port: 5432 }] }]);
  });

  it("admits internet clients to the frontend only, on its port, from the configured source CIDRs", () => {
    const { policies } = build({ ingressSourceCidrs: ["198.51.100.0/24", "203.0.113.0/24"] });
    const cidrIngress = (namespace: string) =>
      ingressRules(inNamespace(policies, namespace)).filter((r) => r.from.some((p) => "ipBlock" in p));
    assert.deepEqual(cidrIngress("bank-backend"), []);
    assert.deepEqual(cidrIngress("bank-database"), []);
    assert.deepEqual(
      cidrIngress("bank-frontend").map((r) => ({ from: r.from.map(describePeer), ports: r.ports })),
      [
        { from: ["cidr=198.51.100.0/24"], ports: [{ protocol: "TCP", port: 8080 }] },
        { from: ["cidr=203.0.113.0/24"], ports: [{ protocol: "TCP", port: 8080 }] },
      ],
    );
  });

  it("names policies deterministically and annotates each with its flows and reasons", () => {
    const first = build(MULTI).policies;
    assert.deepEqual(build(MULTI).policies, first);
    const names = first.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    assert.deepEqual(names, [...names].sort());
    assert.equal(new Set(names).size, names.length, "duplicate policy names");
    const backendEgress = first.find((p) => p.metadata.namespace === "alpha-backend" && p.metadata.name === "allow-backend-to-192-0-2-0-24");
    assert.equal(backendEgress?.metadata.annotations?.[ANNOTATION_REASON], "payment gateway");
    assert.equal(backendEgress?.metadata.annotations?.[ANNOTATION_FLOWS], "alpha-backend/backend -> 192.0.2.0/24 TCP/443");
    for (const policy of first) assert.ok(policy.metadata.annotations?.[ANNOTATION_REASON], `${policy.metadata.name} has no reason`);
  });

  it("writes one policy namespace per tier and tenant, nothing in kube-system", () => {
    const { policies } = build(MULTI);
    const namespaces = [...new Set(policies.map((p) => p.metadata.namespace))].sort();
    const expected = MULTI.tenants.flatMap((t) => TIERS.map((tier) => namespaceName(t, tier))).sort();
    assert.deepEqual(namespaces, expected);
  });
});

describe("NetworkPolicies: the seed guide's patterns, expressed through config", () => {
  it("deny all ingress: no ingress source CIDRs leaves the frontend closed to the internet", () => {
    const { policies } = build({ ingressSourceCidrs: [] });
    const frontendIngress = ingressRules(inNamespace(policies, "bank-frontend"));
    assert.deepEqual(frontendIngress, []);
    assert.ok(ingressRules(policies).every((r) => r.from.every((p) => !("ipBlock" in p))), "some tier still admits a CIDR");
  });

  it("allow only HTTPS ingress to the web tier: frontend on 443 from anywhere outside the VPC, no other port", () => {
    const { policies } = build({ ingressSourceCidrs: ["0.0.0.0/0"], frontend: { port: 443, replicas: 1 } });
    assert.deepEqual(ingressRules(inNamespace(policies, "bank-frontend")), [
      { from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/16"] } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
  });

  it("restrict egress to an IP range: the tier may leave the cluster only towards that range", () => {
    const range = { tier: "backend" as const, cidr: "192.168.1.0/24", ports: [{ port: 443, protocol: "TCP" as const }], description: "partner range" };
    const { policies } = build({ egressAllowList: [range] });
    const cidrs = egressRules(policies).flatMap((r) => r.to.flatMap((p) => ("ipBlock" in p ? [p.ipBlock.cidr] : [])));
    assert.deepEqual(cidrs, ["192.168.1.0/24"]);
  });
});
