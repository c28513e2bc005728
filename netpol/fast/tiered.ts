/**
 * Calico's tiers at class level. A class's members are alike in everything Calico's evaluation
 * reads (namespace and its labels, pod labels, service account and its labels, Calico's automatic
 * labels, the atoms of the pod IPs, named ports: see classes.ts), so one representative answers for
 * its class, on either end of a connection. Per direction and subject class, the tiers applying to
 * it are found once (netpol/calico `applicableTiers`, i.e. `policyApplies`); what each of their
 * rules matches toward every peer class comes from the shared rule functions (`rulesOf`, or for
 * Kubernetes rules the fast engine's own peer class sets and `rulePortConnections`); and the side's
 * allowed set is netpol/calico's own tier walk (`sideAllowedSet`). Every policy kind those shared
 * functions know is thus evaluated here exactly as by the reference engine.
 *
 * Cost: never per pod pair. Equal connection sets are interned; what a rule matches toward every
 * peer class is computed once per rule and subject key (ruleVectors), kept sparse; the walk runs
 * once per group of peers with equal rule results (walkGroups), and a side is kept sparse too
 * (a background set and the peers that differ), shared by subjects with the same tiers and rule
 * vectors. A probe then reads set ids (does the probe fall in the set?).
 */
import { ApplicableTiers, applicableTiers, rulesOf, side, sideAllowedSet } from "../calico/evaluate";
import { entityMatches, MatchContext } from "../calico/match";
import { isAdminPolicy, TieredPolicy, TierModel } from "../calico/model";
import { ConnectionSet } from "../connections";
import { PortProbe } from "../engine";
import { rulePortConnections } from "../match";
import { Direction, Endpoint, NetpolModel, PodEndpoint, Rule } from "../model";
import { NetpolCapacityError, heapAvailable } from "./capacity";
import { ClassGrouping } from "./classes";
import { ClassSet, indexIn } from "./classSet";
import { ProbeRows } from "./probe";
import { RowOptions, RowTable } from "./rows";
import { ClassSets, SetOptions } from "./selectors";

/** Bytes per stored exception (a peer and its set id, in a vector or a side), with a margin. */
export const TIERED_BYTES_PER_EXCEPTION = 16;

/** Background of a side whose every peer is an exception or in its big part. */
const NOT_WALKED = -2;

/**
 * Set ids per peer class, sparse: `background` for every peer but `peers` (ascending), which have
 * `ids`. A rule vector (what one rule matches toward each peer) and a side (what the whole walk
 * allows toward each peer) are both kept so: most peers are matched by no rule, and alike. A side
 * may also have a `big` part: a large list of peers shared with a rule vector (a peer set many
 * sides name), all with one id, between the exceptions and the background.
 */
interface SparseIds {
  readonly background: number;
  readonly peers: Int32Array;
  readonly ids: Int32Array;
  readonly big?: { readonly peers: Int32Array; readonly id: number };
  /** Vectors: the one id of every exception, when they all have the same. */
  readonly uniform?: number;
}

function lookup(sparse: SparseIds, peer: number): number {
  const at = indexIn(sparse.peers, peer);
  if (at >= 0) return sparse.ids[at] as number;
  if (sparse.big !== undefined && indexIn(sparse.big.peers, peer) >= 0) return sparse.big.id;
  return sparse.background;
}

function withUniform(sparse: SparseIds): SparseIds {
  const first = sparse.ids[0];
  // Stryker disable next-line ConditionalExpression: without exceptions, `uniform: undefined` is as good as no `uniform`
  if (first === undefined || sparse.ids.some((id) => id !== first)) return sparse;
  return { ...sparse, uniform: first };
}

/** Dense ids -> sparse, the most frequent id as background. */
function sparseOf(dense: Int32Array): SparseIds {
  const counts = new Map<number, number>();
  for (const id of dense) counts.set(id, (counts.get(id) ?? 0) + 1);
  // A vector has an id for every class (there is at least one: the subject).
  let background = dense[0] as number;
  // Stryker disable next-line EqualityOperator: of two ids as frequent, either as background leaves as many exceptions
  for (const [id, count] of counts) if (count > (counts.get(background) as number)) background = id;
  const peers: number[] = [];
  const ids: number[] = [];
  dense.forEach((id, peer) => {
    if (id !== background) {
      peers.push(peer);
      ids.push(id);
    }
  });
  return withUniform({ background, peers: Int32Array.from(peers), ids: Int32Array.from(ids) });
}

