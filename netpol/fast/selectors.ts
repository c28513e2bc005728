/**
 * Selectors and peers evaluated at class level (not per pod), cached by their value, as class
 * sets sized to their answer: a peer naming one namespace costs that namespace's classes, a
 * namespace selector costs the namespaces its labels index to, an ipBlock costs the pods in
 * its atoms. Nothing here is proportional to classes × selectors.
 */
import { Cidr, ExternalEndpoint, NetpolModel, PeerMatcher, Selector } from "../model";
import { ClassGrouping } from "./classes";
import { ClassSet, denseThreshold, sortedDistinct, unionOf } from "./classSet";
import { LabelIndex, selectorHolds, selectorKey } from "./labelIndex";

function blockInside(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** An atom is wholly inside (cidr minus except) or wholly outside it: atoms split at every written block. */
function atomInBlock(atom: ExternalEndpoint, cidr: Cidr, except: readonly Cidr[]): boolean {
  return blockInside(cidr, atom.block) && !except.some((hole) => blockInside(hole, atom.block));
}

function memo2(cache: Map<string, Map<string, ClassSet>>, first: string, second: string, compute: () => ClassSet): ClassSet {
  let inner = cache.get(first);
  if (inner === undefined) cache.set(first, (inner = new Map<string, ClassSet>()));
  let result = inner.get(second);
  if (result === undefined) {
    result = compute();
    inner.set(second, result);
  }
  return result;
}

export interface SetOptions {
  /** Sets with more members than this are stored as bitsets (default: one member per 32 classes). */
  readonly denseAbove?: number;
}

/** Memoised class sets of one model's selectors and peers. */
export class ClassSets {
  readonly size: number;
  readonly denseAbove: number;
  readonly all: ClassSet;
  readonly none: ClassSet;
  private readonly cache = new Map<string, ClassSet>();
  /** Pod peers by (namespace name, pod selector) and by (namespace selector, pod selector). */
  private readonly inOwnNamespace = new Map<string, Map<string, ClassSet>>();
  private readonly bySelectors = new Map<string, Map<string, ClassSet>>();
  /** Namespaces that have pods, in class order; their labels; each pod class's namespace. */
  private readonly namespaceNames: readonly string[];
  private readonly namespaceIndex: LabelIndex;
  private readonly namespaceOf: Int32Array;
  private readonly labelSetIndex: LabelIndex;
  private readonly classesByLabelSet: readonly Int32Array[];
  /** Scratch marks for membership tests: mark[i] === epoch. */
  private readonly labelSetMark: Int32Array;
  private readonly namespaceMark: Int32Array;
  private epoch = 0;

  constructor(private readonly model: NetpolModel, private readonly grouping: ClassGrouping, options: SetOptions = {}) {
    this.size = grouping.classes.length;
    this.denseAbove = options.denseAbove ?? denseThreshold(this.size);
    this.all = ClassSet.everything(this.size);
    this.none = ClassSet.fromSorted(new Int32Array(0), this.size, this.denseAbove);
    // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: groupIntoClasses fills namespaceRanges in class order, so its entries already ascend by first
    const ranges = [...grouping.namespaceRanges.entries()].sort(([, a], [, b]) => a.first - b.first);
    this.namespaceNames = ranges.map(([name]) => name);
    this.namespaceIndex = new LabelIndex(this.namespaceNames.map((name) => model.namespaces[name] ?? {}));
    this.namespaceOf = new Int32Array(grouping.podClassCount);
    ranges.forEach(([, range], namespace) => this.namespaceOf.fill(namespace, range.first, range.end));
    this.labelSetIndex = new LabelIndex(grouping.labelSets);
    const byLabelSet: number[][] = grouping.labelSets.map(() => []);
    // Stryker disable next-line EqualityOperator,OptionalChaining: labelSetOf has an entry for every pod class (one more reads undefined, and `?.` skips it)
    for (let classIndex = 0; classIndex < grouping.podClassCount; classIndex++) byLabelSet[grouping.labelSetOf[classIndex] as number]?.push(classIndex);
    this.classesByLabelSet = byLabelSet.map((list) => Int32Array.from(list));
    this.labelSetMark = new Int32Array(grouping.labelSets.length);
    this.namespaceMark = new Int32Array(this.namespaceNames.length);
  }

  private memo(key: string, compute: () => ClassSet): ClassSet {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const computed = compute();
    this.cache.set(key, computed);
    return computed;
  }

  private fromSorted(members: Int32Array): ClassSet {
    return ClassSet.fromSorted(members, this.size, this.denseAbove);
  }

  /** The pod classes of one namespace whose labels match (a policy's targets, or a peer without namespaceSelector). */
  inNamespace(namespace: string, pods: Selector): number[] {
    const range = this.grouping.namespaceRanges.get(namespace);
    const result: number[] = [];
    if (range === undefined) return result;
    for (let classIndex = range.first; classIndex < range.end; classIndex++) {
      if (selectorHolds(pods, this.grouping.labelSets[this.grouping.labelSetOf[classIndex] as number] ?? {})) result.push(classIndex);
    }
    return result;
  }

  /**
   * Pod classes in the namespaces `namespaceSelector` matches whose labels match `pods`: walks
   * the matched namespaces' classes or the classes of the matched label sets, whichever is fewer.
   */
  private inNamespaces(namespaceSelector: Selector, pods: Selector): ClassSet {
    const namespaces = this.namespaceIndex.matching(namespaceSelector);
    const rangeOf = (namespace: number): { first: number; end: number } =>
      this.grouping.namespaceRanges.get(this.namespaceNames[namespace] as string) as { first: number; end: number };
    let inRanges = 0;
    // Stryker disable next-line ArithmeticOperator: the count only chooses which side to walk (below), and sizes a buffer that is sliced
    for (const namespace of namespaces) inRanges += rangeOf(namespace).end - rangeOf(namespace).first;
    const labelSets = this.labelSetIndex.matching(pods);
    let inLabelSets = 0;
    // Stryker disable next-line AssignmentOperator: the count only chooses which side to walk (below)
    for (const labelSet of labelSets) inLabelSets += (this.classesByLabelSet[labelSet] as Int32Array).length;
    // Stryker disable next-line UpdateOperator: counting down also gives each call a mark of its own (marks start at 0)
    const epoch = ++this.epoch;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the matched namespaces' classes filtered by label set, or the matched label sets' classes filtered by namespace: the same set
    if (inRanges <= inLabelSets) {
      for (const labelSet of labelSets) this.labelSetMark[labelSet] = epoch;
      const result = new Int32Array(inRanges);
      let next = 0;
      for (const namespace of namespaces) {
        const range = rangeOf(namespace);
        for (let classIndex = range.first; classIndex < range.end; classIndex++) {
          if (this.labelSetMark[this.grouping.labelSetOf[classIndex] as number] === epoch) result[next++] = classIndex;
        }
      }
      return this.fromSorted(result.slice(0, next)); // namespaces ascend in class order
    }
    for (const namespace of namespaces) this.namespaceMark[namespace] = epoch;
    const result: number[] = [];
    for (const labelSet of labelSets) {
      for (const classIndex of this.classesByLabelSet[labelSet] as Int32Array) {
        if (this.namespaceMark[this.namespaceOf[classIndex] as number] === epoch) result.push(classIndex);
      }
    }
    return this.fromSorted(sortedDistinct(result));
  }

  peer(peer: PeerMatcher): ClassSet {
    if (peer.kind === "ip-block") return this.ipBlock(peer.cidr, peer.except);
    const namespaces = peer.namespaces;
    const podKey = selectorKey(peer.pods);
    if (namespaces.kind === "policy-namespace") {
      return memo2(this.inOwnNamespace, namespaces.namespace, podKey, () => this.fromSorted(Int32Array.from(this.inNamespace(namespaces.namespace, peer.pods))));
    }
    return memo2(this.bySelectors, selectorKey(namespaces.selector), podKey, () => this.inNamespaces(namespaces.selector, peer.pods));
  }

  /** Pod classes with a known IP in cidr and outside every except, and the atoms inside cidr and outside every except. */
  ipBlock(cidr: Cidr, except: readonly Cidr[]): ClassSet {
    return this.memo(`ip ${cidr.text} ${except.map((hole) => hole.text).join(",")}`, () => {
      const members: number[] = [];
      this.model.externals.forEach((atom, index) => {
        if (!atomInBlock(atom, cidr, except)) return;
        members.push(this.grouping.podClassCount + index);
        for (const classIndex of this.grouping.podClassesByAtom[index] as Int32Array) members.push(classIndex);
      });
      return this.fromSorted(sortedDistinct(members));
    });
  }

  /** null peers: every class, pods and external atoms alike. */
  rulePeers(peers: readonly PeerMatcher[] | null): ClassSet {
    if (peers === null) return this.all;
    // Stryker disable next-line ConditionalExpression: the union of one part has the same members
    if (peers.length === 1) return this.peer(peers[0] as PeerMatcher);
    const parts = peers.map((peer) => this.peer(peer));
    // Stryker disable next-line StringLiteral: set ids are a process-wide count; unseparated lists collide only across a change of digit count (12,3 and 1,23), not arrangeable by a test
    return this.memo(`union ${parts.map((part) => part.id).join(",")}`, () => unionOf(parts, this.size, this.denseAbove));
  }
}
