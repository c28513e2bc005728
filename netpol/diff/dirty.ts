/**
 * Which pairs can differ between two comparable models, so that a change touching a few pods
 * costs a few rows and columns, not pods² pairs.
 *
 * The connections from a to b depend only on: the policies that select a for egress (their
 * rules, read against b), the policies that select b for ingress (read against a), and a and b
 * themselves (labels, namespace labels, named ports, IPs, kind, service account). External atoms are the same on
 * both sides (./sides). So a pair can differ only when a or b differs between the sides, or a
 * changed policy (added, removed or edited) selects a for egress or b for ingress in either
 * version: every other pair is decided by identical inputs.
 */
import { policyApplies } from "../calico/match";
import { CalicoModel, TieredPolicy } from "../calico/model";
import { selectorMatches } from "../match";
import { DIRECTIONS, NetpolModel, PodEndpoint, PolicyModel } from "../model";

export interface DirtyEndpoints {
  /** Pod ids whose outgoing pairs (as the source) must be compared. */
  readonly sources: ReadonlySet<string>;
  /** Pod ids whose incoming pairs (as the destination) must be compared. */
  readonly destinations: ReadonlySet<string>;
}

/**
 * Everything a pod contributes to a verdict; its name and namespace are in the id the sides are
 * matched by. The service account: Calico's serviceAccountSelector, serviceAccounts and
 * projectcalico.org/serviceaccount match it.
 */
function podFingerprint(pod: PodEndpoint): string {
  return JSON.stringify([pod.sourceKind, pod.podLabels, pod.namespaceLabels, pod.ports, pod.ips.map((ip) => ip.text), pod.serviceAccount ?? "default"]);
}

/**
 * A policy's meaning: CIDRs by their canonical text (the user's spelling and the bigints aside).
 * No policy (a side without this one) has none, unlike every policy.
 */
function policyFingerprint(policy: PolicyModel | TieredPolicy | object | undefined): string | undefined {
  // A CIDR's bounds (bigints, which JSON cannot hold) are implied by its canonical text.
  return JSON.stringify(policy, (key, value: unknown) => (key === "written" || typeof value === "bigint" ? undefined : value));
}

function byId<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function podsByNamespace(model: NetpolModel): Map<string, PodEndpoint[]> {
  const result = new Map<string, PodEndpoint[]>();
  for (const pod of model.pods) {
    const pods = result.get(pod.namespace);
    if (pods === undefined) result.set(pod.namespace, [pod]);
    else pods.push(pod);
  }
  return result;
}

/** Pods present on one side only, or present on both and different. */
function changedPods(base: NetpolModel, head: NetpolModel): Set<string> {
  const headPods = byId(head.pods);
  const changed = new Set<string>();
  for (const pod of base.pods) {
    const other = headPods.get(pod.id);
    if (other === undefined || podFingerprint(other) !== podFingerprint(pod)) changed.add(pod.id);
  }
  const basePods = byId(base.pods);
  for (const pod of head.pods) if (!basePods.has(pod.id)) changed.add(pod.id);
  return changed;
}

/** Each policy version (base or head) of a changed policy, with the model it selects in. */
function changedPolicyVersions(base: NetpolModel, head: NetpolModel): { policy: PolicyModel; model: NetpolModel }[] {
  const basePolicies = byId(base.policies);
  const headPolicies = byId(head.policies);
  const versions: { policy: PolicyModel; model: NetpolModel }[] = [];
  for (const id of new Set([...basePolicies.keys(), ...headPolicies.keys()])) {
    const before = basePolicies.get(id);
    const after = headPolicies.get(id);
    if (policyFingerprint(before) === policyFingerprint(after)) continue;
    if (before !== undefined) versions.push({ policy: before, model: base });
    if (after !== undefined) versions.push({ policy: after, model: head });
  }
  return versions;
}