export class TieredSides {
  /** Interned connection sets; ids index it. */
  private readonly sets: ConnectionSet[] = [];
  private readonly idByText = new Map<string, number>();
  private readonly tiers: Record<Direction, (ApplicableTiers | undefined)[]>;
  /** Per direction, per pod class: its side, or null when no policy applies (computed on demand). */
  private readonly sides: Record<Direction, (SparseIds | null | undefined)[]>;
  private readonly context: MatchContext;
  private readonly byNamespace = new Map<string, MatchContext>();
  /** Per tier, the positions of its policies that may apply anywhere, and of the namespaced ones by namespace. */
  private readonly policyIndex: readonly { readonly tier: TierModel; readonly everywhere: readonly number[]; readonly byNamespace: ReadonlyMap<string, number[]> }[];
  private readonly size: number;
  /** Per direction, per policy, per subject key: the rule vectors (see ruleVectors). */
  private readonly vectors: Record<Direction, Map<TieredPolicy, Map<string, readonly SparseIds[]>>> = { ingress: new Map(), egress: new Map() };
  /** Per direction: tiers applying and rule vectors -> the side (see sideOf). */
  private readonly sharedSides: Record<Direction, Map<string, SparseIds>> = { ingress: new Map(), egress: new Map() };
  private readonly vectorIds = new Map<SparseIds, number>();
  /** Scratch: a peer's position in the peers being grouped, or -1. */
  private readonly positionOf: Int32Array;
  /** What the stored vectors and sides hold, against what the heap had at the start. */
  private storedBytes = 0;
  private readonly budget: number;
  private complete = false;
  private readonly noneId: number;
  /** Vectors this large, with one id, become a side's shared big part. */
  private readonly bigAbove: number;
  private readonly bigSets = new Map<Int32Array, ClassSet>();
  /** How many times a policy's rule vectors were computed (once per policy, direction and subject key): what sharing saves. */
  vectorComputations = 0;

  /** NetworkPolicy peers as class sets (the fast engine's own, as without Calico). */
  private readonly classSets: ClassSets;

  constructor(model: NetpolModel, private readonly grouping: ClassGrouping, options: SetOptions & RowOptions = {}) {
    if (model.calico === undefined) throw new Error("TieredSides needs a model with Calico tiers");
    this.context = { calico: model.calico, namespaces: model.namespaces };
    this.size = grouping.classes.length;
    // Stryker disable next-line ArrayDeclaration: an array without a length grows as it is written
    this.tiers = { ingress: new Array(grouping.podClassCount), egress: new Array(grouping.podClassCount) };
    // Stryker disable next-line ArrayDeclaration: an array without a length grows as it is written
    this.sides = { ingress: new Array(grouping.podClassCount), egress: new Array(grouping.podClassCount) };
    // Stryker disable next-line UnaryOperator: a position is written before it is read (every peer looked up is in the union)
    this.positionOf = new Int32Array(this.size).fill(-1);
    this.classSets = new ClassSets(model, grouping, options);
    this.policyIndex = model.calico.tiers.map((tier) => {
      const everywhere: number[] = [];
      const byNamespace = new Map<string, number[]>();
      tier.policies.forEach((policy, position) => {
        // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: a namespaced policy listed for every namespace is still held to its own by policyApplies
        const namespace = policy.kind === "KubernetesNetworkPolicy" ? policy.policy.namespace : policy.kind === "NetworkPolicy" ? policy.namespace : undefined;
        // Stryker disable next-line ConditionalExpression: a namespaced policy listed for every namespace is still held to its own by policyApplies
        if (namespace === undefined) everywhere.push(position);
        else {
          const positions = byNamespace.get(namespace);
          if (positions === undefined) byNamespace.set(namespace, [position]);
          else positions.push(position);
        }
      });
      return { tier, everywhere, byNamespace };
    });
    this.budget = heapAvailable();
    this.bigAbove = options.bigAbove ?? Math.max(64, this.size >>> 5);
    this.noneId = this.internByText(ConnectionSet.NONE);
  }

