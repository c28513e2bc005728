/**
 * The first differences of a verification in pair order, and how many there are in all, without
 * holding the rest: a loosened policy on a large cluster can differ from the intent on millions of
 * pairs, more than memory holds once each carries its text (issue 13).
 */

/**
 * Where a difference stands: by source, then destination. A pair found more than once (end to end,
 * then each side alone) keeps the order it was found in: sorting is stable.
 */
export interface Placed {
  readonly from: number;
  readonly to: number;
}

function inOrder(a: Placed, b: Placed): number {
  return a.from - b.from || a.to - b.to;
}

export class FirstDifferences<T extends Placed> {
  private kept: T[] = [];
  /** Once `limit` are kept, the last of them: anything after it can never be among the first. */
  private last: T | undefined;
  private total = 0;

  /** `limit`: how many to keep (Infinity: all). */
  constructor(private readonly limit: number) {}

  add(item: T): void {
    this.total += 1;
    // Found after the last kept, a difference of the same pair comes after it too.
    // Stryker disable next-line EqualityOperator: holding such a difference until the next cut drops it there instead
    if (this.last !== undefined && inOrder(item, this.last) >= 0) return;
    this.kept.push(item);
    // Cut back when the buffer doubles: sorting 2·limit items per limit added keeps the cost n·log(limit).
    if (this.kept.length >= 2 * this.limit) this.cut();
  }

  /** How many are held now: fewer than 2·limit, whatever was added (the memory bound). */
  get held(): number {
    return this.kept.length;
  }

  /** How many were added in all. */
  get count(): number {
    return this.total;
  }

  /** The first `limit` added, in pair order. */
  first(): T[] {
    this.cut();
    return this.kept;
  }

  private cut(): void {
    this.kept.sort(inOrder);
    if (this.kept.length < this.limit) return;
    this.kept.length = this.limit;
    this.last = this.kept[this.limit - 1];
  }
}
