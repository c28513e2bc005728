/**
 * The reference engine: the semantics written as plainly as possible, pair by pair, with
 * verdicts that say which policies isolated, allowed or denied the connection.
 */
import { decideProbe, describeDecision, side as tieredSide, sideAllowedSet, sideIsolated, TierDecision } from "./calico/evaluate";
import { MatchContext, singleAddressViews } from "./calico/match";
import { ConnectionSet } from "./connections";
import { Engine, PortProbe, PreparedEngine } from "./engine";
import { isLoopback, policySelects, rulePeerMatches, rulePortConnections } from "./match";
import { Direction, Endpoint, IpFamily, NetpolModel, PolicyModel, PROTOCOLS, Rule } from "./model";

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

/** One address per end: (a view of) the source and (a view of) the destination. */
type ViewPair = readonly [from: Endpoint, to: Endpoint];

/** The address family of a view (see addressViews: a pod of at most one IP, or an external atom); undefined for a pod with no known IP. */
function familyOf(view: Endpoint): IpFamily | undefined {
  return view.kind === "external" ? view.block.family : view.ips[0]?.family;
}

function addressViews(endpoint: Endpoint): readonly Endpoint[] {
  // Stryker disable next-line EqualityOperator: a pod of one IP split into views is one view with that IP, decided alike
  return endpoint.kind === "pod" && endpoint.ips.length > 1 ? singleAddressViews(endpoint) : [endpoint];
}

/**
 * Under Calico's tiers (and the admin policies), a packet has one address per end, of one family,
 * and each packet is decided on its own: a Deny of a pod's IPv4 address leaves its IPv6 traffic to
 * the rest of the walk. So a pair whose pods have several IPs is decided per address pair: the
 * pairs of views (each pod with one of its IPs) of the same family; an endpoint without a known
 * address pairs with every view of the other. When no pair of views shares a family, the pods are
 * kept whole (every address considered at once, as for a pod with one IP).
 */
function viewPairs(from: Endpoint, to: Endpoint): readonly ViewPair[] {
  const froms = addressViews(from);
  const tos = addressViews(to);
  const pairs: ViewPair[] = [];
  for (const f of froms) {
    for (const t of tos) {
      const [a, b] = [familyOf(f), familyOf(t)];
      if (a === undefined || b === undefined || a === b) pairs.push([f, t]);
    }
  }
  return pairs.length === 0 ? [[from, to]] : pairs;
}

/** The first (protocol, port) of a set, or TCP 1 for the empty set: the probe a connection verdict is explained by. */
function firstProbe(set: ConnectionSet | undefined): PortProbe {
  for (const protocol of PROTOCOLS) {
    // Stryker disable next-line ArrayDeclaration: without a set the side has no policy: any probe reads as not isolated (or not policed)
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
  // Stryker disable next-line ConditionalExpression: rebuilding the index on every call gives the same lists
  if (index === undefined) {
    index = new Map();
    for (const policy of model.policies) {
      const list = index.get(policy.namespace);
      if (list === undefined) index.set(policy.namespace, [policy]);
      else list.push(policy);
    }
    policiesByNamespace.set(model, index);
  }
  // Stryker disable next-line ArrayDeclaration: a namespace without policies: nothing in any list selects its pods (other namespace)
  return index.get(namespace) ?? [];
}

/** The policies that isolate `subject` for `direction` (empty: not isolated). */
export function isolating(model: NetpolModel, subject: Endpoint, direction: Direction): readonly PolicyModel[] {
  // Stryker disable next-line ConditionalExpression: an external atom has no namespace, so no policy lists for it
  if (subject.kind !== "pod") return [];
  const memo = isolationMemo.get(model) ?? new Map<Endpoint, Readonly<Record<Direction, readonly PolicyModel[]>>>();
  isolationMemo.set(model, memo);
  let entry = memo.get(subject);
  // Stryker disable next-line ConditionalExpression: recomputing the entry gives the same lists
  if (entry === undefined) {
    const selecting = policiesIn(model, subject.namespace).filter((policy) => policySelects(policy, subject));
    entry = { ingress: selecting.filter((p) => p.ingress !== null), egress: selecting.filter((p) => p.egress !== null) };
    memo.set(subject, entry);
  }
  return entry[direction];
}

/** The connections one policy allows for `direction` toward/from `peer`; `destination` resolves named ports. */
function policyConnections(policy: PolicyModel, direction: Direction, peer: Endpoint, destination: Endpoint): ConnectionSet {
  const rules = policy[direction] as readonly Rule[]; // only isolating policies are asked: they have this direction
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
    // Allowed when some address pair is; explained by the first that is, else by the first.
    let first: Verdict | undefined;
    for (const [f, t] of viewPairs(from, to)) {
      const [egress, ingress] = sides(f, t).map((s) => tieredVerdict(context, s.direction, s.subject, s.peer, probe));
      const verdict = { allowed: sideAllows(egress) && sideAllows(ingress), egress, ingress };
      if (verdict.allowed) return verdict;
      first ??= verdict;
    }
    return first as Verdict;
  }
  const [egress, ingress] = sides(from, to).map((side) => sideVerdict(model, side, to, (set) => set.contains(probe.port, probe.protocol)));
  return { allowed: sideAllows(egress) && sideAllows(ingress), egress, ingress };
}

