/** Reading the model: does a selector, peer, rule or port matcher match? Shared by the engines. */
import { cidrContainsAddress, cidrContainsCidr } from "./addresses";
import { ConnectionSet } from "./connections";
import { Endpoint, Labels, PeerMatcher, PodEndpoint, PolicyModel, PortMatcher, Requirement, Rule, Selector } from "./model";

/**
 * A Pod talking to itself: "a pod cannot block access to itself" (Kubernetes docs), so every
 * connection is allowed whatever the policies. Not so for a workload paired with itself: that
 * stands for replicas talking to each other, which policies do govern.
 */
export function isLoopback(from: Endpoint, to: Endpoint): boolean {
  return from === to && (from as Partial<PodEndpoint>).sourceKind === "Pod"; // an external atom has no sourceKind
}

export function requirementMatches(requirement: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  switch (requirement.operator) {
    case "In":
      return has && requirement.values.includes(labels[requirement.key]);
    case "NotIn":
      return !has || !requirement.values.includes(labels[requirement.key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
  }
}

/** All requirements must hold; the empty selector matches everything. */
export function selectorMatches(selector: Selector, labels: Labels): boolean {
  return selector.requirements.every((requirement) => requirementMatches(requirement, labels));
}

/** Does the policy select (isolate) this pod? Only pods of its own namespace. */
export function policySelects(policy: PolicyModel, pod: PodEndpoint): boolean {
  return pod.namespace === policy.namespace && selectorMatches(policy.target, pod.podLabels);
}

/**
 * Pod peers match pods only; ipBlock peers match external atoms inside cidr and outside every
 * except, and pods whose known IP is (a pod without a known IP is never matched by ipBlock).
 */
export function peerMatches(peer: PeerMatcher, endpoint: Endpoint): boolean {
  if (peer.kind === "pods") {
    if (endpoint.kind !== "pod") return false;
    const namespaceOk =
      peer.namespaces.kind === "policy-namespace"
        ? endpoint.namespace === peer.namespaces.namespace
        : selectorMatches(peer.namespaces.selector, endpoint.namespaceLabels);
    return namespaceOk && selectorMatches(peer.pods, endpoint.podLabels);
  }
  if (endpoint.kind === "external") {
    // Atoms never straddle a written block, so containment of the atom's block decides.
    return cidrContainsCidr(peer.cidr, endpoint.block) && !peer.except.some((except) => cidrContainsCidr(except, endpoint.block));
  }
  return endpoint.ips.some((ip) => cidrContainsAddress(peer.cidr, ip) && !peer.except.some((except) => cidrContainsAddress(except, ip)));
}

/** `peers: null` (from/to absent or empty) matches every endpoint. */
export function rulePeerMatches(rule: Rule, endpoint: Endpoint): boolean {
  return rule.peers === null || rule.peers.some((peer) => peerMatches(peer, endpoint));
}

/**
 * The ports a port matcher allows toward `destination`. Named ports resolve against the
 * destination pod's container ports (same name and protocol); toward an external address
 * a named port matches nothing, as there is no container to name it.
 */
export function portMatcherConnections(matcher: PortMatcher, destination: Endpoint): ConnectionSet {
  if (matcher.kind === "range") return ConnectionSet.of(matcher.protocol, matcher.first, matcher.last);
  if (destination.kind !== "pod") return ConnectionSet.NONE;
  return ConnectionSet.unionAll(
    destination.ports
      .filter((port) => port.name === matcher.name && port.protocol === matcher.protocol)
      .map((port) => ConnectionSet.of(port.protocol, port.port)),
  );
}

/** `ports: null` (absent or empty) allows every port and protocol. */
export function rulePortConnections(rule: Rule, destination: Endpoint): ConnectionSet {
  if (rule.ports === null) return ConnectionSet.ALL;
  return ConnectionSet.unionAll(rule.ports.map((matcher) => portMatcherConnections(matcher, destination)));
}
