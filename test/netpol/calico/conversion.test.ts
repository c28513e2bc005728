/**
 * Calico runs a Kubernetes NetworkPolicy by converting it into a projectcalico.org/v3
 * NetworkPolicy (kubernetesToCalico.ts, written from Calico's converter). On random clusters, the
 * converted cluster evaluated under Calico's tiers (both engines) must answer exactly as the
 * original under Kubernetes semantics: every pair's connection set, every probe, every pair count.
 * This holds Calico's selector language, nets/notNets, ports, named ports, types and namespaced
 * selectors to the Kubernetes semantics the rest of the analyzer is already tested against.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel } from "../../../netpol";
import { PortProbe } from "../../../netpol/engine";
import { fastEngine } from "../../../netpol/fast";
import { KubeObject, NetworkPolicyObject } from "../../../netpol/generate/kube";
import { NetpolModel } from "../../../netpol/model";
import { referenceEngine } from "../../../netpol/reference";
import { clusterArb, PROBES } from "../generators/arbitraries";
import { kubernetesToCalico, namespaceSelectorToCalico, podSelectorToCalico } from "./kubernetesToCalico";
import { propertyRuns } from "../../depth";

const SEED = Number(process.env.NETPOL_DIFFERENTIAL_SEED ?? 20261130);
/** NETPOL_CALICO_CONVERSION_RUNS=100000 for a longer hunt. */
const RUNS = propertyRuns("NETPOL_CALICO_CONVERSION_RUNS", { quick: 300, deep: 10_000 });
/** Forces Calico's evaluation even when the cluster has no policy to convert. */
const UNUSED_TIER = { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "unused" }, spec: { order: 100 } };

function converted(objects: readonly KubeObject[]): unknown[] {
  return [...objects.map((object) => (object.kind === "NetworkPolicy" ? kubernetesToCalico(object as NetworkPolicyObject) : object)), UNUSED_TIER];
}

/** Does endpoint `index` have IPs of both families? */
function dualFamily(model: NetpolModel, index: number): boolean {
  const endpoint = model.endpoints[index];
  return endpoint?.kind === "pod" && new Set(endpoint.ips.map((ip) => ip.family)).size > 1;
}

function assertSameAnswers(plain: NetpolModel, tiered: NetpolModel, probes: readonly PortProbe[]): void {
  assert.deepEqual(tiered.endpoints.map((e) => e.id), plain.endpoints.map((e) => e.id), "same endpoints and external atoms");
  assert.ok(plain.calico === undefined && tiered.calico !== undefined);
  const expected = fastEngine.prepare(plain);
  const engines = [["fast", fastEngine.prepare(tiered)], ["reference", referenceEngine.prepare(tiered)]] as const;
  const podPairs = probes.map(() => 0);
  for (let from = 0; from < plain.endpoints.length; from++) {
    for (let to = 0; to < plain.endpoints.length; to++) {
      if (from >= plain.pods.length && to >= plain.pods.length) continue;
      const where = `${plain.endpoints[from]?.id} -> ${plain.endpoints[to]?.id}`;
      const connections = expected.connections(from, to);
      // Where an end has IPs of both families, Calico's converted rules are decided per address
      // pair (the reference engine; the fast engine, which reads whole pods, hands such models to
      // it: netpol/engines.ts), while Kubernetes semantics match an ipBlock by any known IP; an
      // IPv4-only pod then reaches a dual-stack one over IPv4 only, whatever an IPv6 ipBlock says.
      const perAddress = dualFamily(plain, from) || dualFamily(plain, to);
      for (const [name, engine] of engines) {
        if (perAddress && name === "reference") continue;
        const actual = engine.connections(from, to);
        if (!actual.equals(connections)) assert.fail(`connections ${where}: Calico (${name}) ${actual.format()}, Kubernetes ${connections.format()}`);
      }
      probes.forEach((probe, index) => {
        const verdict = expected.allows(from, to, probe);
        for (const [name, engine] of engines) {
          if (perAddress && name === "reference") continue;
          if (engine.allows(from, to, probe) !== verdict) assert.fail(`${probe.protocol}/${probe.port} ${where}: Kubernetes says ${verdict}, Calico (${name}) not`);
        }
        if (verdict && from < plain.pods.length && to < plain.pods.length) podPairs[index]++;
      });
    }
  }
  const fast = engines[0][1];
  assert.deepEqual(probes.map((probe) => fast.countAllowedPodPairs(probe)), podPairs, "allowed pod pairs per probe, counted per class under Calico");
}

describe("calico: Kubernetes NetworkPolicies converted as Calico converts them answer as the originals (differential)", function () {
  this.timeout(300_000);

  it("converts selectors, peers and ports as Calico's converter does", () => {
    assert.equal(podSelectorToCalico({}), "projectcalico.org/orchestrator == 'k8s'");
    assert.equal(
      podSelectorToCalico({ matchLabels: { tier: "a", app: "b" }, matchExpressions: [{ key: "env", operator: "In", values: ["x", "y"] }, { key: "k", operator: "DoesNotExist" }] }),
      "projectcalico.org/orchestrator == 'k8s' && app == 'b' && tier == 'a' && env in { 'x', 'y' } && ! has(k)",
    );
    assert.equal(namespaceSelectorToCalico({}), "all()");
    assert.equal(namespaceSelectorToCalico({ matchExpressions: [{ key: "ns", operator: "NotIn", values: ["a"] }, { key: "env", operator: "Exists" }] }), "ns not in { 'a' } && has(env)");
    assert.equal(namespaceSelectorToCalico(undefined), undefined);
    const policy: NetworkPolicyObject = {
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "web", namespace: "x" },
      spec: {
        podSelector: { matchLabels: { app: "web" } },
        ingress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr: "10.0.0.1/8", except: ["10.1.0.0/16"] } }], ports: [{ port: 80 }, { port: "http" }, { protocol: "UDP", port: 53, endPort: 54 }] }],
        egress: [{}],
      },
    };
    assert.deepEqual(kubernetesToCalico(policy), {
      apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name: "knp.default.web", namespace: "x" },
      spec: {
        order: 1000, selector: "projectcalico.org/orchestrator == 'k8s' && app == 'web'", types: ["Ingress", "Egress"],
        ingress: [
          { action: "Allow", protocol: "TCP", source: { selector: "projectcalico.org/orchestrator == 'k8s'" }, destination: { ports: [80, "http"] } },
          { action: "Allow", protocol: "TCP", source: { nets: ["10.0.0.0/8"], notNets: ["10.1.0.0/16"] }, destination: { ports: [80, "http"] } },
          { action: "Allow", protocol: "UDP", source: { selector: "projectcalico.org/orchestrator == 'k8s'" }, destination: { ports: ["53:54"] } },
          { action: "Allow", protocol: "UDP", source: { nets: ["10.0.0.0/8"], notNets: ["10.1.0.0/16"] }, destination: { ports: ["53:54"] } },
        ],
        egress: [{ action: "Allow", destination: {} }],
      },
    });
  });

  it(`${RUNS.toLocaleString("en-US")} random clusters: the converted cluster under Calico's tiers equals the original under Kubernetes semantics`, () => {
    const caseArb = fc.tuple(clusterArb(), fc.subarray([...PROBES], { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(caseArb, ([{ objects }, probes]) => {
        assertSameAnswers(buildModel(objects), buildModel(converted(objects)), probes);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
