/**
 * Calico's tiers at class level. A class's members are alike in everything Calico's evaluation
 * reads (namespace and its labels, pod labels, service account and its labels, Calico's automatic
 * labels, the atoms of the pod IPs, named ports: see classes.ts), so one representative answers for
 * its class, on either end of a connection. Per direction and subject class, the tiers applying to
 * it are found once (netpol/calico `applicableTiers`, i.e. `policyApplies`); then, per peer class,
 * the side's allowed set is netpol/calico's own tier walk (`sideAllowedSet`, through the shared
 * rule functions), so every policy kind those functions know is evaluated here the same way.
 *
 * Cost: per (subject class, peer class), not per pod pair. Equal connection sets are interned, so
 * a side is an Int32Array of set ids per subject class, computed when first asked for; a probe is
 * then one lookup per class pair (per set id, whether the probe is in it).
 */
import { ApplicableTiers, applicableTiers, rulesOf, side, sideAllowedSet } from "../calico/evaluate";
import { entityMatches, MatchContext } from "../calico/match";
import { TieredPolicy } from "../calico/model";
import { ConnectionSet } from "../connections";
import { PortProbe } from "../engine";
import { Direction, Endpoint, NetpolModel, PodEndpoint } from "../model";
import { NetpolCapacityError, heapAvailable } from "./capacity";
import { ClassGrouping } from "./classes";
import { ClassSet } from "./classSet";
import { ProbeRows } from "./probe";
import { RowTable } from "./rows";

/** Bytes per (subject class, peer class, direction): one set id, with a margin for the interned sets. */
export const TIERED_BYTES_PER_CLASS_PAIR = 12;

/** Set id meaning "no policy applies to the subject": the side allows everything. */
const UNRESTRICTED = -1;
const NOT_WALKED = -2;

export class TieredSides {
  /** Interned connection sets; ids index it. */
  private readonly sets: ConnectionSet[] = [];
  private readonly idByText = new Map<string, number>();
  private readonly tiers: Record<Direction, (ApplicableTiers | undefined)[]>;
  /** Per direction, per pod class: set id per peer class, or null when no policy applies (computed on demand). */
  private readonly sides: Record<Direction, (Int32Array | null | undefined)[]>;
  private readonly context: MatchContext;
  private readonly size: number;
  /** Per direction, per policy, per subject key: the rule vectors (see ruleVectors). */
  private readonly vectors: Record<Direction, Map<TieredPolicy, Map<string, readonly Int32Array[]>>> = { ingress: new Map(), egress: new Map() };
  /** Per direction: tiers applying and rule vectors -> the side (see sideOf). */
  private readonly sharedSides: Record<Direction, Map<string, Int32Array>> = { ingress: new Map(), egress: new Map() };
  private readonly vectorIds = new Map<Int32Array, number>();

  constructor(model: NetpolModel, private readonly grouping: ClassGrouping) {
    if (model.calico === undefined) throw new Error("TieredSides needs a model with Calico tiers");
    this.context = { calico: model.calico, namespaces: model.namespaces };
    this.size = grouping.classes.length;
    const needed = grouping.podClassCount * this.size * 2 * TIERED_BYTES_PER_CLASS_PAIR;
    const available = heapAvailable();
    if (needed > available) {
      throw new NetpolCapacityError(`the fast engine's Calico tiers on ${grouping.podClassCount.toLocaleString("en-US")} pod classes and ${this.size.toLocaleString("en-US")} classes`, needed, available);
    }
    this.tiers = { ingress: new Array(grouping.podClassCount), egress: new Array(grouping.podClassCount) };
    this.sides = { ingress: new Array(grouping.podClassCount), egress: new Array(grouping.podClassCount) };
  }

  private representative(classIndex: number): Endpoint {
    return this.grouping.classes[classIndex]?.representative as Endpoint;
  }

  private intern(set: ConnectionSet): number {
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
    if (tiers === undefined) {
      const pod = this.representative(subject) as PodEndpoint;
      tiers = applicableTiers(this.context, side(direction, pod, pod));
      this.tiers[direction][subject] = tiers;
    }
    return tiers;
  }

  /**
   * What a policy's rules read of the subject (besides what made the policy apply): subjects with
   * equal keys get equal rule results toward every peer, so they share the per-rule vectors. A
   * Kubernetes rule reads the subject's named ports on ingress (it is the destination) and nothing
   * on egress; a Calico rule also reads its subject-side entity (source on egress, destination on
   * ingress), matched by netpol/calico's own entityMatches. A kind not listed here gets a key of its
   * own per subject: still exact, only not shared.
   */
  private subjectKey(direction: Direction, policy: TieredPolicy, subject: number): string {
    const ports = direction === "ingress" ? `p${this.grouping.portSetOf[subject] as number}` : "";
    if (policy.kind === "KubernetesNetworkPolicy") return ports;
    if (policy.kind === "GlobalNetworkPolicy" || policy.kind === "NetworkPolicy") {
      const pod = this.representative(subject) as PodEndpoint;
      let key = ports;
      for (const rule of policy[direction] ?? []) key += entityMatches(this.context, direction === "egress" ? rule.source : rule.destination, pod, policy.namespace) ? "1" : "0";
      return key;
    }
    return `#${subject}`;
  }

