/**
 * Reading the Calico model: does a policy apply to an endpoint, does a rule's source or
 * destination match an endpoint, which ports does a rule match toward a destination.
 */
import { cidrContainsAddress, cidrContainsCidr } from "../addresses";
import { ConnectionSet } from "../connections";
import { policySelects, portMatcherConnections, rulePeerMatches, rulePortConnections, selectorMatches } from "../match";
import { Cidr, Direction, Endpoint, Labels, PodEndpoint, PortMatcher, Rule } from "../model";
import { AdminPeer, AdminRule, AdminTierPolicy, CALICO_LABELS, isAdminPolicy, CalicoModel, CalicoProtocol, CalicoRule, EntityMatch, NetworkSetModel, TieredPolicy } from "./model";
import { calicoSelectorMatches, CalicoSelector, SelectorSubject } from "./selector";

const podLabelMemo = new WeakMap<PodEndpoint, Labels>();

/** A pod's labels as Calico selectors see them: its own plus namespace, orchestrator and service account. */
export function calicoPodLabels(pod: PodEndpoint): Labels {
  let labels = podLabelMemo.get(pod);
  // Stryker disable next-line ConditionalExpression: a memo miss only rebuilds the same labels
  if (labels === undefined) {
    labels = Object.freeze({
      ...pod.podLabels,
      [CALICO_LABELS.namespace]: pod.namespace,
      [CALICO_LABELS.orchestrator]: "k8s",
      [CALICO_LABELS.serviceAccount]: pod.serviceAccount ?? "default",
    });
    podLabelMemo.set(pod, labels);
  }
  return labels;
}

/** A namespace's labels as Calico namespace selectors see them (plus projectcalico.org/name). */
export function calicoNamespaceSubject(name: string, labels: Labels | undefined): SelectorSubject {
  return { labels: { ...(labels ?? {}), [CALICO_LABELS.namespaceName]: name } };
}

export interface MatchContext {
  readonly calico: CalicoModel;
  readonly namespaces: Readonly<Record<string, Labels>>;
}

function serviceAccountSubject(context: MatchContext, pod: PodEndpoint): SelectorSubject {
  return { labels: context.calico.serviceAccountLabels[`${pod.namespace}/${pod.serviceAccount ?? "default"}`] ?? {} };
}

/** Does `policy` apply to `subject` for `direction` (Calico: selects it and has that type)? */
export function policyApplies(context: MatchContext, policy: TieredPolicy, direction: Direction, subject: PodEndpoint): boolean {
  if (policy.kind === "KubernetesNetworkPolicy") return policy.policy[direction] !== null && policySelects(policy.policy, subject);
  if (isAdminPolicy(policy)) return adminPolicyApplies(policy, direction, subject);
  if (policy[direction] === null) return false;
  if (policy.namespace !== undefined && policy.namespace !== subject.namespace) return false;
  const namespace = calicoNamespaceSubject(subject.namespace, context.namespaces[subject.namespace]);
  if (policy.namespaceSelector !== undefined && !calicoSelectorMatches(policy.namespaceSelector, namespace)) return false;
  if (policy.serviceAccountSelector !== undefined && !calicoSelectorMatches(policy.serviceAccountSelector, serviceAccountSubject(context, subject))) return false;
  return calicoSelectorMatches(policy.selector, { labels: calicoPodLabels(subject) });
}

/** Is (some address of) `endpoint` inside `cidr`? Pods by their known IPs; atoms never straddle a written block. */
export function endpointInCidr(endpoint: Endpoint, cidr: Cidr): boolean {
  if (endpoint.kind === "external") return cidrContainsCidr(cidr, endpoint.block);
  return endpoint.ips.some((ip) => cidrContainsAddress(cidr, ip));
}

/** The namespace part of an entity: namespaceSelector if set, else the policy's namespace (none for global policies). */
function namespaceOk(context: MatchContext, entity: EntityMatch, policyNamespace: string | undefined, namespace: string | undefined): boolean {
  if (entity.namespaceSelector !== undefined) {
    const subject = namespace === undefined ? { labels: {}, global: true } : calicoNamespaceSubject(namespace, context.namespaces[namespace]);
    return calicoSelectorMatches(entity.namespaceSelector, subject);
  }
  return policyNamespace === undefined || namespace === policyNamespace;
}

