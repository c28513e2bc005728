import { strict as assert } from "assert";
import { ANNOTATION_FLOWS, ANNOTATION_REASON, DEFAULT_DENY_NAME, PolicyBuildError, buildNetworkPolicies } from "../../manifests/policies";
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

describe("NetworkPolicies: exact rendered allowances (issue 14)", () => {
  it("an egress-only and an ingress-only allowance carry exactly their own direction, nothing empty", () => {
    const { policies } = build();
    const egress = inNamespace(policies, "bank-frontend").find((p) => p.metadata.name === "allow-frontend-to-backend");
    const ingress = inNamespace(policies, "bank-backend").find((p) => p.metadata.name === "allow-frontend-to-backend");
    assert.ok(egress && ingress);
    // An empty `ingress: []` (or `egress: []`) next to its policy type would deny that direction
    // on its own; the allowance must add the one direction of its flow and leave the other alone.
    const backendPeer = {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "bank-backend" } },
      podSelector: {
        matchLabels: {
          "app.kubernetes.io/name": "backend",
          "app.kubernetes.io/part-of": "zero-trust-eks",
          "zero-trust-eks.io/tenant": "bank",
          "zero-trust-eks.io/tier": "backend",
        },
      },
    };
    const frontendPeer = {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "bank-frontend" } },
      podSelector: {
        matchLabels: {
          "app.kubernetes.io/name": "frontend",
          "app.kubernetes.io/part-of": "zero-trust-eks",
          "zero-trust-eks.io/tenant": "bank",
          "zero-trust-eks.io/tier": "frontend",
        },
      },
    };
    assert.deepEqual(specOf(egress), {
      podSelector: { matchLabels: frontendPeer.podSelector.matchLabels },
      policyTypes: ["Egress"],
      egress: [{ to: [backendPeer], ports: [{ protocol: "TCP", port: 8080 }] }],
    });
    assert.deepEqual(specOf(ingress), {
      podSelector: { matchLabels: backendPeer.podSelector.matchLabels },
      policyTypes: ["Ingress"],
      ingress: [{ from: [frontendPeer], ports: [{ protocol: "TCP", port: 8080 }] }],
    });
    for (const policy of policies) {
      const spec = specOf(policy);
      if (spec.ingress) assert.ok(spec.ingress.length > 0, `${policy.metadata.namespace}/${policy.metadata.name}: empty ingress`);
      if (spec.egress) assert.ok(spec.egress.length > 0, `${policy.metadata.namespace}/${policy.metadata.name}: empty egress`);
    }
  });

  it("names each tier's DNS allowance after DNS and lists its flow with every port", () => {
    const { policies } = build();
    const dns = inNamespace(policies, "bank-backend").find((p) => p.metadata.name === "allow-backend-to-dns");
    assert.ok(dns, `no allow-backend-to-dns in ${policies.map((p) => p.metadata.name).join(" ")}`);
    assert.equal(dns.metadata.annotations?.[ANNOTATION_FLOWS], "bank-backend/backend -> kube-system/coredns UDP/53,TCP/53");
    assert.equal(dns.metadata.annotations?.[ANNOTATION_REASON], "service discovery through cluster DNS");
  });

  it("lists one flow per line when several flows share a policy", () => {
    const { policies } = build({
      egressAllowList: [
        { tier: "backend", cidr: "192.0.2.0/24", ports: [{ port: 443, protocol: "TCP" }], description: "payment gateway" },
        { tier: "backend", cidr: "192.0.2.0/24", ports: [{ port: 8443, protocol: "TCP" }], description: "payment gateway admin" },
      ],
    });
    const shared = inNamespace(policies, "bank-backend").find((p) => p.metadata.name === "allow-backend-to-192-0-2-0-24");
    assert.ok(shared);
    assert.equal(shared.metadata.annotations?.[ANNOTATION_FLOWS], "bank-backend/backend -> 192.0.2.0/24 TCP/443\nbank-backend/backend -> 192.0.2.0/24 TCP/8443");
    assert.equal(shared.metadata.annotations?.[ANNOTATION_REASON], "payment gateway\npayment gateway admin");
    assert.deepEqual(egressRules([shared]).map((r) => r.ports), [[{ protocol: "TCP", port: 443 }], [{ protocol: "TCP", port: 8443 }]]);
  });

  it("names a flow between tenants after both namespaces, so it never collides with a tenant's own flow", () => {
    const { config, topology } = build(MULTI);
    const crossTenant = {
      from: { kind: "workload", tenant: "alpha", tier: "backend" },
      to: { kind: "workload", tenant: "beta", tier: "backend" },
      ports: [{ port: 8080, protocol: "TCP" }],
      reason: "a shared API",
    } as const;
    const policies = buildNetworkPolicies({ ...topology, flows: [...topology.flows, crossTenant] }, config);
    const names = policies.filter((p) => p.metadata.annotations?.[ANNOTATION_REASON] === "a shared API").map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    assert.deepEqual(names, ["alpha-backend/allow-alpha-backend-to-beta-backend", "beta-backend/allow-alpha-backend-to-beta-backend"]);
  });

  it("refuses a flow with no workload end: no policy of ours could enforce it", () => {
    const { config, topology } = build();
    const outsideOnly = {
      from: { kind: "cidr", cidr: "198.51.100.0/24", except: [] },
      to: { kind: "cidr", cidr: "192.0.2.0/24", except: [] },
      ports: [{ port: 443, protocol: "TCP" }],
      reason: "nobody's",
    } as const;
    assert.throws(
      () => buildNetworkPolicies({ ...topology, flows: [...topology.flows, outsideOnly] }, config),
      (error: unknown) => {
        assert.ok(error instanceof PolicyBuildError);
        assert.equal(error.name, "PolicyBuildError");
        assert.equal(error.message, 'flow "198.51.100.0/24 -> 192.0.2.0/24 TCP/443" has no workload end to attach a policy to');
        return true;
      },
    );
  });
});