/**
 * The tiered policies (Calico's, and the admin policies) of a model with tiers, by tier and id;
 * Kubernetes NetworkPolicies in the default tier are left to changedPolicyVersions.
 */
function tieredPolicies(calico: CalicoModel): Map<string, TieredPolicy> {
  const result = new Map<string, TieredPolicy>();
  for (const tier of calico.tiers) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: a default-tier NetworkPolicy walked as tiered marks only what changedPolicyVersions marks
    for (const policy of tier.policies) if (policy.kind !== "KubernetesNetworkPolicy") result.set(`${tier.name}/${policy.id}`, policy);
  }
  return result;
}

/**
 * What every tiered verdict depends on besides the policies: tiers' order and default action,
 * network sets and the labels of the namespaces holding them (a rule's namespaceSelector picks a
 * NetworkSet by its namespace's labels), service accounts.
 */
function tierFrameFingerprint(model: NetpolModel): string {
  const calico = model.calico;
  // Stryker disable next-line StringLiteral: compared only with the frame of a side with tiers, a JSON text: unequal either way
  if (calico === undefined) return "";
  // Per network set (the sets themselves are in the fingerprint): the labels of its namespace, null for a global one.
  // Stryker disable next-line ConditionalExpression: namespaces[undefined] is absent, which JSON writes as null like the original
  const namespaceLabels = calico.networkSets.map((set) => (set.namespace === undefined ? null : model.namespaces[set.namespace]));
  return policyFingerprint([calico.tiers.map((tier) => [tier.name, tier.order, tier.defaultAction]), calico.networkSets, calico.serviceAccountLabels, namespaceLabels]) as string;
}

/**
 * Under tiers, a changed Calico or admin policy (added, removed or edited) changes the pairs of the
 * pods it applies to, per direction, in either version; a changed frame (tiers, network sets and
 * their namespaces' labels, service accounts) may change any pair.
 */
function markTieredChanges(base: NetpolModel, head: NetpolModel, sources: Set<string>, destinations: Set<string>): void {
  if (base.calico === undefined && head.calico === undefined) return;
  // A side without tiers has another frame than one with them: below, both sides have tiers.
  if (tierFrameFingerprint(base) !== tierFrameFingerprint(head)) {
    for (const pod of [...base.pods, ...head.pods]) [sources, destinations].forEach((set) => set.add(pod.id));
    return;
  }
  const before = tieredPolicies(base.calico as CalicoModel);
  const after = tieredPolicies(head.calico as CalicoModel);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const versions = [{ policy: before.get(key), model: base }, { policy: after.get(key), model: head }];
    if (policyFingerprint(before.get(key)) === policyFingerprint(after.get(key))) continue;
    for (const { policy, model } of versions) {
      if (policy === undefined) continue;
      const context = { calico: model.calico as CalicoModel, namespaces: model.namespaces };
      for (const pod of model.pods) {
        for (const direction of DIRECTIONS) {
          if (policyApplies(context, policy, direction, pod)) (direction === "egress" ? sources : destinations).add(pod.id);
        }
      }
    }
  }
}

export function dirtyEndpoints(base: NetpolModel, head: NetpolModel): DirtyEndpoints {
  const changed = changedPods(base, head);
  const sources = new Set(changed);
  const destinations = new Set(changed);
  markTieredChanges(base, head, sources, destinations);
  const namespaces = new Map<NetpolModel, Map<string, PodEndpoint[]>>([[base, podsByNamespace(base)], [head, podsByNamespace(head)]]);
  for (const { policy, model } of changedPolicyVersions(base, head)) {
    for (const pod of (namespaces.get(model) as Map<string, PodEndpoint[]>).get(policy.namespace) ?? []) {
      if (!selectorMatches(policy.target, pod.podLabels)) continue;
      if (policy.egress !== null) sources.add(pod.id);
      if (policy.ingress !== null) destinations.add(pod.id);
    }
  }
  return { sources, destinations };
}
