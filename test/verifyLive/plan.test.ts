// verify-live's plan on the dev and local renders: every declared flow inside the cluster must
// connect; each tier's other-tier ports, the database's internet and the throwaway pod's every
// tier must be blocked; each verdict is the analyzer's, so a weakened render shows up as a
// disagreement before anything runs.
import { strict as assert } from "node:assert";
import { InternetTargetError, parseInternetTarget } from "../../cli/verifyLive/addresses";
import { INTRUDER_ID, planProbes, type Probe } from "../../cli/verifyLive/plan";
import { loadStackFile } from "../../config";
import { renderStack, type RenderedStack } from "../../manifests";
import { testKindStackConfig } from "../fixtures/stackConfig";
import { PROJECT_DIR } from "../fixtures/stackFiles";

const ids = (probes: readonly Probe[], kind?: Probe["kind"]) => probes.filter((p) => kind === undefined || p.kind === kind).map((p) => p.id);

const TIER_ISOLATION = [
  "bank-frontend/frontend -> bank-database/database TCP/5432",
  "bank-backend/backend -> bank-frontend/frontend TCP/8080",
  "bank-database/database -> bank-frontend/frontend TCP/8080",
  "bank-database/database -> bank-backend/backend TCP/9090",
];

for (const stack of ["dev", "local"]) {
  describe(`verify-live plan: the ${stack} render`, () => {
    const rendered = renderStack(loadStackFile(PROJECT_DIR, stack));
    const plan = planProbes(rendered);

    it("probes every declared flow that has both ends in the cluster, each port on its own, expecting it to connect", () => {
      const declared = rendered.topology.flows.filter((f) => f.from.kind !== "cidr" && f.to.kind !== "cidr").flatMap((f) => f.ports);
      assert.equal(ids(plan.probes, "declared flow").length, declared.length);
      assert.deepEqual(ids(plan.probes, "declared flow"), [
        "bank-frontend/frontend -> bank-backend/backend TCP/9090",
        "bank-backend/backend -> bank-database/database TCP/5432",
        ...["frontend", "backend", "database"].flatMap((tier) => [`bank-${tier}/${tier} -> kube-system/coredns UDP/53`, `bank-${tier}/${tier} -> kube-system/coredns TCP/53`]),
      ]);
    });

    it("probes the denials that matter: each tier to the other tiers' ports it must not reach, the database to the internet, the throwaway pod to every tier", () => {
      assert.deepEqual(ids(plan.probes, "tier isolation"), TIER_ISOLATION);
      assert.deepEqual(ids(plan.probes, "database to the internet"), ["bank-database/database -> 1.1.1.1 TCP/443"]);
      assert.deepEqual(ids(plan.probes, "throwaway pod"), [
        `${INTRUDER_ID} -> bank-frontend/frontend TCP/8080`, `${INTRUDER_ID} -> bank-backend/backend TCP/9090`, `${INTRUDER_ID} -> bank-database/database TCP/5432`,
      ]);
    });

    it("the analyzer agrees with every intention: declared flows allowed, everything else denied", () => {
      for (const probe of plan.probes) assert.equal(probe.expected, probe.intended, probe.id);
      assert.ok(plan.probes.some((p) => p.expected === "allowed") && plan.probes.some((p) => p.expected === "denied"));
    });

    it("lists, with the reason, the flows with an end outside the cluster instead of probing them", () => {
      const external = plan.notProbed.map((n) => n.flow);
      assert.ok(external.includes("bank-backend/backend -> 198.51.100.0/24 TCP/443"));
      assert.equal(external.some((flow) => flow.endsWith("-> bank-frontend/frontend TCP/8080")), stack === "dev", "internet ingress on dev only");
    });
  });
}

describe("verify-live plan: variations", () => {
  it("the throwaway pod wears the first tenant's frontend labels; isolation covers the other tenants' tiers too", () => {
    const plan = planProbes(renderStack(testKindStackConfig({ tenants: ["alpha", "beta"], backend: { port: 9090, replicas: 1 } })));
    const intruder = plan.probes.find((p) => p.from.kind === "intruder");
    assert.equal(intruder?.from.podLabels["zero-trust-eks.io/tenant"], "alpha");
    assert.equal(intruder?.from.podLabels["zero-trust-eks.io/tier"], "frontend");
    assert.ok(ids(plan.probes, "tier isolation").includes("alpha-frontend/frontend -> beta-backend/backend TCP/9090"));
    assert.equal(ids(plan.probes, "tier isolation").length, 6 * 5 - 4, "every ordered pair of the 6 workloads but the 4 declared");
  });

  it("--no-ephemeral keeps the throwaway pod's probes only, and says what it skipped", () => {
    const plan = planProbes(renderStack(loadStackFile(PROJECT_DIR, "local")), { sources: "intruder" });
    assert.ok(plan.probes.length === 3 && plan.probes.every((p) => p.from.kind === "intruder"));
    assert.match(plan.notProbed.at(-1)?.reason ?? "", /--no-ephemeral/);
  });

  it("takes its expectations from the analyzer: without the backend's ingress allowance, the declared flow is expected blocked", () => {
    const rendered = renderStack(loadStackFile(PROJECT_DIR, "dev"));
    const weakened: RenderedStack = {
      ...rendered,
      networkPolicies: rendered.networkPolicies.filter((o) => !(o.metadata.namespace === "bank-backend" && o.metadata.name === "allow-frontend-to-backend")),
    };
    const probe = planProbes(weakened).probes.find((p) => p.id === "bank-frontend/frontend -> bank-backend/backend TCP/9090");
    assert.deepEqual([probe?.intended, probe?.expected], ["allowed", "denied"]);
  });

  it("--internet: a public IPv4 address and a port, or one sentence saying what is wrong", () => {
    const plan = planProbes(renderStack(loadStackFile(PROJECT_DIR, "local")), { internet: parseInternetTarget("9.9.9.9:53") });
    assert.deepEqual(ids(plan.probes, "database to the internet"), ["bank-database/database -> 9.9.9.9 TCP/53"]);
    for (const [text, why] of [["10.0.0.1:443", /public address, not a private one/], ["1.1.1.1", /<IPv4 address>:<port>/], ["1.1.1.1:70000", /<IPv4 address>:<port>/], ["example.com:443", /<IPv4 address>:<port>/]] as const) {
      assert.throws(() => parseInternetTarget(text), (e: unknown) => e instanceof InternetTargetError && why.test(e.message), text);
    }
  });
});
