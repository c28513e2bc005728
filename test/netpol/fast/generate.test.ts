/** The generators: random clusters reach every feature the spec lists; the synthetic cluster is deterministic. */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel } from "../../../netpol";
import { fastEngine } from "../../../netpol/fast";
import { clusterArb } from "../generators/arbitraries";
import { EgressRule, IngressRule, KubeObject, LabelSelector, PolicyPeer } from "../../../netpol/generate/kube";
import { SyntheticOptionsError, syntheticCluster } from "../../../netpol/generate/synthetic";
import { referenceEngine } from "../../../netpol/reference";

function selectorFeatures(selector: LabelSelector, where: string): string[] {
  const features = (selector.matchExpressions ?? []).map((expression) => `${where} ${expression.operator}`);
  if (selector.matchLabels === undefined && selector.matchExpressions === undefined) features.push(`${where} {}`);
  return features;
}

function peerFeatures(peer: PolicyPeer): string[] {
  if (peer.ipBlock !== undefined) {
    const family = peer.ipBlock.cidr.includes(":") ? "IPv6" : "IPv4";
    return [`ipBlock ${family}`, ...(peer.ipBlock.except === undefined ? [] : [`ipBlock ${family} except`])];
  }
  const shape = peer.podSelector && peer.namespaceSelector ? "both selectors" : peer.podSelector ? "podSelector alone" : "namespaceSelector alone";
  return [shape, ...selectorFeatures(peer.podSelector ?? {}, "pod"), ...selectorFeatures(peer.namespaceSelector ?? {}, "namespace")];
}

function ruleFeatures(rule: IngressRule & EgressRule): string[] {
  const peers = rule.from ?? rule.to;
  const features = [peers === undefined ? "peers absent" : peers.length === 0 ? "peers []" : "peers listed"];
  if (peers === undefined && rule.ports === undefined) features.push("empty rule");
  for (const port of rule.ports ?? []) {
    features.push(`protocol ${port.protocol ?? "default"}`, typeof port.port === "string" ? "named port" : port.endPort !== undefined ? "endPort" : "numeric port");
  }
  return [...features, ...(peers ?? []).flatMap(peerFeatures)];
}

function objectFeatures(object: KubeObject): string[] {
  switch (object.kind) {
    case "NetworkPolicy":
      return [
        `policyTypes ${object.spec.policyTypes?.join("+") ?? "omitted"}`,
        ...selectorFeatures(object.spec.podSelector, "target"),
        ...[...(object.spec.ingress ?? []), ...(object.spec.egress ?? [])].flatMap(ruleFeatures),
      ];
    case "Pod":
      return [`pod with ${object.status?.podIPs !== undefined ? "two IPs" : object.status?.podIP !== undefined ? "an IP" : "no IP"}`];
    default:
      return [object.kind];
  }
}

describe("netpol generators", () => {
  it("random clusters cover every selector operator, peer shape, ipBlock family, port form and policyTypes form", () => {
    const seen = new Set(fc.sample(clusterArb(), { numRuns: 1500, seed: 11 }).flatMap((cluster) => cluster.objects.flatMap(objectFeatures)));
    const expected = [
      ...["In", "NotIn", "Exists", "DoesNotExist", "{}"].flatMap((operator) => [`pod ${operator}`, `namespace ${operator}`, `target ${operator}`]),
      "both selectors", "podSelector alone", "namespaceSelector alone", "ipBlock IPv4 except", "ipBlock IPv6 except",
      "peers absent", "peers []", "empty rule", "named port", "endPort", "numeric port",
      "protocol TCP", "protocol UDP", "protocol SCTP", "protocol default",
      "policyTypes omitted", "policyTypes Ingress", "policyTypes Egress", "policyTypes Ingress+Egress",
      "pod with no IP", "pod with an IP", "pod with two IPs", "Deployment", "Namespace",
    ];
    assert.deepEqual(expected.filter((feature) => !seen.has(feature)), []);
  });

  it("builds the same synthetic cluster from the same seed, and another from another seed", () => {
    const options = { pods: 60, namespaces: 12, policies: 30, seed: 5 };
    assert.deepEqual(syntheticCluster(options), syntheticCluster(options));
    assert.notDeepEqual(syntheticCluster(options), syntheticCluster({ ...options, seed: 6 }));
  });

  it("builds exactly the requested numbers of pods, namespaces and policies", () => {
    const model = buildModel(syntheticCluster({ pods: 250, namespaces: 40, policies: 90, seed: 1 }));
    assert.deepEqual([model.pods.length, Object.keys(model.namespaces).length, model.policies.length], [250, 40, 90]);
  });

  it("rejects impossible sizes, naming the option", () => {
    assert.throws(() => syntheticCluster({ pods: -1, namespaces: 1, policies: 0, seed: 1 }), (error: Error) =>
      error instanceof SyntheticOptionsError && /pods must be an integer >= 0, got -1/.test(error.message));
    assert.throws(() => syntheticCluster({ pods: 1, namespaces: 0, policies: 0, seed: 1 }), /namespaces must be an integer >= 1/);
  });

  it("the fast engine counts the synthetic cluster's allowed pairs as the reference engine does", () => {
    const model = buildModel(syntheticCluster({ pods: 70, namespaces: 12, policies: 40, seed: 3 }));
    const reference = referenceEngine.prepare(model);
    const fast = fastEngine.prepare(model);
    for (const probe of [{ port: 8080, protocol: "TCP" }, { port: 53, protocol: "UDP" }, { port: 5432, protocol: "TCP" }] as const) {
      let expected = 0;
      for (let from = 0; from < model.pods.length; from++) for (let to = 0; to < model.pods.length; to++) if (reference.allows(from, to, probe)) expected++;
      assert.ok(expected > model.pods.length, `the cluster should allow more than self-pairs on ${probe.port}/${probe.protocol}`);
      assert.equal(fast.countAllowedPodPairs(probe), expected, `${probe.port}/${probe.protocol}`);
    }
  });
});