  /**
   * Per rule of `policy` (in order), the interned id of what it matches between `subject` and each
   * peer class: netpol/calico's rulesOf (the shared per-kind rule functions), once per subject key.
   */
  private ruleVectors(direction: Direction, policy: TieredPolicy, subject: number): readonly Int32Array[] {
    let byKey = this.vectors[direction].get(policy);
    if (byKey === undefined) this.vectors[direction].set(policy, (byKey = new Map<string, readonly Int32Array[]>()));
    const key = this.subjectKey(direction, policy, subject);
    let vectors = byKey.get(key);
    if (vectors === undefined) {
      const pod = this.representative(subject) as PodEndpoint;
      const built: Int32Array[] = [];
      for (let peer = 0; peer < this.size; peer++) {
        const rules = rulesOf(this.context, policy, side(direction, pod, this.representative(peer)));
        rules.forEach((rule, index) => {
          const vector = built[index] ?? (built[index] = new Int32Array(this.size));
          vector[peer] = this.intern(rule.connections());
        });
      }
      vectors = built;
      byKey.set(key, vectors);
    }
    return vectors;
  }

  /**
   * Set ids per peer class for one subject (a pod class), or null when no policy applies to it.
   * The walk (netpol/calico's sideAllowedSet) reads only the tiers and what each of their rules
   * matches. So subjects with the same tiers and the same rule vectors share one side outright; and
   * within a side, peers are grouped by their rule results (a partition refined vector by vector)
   * and walked once per group.
   */
  private sideOf(direction: Direction, subject: number): Int32Array | null {
    let ids = this.sides[direction][subject];
    if (ids !== undefined) return ids;
    const tiers = this.tiersOf(direction, subject);
    if (tiers.length === 0) ids = null;
    else {
      const vectors = tiers.flatMap(({ policies }) => policies.flatMap((policy) => this.ruleVectors(direction, policy, subject)));
      let key = tiers.map(({ tier, policies }) => `${tier.name}:${policies.map((policy) => policy.id).join(",")}`).join(";");
      for (const vector of vectors) key += ` ${this.vectorId(vector)}`;
      ids = this.sharedSides[direction].get(key);
      if (ids === undefined) {
        ids = this.walkGroups(direction, subject, tiers, vectors);
        this.sharedSides[direction].set(key, ids);
      }
    }
    this.sides[direction][subject] = ids;
    return ids;
  }

  private vectorId(vector: Int32Array): number {
    let id = this.vectorIds.get(vector);
    if (id === undefined) this.vectorIds.set(vector, (id = this.vectorIds.size));
    return id;
  }

  /** Peers grouped by their rule results; one walk per group, on its first peer. */
  private walkGroups(direction: Direction, subject: number, tiers: ApplicableTiers, vectors: readonly Int32Array[]): Int32Array {
    const groups = new Int32Array(this.size);
    let groupCount = 1;
    for (const vector of vectors) {
      const refined = new Map<number, number>();
      const stride = this.sets.length + 1;
      for (let peer = 0; peer < this.size; peer++) {
        const key = (groups[peer] as number) * stride + (vector[peer] as number);
        let group = refined.get(key);
        if (group === undefined) refined.set(key, (group = refined.size));
        groups[peer] = group;
      }
      groupCount = refined.size;
    }
    const pod = this.representative(subject) as PodEndpoint;
    const walked = new Int32Array(groupCount).fill(NOT_WALKED);
    const ids = new Int32Array(this.size);
    for (let peer = 0; peer < this.size; peer++) {
      const group = groups[peer] as number;
      if (walked[group] === NOT_WALKED) {
        const set = sideAllowedSet(this.context, side(direction, pod, this.representative(peer)), tiers);
        walked[group] = set === undefined ? UNRESTRICTED : this.intern(set);
      }
      ids[peer] = walked[group] as number;
    }
    return ids;
  }

  /** What one side allows between two classes; undefined when it restricts nothing (no policy, or an external subject). */
  sideSet(direction: Direction, subject: number, peer: number): ConnectionSet | undefined {
    if (subject >= this.grouping.podClassCount) return undefined;
    const ids = this.sideOf(direction, subject);
    const id = ids === null ? UNRESTRICTED : (ids[peer] as number);
    return id === UNRESTRICTED ? undefined : this.sets[id];
  }

  /** Every connection allowed from class `source` to class `destination` (both sides). */
  pairConnections(source: number, destination: number): ConnectionSet {
    const egress = this.sideSet("egress", source, destination) ?? ConnectionSet.ALL;
    if (egress.isEmpty()) return egress;
    return egress.intersect(this.sideSet("ingress", destination, source) ?? ConnectionSet.ALL);
  }

  private complete = false;

  /** Every side of every pod class, computed. */
  private computeAll(): void {
    if (this.complete) return;
    for (let subject = 0; subject < this.grouping.podClassCount; subject++) {
      this.sideOf("ingress", subject);
      this.sideOf("egress", subject);
    }
    this.complete = true;
  }

  /** Which connection sets admit the probe: probes with equal signatures have equal rows. */
  probeSignature(probe: PortProbe): string {
    this.computeAll();
    return this.admitting(probe).join("");
  }

  /** Class-level rows for one probe, in `table` (built like the Kubernetes rows: the counting code reads both alike). */
  probeRows(table: RowTable, universe: { readonly size: number; readonly denseAbove: number }, probe: PortProbe): ProbeRows {
    this.computeAll();
    const admits = this.admitting(probe);
    const rows = (direction: Direction): Int32Array => {
      const result = new Int32Array(this.size).fill(table.everything);
      for (let subject = 0; subject < this.grouping.podClassCount; subject++) {
        const ids = this.sideOf(direction, subject);
        if (ids === null) continue;
        const members: number[] = [];
        for (let peer = 0; peer < this.size; peer++) {
          const id = ids[peer] as number;
          if (id === UNRESTRICTED || admits[id] === 1) members.push(peer);
        }
        result[subject] = table.rowOf([ClassSet.fromSorted(Int32Array.from(members), universe.size, universe.denseAbove)]);
      }
      return result;
    };
    return { ingress: rows("ingress"), egress: rows("egress") };
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
