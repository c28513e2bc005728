/**
 * The reference engine: the semantics written as plainly as possible, pair by pair, with
 * verdicts that say which policies isolated, allowed or denied the connection.
 */
import { decideProbe, describeDecision, side as tieredSide, sideAllowedSet, sideIsolated, TierDecision } from "./calico/evaluate";
import { MatchContext } from "./calico/match";
import { ConnectionSet } from "./connections";
import { Engine, PortProbe, PreparedEngine } from "./engine";
import { isLoopback, policySelects, rulePeerMatches, rulePortConnections } from "./match";
import { Direction, Endpoint, NetpolModel, PolicyModel, PROTOCOLS } from "./model";

/** What one side (the source's egress or the destination's ingress) says about a connection. */
export type SideVerdict =
  /** A Pod to itself: never blocked (see isLoopback). */
  | { readonly kind: "loopback" }
  /** The side is an external address: NetworkPolicy does not govern it. */
  | { readonly kind: "not-policed" }
  /** No policy selects the pod for this direction: everything is allowed. */
  | { readonly kind: "not-isolated" }
  | { readonly kind: "allowed"; readonly by: readonly string[] }
  | { readonly kind: "denied"; readonly isolatedBy: readonly string[] }
  /** Calico's tiers decided (for a connection set: the decision on its first allowed port, or the first port when none is). */
  | { readonly kind: "tiered"; readonly allowed: boolean; readonly decision: TierDecision };

export interface Verdict {
  readonly allowed: boolean;
  readonly egress: SideVerdict;
  readonly ingress: SideVerdict;
}

function sideAllows(side: SideVerdict): boolean {
  return side.kind === "tiered" ? side.allowed : side.kind !== "denied";
}

function calicoContext(model: NetpolModel): MatchContext | undefined {
  return model.calico === undefined ? undefined : { calico: model.calico, namespaces: model.namespaces };
}

/** A side under Calico's tiers: its decision on `probe`; no policy applying reads as not isolated. */
function tieredVerdict(context: MatchContext, direction: Direction, subject: Endpoint, peer: Endpoint, probe: PortProbe): SideVerdict {
  if (subject.kind !== "pod") return { kind: "not-policed" };
  const decision = decideProbe(context, tieredSide(direction, subject, peer), probe);
  return decision.kind === "no-policy" ? { kind: "not-isolated" } : { kind: "tiered", allowed: decision.action === "Allow", decision };
}

/** The first (protocol, port) of a set, or TCP 1 for the empty set: the probe a connection verdict is explained by. */
function firstProbe(set: ConnectionSet | undefined): PortProbe {
  for (const protocol of PROTOCOLS) {
    const [range] = set?.rangesOf(protocol) ?? [];
    if (range !== undefined) return { port: range.first, protocol };
  }
  return { port: 1, protocol: "TCP" };
}

/** Per model, per endpoint: the isolating policies, remembered (the model is immutable). */
const isolationMemo = new WeakMap<NetpolModel, Map<Endpoint, Readonly<Record<Direction, readonly PolicyModel[]>>>>();

/** Per model: the policies of each namespace, in model order (a policy selects pods of its own namespace only). */
const policiesByNamespace = new WeakMap<NetpolModel, Map<string, PolicyModel[]>>();

function policiesIn(model: NetpolModel, namespace: string): readonly PolicyModel[] {
  let index = policiesByNamespace.get(model);
  if (index === undefined) {
    index = new Map();
    for (const policy of model.policies) {
      const list = index.get(policy.namespace);
      if (list === undefined) index.set(policy.namespace, [policy]);
      else list.push(policy);
    }
    policiesByNamespace.set(model, index);
  }
  return index.get(namespace) ?? [];
}

/** The policies that isolate `subject` for `direction` (empty: not isolated). */
export function isolating(model: NetpolModel, subject: Endpoint, direction: Direction): readonly PolicyModel[] {
  if (subject.kind !== "pod") return [];
  const memo = isolationMemo.get(model) ?? new Map<Endpoint, Readonly<Record<Direction, readonly PolicyModel[]>>>();
  isolationMemo.set(model, memo);
  let entry = memo.get(subject);
  if (entry === undefined) {
    const selecting = policiesIn(model, subject.namespace).filter((policy) => policySelects(policy, subject));
    entry = { ingress: selecting.filter((p) => p.ingress !== null), egress: selecting.filter((p) => p.egress !== null) };
    memo.set(subject, entry);
  }
  return entry[direction];
}