  private store(sparse: SparseIds): SparseIds {
    this.storedBytes += sparse.peers.length * TIERED_BYTES_PER_EXCEPTION;
    if (this.storedBytes > this.budget) {
      throw new NetpolCapacityError(`the fast engine's Calico tiers on ${this.grouping.podClassCount.toLocaleString("en-US")} pod classes and ${this.size.toLocaleString("en-US")} classes`, this.storedBytes, this.budget);
    }
    return sparse;
  }

  private representative(classIndex: number): Endpoint {
    return this.grouping.classes[classIndex]?.representative as Endpoint;
  }

  private intern(set: ConnectionSet): number {
    // Stryker disable next-line ConditionalExpression: NONE formats to the text noneId was interned under
    if (set === ConnectionSet.NONE) return this.noneId; // most rules match most peers not at all
    return this.internByText(set);
  }

  private internByText(set: ConnectionSet): number {
    const text = set.format();
    let id = this.idByText.get(text);
    if (id === undefined) {
      id = this.sets.push(set) - 1;
      this.idByText.set(text, id);
    }
    return id;
  }

  /** The tiers applying to a pod class for `direction` (empty: no policy applies). */
  tiersOf(direction: Direction, subject: number): ApplicableTiers {
    let tiers = this.tiers[direction][subject];
    // Stryker disable next-line ConditionalExpression: a cache miss finds the same tiers again
    if (tiers === undefined) {
      const pod = this.representative(subject) as PodEndpoint;
      tiers = applicableTiers(this.namespaceContext(pod.namespace), side(direction, pod, pod));
      this.tiers[direction][subject] = tiers;
    }
    return tiers;
  }

  /**
   * The context with the tiers narrowed to the policies that may apply in `namespace`: a
   * namespaced policy (a Kubernetes NetworkPolicy, a Calico NetworkPolicy) applies in its own
   * namespace only. Every other kind stays, for policyApplies to decide.
   */
  private namespaceContext(namespace: string): MatchContext {
    let context = this.byNamespace.get(namespace);
    // Stryker disable next-line ConditionalExpression: a cache miss builds the same narrowed context again
    if (context === undefined) {
      const calico = this.context.calico;
      const tiers = this.policyIndex.map(({ tier, everywhere, byNamespace }) => {
        const local = byNamespace.get(namespace) ?? [];
        // Stryker disable next-line ConditionalExpression: without local policies the sorted merge is `everywhere` itself
        const positions = local.length === 0 ? everywhere : [...everywhere, ...local].sort((a, b) => a - b);
        return { ...tier, policies: positions.map((position) => tier.policies[position] as TieredPolicy) };
      });
      context = { ...this.context, calico: { ...calico, tiers } };
      this.byNamespace.set(namespace, context);
    }
    return context;
  }

  /**
   * What a policy's rules read of the subject (besides what made the policy apply): subjects with
   * equal keys get equal rule results toward every peer, so they share the per-rule vectors. A
   * Kubernetes or admin rule reads the subject's named ports on ingress (it is the destination) and
   * nothing on egress; a Calico rule also reads its subject-side entity (source on egress, destination on
   * ingress), matched by netpol/calico's own entityMatches. TieredPolicy has no other kind (the type
   * checker narrows `policy` to a Calico policy after the first check).
   */
  private subjectKey(direction: Direction, policy: TieredPolicy, subject: number): string {
    // Stryker disable next-line StringLiteral: a common prefix of the egress keys keeps them distinct
    const ports = direction === "ingress" ? `p${this.grouping.portSetOf[subject] as number}` : "";
    // An admin rule reads the subject only as the destination of its named ports (ingress): its
    // peers are matched on the peer, and which policies apply was decided by the tiers already.
    if (
      // Stryker disable next-line ConditionalExpression,StringLiteral: a Kubernetes policy sent on has no rules of its own (they are in `policy.policy`): its key is its ports all the same
      policy.kind === "KubernetesNetworkPolicy" ||
      isAdminPolicy(policy)
    ) return ports;
    // A Calico GlobalNetworkPolicy or NetworkPolicy (the only kinds left).
    const pod = this.representative(subject) as PodEndpoint;
    let key = ports;
    // Stryker disable next-line ArrayDeclaration: a policy is asked only for a direction it applies in, where it has rules
    for (const rule of policy[direction] ?? []) key += entityMatches(this.context, direction === "egress" ? rule.source : rule.destination, pod, policy.namespace) ? "1" : "0";
    return key;
  }

