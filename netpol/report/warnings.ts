/**
 * What a reviewer should look at twice: pods no policy isolates in either direction, policies
 * that select no pod, and pod peers that match no pod of the input.
 */
import { applicableTiers, rulesOf, side } from "../calico/evaluate";
import { MatchContext, policyApplies } from "../calico/match";
import { peerMatches, policySelects } from "../match";
import { Direction, DIRECTIONS, NetpolModel, PeerMatcher, PodEndpoint, PolicyModel, Selector } from "../model";

const PEER_FIELD: Readonly<Record<Direction, string>> = { ingress: "from", egress: "to" };

function tierContext(model: NetpolModel): MatchContext | undefined {
  return model.calico === undefined ? undefined : { calico: model.calico, namespaces: model.namespaces };
}

/**
 * Under tiers, can the walk deny anything on this side? Only when a tier applying to it has default
 * action Deny, or one of its policies applying has a Deny rule: otherwise every rule Allows,
 * Passes or Logs, every default Passes, and the walk allows everything.
 */
function tieredCanDeny(context: MatchContext, direction: Direction, pod: PodEndpoint): boolean {
  const s = side(direction, pod, pod);
  return applicableTiers(context, s).some(
    ({ tier, policies }) => tier.defaultAction === "Deny" || policies.some((policy) => rulesOf(context, policy, s).some((rule) => rule.action === "Deny")),
  );
}

/**
 * Does some policy isolate the pod for ingress, and for egress? Without tiers: a NetworkPolicy
 * selects it with that type. Under tiers (Calico or admin policies): the tier walk can deny
 * something on that side (see tieredCanDeny); a pod counted in neither direction is open both ways.
 */
export function isolation(model: NetpolModel, pod: PodEndpoint): Readonly<Record<Direction, boolean>> {
  const context = tierContext(model);
  if (context !== undefined) return { ingress: tieredCanDeny(context, "ingress", pod), egress: tieredCanDeny(context, "egress", pod) };
  const selecting = model.policies.filter((policy) => policySelects(policy, pod));
  return { ingress: selecting.some((policy) => policy.ingress !== null), egress: selecting.some((policy) => policy.egress !== null) };
}

/** Calico and admin policies that apply to no pod of the input (in either direction), in tier order. */
function tieredSelectingNothing(model: NetpolModel): string[] {
  const context = tierContext(model);
  if (context === undefined) return [];
  return context.calico.tiers.flatMap((tier) =>
    tier.policies
      .filter((policy) => policy.kind !== "KubernetesNetworkPolicy")
      .filter((policy) => !model.pods.some((pod) => DIRECTIONS.some((direction) => policyApplies(context, policy, direction, pod))))
      .map((policy) => `${policy.id} (tier ${tier.name}) applies to no pod, for ingress or egress`),
  );
}

/** "app=web, tier in (a,b)" or "every pod". */
export function describeSelector(selector: Selector, everything: string): string {
  if (selector.requirements.length === 0) return everything;
  return selector.requirements
    .map(({ key, operator, values }) => {
      if (operator === "In" && values.length === 1) return `${key}=${values[0]}`;
      if (operator === "Exists") return key;
      if (operator === "DoesNotExist") return `!${key}`;
      return `${key} ${operator === "In" ? "in" : "notin"} (${values.join(",")})`;
    })
    .join(", ");
}

function describePeer(peer: Extract<PeerMatcher, { kind: "pods" }>): string {
  const namespaces = peer.namespaces.kind === "policy-namespace" ? `namespace ${peer.namespaces.namespace}` : `namespaces ${describeSelector(peer.namespaces.selector, "(all)")}`;
  return `pods ${describeSelector(peer.pods, "(all)")} in ${namespaces}`;
}

function unmatchedPeers(model: NetpolModel, policy: PolicyModel): string[] {
  return (["ingress", "egress"] as const).flatMap((direction) =>
    // Stryker disable next-line ArrayDeclaration: a string rule has no peers: no warning, like no rule
    (policy[direction] ?? []).flatMap((rule, r) =>
      // Stryker disable next-line ArrayDeclaration: a string peer is not of kind "pods": no warning, like no peer
      (rule.peers ?? []).flatMap((peer, p) => {
        if (peer.kind !== "pods" || model.pods.some((pod) => peerMatches(peer, pod))) return [];
        return [`policy ${policy.id}: spec.${direction}[${r}].${PEER_FIELD[direction]}[${p}] (${describePeer(peer)}) matches no pod`];
      }),
    ),
  );
}

/** Every warning, in a fixed order: pods, then policies by id. `hidden` pods get no warning of their own. */
export function reportWarnings(model: NetpolModel, hidden: (pod: PodEndpoint) => boolean): string[] {
  const open = model.pods
    .filter((pod) => !hidden(pod))
    .filter((pod) => {
      const sides = isolation(model, pod);
      return !sides.ingress && !sides.egress;
    })
    .map((pod) => `${pod.id} is isolated in neither direction: every connection to and from it is allowed`);
  const selectingNothing = model.policies
    .filter((policy) => !model.pods.some((pod) => policySelects(policy, pod)))
    .map((policy) => `policy ${policy.id} selects no pod: nothing in namespace ${policy.namespace} matches its podSelector (${describeSelector(policy.target, "{}")})`);
  return [...open, ...selectingNothing, ...tieredSelectingNothing(model), ...model.policies.flatMap((policy) => unmatchedPeers(model, policy))];
}