/** The connections one policy allows for `direction` toward/from `peer`; `destination` resolves named ports. */
function policyConnections(policy: PolicyModel, direction: Direction, peer: Endpoint, destination: Endpoint): ConnectionSet {
  const rules = policy[direction] ?? [];
  return ConnectionSet.unionAll(rules.filter((rule) => rulePeerMatches(rule, peer)).map((rule) => rulePortConnections(rule, destination)));
}

function sides(from: Endpoint, to: Endpoint): readonly { direction: Direction; subject: Endpoint; peer: Endpoint }[] {
  return [
    { direction: "egress", subject: from, peer: to },
    { direction: "ingress", subject: to, peer: from },
  ];
}

/** One side's verdict; `admits` says whether a policy's allowed set lets the connection(s) in question through. */
function sideVerdict(model: NetpolModel, side: ReturnType<typeof sides>[number], destination: Endpoint, admits: (set: ConnectionSet) => boolean): SideVerdict {
  const { direction, subject, peer } = side;
  if (subject.kind !== "pod") return { kind: "not-policed" };
  const policies = isolating(model, subject, direction);
  if (policies.length === 0) return { kind: "not-isolated" };
  const allowing = policies.filter((policy) => admits(policyConnections(policy, direction, peer, destination)));
  if (allowing.length > 0) return { kind: "allowed", by: allowing.map((policy) => policy.id) };
  return { kind: "denied", isolatedBy: policies.map((policy) => policy.id) };
}

const LOOPBACK: Verdict = { allowed: true, egress: { kind: "loopback" }, ingress: { kind: "loopback" } };

/** The verdict on one probe, with the policies that decided it. */
export function explain(model: NetpolModel, from: Endpoint, to: Endpoint, probe: PortProbe): Verdict {
  if (isLoopback(from, to)) return LOOPBACK;
  const context = calicoContext(model);
  if (context !== undefined) {
    const [egress, ingress] = sides(from, to).map((s) => tieredVerdict(context, s.direction, s.subject, s.peer, probe));
    return { allowed: sideAllows(egress) && sideAllows(ingress), egress, ingress };
  }
  const [egress, ingress] = sides(from, to).map((side) => sideVerdict(model, side, to, (set) => set.contains(probe.port, probe.protocol)));
  return { allowed: sideAllows(egress) && sideAllows(ingress), egress, ingress };
}

/** Which policies allow anything at all between two endpoints; `allowed` when some connection passes both sides. */
export function explainConnections(model: NetpolModel, from: Endpoint, to: Endpoint): Verdict {
  if (isLoopback(from, to)) return LOOPBACK;
  const context = calicoContext(model);
  if (context !== undefined) {
    const [egress, ingress] = sides(from, to).map((s) => {
      const set = tieredSideSet(context, s.direction, from, to);
      const verdict = tieredVerdict(context, s.direction, s.subject, s.peer, firstProbe(set));
      return verdict.kind === "tiered" ? { ...verdict, allowed: !(set ?? ConnectionSet.ALL).isEmpty() } : verdict;
    });
    return { allowed: !connectionsBetween(model, from, to).isEmpty(), egress, ingress };
  }
  const [egress, ingress] = sides(from, to).map((side) => sideVerdict(model, side, to, (set) => !set.isEmpty()));
  return { allowed: !connectionsBetween(model, from, to).isEmpty(), egress, ingress };
}

/**
 * Which policies allow some of `wanted` between two endpoints, per side (e.g. the connections a
 * change added, so that only the policies letting those through are named); `allowed` when some
 * of `wanted` passes both sides.
 */
