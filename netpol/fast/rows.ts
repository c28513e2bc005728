/**
 * Rows: for one probe, each class's ingress row (the classes it admits as sources) and egress
 * row (the classes it may reach). A row is the union of the peer sets of the rules that
 * contribute on that probe, kept in two parts: a sorted list of the members from small peer
 * sets, and one big set (a large peer set, a union of large ones, or everything) that is
 * never copied into a list. Rows are interned by the peer sets they are made of, so classes
 * of every namespace whose rules name the same global peers share one row, across probes too.
 */
import { ClassSet, contains, sortedDistinct, unionOf } from "./classSet";

export interface Row {
  /** Index in RowTable.rows: caches key on it. */
  readonly id: number;
  /** Members outside `big`, ascending. */
  readonly small: Int32Array;
  /** The members from big peer sets (everything when not isolated), or null. */
  readonly big: ClassSet | null;
  /** small.length + big.count. */
  readonly count: number;
}

export function rowHas(row: Row, index: number): boolean {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a binary search in an empty list finds nothing
  return (row.big !== null && row.big.has(index)) || (row.small.length > 0 && contains(row.small, index));
}

/** The universe rows are drawn from (ClassSets is one). */
export interface RowUniverse {
  readonly size: number;
  readonly denseAbove: number;
  readonly all: ClassSet;
}

export interface RowOptions {
  /** Peer sets with more members than this form a row's big part (default: the dense threshold). */
  readonly bigAbove?: number;
}

export class RowTable {
  readonly rows: Row[] = [];
  /** Not isolated: every class. */
  readonly everything: number;
  /** Isolated with nothing contributing. */
  readonly nothing: number;
  readonly bigAbove: number;
  private readonly byKey = new Map<string, number>();
  private readonly byPart = new Map<number, number>();
  private readonly bigUnions = new Map<string, ClassSet>();

  constructor(private readonly sets: RowUniverse, options: RowOptions = {}) {
    this.bigAbove = options.bigAbove ?? sets.denseAbove;
    this.everything = this.add(new Int32Array(0), sets.all);
    this.nothing = this.add(new Int32Array(0), null);
  }

  private add(small: Int32Array, big: ClassSet | null): number {
    const id = this.rows.length;
    this.rows.push({ id, small, big, count: small.length + (big?.count ?? 0) });
    return id;
  }

  /** The row that is the union of these peer sets. */
  rowOf(parts: readonly ClassSet[]): number {
    // Stryker disable next-line ConditionalExpression: the general path keeps the one part (or none, or everything) and calls `single` too
    if (parts.length === 1) return this.single(parts[0] as ClassSet);
    const kept: ClassSet[] = [];
    for (const part of parts) {
      if (part.everything) return this.everything;
      if (part.count > 0 && !kept.includes(part)) kept.push(part);
    }
    if (kept.length <= 1) return kept.length === 0 ? this.nothing : this.single(kept[0] as ClassSet);
    kept.sort((a, b) => a.id - b.id);
    // Stryker disable next-line StringLiteral: a common prefix keeps distinct keys distinct
    let key = "";
    for (const part of kept) key += `${part.id},`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.build(kept);
      this.byKey.set(key, id);
    }
    return id;
  }

  private single(part: ClassSet): number {
    if (part.everything) return this.everything;
    if (part.count === 0) return this.nothing;
    let id = this.byPart.get(part.id);
    if (id === undefined) {
      id = this.build([part]);
      this.byPart.set(part.id, id);
    }
    return id;
  }

  private build(parts: readonly ClassSet[]): number {
    const bigParts = parts.filter((part) => part.count > this.bigAbove);
    const big = bigParts.length === 0 ? null : bigParts.length === 1 ? (bigParts[0] as ClassSet) : this.bigUnion(bigParts);
    // Stryker disable next-line MethodExpression,ConditionalExpression: a big part's members merged into the small list are filtered out again below (`!big.has`)
    const smallParts = parts.filter((part) => part.count <= this.bigAbove);
    // Stryker disable next-line ConditionalExpression: no parts merged is the same empty list
    if (smallParts.length === 0) return this.add(new Int32Array(0), big);
    // Stryker disable next-line ConditionalExpression: one part merged is its own ascending list
    const merged = smallParts.length === 1 ? (smallParts[0] as ClassSet).members() : sortedDistinct(concat(smallParts));
    return this.add(big === null ? merged : merged.filter((member) => !big.has(member)), big);
  }

  private bigUnion(parts: readonly ClassSet[]): ClassSet {
    // Stryker disable next-line StringLiteral: set ids are a process-wide count, here ascending; unseparated lists collide only across a change of digit count (1,2,3 and 1,23), not arrangeable by a test
    const key = parts.map((part) => part.id).join(",");
    let union = this.bigUnions.get(key);
    if (union === undefined) {
      union = unionOf(parts, this.sets.size, this.sets.denseAbove);
      this.bigUnions.set(key, union);
    }
    return union;
  }
}

function concat(parts: readonly ClassSet[]): Int32Array {
  const result = new Int32Array(parts.reduce((sum, part) => sum + part.count, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part.members(), offset);
    offset += part.count;
  }
  return result;
}