function setSubject(set: NetworkSetModel): SelectorSubject {
  return { labels: set.labels, global: set.namespace === undefined };
}

/** Network sets holding `endpoint` whose labels (and namespace) a selector picks. */
function selectedSets(context: MatchContext, endpoint: Endpoint, selector: CalicoSelector | undefined, keep: (set: NetworkSetModel) => boolean): boolean {
  return context.calico.networkSets.some(
    (set) => keep(set) && (selector === undefined || calicoSelectorMatches(selector, setSubject(set))) && set.nets.some((net) => endpointInCidr(endpoint, net)),
  );
}

function identityMatches(context: MatchContext, entity: EntityMatch, endpoint: Endpoint, policyNamespace: string | undefined): boolean {
  const { selector, namespaceSelector, serviceAccounts } = entity;
  if (selector === undefined && namespaceSelector === undefined && serviceAccounts === undefined) return true;
  const bySet = serviceAccounts === undefined && selectedSets(context, endpoint, selector, (set) => namespaceOk(context, entity, policyNamespace, set.namespace));
  if (endpoint.kind !== "pod") return bySet;
  const pod = endpoint;
  const podOk =
    namespaceOk(context, entity, policyNamespace, pod.namespace) &&
    (selector === undefined || calicoSelectorMatches(selector, { labels: calicoPodLabels(pod) })) &&
    (serviceAccounts === undefined ||
      ((serviceAccounts.names.length === 0 || serviceAccounts.names.includes(pod.serviceAccount ?? "default")) &&
        (serviceAccounts.selector === undefined || calicoSelectorMatches(serviceAccounts.selector, serviceAccountSubject(context, pod)))));
  return podOk || bySet;
}

const addressViews = new WeakMap<PodEndpoint, readonly PodEndpoint[]>();
/** Each address view -> the pod it is a view of. */
const viewed = new WeakMap<Endpoint, PodEndpoint>();

/** The whole pod an address view stands for (see singleAddressViews); any other endpoint itself. */
export function wholeEndpoint(endpoint: Endpoint): Endpoint {
  return viewed.get(endpoint) ?? endpoint;
}

/** A pod with several IPs, as one view per address (each view the pod with that IP alone; remembered, so views are stable objects). */
export function singleAddressViews(pod: PodEndpoint): readonly PodEndpoint[] {
  let views = addressViews.get(pod);
  if (views === undefined) {
    views = pod.ips.map((ip) => Object.freeze({ ...pod, ips: Object.freeze([ip]) }));
    for (const view of views) viewed.set(view, pod);
    addressViews.set(pod, views);
  }
  return views;
}

/**
 * Calico's EntityRule: every field given must hold. A packet has one address per end, so for a pod
 * with several IPs every address condition (nets, notNets, network sets) must hold for the same IP:
 * `nets: [0.0.0.0/0], notNets: [10.0.0.0/8]` matches a pod at 10.0.0.1 and 192.168.1.1 (through
 * its second address), as an ipBlock with that except does.
 */
export function entityMatches(context: MatchContext, entity: EntityMatch, endpoint: Endpoint, policyNamespace: string | undefined): boolean {
  // Stryker disable next-line EqualityOperator: a pod with one IP has one view, equal to the pod (>= 1 only copies it)
  if (endpoint.kind === "pod" && endpoint.ips.length > 1) return singleAddressViews(endpoint).some((view) => entityMatchesOne(context, entity, view, policyNamespace));
  return entityMatchesOne(context, entity, endpoint, policyNamespace);
}

function entityMatchesOne(context: MatchContext, entity: EntityMatch, endpoint: Endpoint, policyNamespace: string | undefined): boolean {
  if (entity.nets !== undefined && !entity.nets.some((net) => endpointInCidr(endpoint, net))) return false;
  if (entity.notNets !== undefined && entity.notNets.some((net) => endpointInCidr(endpoint, net))) return false;
  if (entity.notSelector !== undefined) {
    const podHit = endpoint.kind === "pod" && calicoSelectorMatches(entity.notSelector, { labels: calicoPodLabels(endpoint) });
    if (podHit || selectedSets(context, endpoint, entity.notSelector, () => true)) return false;
  }
  return identityMatches(context, entity, endpoint, policyNamespace);
}

