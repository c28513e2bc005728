import { strict as assert } from "assert";
import { buildTopology, toIntent } from "../../topology";
import { testStackConfig } from "../fixtures/stackConfig";

describe("topology: the declared zero-trust intent", () => {
  it("puts each tier of each tenant in its own namespace", () => {
    const topology = buildTopology(testStackConfig({ tenants: ["alpha", "beta"] }));
    assert.deepEqual(
      topology.workloads.map((w) => w.namespace),
      ["alpha-frontend", "alpha-backend", "alpha-database", "beta-frontend", "beta-backend", "beta-database"],
    );
  });

  it("declares exactly the flows of the three-tier application, DNS and the configured edges", () => {
    const intent = toIntent(buildTopology(testStackConfig()));
    assert.deepEqual(intent.flows, [
      { from: "198.51.100.0/24", to: "bank-frontend/frontend", ports: ["TCP/8080"] },
      { from: "bank-backend/backend", to: "192.0.2.0/24", ports: ["TCP/443"] },
      { from: "bank-backend/backend", to: "bank-database/database", ports: ["TCP/5432"] },
      { from: "bank-backend/backend", to: "kube-system/coredns", ports: ["UDP/53", "TCP/53"] },
      { from: "bank-database/database", to: "kube-system/coredns", ports: ["UDP/53", "TCP/53"] },
      { from: "bank-frontend/frontend", to: "bank-backend/backend", ports: ["TCP/8080"] },
      { from: "bank-frontend/frontend", to: "kube-system/coredns", ports: ["UDP/53", "TCP/53"] },
    ]);
  });

  it("declares no flow between tenants", () => {
    const topology = buildTopology(testStackConfig({ tenants: ["alpha", "beta"] }));
    const crossTenant = topology.flows.filter(
      (f) => f.from.kind === "workload" && f.to.kind === "workload" && f.from.tenant !== f.to.tenant,
    );
    assert.deepEqual(crossTenant, []);
  });

  it("declares no internet ingress when no source CIDR is configured (the guide's deny-all-ingress)", () => {
    const topology = buildTopology(testStackConfig({ ingressSourceCidrs: [] }));
    assert.equal(topology.flows.filter((f) => f.from.kind === "cidr").length, 0);
  });

  it("pins every flow to its server's own port (tiers on distinct ports, so a mix-up shows)", () => {
    const config = testStackConfig({
      frontend: { port: 8443, replicas: 1 },
      backend: { port: 9090, replicas: 1 },
      database: { port: 6543, replicas: 1, storageGiB: 10, backupRetentionDays: 7 },
    });
    const topology = buildTopology(config);
    const toTier = (tier: string) => toIntent(topology).flows.filter((f) => f.to === `bank-${tier}/${tier}`).map((f) => f.ports);
    assert.deepEqual(toTier("frontend"), [["TCP/8443"]]);
    assert.deepEqual(toTier("backend"), [["TCP/9090"]]);
    assert.deepEqual(toTier("database"), [["TCP/6543"]]);
    assert.deepEqual(
      topology.workloads.map((w) => `${w.tier} ${w.ports.map((p) => `${p.name}:${p.port}/${p.protocol}`).join(",")}`),
      ["frontend http:8443/TCP", "backend api:9090/TCP", "database postgres:6543/TCP"],
    );
  });
});
