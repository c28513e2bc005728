/**
 * Calico's tiered evaluation of one side (the source's egress or the destination's ingress), as
 * its docs (v3.31, "Understand policy tiers") describe it: tiers by order; in a tier that has a
 * policy applying to the endpoint, its policies by order then name, and the first matching rule
 * decides: Allow, Deny, Pass (on to the next tier) or Log (go on). Traffic no rule of such a tier
 * decides meets the tier's defaultAction (Deny, or Pass). An endpoint no policy applies to, or
 * traffic passed beyond the last tier, is allowed (the Kubernetes namespace profile).
 */
import { ConnectionSet } from "../connections";
import { PortProbe } from "../engine";
import { Direction, Endpoint, PodEndpoint } from "../model";
import { adminRuleConnections, calicoRuleConnections, kubernetesRuleConnections, MatchContext, policyApplies, wholeEndpoint } from "./match";
import { CalicoAction, isAdminPolicy, TieredPolicy, TierModel } from "./model";

/** What decided one side: a rule, a tier's default action, or no policy at all. */
export type TierDecision =
  | {
      readonly kind: "rule"; readonly action: "Allow" | "Deny"; readonly tier: string; readonly policy: string; readonly rule: number;
      /** The rule's own name, when it has one (AdminNetworkPolicy and BaselineAdminNetworkPolicy rules). */
      readonly ruleName?: string;
    }
  | { readonly kind: "tier-default"; readonly action: "Deny"; readonly tier: string; readonly policies: readonly string[] }
  /** Passed on by every tier that applies (a Pass rule or a Pass default), then the profile allows. */
  | { readonly kind: "passed"; readonly action: "Allow"; readonly tiers: readonly string[] }
  | { readonly kind: "no-policy"; readonly action: "Allow" };

export interface Side {
  readonly direction: Direction;
  readonly subject: PodEndpoint;
  readonly peer: Endpoint;
  readonly source: Endpoint;
  readonly destination: Endpoint;
}

export function side(direction: Direction, subject: PodEndpoint, peer: Endpoint): Side {
  return direction === "egress"
    ? { direction, subject, peer, source: subject, destination: peer }
    : { direction, subject, peer, source: peer, destination: subject };
}

export interface RuleView {
  readonly action: CalicoAction;
  readonly index: number;
  /** The rule's `name` (admin policies). */
  readonly name?: string;
  readonly connections: () => ConnectionSet;
}

/** A policy's rules for one side, each with its action and what it matches (the shared per-kind dispatch). */
export function rulesOf(context: MatchContext, policy: TieredPolicy, s: Side): RuleView[] {
  if (policy.kind === "KubernetesNetworkPolicy") {
    // Kubernetes semantics in the default tier too: an ipBlock matches a pod by any of its known
    // IPs, so a NetworkPolicy's rule reads the whole pod, not the address view being decided.
    const [peer, destination] = [wholeEndpoint(s.peer), wholeEndpoint(s.destination)];
    // Stryker disable next-line ArrayDeclaration: a policy that applies has rules of the side's direction (never null)
    return (policy.policy[s.direction] ?? []).map((rule, index) => ({ action: "Allow", index, connections: () => kubernetesRuleConnections(rule, peer, destination) }));
  }
  if (isAdminPolicy(policy)) {
    // Stryker disable next-line ArrayDeclaration: a policy that applies has rules of the side's direction (never null)
    return (policy[s.direction] ?? []).map((rule, index) => ({ action: rule.action, index, name: rule.name, connections: () => adminRuleConnections(rule, s.peer, s.destination) }));
  }
  // Stryker disable next-line ArrayDeclaration: a policy that applies has rules of the side's direction (never null)
  return (policy[s.direction] ?? []).map((rule, index) => ({
    action: rule.action,
    index,
    connections: () => calicoRuleConnections(context, rule, policy.namespace, s.source, s.destination),
  }));
}

/** Tiers with at least one policy applying to a side's endpoint, each with those policies (in order). */
export type ApplicableTiers = readonly { readonly tier: TierModel; readonly policies: readonly TieredPolicy[] }[];