/** Which policies allow anything at all between two endpoints; `allowed` when some connection passes both sides. */
export function explainConnections(model: NetpolModel, from: Endpoint, to: Endpoint): Verdict {
  if (isLoopback(from, to)) return LOOPBACK;
  const context = calicoContext(model);
  if (context !== undefined) {
    const [egress, ingress] = DIRECTION_ORDER.map((direction) => {
      const [f, t] = explainedPair(context, direction, from, to, ConnectionSet.ALL);
      const set = pairSideSet(context, direction, f, t);
      const s = sideOf(direction, f, t);
      const verdict = tieredVerdict(context, direction, s.subject, s.peer, firstProbe(set));
      return verdict.kind === "tiered" ? { ...verdict, allowed: !(set ?? ConnectionSet.ALL).isEmpty() } : verdict;
    }) as [SideVerdict, SideVerdict];
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
    const [egress, ingress] = DIRECTION_ORDER.map((direction) => {
      const [f, t] = explainedPair(context, direction, from, to, wanted);
      const s = sideOf(direction, f, t);
      const through = wanted.intersect(pairSideSet(context, direction, f, t) ?? ConnectionSet.ALL);
      return tieredVerdict(context, direction, s.subject, s.peer, firstProbe(through.isEmpty() ? wanted : through));
    }) as [SideVerdict, SideVerdict];
    return { allowed: !connectionsBetween(model, from, to).intersect(wanted).isEmpty(), egress, ingress };
  }
  const [egress, ingress] = sides(from, to).map((side) => sideVerdict(model, side, to, (set) => !set.intersect(wanted).isEmpty()));
  return { allowed: !connectionsBetween(model, from, to).intersect(wanted).isEmpty(), egress, ingress };
}

export function connectionsBetween(model: NetpolModel, from: Endpoint, to: Endpoint): ConnectionSet {
  if (isLoopback(from, to)) return ConnectionSet.ALL;
  const context = calicoContext(model);
  if (context !== undefined) return ConnectionSet.unionAll(viewPairs(from, to).map(([f, t]) => pairConnections(context, f, t)));
  const side = (direction: Direction): ConnectionSet => sideConnections(model, direction, from, to) ?? ConnectionSet.ALL;
  return side("egress").intersect(side("ingress"));
}

const DIRECTION_ORDER: readonly Direction[] = ["egress", "ingress"];

function sideOf(direction: Direction, from: Endpoint, to: Endpoint): ReturnType<typeof sides>[number] {
  return sides(from, to).find((side) => side.direction === direction) as ReturnType<typeof sides>[number];
}

/** Under tiers, one address pair end to end: what both sides allow. */
function pairConnections(context: MatchContext, from: Endpoint, to: Endpoint): ConnectionSet {
  return (pairSideSet(context, "egress", from, to) ?? ConnectionSet.ALL).intersect(pairSideSet(context, "ingress", from, to) ?? ConnectionSet.ALL);
}

/**
 * The address pair a side's verdict is explained by: the first whose connections end to end meet
 * `wanted`, else the first where this side alone does, else the first.
 */
function explainedPair(context: MatchContext, direction: Direction, from: Endpoint, to: Endpoint, wanted: ConnectionSet): ViewPair {
  const pairs = viewPairs(from, to);
  const meets = (set: ConnectionSet | undefined): boolean => !(set ?? ConnectionSet.ALL).intersect(wanted).isEmpty();
  return (
    pairs.find(([f, t]) => meets(pairConnections(context, f, t))) ??
    pairs.find(([f, t]) => meets(pairSideSet(context, direction, f, t))) ??
    (pairs[0] as ViewPair)
  );
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
  // Which tiers apply depends on the subject's labels, never on its addresses: the same for every view.
  return sideIsolated(context, tieredSide(direction, subject, peer)) ? tieredSideSet(context, direction, from, to) : undefined;
}

/**
 * What an isolated side allows under Calico's tiers: the union over the address pairs (viewPairs)
 * of what the side allows for each. Which policies apply depends on labels, never on addresses,
 * so every pair has a set.
 */
function tieredSideSet(context: MatchContext, direction: Direction, from: Endpoint, to: Endpoint): ConnectionSet {
  return ConnectionSet.unionAll(viewPairs(from, to).map(([f, t]) => pairSideSet(context, direction, f, t) as ConnectionSet));
}

/** What one side allows for one address pair under Calico's tiers (undefined: no policy applies). */
function pairSideSet(context: MatchContext, direction: Direction, from: Endpoint, to: Endpoint): ConnectionSet | undefined {
  const { subject, peer } = sideOf(direction, from, to);
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