  /**
   * Per rule of `policy` (in order), the interned id of what it matches between `subject` and each
   * peer class: netpol/calico's rulesOf (the shared per-kind rule functions), once per subject key.
   */
  private ruleVectors(direction: Direction, policy: TieredPolicy, subject: number): readonly SparseIds[] {
    let byKey = this.vectors[direction].get(policy);
    if (byKey === undefined) this.vectors[direction].set(policy, (byKey = new Map<string, readonly SparseIds[]>()));
    const key = this.subjectKey(direction, policy, subject);
    let vectors = byKey.get(key);
    if (vectors === undefined) this.vectorComputations++;
    if (vectors === undefined && policy.kind === "KubernetesNetworkPolicy") {
      // Stryker disable next-line ArrayDeclaration: a policy is asked only for a direction it applies in, where it has rules
      vectors = (policy.policy[direction] ?? []).map((rule) => this.store(this.kubernetesVector(direction, rule, subject)));
      byKey.set(key, vectors);
    }
    if (vectors === undefined) {
      const pod = this.representative(subject) as PodEndpoint;
      const dense: Int32Array[] = [];
      for (let peer = 0; peer < this.size; peer++) {
        const rules = rulesOf(this.context, policy, side(direction, pod, this.representative(peer)));
        rules.forEach((rule, index) => {
          const vector = dense[index] ?? (dense[index] = new Int32Array(this.size));
          vector[peer] = this.intern(rule.connections());
        });
      }
      vectors = dense.map((vector) => this.store(sparseOf(vector)));
      byKey.set(key, vectors);
    }
    return vectors;
  }

  /**
   * A Kubernetes rule's vector, as kubernetesRuleConnections has it (the peer matches, then the
   * rule's ports toward the destination), from the class sets the fast engine computes for
   * NetworkPolicy peers (selectors.ts, the same as without Calico) and the shared
   * rulePortConnections: no call per peer class, except for named ports toward each destination.
   */
  private kubernetesVector(direction: Direction, rule: Rule, subject: number): SparseIds {
    const peers = this.classSets.rulePeers(rule.peers);
    const perDestination = direction === "egress" && rule.ports !== null && rule.ports.some(
      // Stryker disable next-line ConditionalExpression: a rule without named ports, sent per destination, gets the same set toward each
      (matcher) => matcher.kind === "named");
    if (!perDestination) {
      // Ingress: the destination is the subject; egress without named ports: ranges alone, whatever the destination.
      const id = this.intern(rulePortConnections(rule, this.representative(subject)));
      if (peers.everything) return { background: id, peers: new Int32Array(0), ids: new Int32Array(0) };
      // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty vector is never a big part (it has no peers), uniform or not
      return { background: this.noneId, peers: peers.members(), ids: new Int32Array(peers.count).fill(id), ...(peers.count > 0 ? { uniform: id } : {}) };
    }
    const byPorts = new Map<number, number>();
    const idToward = (peer: number): number => {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: an external atom has no port set (undefined) and no named ports: keyed apart either way, with the same set
      const portSet = peer < this.grouping.podClassCount ? (this.grouping.portSetOf[peer] as number) : -1;
      let id = byPorts.get(portSet);
      // Stryker disable next-line ConditionalExpression: a miss computes the same set again
      if (id === undefined) byPorts.set(portSet, (id = this.intern(rulePortConnections(rule, this.representative(peer)))));
      return id;
    };
    if (peers.everything) return sparseOf(Int32Array.from({ length: this.size }, (_, peer) => idToward(peer)));
    const members = peers.members();
    return withUniform({ background: this.noneId, peers: members, ids: Int32Array.from(members, idToward) });
  }