export function explainSet(model: NetpolModel, from: Endpoint, to: Endpoint, wanted: ConnectionSet): Verdict {
  if (isLoopback(from, to)) return LOOPBACK;
  const context = calicoContext(model);
  if (context !== undefined) {
    // Under tiers, a side is explained by the decision on the first of `wanted` it lets through
    // (so an added connection is named by the rule that actually allows it), else on the first of `wanted`.
    const [egress, ingress] = sides(from, to).map((s) => {
      const through = wanted.intersect(tieredSideSet(context, s.direction, from, to) ?? ConnectionSet.ALL);
      return tieredVerdict(context, s.direction, s.subject, s.peer, firstProbe(through.isEmpty() ? wanted : through));
    });
    return { allowed: !connectionsBetween(model, from, to).intersect(wanted).isEmpty(), egress, ingress };
  }
  const [egress, ingress] = sides(from, to).map((side) => sideVerdict(model, side, to, (set) => !set.intersect(wanted).isEmpty()));
  return { allowed: !connectionsBetween(model, from, to).intersect(wanted).isEmpty(), egress, ingress };
}

export function connectionsBetween(model: NetpolModel, from: Endpoint, to: Endpoint): ConnectionSet {
  if (isLoopback(from, to)) return ConnectionSet.ALL;
  const context = calicoContext(model);
  const side = (direction: Direction): ConnectionSet =>
    (context === undefined ? sideConnections(model, direction, from, to) : tieredSideSet(context, direction, from, to)) ?? ConnectionSet.ALL;
  return side("egress").intersect(side("ingress"));
}

/**
 * What one side alone allows from `from` to `to`: the source's egress policies or the
 * destination's ingress policies. Undefined when that side is not isolated (or is external), so
 * it restricts nothing. Loopback is the caller's concern.
 */
export function sideConnections(model: NetpolModel, direction: Direction, from: Endpoint, to: Endpoint): ConnectionSet | undefined {
  const { subject, peer } = sides(from, to).find((side) => side.direction === direction) as ReturnType<typeof sides>[number];
  const context = calicoContext(model);
  if (context === undefined || subject.kind !== "pod") return kubernetesSideConnections(model, direction, subject, peer, to);
  const side = tieredSide(direction, subject, peer);
  return sideIsolated(context, side) ? sideAllowedSet(context, side) : undefined;
}

/** What one side allows under Calico's tiers, isolated or not (undefined: no policy applies). */
function tieredSideSet(context: MatchContext, direction: Direction, from: Endpoint, to: Endpoint): ConnectionSet | undefined {
  const { subject, peer } = sides(from, to).find((side) => side.direction === direction) as ReturnType<typeof sides>[number];
  return subject.kind === "pod" ? sideAllowedSet(context, tieredSide(direction, subject, peer)) : undefined;
}

function kubernetesSideConnections(model: NetpolModel, direction: Direction, subject: Endpoint, peer: Endpoint, to: Endpoint): ConnectionSet | undefined {
  const policies = isolating(model, subject, direction);
  if (policies.length === 0) return undefined;
  return ConnectionSet.unionAll(policies.map((policy) => policyConnections(policy, direction, peer, to)));
}

export function describeSide(direction: Direction, side: SideVerdict): string {
  switch (side.kind) {
    case "loopback":
      return `${direction}: a pod to itself, never blocked`;
    case "not-policed":
      return `${direction}: external, not governed by NetworkPolicy`;
    case "not-isolated":
      return `${direction}: not isolated`;
    case "allowed":
      return `${direction}: allowed by ${side.by.join(", ")}`;
    case "denied":
      return `${direction}: denied: isolated by ${side.isolatedBy.join(", ")}, no rule matched`;
    case "tiered":
      return `${direction}: ${describeDecision(side.decision)}`;
  }
}

/** "allowed (egress: not isolated; ingress: allowed by x/allow-a)" or "denied (...)". */
export function formatVerdict(verdict: Verdict): string {
  const reasons = [describeSide("egress", verdict.egress), describeSide("ingress", verdict.ingress)];
  return `${verdict.allowed ? "allowed" : "denied"} (${reasons.join("; ")})`;
}

export const referenceEngine: Engine = {
  name: "reference",
  prepare(model: NetpolModel): PreparedEngine {
    const endpoint = (index: number): Endpoint => model.endpoints[index];
    return {
      allows: (from, to, probe) => explain(model, endpoint(from), endpoint(to), probe).allowed,
      connections: (from, to) => connectionsBetween(model, endpoint(from), endpoint(to)),
    };
  },
};
