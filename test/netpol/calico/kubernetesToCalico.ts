/**
 * A Kubernetes NetworkPolicy turned into the projectcalico.org/v3 NetworkPolicy Calico itself runs
 * for it, written from the behaviour of Calico's converter (libcalico-go
 * lib/backend/k8s/conversion, "K8sNetworkPolicyToCalico"), for tests only:
 *
 * - name `knp.default.<name>`, same namespace, default tier, order 1000;
 * - `selector`: `projectcalico.org/orchestrator == 'k8s'` and'ed with the podSelector's terms
 *   (matchLabels `k == 'v'` in key order, then `In` / `NotIn` as `k in { 'a', 'b' }` /
 *   `k not in { ... }`, `Exists` as `has(k)`, `DoesNotExist` as `! has(k)`);
 * - per rule, one Allow rule per protocol (ports of one protocol merged; a port entry without a
 *   number allows every port of its protocol; no ports: one rule without protocol) and per peer:
 *   a pod peer gives `selector` (the orchestrator term and its podSelector) and `namespaceSelector`
 *   (the namespaceSelector's terms, `all()` for `{}`, absent when there is none: the policy's
 *   namespace); an ipBlock gives `nets` (the masked cidr) and `notNets` (the excepts); no peers: an
 *   empty entity; ingress peers go in `source`, egress peers in `destination`; ports are always
 *   destination ports, `port:endPort` for a range;
 * - `types` from the (API-server defaulted) policyTypes, Ingress when none.
 *
 * Numeric ports are listed as written rather than coalesced into ranges (Calico's SimplifyPorts):
 * the same set of ports either way.
 */
import { parseCidr } from "../../../netpol/addresses";
import { IpBlock, LabelSelector, NetworkPolicyObject, PolicyPeer, PolicyPort } from "../../../netpol/generate/kube";

const ORCHESTRATOR = "projectcalico.org/orchestrator == 'k8s'";

function selectorTerms(selector: LabelSelector): string[] {
  const labels = selector.matchLabels ?? {};
  const terms = Object.keys(labels).sort().map((key) => `${key} == '${labels[key]}'`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = `{ '${(expression.values ?? []).join("', '")}' }`;
    switch (expression.operator) {
      case "In":
        terms.push(`${expression.key} in ${values}`);
        break;
      case "NotIn":
        terms.push(`${expression.key} not in ${values}`);
        break;
      case "Exists":
        terms.push(`has(${expression.key})`);
        break;
      case "DoesNotExist":
        terms.push(`! has(${expression.key})`);
        break;
    }
  }
  return terms;
}

export function podSelectorToCalico(selector: LabelSelector | undefined): string {
  return [ORCHESTRATOR, ...(selector === undefined ? [] : selectorTerms(selector))].join(" && ");
}

/** undefined: no namespaceSelector (the policy's namespace); `all()` for the empty selector. */
export function namespaceSelectorToCalico(selector: LabelSelector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  const terms = selectorTerms(selector);
  return terms.length === 0 ? "all()" : terms.join(" && ");
}

function masked(cidr: string): string {
  const parsed = parseCidr(cidr);
  if (parsed === undefined) throw new Error(`bad CIDR ${cidr}`);
  return parsed.text;
}

type Entity = Record<string, unknown>;

function peerEntity(peer: PolicyPeer | undefined): Entity {
  if (peer === undefined) return {};
  if (peer.ipBlock !== undefined) {
    const block: IpBlock = peer.ipBlock;
    return { nets: [masked(block.cidr)], ...(block.except === undefined || block.except.length === 0 ? {} : { notNets: block.except.map(masked) }) };
  }
  const namespaceSelector = namespaceSelectorToCalico(peer.namespaceSelector);
  return { selector: podSelectorToCalico(peer.podSelector), ...(namespaceSelector === undefined ? {} : { namespaceSelector }) };
}

/** Protocol -> destination ports (null: every port of it); the key "" (no protocol, no ports) allows everything. */
function portsByProtocol(ports: readonly PolicyPort[] | undefined): Map<string, (number | string)[] | null> {
  const result = new Map<string, (number | string)[] | null>();
  if (ports === undefined || ports.length === 0) return new Map([["", null]]);
  for (const port of ports) {
    const protocol = port.protocol ?? "TCP";
    if (port.port === undefined) {
      result.set(protocol, null);
      continue;
    }
    const value = port.endPort === undefined ? port.port : `${port.port}:${port.endPort}`;
    const list = result.get(protocol);
    if (list === null) continue; // every port of the protocol already
    result.set(protocol, [...(list ?? []), value]);
  }
  return result;
}

function rulesToCalico(peers: readonly PolicyPeer[] | undefined, ports: readonly PolicyPort[] | undefined, ingress: boolean): Entity[] {
  const peerList: (PolicyPeer | undefined)[] = peers === undefined || peers.length === 0 ? [undefined] : [...peers];
  const rules: Entity[] = [];
  for (const [protocol, destinationPorts] of [...portsByProtocol(ports)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const peer of peerList) {
      const entity = peerEntity(peer);
      const portsField = destinationPorts === null ? {} : { ports: destinationPorts };
      rules.push({
        action: "Allow",
        ...(protocol === "" ? {} : { protocol }),
        ...(ingress ? { source: entity, destination: portsField } : { destination: { ...portsField, ...entity } }),
      });
    }
  }
  return rules;
}

/** What the API server stores: policyTypes defaulted to Ingress, plus Egress when there are egress rules. */
function defaultedTypes(policy: NetworkPolicyObject): readonly ("Ingress" | "Egress")[] {
  const written = policy.spec.policyTypes ?? [];
  if (written.length > 0) return written;
  return (policy.spec.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

export function kubernetesToCalico(policy: NetworkPolicyObject): Record<string, unknown> {
  const types = defaultedTypes(policy);
  const ingress = types.includes("Ingress");
  const egress = types.includes("Egress");
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "NetworkPolicy",
    metadata: { name: `knp.default.${policy.metadata.name}`, ...(policy.metadata.namespace === undefined ? {} : { namespace: policy.metadata.namespace }) },
    spec: {
      order: 1000,
      selector: podSelectorToCalico(policy.spec.podSelector),
      types: [...(ingress ? ["Ingress"] : []), ...(egress ? ["Egress"] : [])],
      // Rules of a direction the policy does not have never apply (Calico's data model keeps them out).
      ...(ingress ? { ingress: (policy.spec.ingress ?? []).flatMap((rule) => rulesToCalico(rule.from, rule.ports, true)) } : {}),
      ...(egress ? { egress: (policy.spec.egress ?? []).flatMap((rule) => rulesToCalico(rule.to, rule.ports, false)) } : {}),
    },
  };
}