  /**
   * One subject's side, or null when no policy applies to it. The walk (netpol/calico's
   * sideAllowedSet) reads only the tiers and what each of their rules matches, so subjects with the
   * same tiers and the same rule vectors share one side outright.
   */
  private sideOf(direction: Direction, subject: number): SparseIds | null {
    let result = this.sides[direction][subject];
    // Stryker disable next-line ConditionalExpression: a miss finds the shared side again by its key
    if (result !== undefined) return result;
    const tiers = this.tiersOf(direction, subject);
    if (tiers.length === 0) result = null;
    else {
      const vectors = tiers.flatMap(({ policies }) => policies.flatMap((policy) => this.ruleVectors(direction, policy, subject)));
      let key = tiers.map(({ tier, policies }) => `${tier.name}:${
        // Stryker disable next-line ArrowFunction,StringLiteral: each policy with rules has its own vectors (their ids follow); one without adds only its tier, named already
        policies.map((policy) => policy.id).join(",")}`).join(";");
      for (const vector of vectors) key += ` ${this.vectorId(vector)}`;
      result = this.sharedSides[direction].get(key);
      if (result === undefined) {
        result = this.store(this.walkGroups(direction, subject, tiers, vectors));
        this.sharedSides[direction].set(key, result);
      }
    }
    this.sides[direction][subject] = result;
    return result;
  }

  private vectorId(vector: SparseIds): number {
    let id = this.vectorIds.get(vector);
    if (id === undefined) this.vectorIds.set(vector, (id = this.vectorIds.size));
    return id;
  }

