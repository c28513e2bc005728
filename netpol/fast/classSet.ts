/**
 * Sets of class indices, each stored the way its size calls for: a sorted member list when it
 * is small, a bitset over all classes when it is large (the break-even is one member per 32
 * classes, where both take the same memory). "Everything" is a set of its own kind, so the
 * common "not isolated" and "every peer" cases never cost a pass over the classes.
 */
import { Bitset, emptyBitset, fullBitset, set as setBit } from "./bitset";

let nextSetId = 0;

export class ClassSet {
  /** Unique in the process: rows and caches key on it. */
  // Stryker disable next-line UpdateOperator: counting down also gives every set an id of its own
  readonly id = nextSetId++;
  private memberList: Int32Array | undefined;

  private constructor(
    /** How many classes the set holds. */
    readonly count: number,
    /** Sorted members when stored sparse, else undefined. */
    private readonly sparse: Int32Array | undefined,
    /** Bits when stored dense, else undefined. */
    readonly bits: Bitset | undefined,
    /** Every class of the universe (pods and external atoms). */
    readonly everything: boolean,
    /** Size of the universe. */
    readonly universe: number,
  ) {
    this.memberList = sparse;
  }

  static everything(universe: number): ClassSet {
    return new ClassSet(universe, undefined, fullBitset(universe), true, universe);
  }

  /** From ascending, distinct members; dense when that takes less memory. */
  static fromSorted(members: Int32Array, universe: number, denseAbove: number): ClassSet {
    if (members.length > denseAbove && members.length > 0) {
      const bits = emptyBitset(universe);
      for (let index = 0; index < members.length; index++) setBit(bits, members[index] as number);
      const everything = members.length === universe;
      const result = new ClassSet(members.length, undefined, bits, everything, universe);
      result.memberList = members;
      return result;
    }
    return new ClassSet(members.length, members, undefined, false, universe);
  }

  /** From members in any order, duplicates allowed. */
  static fromUnsorted(members: ArrayLike<number>, universe: number, denseAbove: number): ClassSet {
    return ClassSet.fromSorted(sortedDistinct(members), universe, denseAbove);
  }

  has(index: number): boolean {
    const bits = this.bits;
    if (bits !== undefined) return (bits[index >>> 5] & (1 << (index & 31))) !== 0;
    return contains(this.sparse as Int32Array, index);
  }

  /** Members ascending (built once from the bits of a dense set). */
  members(): Int32Array {
    if (this.memberList === undefined) this.memberList = bitsMembers(this.bits as Bitset, this.count);
    return this.memberList;
  }
}

/** Binary search in an ascending list: the index of `value`, or -1. */
export function indexIn(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = sorted[middle] as number;
    if (found < value) low = middle + 1;
    else if (found > value) high = middle - 1;
    else return middle;
  }
  return -1;
}

export function contains(sorted: Int32Array, value: number): boolean {
  return indexIn(sorted, value) >= 0;
}

export function sortedDistinct(values: ArrayLike<number>): Int32Array {
  const sorted = Int32Array.from(values).sort();
  let length = 0;
  for (let index = 0; index < sorted.length; index++) {
    // Stryker disable next-line ConditionalExpression: at 0, `sorted[-1]` is undefined, never equal to a number
    if (length === 0 || sorted[length - 1] !== sorted[index]) sorted[length++] = sorted[index] as number;
  }
  // Stryker disable next-line ConditionalExpression: a slice of the whole list has the same members
  return length === sorted.length ? sorted : sorted.slice(0, length);
}

function bitsMembers(bits: Bitset, count: number): Int32Array {
  const result = new Int32Array(count);
  let next = 0;
  // Stryker disable next-line EqualityOperator: one word past the end reads undefined (no bits) and a write past a typed array's end is dropped
  for (let word = 0; word < bits.length; word++) {
    let remaining = bits[word] as number;
    while (remaining !== 0) {
      const lowest = remaining & -remaining;
      result[next++] = (word << 5) + 31 - Math.clz32(lowest);
      remaining ^= lowest;
    }
  }
  return result;
}

/** The union of sets (none of them everything), as a new set. */
export function unionOf(sets: readonly ClassSet[], universe: number, denseAbove: number): ClassSet {
  if (sets.some((part) => part.everything)) return ClassSet.everything(universe);
  const total = sets.reduce((sum, part) => sum + part.count, 0);
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: merged as bits or as sorted lists, the union has the same members (fromSorted picks the storage)
  if (total > denseAbove) {
    const bits = emptyBitset(universe);
    for (const part of sets) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a dense part's members set bit by bit give the same bits; one word past the end is dropped
      if (part.bits !== undefined) for (let word = 0; word < bits.length; word++) bits[word] |= part.bits[word] as number;
      else for (const member of part.members()) setBit(bits, member);
    }
    return ClassSet.fromSorted(bitsMembers(bits, countBits(bits)), universe, denseAbove);
  }
  const merged = new Int32Array(total);
  let offset = 0;
  for (const part of sets) {
    merged.set(part.members(), offset);
    offset += part.count;
  }
  return ClassSet.fromSorted(sortedDistinct(merged), universe, denseAbove);
}

/** Members of `set` that are also in the ascending list `filter`. */
export function intersectSorted(set: ClassSet, filter: Int32Array, denseAbove: number): ClassSet {
  const kept: number[] = [];
  // Stryker disable next-line ConditionalExpression: everything has every member of the filter
  if (set.everything) return ClassSet.fromSorted(filter, set.universe, denseAbove);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the intersection, walked from either side, has the same members
  if (filter.length <= set.count) {
    for (const member of filter) if (set.has(member)) kept.push(member);
  } else {
    for (const member of set.members()) if (contains(filter, member)) kept.push(member);
  }
  return ClassSet.fromSorted(Int32Array.from(kept), set.universe, denseAbove);
}

function countBits(bits: Bitset): number {
  let count = 0;
  // Stryker disable next-line EqualityOperator: one word past the end reads undefined, which counts no bits
  for (let word = 0; word < bits.length; word++) {
    let value = bits[word] as number;
    value -= (value >>> 1) & 0x55555555;
    value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
    count += (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}

/** Storage threshold: dense above one member per 32 classes (a bitset's memory), never for tiny sets. */
export function denseThreshold(universe: number): number {
  return Math.max(32, universe >>> 5);
}