/** Tiers with at least one policy applying to the side's endpoint, each with those policies (in order). */
export function applicableTiers(context: MatchContext, s: Side): { tier: TierModel; policies: TieredPolicy[] }[] {
  return context.calico.tiers
    .map((tier) => ({ tier, policies: tier.policies.filter((policy) => policyApplies(context, policy, s.direction, s.subject)) }))
    .filter(({ policies }) => policies.length > 0);
}

/** The decision on one probe, with the tier, policy and rule that made it. */
export function decideProbe(context: MatchContext, s: Side, probe: PortProbe): TierDecision {
  const tiers = applicableTiers(context, s);
  if (tiers.length === 0) return { kind: "no-policy", action: "Allow" };
  for (const { tier, policies } of tiers) {
    const decided = decideInTier(context, s, probe, tier, policies);
    if (decided !== "pass") return decided;
  }
  return { kind: "passed", action: "Allow", tiers: tiers.map(({ tier }) => tier.name) };
}

function decideInTier(context: MatchContext, s: Side, probe: PortProbe, tier: TierModel, policies: readonly TieredPolicy[]): TierDecision | "pass" {
  for (const policy of policies) {
    for (const rule of rulesOf(context, policy, s)) {
      if (rule.action === "Log" || !rule.connections().contains(probe.port, probe.protocol)) continue;
      if (rule.action === "Pass") return "pass";
      return { kind: "rule", action: rule.action, tier: tier.name, policy: policy.id, rule: rule.index, ...(rule.name === undefined ? {} : { ruleName: rule.name }) };
    }
  }
  if (tier.defaultAction === "Pass") return "pass";
  return { kind: "tier-default", action: "Deny", tier: tier.name, policies: policies.map((policy) => policy.id) };
}

/**
 * Is the side isolated, in the Kubernetes sense: does a tier whose default action is Deny apply
 * to it (the default tier, when a Kubernetes NetworkPolicy or a default-tier Calico policy selects
 * the endpoint)? A side only Pass tiers apply to (guards such as a security tier's single Deny)
 * allows everything else, so `verify --each-side` compares it end to end only.
 */
export function sideIsolated(context: MatchContext, s: Side): boolean {
  return applicableTiers(context, s).some(({ tier }) => tier.defaultAction === "Deny");
}

/**
 * Every (protocol, port) the side allows; undefined when no policy applies (nothing restricted).
 * The same walk as decideProbe, on sets: what a rule matches is taken from what is still undecided.
 * `tiers` (applicableTiers of the side) may be given when known: it depends on the subject only.
 */
export function sideAllowedSet(context: MatchContext, s: Side, tiers: ApplicableTiers = applicableTiers(context, s)): ConnectionSet | undefined {
  if (tiers.length === 0) return undefined;
  let undecided = ConnectionSet.ALL;
  let allowed = ConnectionSet.NONE;
  for (const { tier, policies } of tiers) {
    let passed = ConnectionSet.NONE;
    for (const policy of policies) {
      for (const rule of rulesOf(context, policy, s)) {
        if (rule.action === "Log" || undecided.isEmpty()) continue;
        const matched = rule.connections().intersect(undecided);
        // Stryker disable next-line ConditionalExpression: taking an empty set from undecided and adding it to allowed or passed changes nothing
        if (matched.isEmpty()) continue;
        if (rule.action === "Allow") allowed = allowed.union(matched);
        if (rule.action === "Pass") passed = passed.union(matched);
        undecided = undecided.subtract(matched);
      }
    }
    undecided = tier.defaultAction === "Pass" ? passed.union(undecided) : passed;
  }
  return allowed.union(undecided);
}

export function describeDecision(decision: TierDecision): string {
  switch (decision.kind) {
    case "rule":
      return `${decision.action === "Allow" ? "allowed" : "denied"} by tier ${decision.tier}: ${decision.policy} rule ${decision.rule}${decision.ruleName === undefined ? "" : ` ${JSON.stringify(decision.ruleName)}`} (${decision.action})`;
    case "tier-default":
      return `denied by tier ${decision.tier}'s default action (no rule of ${decision.policies.join(", ")} matched)`;
    case "passed":
      return `allowed: passed by tier${decision.tiers.length === 1 ? "" : "s"} ${decision.tiers.join(", ")}, then the namespace profile allows`;
    case "no-policy":
      return "not isolated (no policy in any tier applies)";
  }
}