function protocolSet(protocol: CalicoProtocol | undefined): ConnectionSet {
  if (protocol === undefined) return ConnectionSet.ALL;
  // Stryker disable next-line ConditionalExpression: allOf of an outside protocol (undefined) only adds a key no set operation reads, so it is NONE
  return protocol.kind === "modelled" ? ConnectionSet.allOf(protocol.protocol) : ConnectionSet.NONE;
}

function portsSet(matchers: readonly PortMatcher[], destination: Endpoint): ConnectionSet {
  return ConnectionSet.unionAll(matchers.map((matcher) => portMatcherConnections(matcher, destination)));
}

/** What a Calico rule matches from `source` to `destination` (the probe space: protocol x destination port). */
export function calicoRuleConnections(context: MatchContext, rule: CalicoRule, policyNamespace: string | undefined, source: Endpoint, destination: Endpoint): ConnectionSet {
  if (!entityMatches(context, rule.source, source, policyNamespace) || !entityMatches(context, rule.destination, destination, policyNamespace)) return ConnectionSet.NONE;
  let set = protocolSet(rule.protocol);
  if (rule.notProtocol !== undefined) set = set.subtract(protocolSet(rule.notProtocol));
  if (rule.destination.ports !== undefined) set = set.intersect(portsSet(rule.destination.ports, destination));
  if (rule.destination.notPorts !== undefined) set = set.subtract(portsSet(rule.destination.notPorts, destination));
  return set;
}

/** A Kubernetes NetworkPolicy rule in Calico's default tier: Allow what the rule allows. */
export function kubernetesRuleConnections(rule: Rule, peer: Endpoint, destination: Endpoint): ConnectionSet {
  return rulePeerMatches(rule, peer) ? rulePortConnections(rule, destination) : ConnectionSet.NONE;
}

/**
 * An AdminNetworkPolicy or BaselineAdminNetworkPolicy applies to the pods of its subject (Kubernetes
 * label selectors on the pod's and its namespace's labels), for a direction it has rules for
 * ("ANPs with no ingress rules do not affect ingress traffic").
 */
export function adminPolicyApplies(policy: AdminTierPolicy, direction: Direction, subject: PodEndpoint): boolean {
  if (policy[direction] === null) return false;
  const { namespaces, pods } = policy.subject;
  return selectorMatches(namespaces, subject.namespaceLabels) && (pods === undefined || selectorMatches(pods, subject.podLabels));
}

/**
 * Does an admin rule's peer match `endpoint`? `namespaces` and `pods` match pods only; `networks`
 * match external atoms inside a CIDR and pods by known IP (upstream checks cluster-internal traffic
 * against networks too); `nodes` and `domainNames` are outside the model and match nothing (warned
 * about when read).
 */
export function adminPeerMatches(peer: AdminPeer, endpoint: Endpoint): boolean {
  switch (peer.kind) {
    case "namespaces":
      return endpoint.kind === "pod" && selectorMatches(peer.namespaces, endpoint.namespaceLabels);
    case "pods":
      return endpoint.kind === "pod" && selectorMatches(peer.namespaces, endpoint.namespaceLabels) && selectorMatches(peer.pods, endpoint.podLabels);
    case "networks":
      return peer.nets.some((net) => endpointInCidr(endpoint, net));
  }
  return false; // nodes and domainNames
}

/**
 * What an admin rule matches toward/from `peer` (the probe space: protocol x destination port);
 * `destination` resolves named ports (the subject for ingress, the peer for egress).
 */
export function adminRuleConnections(rule: AdminRule, peer: Endpoint, destination: Endpoint): ConnectionSet {
  if (!rule.peers.some((p) => adminPeerMatches(p, peer))) return ConnectionSet.NONE;
  return rule.ports === null ? ConnectionSet.ALL : portsSet(rule.ports, destination);
}