  /**
   * Peers grouped by their rule results, one walk per group (on its first peer). Peers outside
   * every vector's exceptions have every rule's background result: one group, walked once. The
   * largest vector whose exceptions share one id (a big peer set) is not walked peer by peer: its
   * peers outside the other vectors' exceptions are one more group, kept as the side's big part.
   */
  private walkGroups(direction: Direction, subject: number, tiers: ApplicableTiers, vectors: readonly SparseIds[], shareBig = true): SparseIds {
    const pod = this.representative(subject) as PodEndpoint;
    // Walked only for a subject some tier applies to (sideOf): there is always a set.
    const walk = (peer: number): number => this.intern(sideAllowedSet(this.context, side(direction, pod, this.representative(peer)), tiers) as ConnectionSet);
    let big: SparseIds | undefined;
    if (shareBig) {
      for (const vector of vectors) {
        if (vector.uniform !== undefined && vector.peers.length > this.bigAbove && (big === undefined || vector.peers.length > big.peers.length)) big = vector;
      }
    }
    // Stryker disable next-line ConditionalExpression: filtering out an undefined big part keeps every vector
    const others = big === undefined ? vectors : vectors.filter((vector) => vector !== big);
    const union = sortedUnion(others.map((vector) => vector.peers));
    const inBig = (peer: number): boolean => big !== undefined && indexIn(big.peers, peer) >= 0;
    // The first peer in no exception list (every rule's background), and of the big part alone.
    let outside = -1;
    for (let peer = 0, at = 0; peer < this.size; peer++) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: past the union's end, `undefined < peer` is false too
      while (at < union.length && (union[at] as number) < peer) at++;
      if (union[at] === peer || inBig(peer)) continue;
      outside = peer;
      break;
    }
    let bigFree = -1;
    if (big !== undefined) {
      for (const peer of big.peers) {
        if (indexIn(union, peer) < 0) {
          bigFree = peer;
          break;
        }
      }
      // The big part is all in other exceptions: nothing to share, walk it as the others.
      if (bigFree < 0) return this.walkGroups(direction, subject, tiers, vectors, false);
    }
    const background = outside >= 0 ? walk(outside) : NOT_WALKED;
    const bigId = big !== undefined ? walk(bigFree) : NOT_WALKED;
    union.forEach((peer, position) => (this.positionOf[peer] = position));
    const groups = new Int32Array(union.length);
    const values = new Int32Array(union.length);
    let groupCount = 1;
    const refine = (): void => {
      const refined = new Map<number, number>();
      const stride = this.sets.length + 1;
      // Stryker disable next-line EqualityOperator: one position past the end writes nothing, and adds one group never walked
      for (let position = 0; position < union.length; position++) {
        // Stryker disable next-line ArithmeticOperator: set ids are below the stride, so g·stride − id numbers each (group, id) once too
        const key = (groups[position] as number) * stride + (values[position] as number);
        let group = refined.get(key);
        if (group === undefined) refined.set(key, (group = refined.size));
        groups[position] = group;
      }
      groupCount = refined.size;
    };
    for (const vector of others) {
      values.fill(vector.background);
      vector.peers.forEach((peer, index) => (values[this.positionOf[peer] as number] = vector.ids[index] as number));
      refine();
    }
    if (big !== undefined) {
      const vector = big;
      union.forEach((peer, position) => (values[position] = lookup(vector, peer)));
      refine();
    }
    // Stryker disable next-line UnaryOperator: a position is written before it is read (every peer looked up is in the union)
    for (const peer of union) this.positionOf[peer] = -1;
    const walked = new Int32Array(groupCount).fill(NOT_WALKED);
    const peers: number[] = [];
    const ids: number[] = [];
    union.forEach((peer, position) => {
      const group = groups[position] as number;
      // Stryker disable next-line ConditionalExpression: walking every peer gives each the result of its group
      if (walked[group] === NOT_WALKED) walked[group] = walk(peer);
      const id = walked[group] as number;
      const implied = inBig(peer) ? bigId : background;
      // Stryker disable next-line ConditionalExpression: an implied NOT_WALKED is never a walked id, so `id !== implied` holds already
      if (id !== implied || implied === NOT_WALKED) {
        peers.push(peer);
        ids.push(id);
      }
    });
    return { background, peers: Int32Array.from(peers), ids: Int32Array.from(ids), ...(big === undefined ? {} : { big: { peers: big.peers, id: bigId } }) };
  }

  /** What one side allows between two classes; undefined when it restricts nothing (no policy, or an external subject). */
  sideSet(direction: Direction, subject: number, peer: number): ConnectionSet | undefined {
    if (subject >= this.grouping.podClassCount) return undefined;
    const sparse = this.sideOf(direction, subject);
    return sparse === null ? undefined : this.sets[lookup(sparse, peer)];
  }

  /** Every connection allowed from class `source` to class `destination` (both sides). */
  pairConnections(source: number, destination: number): ConnectionSet {
    const egress = this.sideSet("egress", source, destination) ?? ConnectionSet.ALL;
    // Stryker disable next-line ConditionalExpression: the empty set intersected is empty
    if (egress.isEmpty()) return egress;
    return egress.intersect(this.sideSet("ingress", destination, source) ?? ConnectionSet.ALL);
  }

  /** Every side of every pod class, computed. */
  private computeAll(): void {
    // Stryker disable next-line ConditionalExpression: the sides are cached; computing all again finds them
    if (this.complete) return;
    // Stryker disable next-line EqualityOperator: one class more is an external atom, which no tier governs (policies select pods)
    for (let subject = 0; subject < this.grouping.podClassCount; subject++) {
      this.sideOf("ingress", subject);
      this.sideOf("egress", subject);
    }
    // Stryker disable next-line BooleanLiteral: the sides are cached; computing all again finds them
    this.complete = true;
  }

  /** Which connection sets admit the probe: probes with equal signatures have equal rows. */
  probeSignature(probe: PortProbe): string {
    this.computeAll();
    // Stryker disable next-line StringLiteral: a separator between one-digit marks keeps signatures as distinct
    return this.admitting(probe).join("");
  }

  /**
   * Class-level rows for one probe, in `table` (built like the Kubernetes rows: the counting code
   * reads both alike), one per distinct side: the exceptions that admit the probe, or, when the
   * background admits it, every class but the exceptions that do not.
   */
  probeRows(table: RowTable, universe: { readonly size: number; readonly denseAbove: number }, probe: PortProbe): ProbeRows {
    this.computeAll();
    const admits = this.admitting(probe);
    const admitted = (id: number): boolean => admits[id] === 1;
    const rowOfSide = new Map<SparseIds, number>();
    const rowOf = (sparse: SparseIds): number => {
      let row = rowOfSide.get(sparse);
      // Stryker disable next-line ConditionalExpression: a miss builds the same row again (its big part is cached, its small part equal)
      if (row !== undefined) return row;
      const small: number[] = [];
      const { big } = sparse;
      // The big part joins the row as a set of its own (shared, never copied) when it is admitted
      // and none of its peers is an exception the probe does not admit.
      const bigWhole = big !== undefined && !admitted(sparse.background) && admitted(big.id) &&
        sparse.peers.every((peer, index) => admitted(sparse.ids[index] as number) || indexIn(big.peers, peer) < 0);
      // Stryker disable next-line ConditionalExpression: listing every peer is right in every case; the exceptions alone only when nothing else is admitted
      if (bigWhole || !(admitted(sparse.background) || (big !== undefined && admitted(big.id)))) {
        sparse.peers.forEach((peer, index) => {
          if (admitted(sparse.ids[index] as number)) small.push(peer);
        });
      } else {
        for (let peer = 0; peer < this.size; peer++) if (admitted(lookup(sparse, peer))) small.push(peer);
      }
      const parts = [ClassSet.fromSorted(Int32Array.from(small), universe.size, universe.denseAbove)];
      // Stryker disable next-line ConditionalExpression: bigWhole implies a big part; the check is for the type checker
      if (bigWhole && big !== undefined) parts.push(this.bigSet(big.peers, universe));
      row = !bigWhole && small.length === this.size ? table.everything : table.rowOf(parts);
      rowOfSide.set(sparse, row);
      return row;
    };
    const rows = (direction: Direction): Int32Array => {
      const result = new Int32Array(this.size).fill(table.everything);
      // Stryker disable next-line EqualityOperator: one class more is an external atom, which no tier governs (policies select pods)
      for (let subject = 0; subject < this.grouping.podClassCount; subject++) {
        const sparse = this.sideOf(direction, subject);
        if (sparse !== null) result[subject] = rowOf(sparse);
      }
      return result;
    };
    return { ingress: rows("ingress"), egress: rows("egress") };
  }

  private bigSet(peers: Int32Array, universe: { readonly size: number; readonly denseAbove: number }): ClassSet {
    let set = this.bigSets.get(peers);
    if (set === undefined) this.bigSets.set(peers, (set = ClassSet.fromSorted(peers, universe.size, universe.denseAbove)));
    return set;
  }

  /** Per interned set id, 1 when the probe is in it. */
  private admitting(probe: PortProbe): Uint8Array {
    const admits = new Uint8Array(this.sets.length);
    this.sets.forEach((set, id) => {
      if (set.contains(probe.port, probe.protocol)) admits[id] = 1;
    });
    return admits;
  }
}

/** The ascending, distinct union of ascending lists. */
function sortedUnion(lists: readonly Int32Array[]): Int32Array {
  // Stryker disable next-line MethodExpression,ConditionalExpression,EqualityOperator: empty lists add nothing to the merge
  const nonEmpty = lists.filter((list) => list.length > 0);
  // Stryker disable next-line ConditionalExpression: merging nothing gives the empty list
  if (nonEmpty.length === 0) return new Int32Array(0);
  // Stryker disable next-line ConditionalExpression: one ascending distinct list merged is itself
  if (nonEmpty.length === 1) return nonEmpty[0] as Int32Array;
  const merged = new Int32Array(nonEmpty.reduce((sum, list) => sum + list.length, 0));
  let offset = 0;
  for (const list of nonEmpty) {
    merged.set(list, offset);
    offset += list.length;
  }
  merged.sort();
  let length = 0;
  // Stryker disable next-line ConditionalExpression: at 0, `merged[-1]` is undefined, never equal to a number
  for (let index = 0; index < merged.length; index++) if (length === 0 || merged[length - 1] !== merged[index]) merged[length++] = merged[index] as number;
  return merged.slice(0, length);
}
